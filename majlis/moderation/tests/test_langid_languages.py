"""Each language is recognised on a short comment, with a confidence in [0, 1]."""

from __future__ import annotations

import pytest

from majlis.moderation.langid import identify, versions


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Thanks for this article, it was really helpful", "en"),
        ("شكرا على هذا المقال المفيد جدا", "ar"),
        ("ممنون از این گزارش خیلی خوب بود", "fa"),
        ("Bu haber için teşekkürler, çok güzel olmuş", "tr"),
        ("سوپاس بۆ ئەم هەواڵە، زۆر باش بوو", "ckb"),
        ("Spas ji bo vê nûçeyê, pir baş bû", "kmr"),
    ],
)
def test_it_recognises_each_newsroom_language(text: str, language: str) -> None:
    found, confidence = identify(text)
    assert found == language
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize(
    "text", ["", "   ", "😂😂😂", "@USER URL 12345", "Привет, как дела?", "你好"]
)
def test_it_says_other_when_no_newsroom_script_is_there(text: str) -> None:
    language, confidence = identify(text)
    assert language == "other"
    assert 0.0 <= confidence <= 1.0


def test_a_one_word_comment_gets_less_confidence_than_a_sentence() -> None:
    _, short = identify("teşekkürler")
    _, long = identify("Bu haber için teşekkürler, gerçekten çok güzel ve faydalı olmuş")
    assert short < long


def test_it_goes_by_the_bulk_of_a_mixed_comment() -> None:
    assert identify("LOL bu maç gerçekten çok kötüydü, hakem rezaletti")[0] == "tr"
    assert identify("ok ok، این دولت هیچ کاری نمی‌کند")[0] == "fa"


def test_it_reports_its_version() -> None:
    assert versions()["langid"]
