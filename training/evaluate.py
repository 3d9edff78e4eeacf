"""Measure the shipped classifiers on the held-out fifth and write docs/evaluation.md.

    .venv/bin/python training/evaluate.py                     # everything
    .venv/bin/python training/evaluate.py --only functional   # that section alone, in a minute
    .venv/bin/python training/evaluate.py --only learning     # that one (numpy alone)
    .venv/bin/python training/evaluate.py --only automation   # the approval guard's section
    .venv/bin/python training/evaluate.py --only spans        # evidence against toxic spans
    .venv/bin/python training/evaluate.py --only promotion    # promotion and off-topic

Every number in the report comes from this run: ROC-AUC per set and head on the rows no
model trained on, the same rows scored by baselines (``alt-profanity-check`` for English;
``arabic-toxic`` for Arabic when ``$MAJLIS_ARABIC_TOXIC_PYTHON`` names a Python that has it,
since it pins an older scikit-learn than ours and loads a pickle, so it lives in its own
environment), subgroup AUCs over identity terms (Borkan et al. 2019), and speed, load time
and memory of the run-time code.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

if __name__ == "__main__" and sys.argv[1:] == ["--only", "learning"]:
    # Only the learning section (numpy alone; no baselines, no scikit-learn needed).
    from evaluate_learning import section, write_section

    print(write_section(section()))
    sys.exit(0)

import numpy as np  # noqa: E402
from calibrate import expected_calibration_error  # noqa: E402
from evaluate_functional import functional_only, functional_section  # noqa: E402
from evaluate_learning import section as learning_section  # noqa: E402
from evaluate_spans import REPORT as SPANS_REPORT  # noqa: E402
from evaluate_spans import measure as measure_spans  # noqa: E402
from evaluate_spans import section as spans_section  # noqa: E402
from evaluate_spans import spans_only  # noqa: E402
from functional_cases import REPORT  # noqa: E402
from functional_split import functional_cases  # noqa: E402
from moderation_data import REPO, jigsaw_sample, load, report_half, split  # noqa: E402
from publish import held_out_aucs  # noqa: E402
from report_sections import replace_section  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from train_offensive import heads_for  # noqa: E402
from train_promotion import around_links, load_promotion  # noqa: E402

from majlis.moderation import classifiers  # noqa: E402

REPORT_PATH = REPO / "docs" / "evaluation.md"
IDENTITY_TERMS = (
    "muslim",
    "jewish",
    "christian",
    "gay",
    "lesbian",
    "trans",
    "black",
    "white",
    "women",
    "immigrant",
    "refugee",
    "mexican",
    "asian",
    "arab",
)

_ARABIC_TOXIC = """
import json, sys
from arabic_toxic import predict_proba
texts = json.load(sys.stdin)
out = [max(v for k, v in s.items() if k != "NOT") / 100 for s in predict_proba(texts)]
json.dump(out, sys.stdout)
"""


def _profanity_check(texts: list[str]) -> np.ndarray | None:
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    return np.asarray(predict_prob(texts))


def _arabic_toxic(texts: list[str]) -> np.ndarray | None:
    python = os.environ.get("MAJLIS_ARABIC_TOXIC_PYTHON")
    if not python:
        return None
    done = subprocess.run(
        [python, "-c", _ARABIC_TOXIC],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return np.asarray(json.loads(done.stdout))


def _matrix(scores: dict[str, np.ndarray], heads: list[str], n: int) -> np.ndarray:
    return np.stack([scores.get(h, np.full(n, np.nan)) for h in heads], axis=1)


def _engine_scores(texts: list[str], heads: list[str]) -> np.ndarray:
    """The shipped engine's scores, as `majlis assess --csv` gives them: language detected,
    word lists, models and signals combined."""
    from majlis.moderation.engine import assess_many

    scores = [a.scores for a in assess_many(texts, explain=False)]
    return np.array([[s[h] for h in heads] for s in scores])


def accuracy_tables() -> tuple[list[str], dict[str, tuple[float, float]]]:
    """Per set and head, the language's model (language given) and the whole engine
    (language detected); ``best`` holds each set's best head for both."""
    lines: list[str] = []
    best: dict[str, tuple[float, float]] = {}
    for language in ("en", "ar", "fa", "tr"):
        _, test = split(load(language))
        if language == "en":
            test += list(jigsaw_sample())  # smoke only: 101 rows, reported apart
        heads = heads_for(language)
        texts = [r.text for r in test]
        ours = held_out_aucs(
            test, _matrix(classifiers.predict(texts, language), heads, len(texts)), heads
        )
        engine = held_out_aucs(test, _engine_scores(texts, heads), heads)
        baseline_name, baseline = (
            ("alt-profanity-check", _profanity_check(texts))
            if language == "en"
            else ("arabic-toxic", _arabic_toxic(texts))
            if language == "ar"
            else ("", None)
        )
        theirs = (
            held_out_aucs(test, np.repeat(baseline[:, None], len(heads), axis=1), heads)
            if baseline is not None
            else {}
        )
        lines += [
            f"### {language}",
            "",
            f"| set | head | rows | positives | model | engine | {baseline_name or 'baseline'} |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for dataset, by_head in ours.items():
            for head, m in by_head.items():
                other = theirs.get(dataset, {}).get(head, {}).get("auc")
                lines.append(
                    f"| {dataset} | {head} | {m['n']} | {m['positives']} | "
                    f"{m['auc']:.3f} | {engine[dataset][head]['auc']:.3f} | "
                    f"{'-' if other is None else f'{other:.3f}'} |"
                )
            if dataset != "jigsaw-toxic-sample-ibm":
                best[f"{language}:{dataset}"] = (
                    max(m["auc"] for m in by_head.values()),
                    max(m["auc"] for m in engine[dataset].values()),
                )
        if baseline is None and language in ("en", "ar"):
            lines += ["", f"({baseline_name}: not available in this environment.)"]
        lines.append("")
    return lines, best


def promotion_table() -> list[str]:
    """The promotion model alone and the engine's promotion score (the model, with links,
    contacts, offers, the promotion word lists weighed by the signals), on the held-out
    promotion rows; the model reads the text around the links, as in the engine."""
    from majlis.moderation.engine import assess_many

    _, test = split(load_promotion())
    spam = [r for r in test if r.dataset == "youtube-spam-collection"]
    mixed = spam + [r for r in test if r.dataset != "youtube-spam-collection"]
    lines = [
        "| rows | spam | model | engine |",
        "| --- | --- | --- | --- |",
    ]
    for label, rows in (
        ("YouTube held out (spam vs. ham)", spam),
        ("YouTube spam vs. ham and ordinary comments of all sets", mixed),
    ):
        y = [r.labels["promotion"] for r in rows]
        texts = [r.text for r in rows]
        p = classifiers.load("promotion").predict([around_links(t) for t in texts])["promotion"]
        e = [a.scores["promotion"] for a in assess_many(texts, explain=False)]
        lines.append(
            f"| {label}: {len(rows)} | {sum(y)} | {roc_auc_score(y, p):.3f} | "
            f"{roc_auc_score(y, e):.3f} |"
        )
    return lines


OFF_TOPIC_INTRO = [
    "`off_topic` as the engine scores it (`relevance.off_topic_score`), on proxies: no",
    "labelled off-topic news comments exist here (`training/evaluate_relevance.py`). A",
    "Wikipedia talk-page reply against its own parent comment and against another row's; a",
    "YouTube comment against its own video's title and tags and against the four others; the",
    "spam comments against the on-topic ones under their own video. Report half only (the",
    "tune half chose the weights of `Relevance.strength`).",
    "",
]


def off_topic_table() -> list[str]:
    from evaluate_relevance import DEFAULT_DATA, measure, wikipedia_pairs, youtube_pairs

    wiki = wikipedia_pairs(DEFAULT_DATA)
    videos, adverts = youtube_pairs(DEFAULT_DATA)
    lines = ["| proxy | pairs | ROC-AUC | goal |", "| --- | --- | --- | --- |"]
    for label, pairs, goal in (
        ("Wikipedia reply: own parent vs another", wiki["report"], "≥ 0.85"),
        ("YouTube comment: own video vs another", videos["report"], "≥ 0.85"),
        ("YouTube spam vs on-topic comments, own video", adverts["report"], ""),
    ):
        auc, _, _ = measure(pairs)
        lines.append(f"| {label} | {len(pairs)} | {auc:.3f} | {goal} |")
    return lines


def promotion_sections() -> list[str]:
    return [
        "## Promotion",
        "",
        *promotion_table(),
        "",
        "## Off-topic",
        "",
        *OFF_TOPIC_INTRO,
        *off_topic_table(),
        "",
    ]


def rewrite_promotion() -> None:
    """Regenerate the Promotion and Off-topic sections in place, the rest as it was."""
    print(
        replace_section(
            REPORT_PATH, promotion_sections(), heading="## Promotion", until="## Functional cases"
        )
    )


def fairness_table() -> list[str]:
    _, test = split(load("en"))
    rows = [r for r in test if r.labels.get("toxicity") is not None]
    y = np.array([r.labels["toxicity"] for r in rows])
    p = classifiers.predict([r.text for r in rows], "en")["toxicity"]
    lines = [
        "| identity term | rows | toxic | subgroup AUC | BPSN AUC | BNSP AUC |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for term in IDENTITY_TERMS:
        pattern = re.compile(rf"\b{term}s?\b", re.IGNORECASE)
        inside = np.array([bool(pattern.search(r.text)) for r in rows])
        if inside.sum() < 20 or len(set(y[inside])) < 2:
            continue

        def auc(mask: np.ndarray) -> str:
            return f"{roc_auc_score(y[mask], p[mask]):.3f}" if len(set(y[mask])) == 2 else "-"

        # BPSN: benign mentions against toxic comments elsewhere (false-positive bias);
        # BNSP: toxic mentions against benign comments elsewhere (false-negative bias).
        bpsn = (inside & (y == 0)) | (~inside & (y == 1))
        bnsp = (inside & (y == 1)) | (~inside & (y == 0))
        lines.append(
            f"| {term} | {int(inside.sum())} | {int(y[inside].sum())} | "
            f"{auc(inside)} | {auc(bpsn)} | {auc(bnsp)} |"
        )
    return lines


_COLD_START = """
import time
t = time.perf_counter()
from majlis.moderation import classifiers
for name in ("offensive-en", "offensive-ar", "offensive-fa", "offensive-tr", "promotion"):
    classifiers.load(name)
classifiers.predict(["warm up"] * 64, "en")
# VmHWM, not ru_maxrss: the latter can carry the parent's peak across fork and exec.
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(time.perf_counter() - t, int(peak.split()[1]) / 1024)
"""


def speed_table() -> list[str]:
    # Load time and memory in a fresh process that holds only the run-time code.
    done = subprocess.run(
        [sys.executable, "-c", _COLD_START], capture_output=True, text=True, check=True, cwd=REPO
    )
    load_s, rss = (float(v) for v in done.stdout.split())
    _, test = split(load("en"))
    texts = [r.text for r in test][:5000]
    started = time.perf_counter()
    classifiers.predict(texts, "en")
    batched = len(texts) / (time.perf_counter() - started)
    single = []
    for text in texts[:2000]:
        t = time.perf_counter()
        classifiers.predict([text], "en")
        single.append((time.perf_counter() - t) * 1000)
    sizes = sum(p.stat().st_size for p in (REPO / "majlis/moderation/artifacts").glob("*.npz"))
    return [
        "| measure | value |",
        "| --- | --- |",
        f"| cold start: import, load all five models (sha256 checked), score | {load_s:.2f} s |",
        f"| English, batched, one core (toxicity + categories + promotion) | "
        f"{batched:.0f} comments/s |",
        f"| English, one at a time: p50 / p99 | {np.percentile(single, 50):.2f} / "
        f"{np.percentile(single, 99):.2f} ms |",
        f"| peak RSS of that fresh process | {rss:.0f} MB |",
        f"| all classifier artifacts on disk | {sizes / 1e6:.1f} MB |",
    ]


def _automation_row(name: str, labels: np.ndarray, verdicts: np.ndarray, goal: str) -> str:
    approved, rejected = verdicts == "approve", verdicts == "reject"
    decided = approved | rejected
    agree = (approved & (labels == 0)) | (rejected & (labels == 1))
    agreement = f"{agree[decided].mean():.1%}" if decided.any() else "-"
    broke = f"{(labels[approved] == 1).mean():.1%}" if approved.any() else "-"
    return (
        f"| {name} | {len(labels)} | {labels.mean():.0%} | {approved.mean():.1%} | "
        f"{rejected.mean():.1%} | {decided.mean():.1%} | {agreement} | "
        f"{broke} ({int(approved.sum())}) | {goal} |"
    )


def _assessed(texts: list[str], language: str, scores: list | None = None) -> np.ndarray:
    """The default policy's verdicts; ``scores`` gets each text's (raw, calibrated)
    toxicity when given."""
    from majlis.moderation.engine import assess_many

    verdicts = []
    for start in range(0, len(texts), 512):
        batch = texts[start : start + 512]
        for a in assess_many(batch, language=language, explain=False):
            verdicts.append(a.suggestion)
            if scores is not None:
                scores.append((a.scores["toxicity"], (a.calibrated or {}).get("toxicity", np.nan)))
    return np.array(verdicts)


AUTOMATION_GOAL = "≥ 60 % decided at ≥ 97 %; ≤ 3 % of approvals break"


def automation_table() -> list[str]:
    """The whole engine with the default policy: how much it decides, how well, and how many
    of its approvals (published unseen) break the guidelines; report halves only."""
    header = [
        "| rows of | rows | offensive | approved | rejected | decided | agreement | "
        "approvals that break the guidelines (approvals) | goal |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines, by_set, functional = list(header), list(header), list(header)
    calibration = [
        "| language | rows | raw score read as a probability | calibrated |",
        "| --- | --- | --- | --- |",
    ]
    for language in ("en", "ar", "fa", "tr"):
        _, test = split(load(language))
        rows = [r for r in test if r.labels.get("toxicity") is not None and report_half(r.text)]
        labels = np.array([r.labels["toxicity"] for r in rows])
        toxicity: list = []
        verdicts = _assessed([r.text for r in rows], language, toxicity)
        raw, calibrated = np.array(toxicity).T
        calibration.append(
            f"| {language} | {len(rows)} | {expected_calibration_error(raw, labels):.3f} | "
            f"{expected_calibration_error(calibrated, labels):.3f} |"
        )
        lines.append(_automation_row(language, labels, verdicts, AUTOMATION_GOAL))
        sets = np.array([r.dataset for r in rows])
        for name in sorted(set(sets)):
            chosen = sets == name
            by_set.append(
                _automation_row(
                    f"{language}: {name}", labels[chosen], verdicts[chosen], "≤ 3 % break"
                )
            )
    for language in ("en", "ar", "fa", "tr", "ckb", "kmr"):
        cases = [c for c in functional_cases(language) if c.report]
        if cases:
            functional.append(
                _automation_row(
                    f"{language}: functional cases (report half)",
                    np.array([c.label for c in cases]),
                    _assessed([c.text for c in cases], language),
                    "≤ 1 % break",
                )
            )
    return [
        *lines,
        "",
        "Set by set: the share decided depends on how offensive a set is. Wikipedia",
        "talk-page replies, 1 % toxic, are the closest here to a newsroom's ordinary comments.",
        "",
        *by_set,
        "",
        "The team's functional cases (clean labels), the half the policy was not tuned on:",
        "",
        *functional,
        "",
        "Calibration of the general (`toxicity`) head on the same rows: expected calibration",
        "error over ten equal-count bins, before and after the language's map",
        "(`majlis/moderation/artifacts/calibration.md` has every head, on both halves):",
        "",
        *calibration,
    ]


AUTOMATION_INTRO = [
    "The whole engine (word lists, models, signals, calibration and the approval guard) with",
    "the default policy, on the report half of the held-out rows of the sets labelled for",
    "offensive language: the share it would decide without a person, how often that decision",
    "agrees with the human label (approve = not offensive, reject = offensive), and the share",
    "of its approvals, published unseen, that break the guidelines. These sets are far more",
    "offensive than a newsroom's comments, and no article is given, so `off_topic` plays no",
    "part. The language is given, to measure the policy, not the identifier. The calibration",
    "maps (`training/calibrate.py`) and the approval bounds (`make tune-policy`: the most",
    "approvals with at most 3 % of them breaking the guidelines, overall and in each set, 1 %",
    "on the functional cases) were fitted on the other half, and so were the rejection",
    "bounds on the calibrated probability (at least 98 % of the rejections they add right;",
    "Arabic, Persian and Turkish, none in English). Rejection follows the guidelines, not the",
    "raters: clear profanity is rejected even in sets whose raters called it harmless",
    "(HateXplain, OLID), which is where the disagreements are. Only this section:",
    "`python training/evaluate.py --only automation` rewrites it in place.",
    "",
]


NEXT_SECTION = "## Learning from the desk"


def rewrite_automation() -> None:
    """Regenerate the Automation section of the report in place, the rest as it was."""
    lines = ["## Automation", "", *AUTOMATION_INTRO, *automation_table()]
    print(replace_section(REPORT_PATH, lines, heading="## Automation", until=NEXT_SECTION))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        choices=("functional", "learning", "automation", "promotion", "spans"),
        help="rewrite only this section of docs/evaluation.md (the others take long)",
    )
    only = parser.parse_args().only
    if only == "functional":
        functional_only(REPORT_PATH)
        return
    if only == "automation":
        rewrite_automation()
        return
    if only == "spans":
        spans_only(REPORT_PATH)
        return
    if only == "promotion":
        rewrite_promotion()
        return
    accuracy, best = accuracy_tables()
    summary = [
        "| target | model (language given) | engine (language detected) | goal |",
        "| --- | --- | --- | --- |",
    ]
    for language, goal in (("en", "0.86"), ("ar", "0.95"), ("fa", "0.94"), ("tr", "0.90")):
        values = np.array([v for k, v in best.items() if k.startswith(f"{language}:")])
        what = "best-matching head" if language == "en" else "toxicity"
        summary.append(
            f"| {language}: {what}, mean over {len(values)} sets | "
            f"{values[:, 0].mean():.3f} | {values[:, 1].mean():.3f} | ≥ {goal} |"
        )
    text = "\n".join(
        [
            "# Evaluation of the trained classifiers",
            "",
            "Written by `training/evaluate.py` (`make evaluate`); do not edit by hand.",
            "Every row was held out from training: a text is held out when its sha256 falls",
            "in the lowest fifth",
            "(`training/moderation_data.py`), and the project owners' sealed fifth of each set is",
            "not in `../shared/data` at all. Heads without labels in a set are not scored there.",
            "",
            "No labelled data exists here for Sorani (`ckb`) or Kurmanji (`kmr`) Kurdish: those",
            "languages have no trained offensive-language model; word lists, relevance and the",
            "signals outside the text carry them, and only the promotion model scores them.",
            "",
            "## Summary",
            "",
            "*Model*: the language's trained classifier alone, told the language. *Engine*:",
            "what Majlis ships and `majlis assess --csv` prints, the language detected and the",
            "word lists (with the neutral emoji list), models and signals combined.",
            "",
            *summary,
            "",
            "## Offensive language per set and head (ROC-AUC)",
            "",
            *accuracy,
            *promotion_sections(),
            *functional_section(REPORT),
            "## Fairness: English toxicity around identity terms",
            "",
            "Held-out English rows that mention the term. A BPSN AUC well below the overall AUC",
            "means benign comments that mention the group score like toxic ones elsewhere.",
            "",
            *fairness_table(),
            "",
            "## Automation",
            "",
            *AUTOMATION_INTRO,
            *automation_table(),
            "",
            *learning_section(),
            *spans_section(measure_spans(SPANS_REPORT)),
            "## Speed, load time, memory",
            "",
            *speed_table(),
            "",
        ]
    )
    REPORT_PATH.write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
