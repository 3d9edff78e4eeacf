"""The labelled text behind the language identifier: where it lives and how it is split.

Shared by ``train_langid.py`` and ``evaluate_langid.py`` so that both agree, row for row,
on which rows are held out. Never imported by the app.
"""

from __future__ import annotations

import csv
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The shared data sets sit beside the repository, in ../shared/data.
DEFAULT_DATA = REPO.parent / "shared" / "data"

# (language, folder, file, text column, evaluated): rows of an evaluated set are split by a
# hash of their text, one in five held out for evaluation and never trained on.
CORPORA: tuple[tuple[str, str, str, str, bool], ...] = (
    ("en", "olid", "train.csv", "tweet", True),
    ("en", "civil-comments-toxic-spans", "train.csv", "comment_text", False),
    ("ar", "offenseval2020-arabic", "train.csv", "tweet", True),
    ("ar", "l-hsab-arabic-levantine", "train.csv", "Tweet", False),
    ("fa", "pars-off-persian", "train.csv", "tweet", True),
    ("fa", "parsoffensive-persian-instagram", "train.csv", "comment", False),
    ("tr", "offenseval2020-turkish", "train.csv", "tweet", True),
)
# Written by the team; the test sentences live apart, in the package's tests/data.
KURDISH_TRAIN = {
    "ckb": REPO / "training/data/langid_ckb.txt",
    "kmr": REPO / "training/data/langid_kmr.txt",
}
KURDISH_TEST = {
    "ckb": REPO / "majlis/moderation/tests/data/langid_ckb.txt",
    "kmr": REPO / "majlis/moderation/tests/data/langid_kmr.txt",
}


def is_held_out(text: str) -> bool:
    return zlib.crc32(text.encode("utf-8")) % 5 == 0


def _rows(path: Path, column: str) -> Iterator[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            text = (row.get(column) or "").strip()
            if text:
                yield text


def sentences(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def training_texts(data: Path) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for language, folder, name, column, evaluated in CORPORA:
        for text in _rows(data / folder / name, column):
            if not (evaluated and is_held_out(text)):
                texts.setdefault(language, []).append(text)
    for language, path in KURDISH_TRAIN.items():
        texts[language] = sentences(path)
    return texts


def evaluation_texts(data: Path | None) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    if data is not None:
        for language, folder, name, column, evaluated in CORPORA:
            if evaluated:
                held = [t for t in _rows(data / folder / name, column) if is_held_out(t)]
                texts.setdefault(language, []).extend(held)
    for language, path in KURDISH_TEST.items():
        texts[language] = sentences(path)
    return texts
