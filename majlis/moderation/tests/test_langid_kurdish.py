"""Sorani and Kurmanji are told apart from their neighbours on the team's test sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from majlis.moderation.langid import identify

DATA = Path(__file__).parent / "data"


def _sentences(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("language", ["ckb", "kmr"])
def test_it_recognises_at_least_nine_in_ten_kurdish_sentences(language: str) -> None:
    sentences = _sentences(f"langid_{language}.txt")
    assert len(sentences) >= 150
    right = sum(identify(s)[0] == language for s in sentences)
    assert right / len(sentences) >= 0.90
