"""Learned weights are plain arrays, read without pickle, and only if their sha256 matches."""

from __future__ import annotations

import io

import numpy as np
import pytest

from majlis.learning.fitting import learn_site
from majlis.learning.models import LearnedModel
from majlis.moderation import learned
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(ckb_article, decide_many) -> LearnedModel:
    decide_many(ckb_article, 300)
    learn_site(Site.default())
    return LearnedModel.objects.get(active=True, head="toxicity")


def test_the_weights_match_the_cards_sha256(model):
    assert learned.LearnedHead.sha256(bytes(model.weights)) == model.card["sha256"]
    head = model.load()
    assert head.version == "main/ckb v1"
    assert head.header["format"] == learned.FORMAT


def test_altered_weights_refuse_to_load(model):
    data = bytearray(model.weights)
    data[-10] ^= 0xFF
    model.weights = bytes(data)
    with pytest.raises(learned.WeightsError, match="sha256"):
        model.load()


def test_a_pickled_array_is_never_unpickled():
    buffer = io.BytesIO()
    np.savez(buffer, header=np.array([{"format": learned.FORMAT}], dtype=object))
    data = buffer.getvalue()
    with pytest.raises(learned.WeightsError, match="unreadable"):
        learned.LearnedHead.from_bytes(data, expected_sha256=learned.LearnedHead.sha256(data))


def test_weights_round_trip_to_the_same_scores(model):
    head = model.load()
    again = learned.LearnedHead.from_bytes(
        head.to_bytes(), expected_sha256=learned.LearnedHead.sha256(head.to_bytes())
    )
    texts = [["\tپرد", "\tشار"], ["\tقڕنەبەگ"]]
    assert np.allclose(head.predict(texts), again.predict(texts))
