"""Held-out metrics, model cards and the manifest: what ships next to each artifact."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from linear_model import ARTIFACT_FORMAT
from moderation_data import LICENCES, MAPPINGS, REPO, Row
from sklearn.metrics import roc_auc_score

from majlis.moderation.classifier_features import FEATURIZER_VERSION

ARTIFACTS = REPO / "majlis" / "moderation" / "artifacts"
MANIFEST = ARTIFACTS / "manifest.json"


def held_out_aucs(
    rows: Sequence[Row], scores: np.ndarray, heads: Sequence[str]
) -> dict[str, dict[str, dict[str, float | int]]]:
    """{dataset: {head: {auc, n, positives}}} over the rows each head has a label for."""
    result: dict[str, dict[str, dict[str, float | int]]] = {}
    for dataset in sorted({r.dataset for r in rows}):
        for h, head in enumerate(heads):
            index = [
                i
                for i, r in enumerate(rows)
                if r.dataset == dataset and r.labels.get(head) is not None
            ]
            y = np.array([rows[i].labels[head] for i in index])
            if len(index) and 0 < y.sum() < len(y):
                result.setdefault(dataset, {})[head] = {
                    "auc": round(float(roc_auc_score(y, scores[index, h])), 4),
                    "n": len(index),
                    "positives": int(y.sum()),
                }
    return result


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def linear_header(
    name: str,
    model,
    *,
    version: str,
    languages: list[str],
    c: float,
    datasets: list[str],
    training_rows: int,
    per_head: bool,
    seed: int,
    balanced_heads: frozenset[str] = frozenset(),
) -> dict:
    """The header stored inside a linear model's artifact (and quoted in its card)."""
    solver = "NB-weighted logistic regression" + (" per head" if per_head else "")
    weighting = "each set weighted equally" + (
        f"; for {', '.join(sorted(balanced_heads))}, each (set, class)" if balanced_heads else ""
    )
    return {
        "name": name,
        "version": version,
        "languages": languages,
        "model": "TF-IDF (sublinear) over word 1-2-grams and character 2-5-grams, "
        f"{solver} (liblinear, {weighting}, C={c}), "
        f"vocabulary cut to the {len(model.vocabulary)} most useful n-grams",
        "training_data": datasets,
        "training_rows": training_rows,
        "seed": seed,
    }


def register(name: str, digest: str, *, version: str, languages: list[str], heads: list[str]):
    """List a written artifact, its sha256 and its card in the manifest the engine reads."""
    update_manifest(
        name,
        {
            "file": f"{name}.npz",
            "sha256": digest,
            "version": version,
            "card": f"{name}.md",
            "languages": languages,
            "heads": heads,
        },
    )


def update_manifest(name: str, entry: dict) -> None:
    manifest = json.loads(MANIFEST.read_text("utf-8")) if MANIFEST.exists() else {}
    manifest.setdefault("classifiers", {})[name] = entry
    MANIFEST.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "utf-8"
    )


def write_card(
    name: str,
    *,
    title: str,
    languages: Sequence[str],
    heads: Sequence[str],
    datasets: Sequence[str],
    header: dict,
    digest: str,
    metrics: dict[str, dict[str, dict[str, float | int]]],
    size: int,
    intended: str,
    limitations: Sequence[str],
) -> None:
    lines = [
        f"# Model card: {title}",
        "",
        f"- **Artifact**: `{name}.npz` ({size / 1e6:.2f} MB), sha256 `{digest}`",
        f"- **Version**: {header['version']} · format `{ARTIFACT_FORMAT}` · "
        f"featuriser `{FEATURIZER_VERSION}`",
        f"- **Languages**: {', '.join(languages)}",
        f"- **Outputs** (probabilities in [0, 1]): {', '.join(f'`{h}`' for h in heads)}",
        f"- **Model**: {header['model']}",
        "- **Rebuild**: `make train` (`training/train_all.py`), data from "
        "`../shared/data/<folder>`; held-out rows are never trained on.",
        "",
        "## Intended use",
        "",
        intended,
        "",
        *training_data_table(datasets),
        "",
        "## Measured on the held-out fifth (ROC-AUC)",
        "",
        "Rows whose text hashes into the held-out fifth (see `training/moderation_data.py`);",
        "numbers written by the training run itself.",
        "",
        *held_out_table(metrics),
        "",
        "## Limitations",
        "",
    ]
    lines += [f"- {item}" for item in limitations]
    (ARTIFACTS / f"{name}.md").write_text("\n".join(lines) + "\n", "utf-8")


def training_data_table(datasets: Sequence[str]) -> list[str]:
    """A model card's "Training data" section: each set, its licence and how it was read."""
    return [
        "## Training data",
        "",
        "| set | licence | labels → our heads |",
        "| --- | --- | --- |",
        *(f"| `{d}` | {LICENCES[d]} | {MAPPINGS[d]} |" for d in datasets),
    ]


def held_out_table(metrics: dict[str, dict[str, dict[str, float | int]]]) -> list[str]:
    """A model card's table of held-out ROC-AUC, per set and head."""
    return [
        "| set | head | ROC-AUC | rows | positives |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {dataset} | {head} | {m['auc']:.3f} | {m['n']} | {m['positives']} |"
            for dataset, by_head in metrics.items()
            for head, m in by_head.items()
        ),
    ]
