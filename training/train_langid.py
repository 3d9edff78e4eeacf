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
from collections import Counter
from pathlib import Path

from langid_data import DEFAULT_DATA, REPO, evaluation_texts, training_texts

from majlis.moderation.langid import FORMAT, clean, features

ARTIFACT = REPO / "majlis/moderation/artifacts/langid.json"
VERSION = "2026.11.1"
# Texts per language: enough for stable trigram statistics, and no language drowns the others.
MAX_TEXTS = 6000
# N-grams kept per language: the artifact stays small (a few hundred KiB).
KEEP = 3000
ALPHA = 0.5


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
        "config": {"orders": [1, 2, 3], "keep": KEEP, "alpha": ALPHA, "max_texts": MAX_TEXTS},
        "log_probs": log_probs,
        "unseen": unseen,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ARTIFACT)
    args = parser.parse_args()
    model = train(training_texts(args.data), evaluation_texts(args.data))
    body = json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(body + "\n", encoding="utf-8")
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out.relative_to(REPO)} ({len(body) // 1024} KiB, sha256 {digest})")
    print("texts per language:", model["trained_on"])


if __name__ == "__main__":
    main()
