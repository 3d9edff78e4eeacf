"""What an advert offers: a price, a discount ("50 % off"), a call to action ("buy now").

Alone, each is ordinary talk in a newsroom's comments: readers quote prices, complain that
shops cut theirs by half, tell each other not to buy now. Together with a way to reach the
seller (a shop's link, a phone number, "write on WhatsApp") they are an advert's signature;
`signals` weighs that combination. Everything is matched on the comment folded by
`normalize` (digits of every script read as ASCII, Arabic-script variants folded, case
folded) and mapped back to what the reader wrote.

The phrase lists are written by the Majlis team for this module, 2026-11, per language, as
people write them (they are folded when imported); the Kurdish ones ask for a native
speaker's review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from majlis.moderation.normalize import normalize

if TYPE_CHECKING:
    from majlis.moderation.prepared import Prepared

__all__ = ["CALL_TO_ACTION", "DISCOUNT", "PITCH", "PRICE", "Offer", "find_offers"]

PRICE, DISCOUNT, CALL_TO_ACTION, PITCH = "price", "discount", "call_to_action", "sales_word"

# Calls to action: buy, order, call, now, limited. One phrase a line; a trailing * lets the
# last word take a suffix (Turkish "sipariş verin", "sipariş verebilirsiniz").
_CALLS = {
    "en": """
        buy now, buy today, order now, order today, order yours, call now, call today,
        call us now, shop now, book now, act now, get yours now, limited offer,
        limited time offer, limited time only, offer ends today, today only, only today,
        while stocks last, while supplies last, don't miss out, dont miss out,
        free shipping, free delivery, best price guaranteed, lowest price, lowest prices,
        half price, special offer, exclusive offer, discount code, promo code, coupon code,
        use code, sign up now, register now
    """,
    "ar": """
        اشتري الآن, اشتر الآن, اشتري الان, اطلب الآن, اطلب الان, اطلبه الآن, اطلب اليوم,
        اتصل الآن, اتصل الان, اتصل بنا, احجز الآن, عرض محدود, عرض خاص, لفترة محدودة,
        توصيل مجاني, شحن مجاني, كود خصم, كود الخصم, أفضل سعر, أرخص سعر, سارع,
        سارعوا, لا تفوت الفرصة, لا تفوتوا الفرصة, للطلب, للحجز
    """,
    "fa": """
        همین الان بخرید, همین حالا بخرید, همین الان سفارش دهید, سفارش دهید, سفارش بدید,
        خرید کنید, همین الان تماس بگیرید, تخفیف ویژه, کد تخفیف, پیشنهاد ویژه,
        فرصت محدود, ارسال رایگان, بهترین قیمت, ارزان‌ترین قیمت, فقط امروز,
        از دست ندهید, عجله کنید
    """,
    "tr": """
        hemen satın al*, şimdi satın al*, hemen sipariş ver*, sipariş verin, şimdi ara*,
        hemen ara*, bizi arayın, sınırlı süre*, sınırlı teklif, fırsatı kaçırma*,
        kaçırmayın, ücretsiz kargo, kargo bedava, en uygun fiyat*, en ucuz fiyat*,
        indirim kodu, kupon kodu, sadece bugün, bugüne özel, stoklarla sınırlı
    """,
    "ckb": """
        ئێستا بیکڕە, ئێستا بیکڕن, ئێستا داوا بکە, ئێستا داوای بکە, داوای بکەن,
        ئێستا پەیوەندی بکە, پەیوەندیمان پێوە بکە, ئۆفەری تایبەت, ماوەیەکی سنووردار,
        گەیاندنی بێبەرامبەر, باشترین نرخ, هەرزانترین نرخ, تەنها ئەمڕۆ, لەدەستی مەدە,
        کۆدی داشکاندن
    """,
    "kmr": """
        niha bikire, niha bikirin, niha sipariş bide, niha siparîş bide, niha telefon bike,
        niha bang bike, pêşniyara taybet, demeke sînorkirî, bihayê herî baş,
        bihayê herî erzan, şandina belaş, tenê îro, ji dest nedin, koda daxistinê
    """,
}

# A seller's words that readers use too ("cheap labour"): like a price, they count only
# beside a seller's phone or shop link.
_PITCH_WORDS = """
    cheap cheapest wholesale bestseller
    رخيص ارخص بالجملة
    ارزان ارزانترین عمده
    ucuz ucuza toptan
    هەرزان هەرزانترین
    erzan erzantirîn
"""

# A discount is a percentage next to one of these words ("50 % off", "خصم ٥٠٪").
_DISCOUNT_WORDS = """
    off discount discounts sale savings cheaper
    خصم تخفيض تخفيضات خصومات
    تخفیف
    indirim* ucuzluk
    داشکاندن*
    daxistin* erzankirin
"""
# Written after the number ("50 percent"), or before it ("%50", Turkish "yüzde 50").
_PERCENT_AFTER = "percent, per cent, pct, بالمئة, بالمائة, في المئة, درصد"
_PERCENT_BEFORE = "yüzde, لەسەدا, ji sedî"

# Currencies after a number ("999 TL", "٢٠ دولار"), with an optional "thousand" or "million"
# between; symbols may also come before it ("$499").
_CURRENCY_WORDS = """
    usd eur gbp tl dollar dollars euro euros pound pounds lira liras bucks
    دولار دولارات دينار دنانير ريال درهم دراهم جنيه ليرة
    تومان تومن دلار
    dolar avro
    دۆلار دینار
    dînar lîre
"""
_MULTIPLIERS = (
    "thousand million k m bn ألف آلاف مليون هزار میلیون bin milyon هەزار ملیۆن hezar milyon"
)
_SYMBOLS = "$€£¥₺₹₽"


@dataclass(frozen=True, slots=True)
class Offer:
    """One thing an advert offers, with its span in the original text and what it says."""

    kind: str
    start: int
    end: int
    value: str


def _fold(phrase: str) -> str:
    return normalize(phrase.strip()).text


def _alternatives(words: str, separator: str | None = None) -> str:
    """A regex alternation of folded words or phrases, longest first; ``*`` takes a suffix."""
    items = {_fold(w) for w in (words.split(separator) if separator else words.split())}
    parts = []
    for item in sorted(filter(None, items), key=len, reverse=True):
        tail = r"\w*" if item.endswith("*") else ""
        parts.append(re.escape(item.rstrip("*")).replace(r"\ ", r"\s+") + tail)
    return "(?:" + "|".join(parts) + ")"


_NUMBER = r"\d{1,3}(?:[.,]\d+)?"
_PERCENT = (
    rf"(?:{_NUMBER}\s?[%٪]|[%٪]\s?{_NUMBER}"
    rf"|{_NUMBER}\s{_alternatives(_PERCENT_AFTER, ',')}"
    rf"|{_alternatives(_PERCENT_BEFORE, ',')}\s{_NUMBER})"
)
_DISCOUNT_WORD = _alternatives(_DISCOUNT_WORDS)
# The percentage and the word, either way round, at most two words apart.
_DISCOUNT = re.compile(
    rf"(?<!\w)(?:{_PERCENT}\s*(?:\w+\s+){{0,2}}?{_DISCOUNT_WORD}"
    rf"|{_DISCOUNT_WORD}\s+(?:\w+\s+){{0,2}}?{_PERCENT})(?!\w)"
)
_AMOUNT = r"\d+(?:[.,]\d+)*"
_PRICE = re.compile(
    rf"(?:[{re.escape(_SYMBOLS)}]\s?{_AMOUNT}(?!\w)"
    rf"|(?<![\w.,]){_AMOUNT}\s?(?:[{re.escape(_SYMBOLS)}]"
    rf"|(?:{_alternatives(_MULTIPLIERS)}\s)?{_alternatives(_CURRENCY_WORDS)}(?!\w)))"
)
_PITCH = re.compile(r"(?<!\w)" + _alternatives(_PITCH_WORDS) + r"(?!\w)")
_CALL = re.compile(r"(?<!\w)" + _alternatives(",".join(_CALLS.values()), ",") + r"(?!\w)")


def find_offers(text: str | Prepared) -> list[Offer]:
    """Prices, discounts, calls to action and sales words in the comment, in text order,
    without overlaps (a discount's figure is not also a price)."""
    folded = normalize(text) if isinstance(text, str) else text.normalized
    found: list[Offer] = []
    patterns = ((DISCOUNT, _DISCOUNT), (CALL_TO_ACTION, _CALL), (PRICE, _PRICE), (PITCH, _PITCH))
    for kind, pattern in patterns:
        for match in pattern.finditer(folded.text):
            a, b = match.span()
            if any(o.start < b and a < o.end for o in found):
                continue
            found.append(Offer(kind, a, b, re.sub(r"\s+", " ", match.group())))
    found.sort(key=lambda o: o.start)
    return [Offer(o.kind, *folded.to_original(o.start, o.end), o.value) for o in found]
