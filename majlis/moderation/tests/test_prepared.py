"""A comment read once: every part answers the same on a `Prepared` as on the plain text."""

from __future__ import annotations

from collections import Counter

import pytest

from majlis.moderation import classifiers, relevance
from majlis.moderation.classifier_features import ngrams
from majlis.moderation.duplicates import sketch
from majlis.moderation.langid import identify
from majlis.moderation.normalize import normalize
from majlis.moderation.prepared import prepare
from majlis.moderation.signals import Signals, assess_signals

TEXTS = [
    "Cheap watches!!! visit www.best-cheap-watch.biz or call +1 555 123 4567 today",
    "what an \u200bіdіоt, you $h1t head",
    "خصم ٥٠٪ على جميع المنتجات، تواصل معي على الواتساب ٠٥٥١٢٣٤٥٦٧",
    "تخفیف ویژه! برای خرید به کانال تلگرام ما بپیوندید",
    "%50 indirim! Hemen sipariş verin, DM'den yazın 0532 111 22 33",
    "ئەم پردە پێویستی بە چاککردنەوە هەیە",
    "Ji kerema xwe kanala min bişopînin",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_it_holds_what_each_part_would_read(text):
    prepared = prepare(text)
    assert prepared.text == text
    assert prepared.normalized == normalize(text)
    assert (prepared.language, prepared.language_confidence) == identify(text)
    assert dict(prepared.gram_counts) == Counter(ngrams(text))


def test_a_language_told_is_taken_as_sure():
    prepared = prepare("whatever", "fa")
    assert (prepared.language, prepared.language_confidence) == ("fa", 1.0)


def test_it_cannot_be_changed():
    prepared = prepare("a comment")
    with pytest.raises(AttributeError):
        prepared.text = "another"  # type: ignore[misc]
    with pytest.raises(TypeError):
        prepared.gram_counts["x"] = 1  # type: ignore[index]


@pytest.mark.parametrize("text", TEXTS)
def test_the_parts_read_it_as_they_read_the_text(text):
    prepared = prepare(text)
    recent = Signals(recent_texts=(TEXTS[0], TEXTS[2]))
    assert assess_signals(prepared, recent) == assess_signals(text, recent)
    assert sketch(prepared) == sketch(text)
    article = {"title": "Water cuts in the eastern districts", "body": "The pumps failed."}
    assert relevance.off_topic_score(prepared, **article) == relevance.off_topic_score(
        text, **article
    )
    language = prepared.language
    by_counts = classifiers.predict([text], language, [prepared.gram_counts])
    plain = classifiers.predict([text], language)
    assert {k: v.tolist() for k, v in by_counts.items()} == {
        k: v.tolist() for k, v in plain.items()
    }


def test_the_promotion_model_reads_around_the_links():
    text = "Fuel costs more, see https://www.reuters.com/markets/fuel for the figures"
    prepared = prepare(text)
    assert [link.value for link in prepared.links] == ["reuters.com"]
    assert len(prepared.promotion_text) == len(text)
    assert "reuters" not in prepared.promotion_text
    assert prepared.promotion_text.endswith("for the figures")
    plain = prepare("No link in this one")
    assert plain.promotion_counts is plain.gram_counts
