"""The model is plain JSON that describes itself, and a foreign file is refused."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from majlis.moderation.langid import FORMAT, LanguageModel


def _artifact() -> dict:
    path = resources.files("majlis.moderation").joinpath("artifacts", "langid.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_shipped_artifact_loads_and_covers_six_languages() -> None:
    data = _artifact()
    assert data["format"] == FORMAT
    model = LanguageModel.from_json(data)
    assert sorted(model.log_probs) == ["ar", "ckb", "en", "fa", "kmr", "tr"]


def test_it_refuses_an_artifact_of_another_format() -> None:
    data = _artifact() | {"format": "something-else/9"}
    with pytest.raises(ValueError, match="not a majlis-langid"):
        LanguageModel.from_json(data)


def test_it_refuses_an_artifact_missing_a_language() -> None:
    data = _artifact()
    del data["log_probs"]["ckb"]
    with pytest.raises(ValueError, match="six languages"):
        LanguageModel.from_json(data)
