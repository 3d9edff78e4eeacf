"""Rebuild every classifier artifact from the labelled sets: what `make train` runs.

    .venv/bin/python training/train_all.py

Deterministic: the held-out split is a hash of each text, the solvers' seeds are fixed and
the artifacts are written with fixed timestamps, so the same data gives the same sha256.
Reads ``../shared/data`` (or ``$MAJLIS_DATA_DIR``); writes ``majlis/moderation/artifacts/``
(``offensive-{en,ar,fa,tr}.npz``, ``promotion.npz``, their model cards and ``manifest.json``).
Takes a few minutes on two cores, English being most of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script from anywhere: the sibling modules and the package both import.
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

import train_offensive  # noqa: E402
import train_promotion  # noqa: E402


def main() -> None:
    for language in ("ar", "fa", "tr", "en"):
        train_offensive.train(language)
    train_promotion.train()


if __name__ == "__main__":
    main()
