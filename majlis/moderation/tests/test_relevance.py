"""Relevance: on-topic comments score low, unrelated ones high, adverts highest."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from majlis.moderation.relevance import CROSS_LANGUAGE_CAP, content_stems, off_topic_score

BUDGET = {
    "title": "Parliament approves the 2024 budget after a long debate",
    "body": (
        "Parliament voted on Tuesday to approve the 2024 budget, which raises spending on "
        "schools and hospitals. The opposition criticised the tax increases and said the "
        "hospitals in the north were forgotten again."
    ),
    "tags": ("budget", "parliament", "taxes"),
    "article_language": "en",
}
BUDGET_TR = {
    "title": "Meclis 2024 bütçesini uzun tartışmaların ardından kabul etti",
    "body": (
        "Meclis salı günü 2024 bütçesini onayladı. Bütçe okullara ve hastanelere ayrılan "
        "payı artırıyor. Muhalefet vergi artışlarını eleştirdi."
    ),
    "tags": ("bütçe", "meclis", "vergi"),
    "article_language": "tr",
}
BUDGET_CKB = {
    "title": "پەرلەمان بودجەی ساڵی ٢٠٢٤ی پەسەند کرد",
    "body": (
        "پەرلەمان دوای گفتوگۆیەکی درێژ بودجەی نوێی پەسەند کرد. "
        "بودجەکە پارەی زیاتر بۆ قوتابخانە و نەخۆشخانەکان تەرخان دەکات."
    ),
    "tags": ("بودجە", "پەرلەمان"),
    "article_language": "ckb",
}
BUDGET_KMR = {
    "title": "Parlamentoyê budçeya 2024an pejirand",
    "body": (
        "Parlamentoyê piştî nîqaşeke dirêj budçeya nû pejirand. "
        "Budçe ji bo dibistan û nexweşxaneyan pereyê zêdetir vediqetîne."
    ),
    "tags": ("budçe", "parlamento"),
    "article_language": "kmr",
}


def score(comment, article):
    return off_topic_score(comment, **article)[0]


@pytest.mark.parametrize(
    ("article", "on_topic", "off_topic"),
    [
        (
            BUDGET,
            "The budget forgets the hospitals in the north again, and these tax increases "
            "hit the poorest families hardest.",
            "My cat loves to play with her toy mouse in the garden, she chases butterflies "
            "all afternoon and sleeps on the sofa.",
        ),
        (
            BUDGET_TR,
            "Bütçe yine hastanelere yetmiyor, vergi artışları en çok emeklileri vuracak.",
            "Dün akşam maçta harika goller vardı, teknik direktör kadroyu çok iyi kurmuş, "
            "taraftarlar sabaha kadar kutladı.",
        ),
        (
            BUDGET_CKB,
            "ئەم بودجەیە دیسان نەخۆشخانەکانی باکوور لەبیر دەکات، پەرلەمان دەبێت پێداچوونەوە بکات.",
            "دوێنێ چووینە سەر چیا و کەشەکە زۆر جوان بوو، منداڵەکان یاریان کرد و نانمان "
            "لە دەرەوە خوارد.",
        ),
        (
            BUDGET_KMR,
            "Ev budçe dîsa nexweşxaneyan ji bîr dike, parlamento divê dîsa binêre.",
            "Duh em çûn çiyê, hewa pir xweş bû, zarokan lîst û me li derve nan xwar û stran "
            "gotin heta êvarê.",
        ),
    ],
)
def test_a_comment_about_the_article_scores_lower_than_one_about_something_else(
    article, on_topic, off_topic
):
    assert score(on_topic, article) < 0.35
    assert score(off_topic, article) > score(on_topic, article) + 0.2


@pytest.mark.parametrize(
    "comment",
    ["+1", "I agree", "Well said!", "Katılıyorum.", "سوپاس", "Rast e, spas.", "أحسنت", "موافقم"],
)
def test_short_agreement_is_not_off_topic(comment):
    assert score(comment, BUDGET) < 0.25


@pytest.mark.parametrize(
    "advert",
    [
        "Buy cheap phones at www.best-phones.shop, call +90 532 123 45 67",
        "برای خرید با تخفیف به پیج ما در اینستاگرام سر بزنید",
        "Click here: bit.ly/free-money",
        "Kanalıma abone olun, indirim kodları her gün!",
    ],
)
def test_an_advert_is_off_topic_whatever_its_length_or_language(advert):
    value, reasons = off_topic_score(advert, **BUDGET)
    assert value >= 0.75
    assert any(reason.startswith("advert") for reason in reasons)


@pytest.mark.parametrize(
    "comment",
    [
        "الحكومة لا تهتم بالمستشفيات، هذه الميزانية ظالمة للفقراء والضرائب ترتفع كل عام",
        "این بودجه باز هم بیمارستان‌های شمال را فراموش کرده و مالیات‌ها را بالا برده است",
        "Ev budçe dîsa nexweşxaneyên bakur ji bîr dike û bacê zêde dike li ser xizanan",
    ],
)
def test_a_comment_in_another_language_is_left_to_a_person(comment):
    value, reasons = off_topic_score(comment, **BUDGET)
    assert value <= CROSS_LANGUAGE_CAP
    assert any("article in en" in reason for reason in reasons) or value < 0.5


def test_detected_languages_are_used_when_none_are_given():
    comment = "این بودجه باز هم بیمارستان‌های شمال را فراموش کرده و مالیات‌ها را بالا برده است"
    value, _ = off_topic_score(comment, title=BUDGET["title"], body=BUDGET["body"])
    assert value <= CROSS_LANGUAGE_CAP


def test_shared_figures_count_across_scripts():
    comment = "البرلمان وافق على ميزانية ۲۰۲۴ بعد نقاش"
    _, reasons = off_topic_score(comment, **BUDGET)
    assert any("2024" in reason for reason in reasons)


def test_reasons_name_the_shared_words():
    _, reasons = off_topic_score("Hospitals need this budget more than anyone", **BUDGET)
    assert any("hospitals" in reason and "budget" in reason for reason in reasons)


def test_stemming_joins_inflections():
    assert content_stems("seçimlerde seçimler")[0] == content_stems("seçim seçimleri")[0][:5]
    assert content_stems("hospitals")[0] == content_stems("hospital")[0]
    assert content_stems("والحكومة")[0] == content_stems("الحكومة")[0]


def test_scores_stay_in_range_for_odd_input():
    for comment in ("", "   ", "🙂🙂🙂", "a" * 5000, "http://"):
        value, reasons = off_topic_score(comment, title="", body="")
        assert 0.0 <= value <= 1.0
        assert isinstance(reasons, list)


def test_the_rarity_tables_card_quotes_its_sha256() -> None:
    folder = resources.files("majlis.moderation").joinpath("artifacts")
    digest = hashlib.sha256(folder.joinpath("relevance_idf.json").read_bytes()).hexdigest()
    assert f"sha256 `{digest}`" in folder.joinpath("relevance_idf.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("comment", "article"),
    [
        (
            "We drove to the north last summer, camped beside a lake, caught fish every "
            "morning, hiked the mountains, watched eagles and cooked dinner over a fire each "
            "night.",
            BUDGET,
        ),
        (
            "Geçen yaz kuzeye gittik, göl kenarında kamp kurduk, her sabah balık tuttuk, "
            "dağlarda yürüdük ve akşamları ateşte yemek pişirdik, okullar tatildeydi.",
            BUDGET_TR,
        ),
    ],
)
def test_a_long_comment_sharing_one_word_by_chance_is_still_off_topic(comment, article):
    # One word in common ("north", "okullar") among twenty says little: the longer the
    # comment, the more it shares with any article by chance.
    assert score(comment, article) > 0.5
