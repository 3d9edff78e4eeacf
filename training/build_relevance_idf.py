"""Build the stem rarity table that relevance weighs shared words by.

    .venv/bin/python training/build_relevance_idf.py [--data ../shared/data]

For each language with comment text here (English, Arabic, Persian, Turkish), the share of
comments that use each stem; a stem's inverse document frequency is the largest over the
languages (a stem common in one language is common). Only texts, never labels, are read,
and not the two sets that `evaluate_relevance.py` measures on. Kurdish has no corpus here:
its stems are mostly unseen and weigh alike. Writes majlis/moderation/artifacts/relevance_idf.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path

from majlis.moderation.relevance import IDF_FORMAT, content_stems

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("MAJLIS_DATA_DIR", REPO.parent / "shared" / "data"))
OUT = REPO / "majlis" / "moderation" / "artifacts" / "relevance_idf.json"

# folder, text column, language
CORPORA = (
    ("civil-comments-toxic-spans", "comment_text", "en"),
    ("davidson-hate-offensive", "tweet", "en"),
    ("hatexplain-magpie", "text", "en"),
    ("olid", "tweet", "en"),
    ("tweeteval-hateval", "text", "en"),
    ("offenseval2020-arabic", "tweet", "ar"),
    ("l-hsab-arabic-levantine", "Tweet", "ar"),
    ("pars-off-persian", "tweet", "fa"),
    ("parsoffensive-persian-instagram", "comment", "fa"),
    ("offenseval2020-turkish", "tweet", "tr"),
)
MIN_DOCUMENTS = 3  # rarer stems are left out: they read as unseen anyway


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    counts: dict[str, Counter[str]] = {}
    documents: Counter[str] = Counter()
    for folder, column, language in CORPORA:
        with open(args.data / folder / "train.csv", encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                documents[language] += 1
                counts.setdefault(language, Counter()).update(set(content_stems(row[column])))
    largest = max(documents.values())
    unseen = math.log(largest)
    idf: dict[str, float] = {}
    for language, counter in counts.items():
        for stem, df in counter.items():
            if df >= MIN_DOCUMENTS:
                value = round(math.log(documents[language] / df), 2)
                idf[stem] = min(idf.get(stem, unseen), value)
    payload = {
        "format": IDF_FORMAT,
        "documents": dict(documents),
        "unseen": round(unseen, 2),
        "idf": dict(sorted(idf.items())),
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    # The model card quotes the digest: keep it true to what was just written.
    card = OUT.with_suffix(".md")
    card.write_text(
        re.sub(r"sha256 `[0-9a-f]{64}`", f"sha256 `{digest}`", card.read_text("utf-8")), "utf-8"
    )
    print(f"{len(idf)} stems from {dict(documents)} -> {OUT.name}, sha256 {digest}")


if __name__ == "__main__":
    main()
