"""The English transformer beside the linear model, on the held-out fifth.

    .venv/bin/python training/evaluate_transformer.py

Scores every held-out English row (the seven sets the models learn from) with the shipped
linear model (``offensive-en``), the int8 transformer (``offensive-en-minilm``) and two ways of
joining them (the mean and the larger of the two probabilities, head by head), and writes
the section ``transformer-accuracy`` of docs/transformer.md: ROC-AUC per set and head, and
the summary figure of docs/evaluation.md (each set's best head, mean over the sets). The
join is chosen on the tune half of the held-out rows (``moderation_data.report_half``) and
the figures are given for both halves and the whole. Reads the model that
``train_transformer.py`` wrote into ``training/build/``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parent),
    str(Path(__file__).resolve().parents[1]),
    str(Path(__file__).resolve().parents[1] / "bench"),
]

import minilm_onnx as transformer  # noqa: E402
import numpy as np  # noqa: E402
from moderation_data import EN_HEADS, REPO, load, report_half, split  # noqa: E402
from publish import held_out_aucs  # noqa: E402
from sections import replace_section  # noqa: E402

from majlis.moderation import classifiers  # noqa: E402

DOC = REPO / "docs" / "transformer.md"
CACHE = REPO / "training" / "build"
TITLE = "# The English transformer\n\nEach section below is written by the command it names.\n"


def best_mean(metrics: dict) -> float:
    return float(np.mean([max(m["auc"] for m in by_head.values()) for by_head in metrics.values()]))


def main() -> None:
    _, test = split(load("en"))
    texts = [r.text for r in test]
    heads = list(EN_HEADS)
    started = time.process_time()
    linear = classifiers.load(classifiers.OFFENSIVE_MODELS["en"]).predict(texts)
    linear_cpu = time.process_time() - started
    # The transformer's scores are kept (not shipped) under the model's sha256: a second run
    # of this script reads them instead of scoring 18k rows again.
    model = transformer.load()
    cache = CACHE / f"{model.sha256[:16]}-{len(texts)}.npz"
    if cache.exists():
        with np.load(cache, allow_pickle=False) as kept:
            minilm = {h: kept[h] for h in model.heads}
            minilm_cpu = float(kept["cpu_seconds"])
    else:
        started = time.process_time()
        minilm = model.predict(texts)
        minilm_cpu = time.process_time() - started
        CACHE.mkdir(exist_ok=True)
        np.savez(cache, cpu_seconds=minilm_cpu, **minilm)
    a = np.stack([linear[h] for h in heads], axis=1)
    b = np.stack([minilm[h] for h in heads], axis=1)
    candidates = {"linear": a, "transformer": b, "mean": (a + b) / 2, "max": np.maximum(a, b)}
    halves = {
        "tune": [i for i, r in enumerate(test) if not report_half(r.text)],
        "report": [i for i, r in enumerate(test) if report_half(r.text)],
        "all": list(range(len(test))),
    }
    results = {
        half: {
            name: held_out_aucs([test[i] for i in index], scores[index], heads)
            for name, scores in candidates.items()
        }
        for half, index in halves.items()
    }
    chosen = max(("mean", "max", "transformer"), key=lambda n: best_mean(results["tune"][n]))
    names = list(candidates)
    lines = [
        "Written by `training/evaluate_transformer.py`. Held-out English rows "
        f"({len(test)}), ROC-AUC. The join chosen on the tune half: **{chosen}**.",
        "",
        "| each set's best head, mean over the sets | " + " | ".join(names) + " |",
        "| --- | " + " | ".join("---" for _ in names) + " |",
    ]
    for half in halves:
        label = "all held-out rows" if half == "all" else f"{half} half"
        lines.append(
            f"| {label} ({len(halves[half])} rows) | "
            + " | ".join(f"{best_mean(results[half][n]):.3f}" for n in names)
            + " |"
        )
    lines += [
        "",
        "| set | head | rows | positives | " + " | ".join(names) + " |",
        "| --- | --- | --- | --- | " + " | ".join("---" for _ in names) + " |",
    ]
    everything = results["all"]
    for dataset, by_head in everything["linear"].items():
        for head, m in by_head.items():
            lines.append(
                f"| {dataset} | {head} | {m['n']} | {m['positives']} | "
                + " | ".join(f"{everything[n][dataset][head]['auc']:.3f}" for n in names)
                + " |"
            )
    lines += [
        "",
        f"Scoring the {len(test)} rows took {linear_cpu:.1f} CPU-s for the linear model and "
        f"{minilm_cpu:.1f} CPU-s for the transformer "
        f"({len(test) / minilm_cpu:.0f} comments per CPU-second, one thread).",
    ]
    body = "\n".join(lines)
    if not DOC.exists():
        DOC.write_text(TITLE, "utf-8")
    replace_section(DOC, "transformer-accuracy", body)
    print(body)


if __name__ == "__main__":
    main()
