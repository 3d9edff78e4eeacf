"""Choose the policy's per-language defaults on held-out rows the report never reads.

    .venv/bin/python training/tune_policy.py

For each language with a trained model, the whole engine scores the *tune* half of the
held-out rows (``evaluate.py`` reports automation on the other half), then every
combination of approval thresholds on a small grid is tried: the gate on ``toxicity`` and
the threshold shared by the category heads (English only: the other languages' models
have no category heads; threats and identity attacks gate a step earlier). The chosen
combination approves the most comments while at least 97 % of its approvals are
comments the human raters found inoffensive (the goal; the report half says how well that
holds on rows the choice never saw); within a point of the most, the strictest category
thresholds win. Automatic rejection is not tuned: it follows the guidelines (clear
profanity, vulgarity and spam are rejected even where a set's raters shrugged at swearing).
It prints the rules to copy into ``policy.LANGUAGE_DEFAULT_RULES``.

Nothing here is tuned for the report: the choice sees only its half, and the report
measures the choice on the rows it never saw.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

import numpy as np  # noqa: E402
from moderation_data import load, report_half, split  # noqa: E402

from majlis.moderation.categories import (  # noqa: E402
    IDENTITY_ATTACK,
    PERSONAL_ATTACK,
    PROFANITY,
    THREAT,
    TOXICITY,
    VULGARITY,
)
from majlis.moderation.engine import assess_many  # noqa: E402
from majlis.moderation.policy import APPROVE, DEFAULT_RULES, Policy, Rule, suggest  # noqa: E402

AGREEMENT = 0.97
TOXICITY_GRID = tuple(round(0.02 + 0.01 * k, 2) for k in range(39))  # 0.02 to 0.40
CATEGORY_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# Threats and identity attacks gate approval a step earlier than insults and swearing.
CAREFUL = {THREAT: 0.1, IDENTITY_ATTACK: 0.1}


def candidates(language: str):
    """Every combination on the grid: (category threshold, rules)."""
    categories = CATEGORY_GRID if language == "en" else (None,)
    for toxicity, category in itertools.product(TOXICITY_GRID, categories):
        rules = {(TOXICITY, language): Rule(reject_at=None, approve_below=toxicity)}
        if category is not None:
            for name in (PROFANITY, VULGARITY, PERSONAL_ATTACK, THREAT, IDENTITY_ATTACK):
                below = round(category - CAREFUL.get(name, 0.0), 2)
                at = DEFAULT_RULES[name].reject_at
                rules[(name, language)] = Rule(reject_at=at, approve_below=below)
        yield category or 0.0, rules


def tune(language: str) -> tuple[dict, float, float]:
    _, test = split(load(language))
    rows = [r for r in test if r.labels.get(TOXICITY) is not None and not report_half(r.text)]
    scores = [a.scores for a in assess_many([r.text for r in rows], language=language)]
    labels = np.array([r.labels[TOXICITY] for r in rows])
    feasible = []
    for category, rules in candidates(language):
        policy = Policy(rules=rules)
        verdicts = np.array([suggest(s, language=language, policy=policy).verdict for s in scores])
        approved = verdicts == APPROVE
        if not approved.any():
            continue
        agree = (labels[approved] == 0).mean()
        if agree >= AGREEMENT:
            feasible.append((float(approved.mean()), float(agree), category, rules))
    if not feasible:
        raise SystemExit(f"{language}: no combination reaches {AGREEMENT:.1%} agreement")
    # Within a point of the most approved, the strictest category thresholds: the category
    # heads then still hold back what the toxicity gate lets through.
    most = max(share for share, *_ in feasible)
    share, agree, _, rules = min(
        (f for f in feasible if f[0] >= most - 0.01), key=lambda f: (f[2], -f[0])
    )
    return rules, share, agree


def main() -> None:
    for language in ("en", "ar", "fa", "tr"):
        rules, share, agree = tune(language)
        print(f"# {language}: {share:.1%} approved, {agree:.1%} of them rightly (tune half)")
        for (category, lang), rule in sorted(rules.items()):
            print(
                f"    ({category.upper()}, {lang!r}): Rule(reject_at={rule.reject_at}, "
                f"approve_below={rule.approve_below}),"
            )


if __name__ == "__main__":
    main()
