"""Fit the calibration maps: per language and head, score → probability of breaking a guideline.

    .venv/bin/python training/calibrate.py

The whole engine (word lists, models, signals; the language given) scores the *tune* half of
the held-out rows (``moderation_data.report_half`` false: rows no model trained on and that
the report never reads). Per language and head, isotonic regression maps the score to the
share of those rows labelled as breaking the guidelines in that way; the general ``toxicity``
head is fitted on the ``toxicity`` label (offensive in any way). The maps are written to
``majlis/moderation/artifacts/calibration.json`` (plain JSON, monotone by construction),
with a card giving the expected calibration error before and after on both halves; the
manifest records its sha256. Deterministic: the same data gives the same file.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

import numpy as np  # noqa: E402
from moderation_data import EN_HEADS, TOXICITY, load, report_half, split  # noqa: E402
from publish import ARTIFACTS, MANIFEST  # noqa: E402
from sklearn.isotonic import IsotonicRegression  # noqa: E402

from majlis.moderation.calibration import CALIBRATION_FORMAT  # noqa: E402
from majlis.moderation.engine import assess_many  # noqa: E402

VERSION = "1.0.0"
FILE = "calibration.json"
CARD = "calibration.md"
LANGUAGES = ("en", "ar", "fa", "tr")
BINS = 10


def heads_of(language: str) -> tuple[str, ...]:
    return EN_HEADS if language == "en" else (TOXICITY,)


def engine_scores(language: str):
    """(rows, scores) of the language's held-out rows, each row with its half."""
    _, test = split(load(language))
    rows = [r for r in test if any(r.labels.get(h) is not None for h in heads_of(language))]
    scores = []
    for start in range(0, len(rows), 512):
        batch = [r.text for r in rows[start : start + 512]]
        scores += [a.scores for a in assess_many(batch, language=language, explain=False)]
    return rows, scores


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = BINS) -> float:
    """Mean |predicted - observed| over equal-count bins, weighted by their rows."""
    if not len(p):
        return float("nan")
    order = np.argsort(p, kind="stable")
    error = 0.0
    for chunk in np.array_split(order, bins):
        if len(chunk):
            error += len(chunk) * abs(p[chunk].mean() - y[chunk].mean())
    return error / len(p)


def fit(language: str) -> tuple[dict, list[str]]:
    rows, scores = engine_scores(language)
    tune = np.array([not report_half(r.text) for r in rows])
    maps, lines = {}, []
    for head in heads_of(language):
        y = np.array([-1 if r.labels.get(head) is None else r.labels[head] for r in rows])
        s = np.array([float(sc.get(head, 0.0)) for sc in scores])
        fitted = tune & (y >= 0)
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
        iso.fit(s[fitted], y[fitted])
        x_points = [0.0, *iso.X_thresholds_.tolist(), 1.0]
        y_points = [float(iso.predict([v])[0]) for v in x_points]
        maps[head] = {
            "x": [round(v, 6) for v in x_points],
            "y": [round(v, 6) for v in y_points],
            "rows": int(fitted.sum()),
            "positives": int(y[fitted].sum()),
        }
        for half, chosen in (("tune (fitted)", fitted), ("report", ~tune & (y >= 0))):
            raw = s[chosen]
            calibrated = np.interp(raw, x_points, y_points)
            lines.append(
                f"| {language} | {head} | {half} | {chosen.sum()} | {int(y[chosen].sum())} | "
                f"{expected_calibration_error(raw, y[chosen]):.3f} | "
                f"{expected_calibration_error(calibrated, y[chosen]):.3f} |"
            )
    return maps, lines


def main() -> None:
    languages, table = {}, []
    for language in LANGUAGES:
        languages[language], lines = fit(language)
        table += lines
        print(*lines, sep="\n", flush=True)
    data = {"format": CALIBRATION_FORMAT, "version": VERSION, "languages": languages}
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    (ARTIFACTS / FILE).write_text(text, "utf-8")
    card = "\n".join(
        [
            "# Calibration maps",
            "",
            f"`{FILE}`, version {VERSION}, format `{CALIBRATION_FORMAT}`; written by",
            "`training/calibrate.py` (`make train`). Per language and head, an isotonic map from",
            "the engine's score (word lists, model and signals combined) to the share of",
            "held-out comments with that score that break the guidelines in that way",
            "(`toxicity`: offensive in any way). Fitted on the tune half of the held-out rows;",
            "the report half (`docs/evaluation.md`) is never read here. Sorani and Kurmanji have",
            "no labelled rows, so no map: nothing in them is approved automatically unless a",
            "site's learned head (`majlis learn`) and its applied threshold stand for one.",
            "",
            f"Expected calibration error ({BINS} equal-count bins), raw score read as a",
            "probability, then calibrated:",
            "",
            "| language | head | half | rows | positives | ECE raw | ECE calibrated |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *table,
            "",
        ]
    )
    (ARTIFACTS / CARD).write_text(card, "utf-8")
    manifest = json.loads(MANIFEST.read_text("utf-8"))
    manifest["calibration"] = {
        "card": CARD,
        "file": FILE,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "version": VERSION,
    }
    MANIFEST.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "utf-8"
    )


if __name__ == "__main__":
    main()
