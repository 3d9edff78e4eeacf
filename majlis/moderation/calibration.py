"""Calibrated probabilities: what a score means, the same in every language.

A model's raw score is not a probability: 0.1 from the Turkish model and 0.1 from the
English one do not say the same thing. `training/calibrate.py` fits, per language and head,
a monotone map (isotonic regression) from the engine's score to the share of held-out
comments with that score that break the guidelines, on the *tune* half of the held-out rows
(the report half is never read), and writes the maps to ``artifacts/calibration.json`` with
a card. Here they are read as plain JSON (no pickle: loading runs no code), checked against
the manifest's sha256, and applied with ``numpy.interp``.

A language without a map, or whose map rests on too few rows, has no calibrated scores: the
policy then approves nothing in it automatically.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from majlis.moderation.classifiers import ARTIFACTS, ArtifactError

__all__ = ["CALIBRATION_FORMAT", "Calibration", "HeadMap", "calibrate", "load"]

CALIBRATION_FORMAT = "majlis-calibration/1"
#: The evidence a language's general head needs before its probabilities are trusted.
MIN_ROWS = 500
MIN_POSITIVES = 50
#: A category head calibrated on fewer positives than this is left to its raw rule.
HEAD_MIN_POSITIVES = 20
TOXICITY = "toxicity"


@dataclass(frozen=True)
class HeadMap:
    """A monotone step map: score ``x[i]`` means probability ``y[i]``, linear in between."""

    x: np.ndarray
    y: np.ndarray
    rows: int
    positives: int

    def __post_init__(self) -> None:
        if self.x.ndim != 1 or self.x.shape != self.y.shape or len(self.x) < 2:
            raise ArtifactError("a calibration map needs two equal-length lists of ≥ 2 points")
        if np.any(np.diff(self.x) < 0) or np.any(np.diff(self.y) < 0):
            raise ArtifactError("a calibration map must be non-decreasing")
        if self.y[0] < 0.0 or self.y[-1] > 1.0:
            raise ArtifactError("calibrated probabilities must lie in [0, 1]")

    def __call__(self, score: float) -> float:
        return float(np.interp(score, self.x, self.y))


@dataclass(frozen=True)
class Calibration:
    version: str
    maps: Mapping[str, Mapping[str, HeadMap]]  # language → head → map

    def trusted(self, language: str) -> bool:
        """Whether the language's general head rests on enough held-out rows."""
        head = self.maps.get(language, {}).get(TOXICITY)
        return (
            head is not None
            and head.rows >= MIN_ROWS
            and MIN_POSITIVES <= head.positives <= head.rows - MIN_POSITIVES
        )

    def calibrate(self, scores: Mapping[str, float], language: str) -> dict[str, float] | None:
        """Per calibrated head, the probability that the comment breaks the guidelines in
        that way; None where the language has no trusted calibration."""
        if not self.trusted(language):
            return None
        return {
            head: round(m(float(scores.get(head, 0.0))), 4)
            for head, m in self.maps[language].items()
            if head == TOXICITY or m.positives >= HEAD_MIN_POSITIVES
        }

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        if data.get("format") != CALIBRATION_FORMAT:
            raise ArtifactError(f"calibration: unknown format {data.get('format')!r}")
        maps = {
            language: {
                head: HeadMap(
                    np.asarray(m["x"], dtype=np.float64),
                    np.asarray(m["y"], dtype=np.float64),
                    int(m["rows"]),
                    int(m["positives"]),
                )
                for head, m in heads.items()
            }
            for language, heads in data["languages"].items()
        }
        return cls(str(data["version"]), maps)


_lock = threading.Lock()
_loaded: dict[Path, Calibration] = {}


def load(directory: Path | None = None) -> Calibration:
    """The shipped calibration, verified against the manifest's sha256, once per process."""
    folder = directory or ARTIFACTS
    found = _loaded.get(folder)
    if found is not None:
        return found
    with _lock:
        found = _loaded.get(folder)
        if found is None:
            try:
                entry = json.loads((folder / "manifest.json").read_text("utf-8"))["calibration"]
            except (OSError, KeyError, ValueError) as error:
                raise ArtifactError(f"no calibration in the manifest: {error}") from error
            data = (folder / entry["file"]).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest != entry["sha256"]:
                raise ArtifactError(
                    f"{entry['file']}: sha256 {digest} does not match the manifest's "
                    f"{entry['sha256']}; refusing to load an altered calibration"
                )
            found = Calibration.from_json(json.loads(data.decode("utf-8")))
            _loaded[folder] = found
    return found


def calibrate(scores: Mapping[str, float], language: str) -> dict[str, float] | None:
    return load().calibrate(scores, language)


def version() -> str:
    try:
        return load().version
    except ArtifactError:
        return "?"
