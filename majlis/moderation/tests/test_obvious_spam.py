"""Obvious spam is rejected by the machine under the default policy; a comment that merely
mentions a price, a discount or a news link is not."""

from __future__ import annotations

import pytest

from majlis.moderation import policy
from majlis.moderation.engine import ArticleContext, assess
from majlis.moderation.offers import CALL_TO_ACTION, DISCOUNT, PITCH, PRICE, find_offers
from majlis.moderation.signals import Signals

BREAD = ArticleContext(
    title="Bread and fuel prices rise again as the currency falls",
    body="The price of bread rose for the third month, and fuel costs more at every pump. "
    "Shop owners say customers buy less; the central bank blames the exchange rate.",
    tags=("economy", "prices"),
)

ADVERTS = [
    ("en", "Get 50 % off all phones at best-phones.shop, call 0532 123 45 67 now!"),
    ("en", "iPhone 15 only $499! Order today at www.cheap-iphones-deal.com"),
    ("en", "Limited offer: buy now and save, call +44 7911 123456"),
    ("en", "Cheap watches!!! visit www.best-cheap-watch.biz or call +1 555 123 4567 today"),
    ("ar", "خصم ٥٠٪ على جميع المنتجات، اطلب الآن عبر الواتساب ٠٥٥١٢٣٤٥٦٧"),
    ("fa", "تخفیف ۵۰٪ فقط امروز! همین الان سفارش دهید: ۰۹۱۲۱۲۳۴۵۶۷"),
    ("tr", "%50 indirim! Hemen sipariş verin, DM'den yazın 0532 111 22 33"),
    ("tr", "Ucuz telefonlar 999 TL, hemen arayın: 0532 444 55 66"),
    ("ckb", "داشکاندنی ٥٠٪! ئێستا داوا بکە: ٠٧٥٠١٢٣٤٥٦٧"),
    ("kmr", "50% daxistin! Niha bikire, têlefon: 0750 123 4567"),
]

CONSTRUCTIVE = [
    ("en", "Fuel now costs $4.50 a gallon, up 20% since May: https://www.reuters.com/markets/fuel"),
    ("en", "The council's $2 million plan is a waste; read the audit at https://audit.example.org"),
    ("en", "Shops offer 50% off and still nobody buys: the economy is in real trouble."),
    ("en", "Don't buy now, wait: prices fall after the election, says https://www.ft.com/x"),
    ("ar", "سعر الخبز ارتفع إلى ٥ دنانير، كما ذكرت https://www.aljazeera.net/news/123"),
    ("fa", "قیمت نان ۵۰ هزار تومان شده، گزارش کامل: https://www.bbc.com/persian/123"),
    ("tr", "Ekmek 10 TL oldu, maaşlar yerinde sayıyor. Haber: https://www.hurriyet.com.tr/ekonomi"),
    ("tr", "Mağazalar %50 indirim yapıyor ama kimse alışveriş yapmıyor."),
    ("ckb", "نرخی نان بووە بە ١٠٠٠ دینار، ئەمە زۆر گرانە بۆ خەڵکی هەژار."),
    ("kmr", "Bihayê nan bû 1000 dînar, ev ji bo xelkê pir giran e."),
    ("en", "Cheap labour built this bridge and now we pay: https://www.bbc.co.uk/news/uk-1"),
    ("tr", "Ucuz ekmek kalmadı, fiyatlar her gün artıyor."),
]


@pytest.mark.parametrize(("language", "text"), ADVERTS)
def test_an_advert_with_a_way_to_buy_is_rejected(language, text):
    result = assess(text, article=BREAD)
    assert result.scores["promotion"] >= policy.DEFAULT_RULES["promotion"].reject_at, (
        result.scores,
        result.reasons,
    )
    assert result.suggestion == policy.REJECT
    assert "promotion" in result.suggestion_categories
    # Rejected with its evidence in sight: the offer and the channel are highlighted.
    kinds = {e.source for e in result.evidence if e.category == "promotion"}
    assert kinds & {DISCOUNT, CALL_TO_ACTION, PRICE, PITCH, "lexicon"}, kinds
    assert kinds & {"link", "phone", "contact", "email"}, kinds


@pytest.mark.parametrize(("language", "text"), CONSTRUCTIVE)
def test_a_price_a_discount_or_a_news_link_alone_is_not_rejected(language, text):
    result = assess(text, article=BREAD)
    assert result.suggestion != policy.REJECT, (result.scores, result.reasons)
    assert result.scores["promotion"] < policy.DEFAULT_RULES["promotion"].reject_at


def test_a_wave_of_copies_carrying_a_contact_is_rejected():
    advert = "Earn 500 dollars a day, write to me on WhatsApp for the details of this job"
    copies = [advert.replace("500", n) for n in ("600", "700", "800")]
    alone = assess(advert, article=BREAD)
    wave = assess(advert, article=BREAD, signals=Signals(recent_texts=copies))
    assert alone.suggestion != policy.REJECT
    assert wave.suggestion == policy.REJECT, wave.reasons
    assert any("near-identical" in r for r in wave.reasons)


def test_a_wave_without_a_way_to_buy_waits_for_a_person():
    # Many readers posting the same plea is not an advert.
    plea = "Please fix the bridge before winter, the children walk across it every day"
    copies = [plea + "!" * n for n in range(1, 6)]
    result = assess(plea, article=BREAD, signals=Signals(recent_texts=copies))
    assert result.suggestion != policy.REJECT


@pytest.mark.parametrize(
    ("text", "kind", "piece"),
    [
        ("Get 50 % off today", DISCOUNT, "50 % off"),
        ("up to 70%off everything", DISCOUNT, "70%off"),
        ("%50 indirim fırsatı", DISCOUNT, "%50 indirim"),
        ("yüzde 30 indirimli", DISCOUNT, "yüzde 30 indirimli"),
        ("خصم ٥٠٪ على كل شيء", DISCOUNT, "خصم ٥٠٪"),
        ("۲۰٪ تخفیف برای همه", DISCOUNT, "۲۰٪ تخفیف"),
        ("only $499 today", PRICE, "$499"),
        ("999 TL", PRICE, "999 TL"),
        ("۵۰ هزار تومان", PRICE, "۵۰ هزار تومان"),
        ("بسعر ٢٠ دولار فقط", PRICE, "٢٠ دولار"),
        ("BUY NOW!", CALL_TO_ACTION, "BUY NOW"),
        ("Hemen sipariş verin", CALL_TO_ACTION, "Hemen sipariş verin"),
        ("اطلب الآن", CALL_TO_ACTION, "اطلب الآن"),
        ("همین الان بخرید", CALL_TO_ACTION, "همین الان بخرید"),
        ("ئێستا داوا بکە", CALL_TO_ACTION, "ئێستا داوا بکە"),
        ("niha bikire", CALL_TO_ACTION, "niha bikire"),
        ("Cheap watches here", PITCH, "Cheap"),
    ],
)
def test_it_finds_offers_in_the_six_languages(text, kind, piece):
    found = [(o.kind, text[o.start : o.end]) for o in find_offers(text)]
    assert (kind, piece) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Turnout was 78%, up from 60% last time.",
        "The minister said prices will fall by spring.",
        "Katılım yüzde 78 oldu.",
        "I called the council in 2024 about it.",
    ],
)
def test_ordinary_figures_are_not_offers(text):
    assert [o for o in find_offers(text) if o.kind not in (PRICE, PITCH)] == []


def test_a_reply_naming_many_readers_is_not_promotion():
    text = "@ali @veli @ayse @can @deniz @ece @emre You are right, bread costs twice as much."
    result = assess(text, article=BREAD, language="en")
    assert result.scores["promotion"] < 0.3
    assert result.suggestion != "reject"
