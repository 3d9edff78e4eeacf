"""The team's functional test cases as the approval guard's tuning and report read them.

A thin view of ``functional_cases`` (``training/data/functional_<language>.tsv``, each
template dealt to the tune or the report half): each case's text, whether it breaks the
guidelines, its functionality and its half. `tune_policy.py` reads the tune half, the
report (`evaluate.py`, Automation) the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from functional_cases import LANGUAGES, REPORT, cases


@dataclass(frozen=True)
class Case:
    text: str
    label: int  # 1: breaks the guidelines
    functionality: str
    report: bool  # in the report half


def functional_cases(language: str) -> list[Case]:
    if language not in LANGUAGES:
        return []
    return [Case(c.text, int(c.attack), c.functionality, c.half == REPORT) for c in cases(language)]
