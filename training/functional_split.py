"""The team's functional test cases, split in halves, for the approval guard's tuning and report.

``training/data/functional_identity_en.tsv``: ``functionality<TAB>label<TAB>template``, each
template filled with each of `GROUPS`. A case belongs to the report half or the tune half by
the same hash as the labelled sets' held-out rows (``moderation_data.report_half``): the
policy is tuned on one half and measured on the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from moderation_data import REPO, report_half

DATA = REPO / "training" / "data"
IDENTITY_EN = DATA / "functional_identity_en.tsv"
GROUPS = (
    "women",
    "Muslims",
    "immigrants",
    "gay people",
    "Black people",
    "Jews",
    "trans people",
    "disabled people",
)


@dataclass(frozen=True)
class Case:
    text: str
    label: int  # 1: breaks the guidelines
    functionality: str
    report: bool  # in the report half


def _rows(path) -> list[list[str]]:
    with path.open(encoding="utf-8") as lines:
        return [
            line.rstrip("\n").split("\t") for line in lines if line.strip()[:1] not in ("#", "")
        ]


def functional_cases(language: str) -> list[Case]:
    if language != "en":
        return []
    cases = []
    for functionality, label, template in _rows(IDENTITY_EN):
        for group in GROUPS:
            text = template.replace("{G}", group)
            text = text[0].upper() + text[1:]
            cases.append(Case(text, int(label), functionality, report_half(text)))
    return cases
