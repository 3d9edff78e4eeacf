"""Measure the language identifier on held-out rows and the team's Kurdish test sentences.

    .venv/bin/python training/evaluate_langid.py [--data ../shared/data]

Rows with no letters left after cleaning (only mentions, links, emoji) are skipped and
counted: no identifier can tell their language.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from langid_data import DEFAULT_DATA, evaluation_texts

from majlis.moderation.langid import clean, identify


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print this many errors per language")
    args = parser.parse_args()
    data = args.data if args.data.exists() else None
    started, total = time.perf_counter(), 0
    for language, texts in evaluation_texts(data).items():
        usable = [t for t in texts if clean(t)]
        guesses = [identify(t)[0] for t in usable]
        total += len(usable)
        right = sum(g == language for g in guesses)
        confusion = Counter(g for g in guesses if g != language)
        print(
            f"{language:4} accuracy {right / len(usable):.4f}  ({right}/{len(usable)}, "
            f"{len(texts) - len(usable)} without letters skipped)  mistaken for {dict(confusion)}"
        )
        shown = 0
        for text, guess in zip(usable, guesses, strict=True):
            if guess != language and shown < args.errors:
                print(f"     -> {guess}: {text[:100]!r}")
                shown += 1
    elapsed = time.perf_counter() - started
    print(f"{total} texts, {elapsed / total * 1000:.3f} ms per text")


if __name__ == "__main__":
    main()
