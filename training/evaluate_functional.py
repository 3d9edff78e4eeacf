"""The whole engine on the team's functional cases, per language and functionality.

    .venv/bin/python training/evaluate_functional.py              # the tune half, printed
    .venv/bin/python training/evaluate_functional.py --half report --write

`make evaluate` (training/evaluate.py) writes the report half into docs/evaluation.md;
`training/evaluate.py --only functional` rewrites that section alone. The tune half is for
improving word lists and matcher rules and is never written into the report.

Beside the cases, clean held-out comments of the labelled sets (the same half of the held-out
rows, `moderation_data.report_half`) and the ordinary Kurdish sentences of the language
identifier's data are scored, to show what the word lists and rules cost in false alarms.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

import numpy as np  # noqa: E402
from functional_cases import LANGUAGES, REPORT, TUNE, Case, cases  # noqa: E402
from moderation_data import REPO, load, report_half, split  # noqa: E402
from report_sections import replace_section  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from majlis.moderation.engine import assess_many  # noqa: E402

HEADS = ("threat", "personal_attack", "identity_attack")

#: The report half measured once before the phrase rules and their guards existed (the engine
#: of commit 7622bbb with these cases), kept here because the report is regenerated: threats
#: caught, identity_attack ROC-AUC on group cases, approvals that break the guidelines.
BEFORE_RULES = (
    "| en | 274 | 2/43 = 5% | 0.647 (248 cases) | 1/16 = 6% |",
    "| ar | 115 | 0/25 = 0% | 0.500 (84 cases) | 17/30 = 57% |",
    "| fa | 118 | 0/24 = 0% | 0.500 (90 cases) | 19/41 = 46% |",
    "| tr | 112 | 0/23 = 0% | 0.500 (90 cases) | 19/32 = 59% |",
    "| ckb | 115 | 0/23 = 0% | 0.500 (84 cases) | - |",
    "| kmr | 118 | 0/25 = 0% | 0.500 (90 cases) | - |",
)
FLAGGED = 0.5
CLEAN_SAMPLE = 2000


def _assess(texts: list[str], language: str):
    results = []
    for start in range(0, len(texts), 512):
        results += assess_many(texts[start : start + 512], language=language, explain=False)
    return results


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.0%}" if whole else "-"


def measure(language: str, half: str) -> dict:
    """Scores and verdicts of one language's cases of one half, and the targets' figures."""
    chosen: list[Case] = cases(language, half)
    results = _assess([c.text for c in chosen], language)
    scores = {h: np.array([r.scores[h] for r in results]) for h in HEADS}
    verdicts = np.array([r.suggestion for r in results])
    attack = np.array([c.attack for c in chosen])
    threats = np.array([c.category == "threat" for c in chosen])
    caught = threats & (scores["threat"] >= FLAGGED) & (verdicts != "approve")
    hate = np.array([c.aims_at_a_group for c in chosen])
    auc = (
        roc_auc_score(attack[hate], scores["identity_attack"][hate])
        if len(set(attack[hate])) == 2
        else None
    )
    approved = verdicts == "approve"
    return {
        "cases": chosen,
        "scores": scores,
        "verdicts": verdicts,
        "threats": (int(caught.sum()), int(threats.sum())),
        "auc": auc,
        "hate": int(hate.sum()),
        "bad_approvals": (int((approved & attack).sum()), int(approved.sum())),
    }


def summary_table(measured: dict[str, dict]) -> list[str]:
    lines = [
        "| language | cases | threats flagged ≥ 0.5 and not approved | identity_attack ROC-AUC "
        "on group cases | approvals that break the guidelines |",
        "| --- | --- | --- | --- | --- |",
    ]
    for language, m in measured.items():
        auc = "-" if m["auc"] is None else f"{m['auc']:.3f}"
        lines.append(
            f"| {language} | {len(m['cases'])} | {_percent(*m['threats'])} | "
            f"{auc} ({m['hate']} cases) | {_percent(*m['bad_approvals'])} |"
        )
    lines.append("| goal | | ≥ 90 % | ≥ 0.75 (en, ar) | ≤ 1 % |")
    return lines


def functionality_table(m: dict) -> list[str]:
    lines = [
        "| functionality | attack? | cases | threat | personal_attack | identity_attack | "
        "flagged | approved | rejected |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    chosen, scores, verdicts = m["cases"], m["scores"], m["verdicts"]
    names = sorted({c.functionality for c in chosen}, key=lambda f: (f.startswith("thr"), f))
    attacks = sorted(names, key=lambda f: not any(c.attack for c in chosen if c.functionality == f))
    for name in attacks:
        mask = np.array([c.functionality == name for c in chosen])
        rows = [c for c in chosen if c.functionality == name]
        # Flagged: an attack scores ≥ 0.5 in the category it breaks; a harmless case in any.
        flagged = [
            (scores[c.category][k] if c.attack else max(scores[h][k] for h in HEADS)) >= FLAGGED
            for k, c in zip(np.flatnonzero(mask), rows, strict=True)
        ]
        attack = {c.attack for c in rows}
        lines.append(
            f"| {name} | {'/'.join(sorted('yes' if a else 'no' for a in attack))} | "
            f"{mask.sum()} | "
            + " | ".join(f"{scores[h][mask].mean():.2f}" for h in HEADS)
            + f" | {np.mean(flagged):.0%} | {np.mean(verdicts[mask] == 'approve'):.0%} | "
            f"{np.mean(verdicts[mask] == 'reject'):.0%} |"
        )
    return lines


def clean_table(half: str) -> list[str]:
    """False alarms on comments the sets' raters found clean (held-out rows of this half)."""
    lines = [
        "| comments | rows | threat ≥ 0.5 | personal_attack ≥ 0.5 | identity_attack ≥ 0.5 "
        "| approved |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for language in ("en", "ar", "fa", "tr"):
        _, test = split(load(language))
        rows = [
            r.text
            for r in test
            if r.labels.get("toxicity") == 0 and report_half(r.text) == (half == REPORT)
        ][:CLEAN_SAMPLE]
        lines.append(_clean_row(f"{language}: clean held-out rows", rows, language))
    for language in ("ckb", "kmr"):
        path = REPO / "training" / "data" / f"langid_{language}.txt"
        texts = [t for t in path.read_text("utf-8").splitlines() if t and not t.startswith("#")]
        lines.append(_clean_row(f"{language}: language-identifier sentences", texts, language))
    return lines


def _clean_row(name: str, texts: list[str], language: str) -> str:
    results = _assess(texts, language)
    share = [np.mean([r.scores[h] >= FLAGGED for r in results]) for h in HEADS]
    approved = np.mean([r.suggestion == "approve" for r in results])
    return (
        f"| {name} | {len(texts)} | "
        + " | ".join(f"{s:.2%}" for s in share)
        + f" | {approved:.1%} |"
    )


def functional_section(half: str = REPORT) -> list[str]:
    measured = {language: measure(language, half) for language in LANGUAGES}
    lines = [
        "## Functional cases",
        "",
        "Written by the team (`training/data/functional_<language>.tsv`, six languages):",
        "templates filled with groups and persons, each labelled with its functionality, the",
        "category it breaks and whether it is an attack. Within each functionality the templates",
        "are dealt by the sha256 of their ids into a *tune* half, which the word lists and matcher",
        "rules were improved on, and a *report* half, measured here and never tuned on",
        f"(`training/functional_cases.py`). This is the **{half}** half. The whole engine with",
        "the default policy, the language given. *Flagged*: an attack scores ≥ 0.5 in the",
        "category it breaks; a harmless case scores ≥ 0.5 in any of the three. Sorani and",
        "Kurmanji are never approved automatically (no trained model), so their approvals are 0.",
        "",
        *summary_table(measured),
        "",
    ]
    if half == REPORT:
        lines += [
            "Before the phrase rules (`majlis/moderation/lexicons/*.rules`) and their guards, the",
            "same report half measured:",
            "",
            *summary_table({})[:2],
            *BEFORE_RULES,
            "",
        ]
    for language, m in measured.items():
        lines += [f"### {language}", "", *functionality_table(m), ""]
    lines += [
        "### Clean comments",
        "",
        "The price in false alarms: comments the sets' raters found clean (held-out rows of the",
        f"same half, at most {CLEAN_SAMPLE} per language) and the ordinary sentences the Kurdish",
        "language identifier learns from.",
        "",
        *clean_table(half),
        "",
    ]
    return lines


def write_section(lines: list[str], report: Path) -> None:
    """Replace the functional section of the report, leaving every other section as it is."""
    replace_section(report, lines, heading="## Functional cases")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(TUNE, REPORT), default=TUNE)
    parser.add_argument("--write", action="store_true", help="write the report half")
    args = parser.parse_args()
    if args.write and args.half != REPORT:
        parser.error("only the report half is written into docs/evaluation.md")
    lines = functional_section(args.half)
    if args.write:
        write_section(lines, REPO / "docs" / "evaluation.md")
    print("\n".join(lines))


def functional_only(report: Path) -> None:
    """`evaluate.py --only functional`: the report half, written into its section."""
    lines = functional_section(REPORT)
    write_section(lines, report)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
