"""Train the language identifier's character n-gram model and write it as JSON.

    .venv/bin/python training/train_langid.py [--data ../shared/data]

Writes ``majlis/moderation/artifacts/langid.json``. Deterministic: the same data gives the
same file, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import zlib
from collections import Counter
from pathlib import Path

from langid_data import DEFAULT_DATA, REPO, evaluation_texts, training_texts

from majlis.moderation.langid import FORMAT, clean, features

ARTIFACT = REPO / "majlis/moderation/artifacts/langid.json"
VERSION = "2026.11.2"
# Texts per language: enough for stable trigram statistics, and no language drowns the others.
MAX_TEXTS = 6000
# N-grams kept per language: the artifact stays small (a few hundred KiB).
KEEP = 3000
ALPHA = 0.5
# Persian is often typed on an Arabic keyboard (ي for ی, ك for ک): without examples of it,
# those two letters alone made such comments Arabic (37 of the 1,600 held-out Persian
# tweets). One Persian text in four is added again as that keyboard writes it.
ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})
KEYBOARD_SHARE = 4


def with_keyboard_variants(texts: dict[str, list[str]]) -> dict[str, list[str]]:
    persian = []
    for text in texts["fa"]:
        persian.append(text)
        if zlib.crc32(text.encode("utf-8")) % KEYBOARD_SHARE == 1:
            persian.append(text.translate(ARABIC_KEYBOARD))
    return {**texts, "fa": persian}


def train(texts: dict[str, list[str]], evaluation: dict[str, list[str]]) -> dict:
    held = {clean(t) for rows in evaluation.values() for t in rows}
    log_probs: dict[str, dict[str, float]] = {}
    unseen: dict[str, float] = {}
    counts_used = {}
    for language in sorted(texts):
        counts: Counter[str] = Counter()
        used = 0
        for text in texts[language]:
            cleaned = clean(text)
            if not cleaned or cleaned in held:  # never train on a row we evaluate on
                continue
            counts.update(features(cleaned))
            used += 1
            if used >= MAX_TEXTS:
                break
        counts_used[language] = used
        kept = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:KEEP]
        total = sum(counts.values())
        denominator = total + ALPHA * (len(counts) + 1)
        log_probs[language] = {g: round(math.log((c + ALPHA) / denominator), 3) for g, c in kept}
        unseen[language] = round(math.log(ALPHA / denominator), 3)
    # One floor for every language: the Kurdish lists, written by the team, are far shorter,
    # and their own (milder) floor would let them win every text full of unseen n-grams.
    floor = min(unseen.values())
    unseen = dict.fromkeys(unseen, floor)
    return {
        "format": FORMAT,
        "version": VERSION,
        "trained_on": {k: counts_used[k] for k in sorted(counts_used)},
        "config": {
            "orders": [1, 2, 3],
            "keep": KEEP,
            "alpha": ALPHA,
            "max_texts": MAX_TEXTS,
            "persian_arabic_keyboard_share": f"1/{KEYBOARD_SHARE}",
        },
        "log_probs": log_probs,
        "unseen": unseen,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ARTIFACT)
    args = parser.parse_args()
    model = train(with_keyboard_variants(training_texts(args.data)), evaluation_texts(args.data))
    body = json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(body + "\n", encoding="utf-8")
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out.relative_to(REPO)} ({len(body) // 1024} KiB, sha256 {digest})")
    print("texts per language:", model["trained_on"])


if __name__ == "__main__":
    main()
