"""Choose the approval guard's bounds on held-out rows the report never reads.

    .venv/bin/python training/tune_policy.py   (after training/calibrate.py)

For each language with a calibrated model, the whole engine scores the *tune* half of the
held-out rows (``evaluate.py`` reports on the other half; ``calibrate.py`` fitted the maps on
this one), then every approval bound on a grid is tried (with, for English, every bound
shared by the calibrated category heads; threats and identity attacks a third of it). The
chosen bounds approve the most comments such that at most 3 % of the approvals break the
guidelines, over the language's rows and in every set with at least `MIN_APPROVALS`
approvals, and at most 1 % on the functional cases' tune half (their labels are clean).
The category thresholds for rejection follow the guidelines; the rejection bound on the
calibrated probability (``policy.REJECTION_BOUNDS``) is tuned: the lowest on a grid such that
the rejections it adds agree with the human labels at least 98 % of the time, over the
language's rows and in every set where it adds at least `MIN_REJECTIONS`, and reject no
harmless functional case. It prints the bounds to copy into ``policy.APPROVAL_BOUNDS``,
``policy.CATEGORY_BOUNDS`` and ``policy.REJECTION_BOUNDS``, and what each of the engine's
doubts (the guard's condition (c)) does on the tune half.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

import numpy as np  # noqa: E402
from functional_split import functional_cases  # noqa: E402
from moderation_data import load, report_half, split  # noqa: E402

from majlis.moderation.categories import (  # noqa: E402
    IDENTITY_ATTACK,
    PERSONAL_ATTACK,
    PROFANITY,
    THREAT,
    VULGARITY,
)
from majlis.moderation.engine import assess_many  # noqa: E402
from majlis.moderation.policy import APPROVE, REJECT, Policy, suggest  # noqa: E402

MOST_VIOLATIONS = 0.03
LEAST_REJECTION_AGREEMENT = 0.98
MIN_REJECTIONS = 30
REJECTION_GRID = tuple(round(0.8 + 0.01 * k, 2) for k in range(20))  # 0.8 to 0.99
MOST_VIOLATIONS_FUNCTIONAL = 0.01
MIN_APPROVALS = 30
BOUND_GRID = tuple(round(0.005 * k, 3) for k in range(1, 41))  # 0.005 to 0.2
CATEGORY_GRID = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)
CAREFUL = {THREAT: 1 / 3, IDENTITY_ATTACK: 1 / 3}


def category_bounds(bound: float) -> dict[str, float]:
    return {
        c: round(bound * CAREFUL.get(c, 1.0), 3)
        for c in (PROFANITY, VULGARITY, PERSONAL_ATTACK, THREAT, IDENTITY_ATTACK)
    }


def assessed(texts: list[str], language: str) -> list:
    results = []
    for start in range(0, len(texts), 512):
        results += assess_many(texts[start : start + 512], language=language, explain=False)
    return results


def verdicts(
    results, language: str, policy: Policy, drop: str = "", verdict: str = APPROVE
) -> np.ndarray:
    return np.array(
        [
            suggest(
                a.scores,
                language=language,
                policy=policy,
                calibrated=a.calibrated,
                doubts=[d for d in a.doubts if not (drop and d.startswith(drop))],
            ).verdict
            == verdict
            for a in results
        ]
    )


def rejection_bound(
    results, language: str, policy: Policy, broke: np.ndarray, groups: np.ndarray
) -> float | None:
    """The lowest calibrated bound whose added rejections are right often enough."""
    before = verdicts(results, language, policy, verdict=REJECT)
    for bound in REJECTION_GRID:
        trial = Policy(
            approval_bounds=policy.approval_bounds,
            category_bounds=policy.category_bounds,
            rejection_bounds={language: bound},
        )
        added = verdicts(results, language, trial, verdict=REJECT) & ~before
        functional = added & (groups == "functional")
        ordinary = added & (groups != "functional")
        if not ordinary.any() or (functional & ~broke).any():
            continue
        if broke[ordinary].mean() < LEAST_REJECTION_AGREEMENT:
            continue
        if any(
            (added & (groups == g)).sum() >= MIN_REJECTIONS
            and broke[added & (groups == g)].mean() < LEAST_REJECTION_AGREEMENT
            for g in set(groups)
            if g != "functional"
        ):
            continue
        print(
            f"#   rejection bound {bound}: {ordinary.mean():.1%} more rejected, "
            f"{broke[ordinary].mean():.1%} of them break the guidelines (tune half)"
        )
        return bound
    print("#   no rejection bound is right often enough: rejection by category alone")
    return None


def within(approved: np.ndarray, broke: np.ndarray, groups: np.ndarray, limits: dict) -> bool:
    if approved.any() and broke[approved].mean() > MOST_VIOLATIONS:
        return False
    for group in set(groups):
        chosen = approved & (groups == group)
        limit = limits.get(group, MOST_VIOLATIONS)
        if chosen.sum() >= (MIN_APPROVALS if group not in limits else 1) and (
            broke[chosen].mean() > limit
        ):
            return False
    return True


def tune(language: str):
    _, test = split(load(language))
    rows = [r for r in test if r.labels.get("toxicity") is not None and not report_half(r.text)]
    texts = [r.text for r in rows]
    broke = [r.labels["toxicity"] == 1 for r in rows]
    groups = [r.dataset for r in rows]
    limits = {}
    cases = [c for c in functional_cases(language) if not c.report]
    if cases:
        texts += [c.text for c in cases]
        broke += [c.label == 1 for c in cases]
        groups += ["functional"] * len(cases)
        limits["functional"] = MOST_VIOLATIONS_FUNCTIONAL
    results = assessed(texts, language)
    broke_a, groups_a = np.array(broke), np.array(groups)
    ordinary = groups_a != "functional"
    best = None
    for cat in CATEGORY_GRID if language == "en" else (1.0,):
        for bound in BOUND_GRID:
            policy = Policy(approval_bounds={language: bound}, category_bounds=category_bounds(cat))
            approved = verdicts(results, language, policy)
            if not within(approved, broke_a, groups_a, limits):
                continue
            share = approved[ordinary].mean()
            if best is None or share > best[0] + 1e-9:
                best = (share, bound, cat, approved)
    if best is None:
        return None, None
    share, bound, cat, approved = best
    chosen = approved & ordinary
    print(
        f"# {language}: {share:.1%} approved, {broke_a[chosen].mean() if chosen.any() else 0:.1%} "
        f"of them break the guidelines (tune half)"
    )
    policy = Policy(approval_bounds={language: bound}, category_bounds=category_bounds(cat))
    for doubt in ("a link", "too short", "longer than", "the word list"):
        without = verdicts(results, language, policy, drop=doubt) & ordinary
        print(
            f"#   without the doubt '{doubt}…': {without[ordinary].mean():.1%} approved, "
            f"{broke_a[without].mean() if without.any() else 0:.1%} break the guidelines"
        )
    return (bound, cat), rejection_bound(results, language, policy, broke_a, groups_a)


def main() -> None:
    bounds, rejections = {}, {}
    for language in ("en", "ar", "fa", "tr"):
        found, rejection = tune(language)
        if rejection is not None:
            rejections[language] = rejection
        if found is None:
            print(f"# {language}: no bound keeps approvals within the limits; never approved")
            continue
        bounds[language] = found
    print("APPROVAL_BOUNDS = {")
    for language, (bound, _) in bounds.items():
        print(f"    {language!r}: {bound},")
    print("}")
    if "en" in bounds:
        print("CATEGORY_BOUNDS =", category_bounds(bounds["en"][1]))
    print("REJECTION_BOUNDS =", rejections)


if __name__ == "__main__":
    main()
