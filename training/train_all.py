"""Rebuild every classifier artifact from the labelled sets: what `make train` runs.

    .venv/bin/python training/train_all.py

Reproducible: the held-out split is a hash of each text, the solvers' seeds are fixed and
the artifacts are written with fixed timestamps, so the same data gives the same vocabulary,
headers and metrics. The solver's floating point is not bit-stable across machines and
scikit-learn releases: coefficients were seen to differ by about 1e-5, which changes the
sha256 (rebuilt with scikit-learn 1.9.1, 2026-11) but no score at four decimals.
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
