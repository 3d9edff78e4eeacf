"""The engine's answers on a varied corpus, compared with a recorded snapshot.

The snapshot (``data/engine_snapshot.json``) holds every score, evidence span, suggestion,
reason and note of the corpus below: all six languages, evasions (homoglyphs, leetspeak,
invisible characters, spaced letters), adverts, copies and commenters' records. A change
meant to leave behaviour alone (a refactoring, a speed-up) must leave it equal; a change
meant to alter behaviour rewrites it, and its diff shows what moved:

    python -m majlis.moderation.tests.test_engine_snapshot --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from majlis.moderation.duplicates import RecentSketches, sketch
from majlis.moderation.engine import ArticleContext, assess, assess_many
from majlis.moderation.signals import Signals

SNAPSHOT = Path(__file__).parent / "data" / "engine_snapshot.json"

BRIDGE = ArticleContext(
    title="City council approves the budget to repair the river bridge",
    body="The council voted on Tuesday to fund repairs to the river bridge next year. "
    "The mayor said the bridge would close for six weeks while engineers replace its deck.",
    tags=("city", "transport"),
    language="en",
)
ELECTION = ArticleContext(
    title="Seçim sonuçları: belediye başkanlığını muhalefet kazandı",
    body="Yerel seçimlerde muhalefet adayı yüzde 52 oyla belediye başkanı seçildi. "
    "Katılım oranı yüzde 78 oldu; yeni başkan ulaşım ve konut sorunlarına öncelik verecek.",
    tags=("seçim", "belediye"),
)
WATER = ArticleContext(
    title="أزمة المياه في المدينة تتفاقم مع ارتفاع درجات الحرارة",
    body="قالت البلدية إن انقطاع المياه سيستمر أسبوعين في الأحياء الشرقية بسبب أعطال "
    "في محطة الضخ، ووعدت بتوزيع صهاريج على السكان.",
    language="ar",
)
ARTICLES = {"bridge": BRIDGE, "election": ELECTION, "water": WATER, None: None}

ADVERT = "Cheap watches!!! visit www.best-cheap-watch.biz or call +1 555 123 4567 today"
WAVE = [
    "Earn 500 dollars a day from home, message me on WhatsApp for details",
    "Earn 600 dollars a day from home!! message me on WhatsApp for the details",
    "earn 500 dollars per day from home, message me on whatsapp for details now",
]

# (text, article key, language given or None)
TEXTS: list[tuple[str, str | None, str | None]] = [
    # en: civil, critical, offensive, evasive
    ("The bridge has needed this for years.", "bridge", None),
    ("Six weeks without the bridge will be hard, but the repairs are overdue.", "bridge", None),
    ("Your headline is misleading. The council did not cut the budget.", "bridge", None),
    ("What a pathetic excuse for journalism, and this from a paper I trusted.", "bridge", None),
    ("You are a f.u.c.k.i.n.g idiot and everyone knows it", None, None),
    ("what an \u200bіdіоt", None, "en"),  # zero-width space, Cyrillic і and о
    ("you are such a $h1t head, 5tup1d m0r0n", "bridge", None),
    ("fuuuuuck this council and its sh*t decisions", "bridge", None),
    ("ѕhit рогn everywhere on this site", None, None),  # Cyrillic look-alikes
    ("I know where you live and I will kill you", "bridge", None),
    ("go back to your country, you people are animals", "bridge", None),
    ("s h i t reporting as always", "bridge", None),
    ("🖕🏻🖕 to the mayor", "bridge", None),
    ("Cheap flights to anywhere", None, None),
    ("+1", "bridge", None),
    ("", "bridge", None),
    ("   \u200b\u200c  ", None, None),
    ("The survey had 800 people, not 8,000: see https://www.bbc.co.uk/news/uk-123", "bridge", None),
    (ADVERT, "bridge", None),
    ("Get 50% off all phones at best-phones.shop, call 0532 123 45 67 now!", "bridge", None),
    ("follow me on instagram @cheap_deals for promo codes", "bridge", None),
    ("visit example[.]com for free bitcoin", None, None),
    ("join t.me/deals_channel and bit.ly/3xYz", "bridge", None),
    # ar
    ("هذا التقرير منحاز، نقلتم رأي الوزير فقط ولم تسألوا المواطنين.", "water", None),
    ("انقطاع المياه في الأحياء الشرقية مستمر منذ أسبوع ولا أحد يهتم", "water", None),
    ("انت حمار وغبي ولا تفهم شيئا", "water", None),
    ("يا كلب يا ابن الكلب", None, None),
    ("خصم ٥٠٪ على جميع المنتجات، تواصل معي على الواتساب ٠٥٥١٢٣٤٥٦٧", "water", None),
    ("أإآ كـــلام جمـيـل يا أخي", "water", None),  # alef variants, tatweel
    # fa
    ("این گزارش یک‌طرفه است؛ فقط حرف شهردار را نوشتید و از مردم نپرسیدید.", "bridge", None),
    ("خیلی خوب بود، ممنون از گزارش شما", None, None),
    ("خفه شو احمق بیشعور", None, None),
    ("تخفیف ویژه! برای خرید به کانال تلگرام ما بپیوندید ۰۹۱۲۱۲۳۴۵۶۷", None, None),
    ("می‌خوام بدونم چرا پل بسته است", "bridge", None),  # ZWNJ
    # tr
    ("Bu haber tek taraflı, sadece valinin açıklamasına yer vermişsiniz.", "election", None),
    ("Seçim sonuçları belli oldu, yeni başkana başarılar diliyorum.", "election", None),
    ("Bu şık bir karar", "election", None),  # dotless ı must not make a swear word
    ("siktir git lan aptal", "election", None),
    ("Bu haber çok iyi.", None, None),
    ("%50 indirim! Hemen sipariş verin, DM'den yazın 0532 111 22 33", "election", None),
    ("Katılım oranı yüzde 78 mi? İnanılmaz.", "election", None),
    # ckb
    ("ئەم ڕاپۆرتە لایەنگیرە، تەنها قسەی پارێزگارتان نووسیوە.", "bridge", None),
    ("ئەم پردە پێویستی بە چاککردنەوە هەیە", None, None),
    ("سوپاس", "bridge", None),
    ("بۆ زانیاری زیاتر: www.kurdshop.xyz", "bridge", None),
    # kmr
    ("Ev pir baş e, spas ji bo nûçeyê.", None, None),
    ("Sernav şaş e; şaredariyê proje betal nekir, tenê paş xist.", "election", None),
    ("Ji kerema xwe kanala min bişopînin, peywendî: 0750 123 4567", "election", None),
    # mixed and other scripts
    ("Hello مرحبا سلام merhaba", None, None),
    ("Это очень хорошая статья", "bridge", None),
    ("这是一篇好文章", None, None),
    ("2024 NATO", "bridge", None),
    ("whatever", None, "fa"),
    ("idiot", None, "tr"),
    ("a" * 3000, "bridge", None),
]

# Beyond the text: copies (as texts and as an index), rate, records and trusted domains.
SIGNAL_CASES: list[tuple[str, str | None, Signals]] = [
    (WAVE[0], "bridge", Signals(recent_texts=tuple(WAVE[1:]))),
    (WAVE[1], "bridge", Signals(recent_texts=(WAVE[0],))),
    (
        WAVE[2],
        None,
        Signals(
            recent_index=RecentSketches([(1, sketch(WAVE[0])), (2, sketch(WAVE[1]))]),
            key=3,
        ),
    ),
    (WAVE[0], None, Signals(sketch=sketch(WAVE[0]), recent_texts=(sketch(WAVE[1]),))),
    (
        "The repairs are overdue, the council is late again.",
        "bridge",
        Signals(author_recent_count=8),
    ),
    ("Bu haber çok iyi, teşekkürler.", "election", Signals(author_recent_count=12)),
    ("انقطاع المياه مستمر", "water", Signals(author_recent_count=6, author_rejected=3)),
    ("You fools never learn", "bridge", Signals(author_approved=40, author_rejected=1)),
    ("Read more at https://news.example.org/bridge", "bridge", Signals()),
    (
        "Read more at https://news.example.org/bridge",
        "bridge",
        Signals(trusted_domains=frozenset({"example.org"})),
    ),
    (ADVERT, "bridge", Signals(author_recent_count=20, author_rejected=5, author_approved=1)),
]


def _record(result) -> dict:
    data = result.to_dict()
    # Time taken differs on every run, and versions move with each release.
    data.pop("duration_ms")
    data.pop("versions")
    return data


def current() -> dict:
    """The engine's answers on the corpus now, as plain data."""
    out: dict = {"single": [], "batch": [], "lean": [], "signals": []}
    for text, article, language in TEXTS:
        out["single"].append(_record(assess(text, article=ARTICLES[article], language=language)))
    texts = [t for t, _, _ in TEXTS]
    articles = [ARTICLES[a] for _, a, _ in TEXTS]
    out["batch"] = [_record(r) for r in assess_many(texts, articles=articles)]
    out["lean"] = [_record(r) for r in assess_many(texts, articles=articles, explain=False)]
    texts = [t for t, _, _ in SIGNAL_CASES]
    out["signals"] = [
        _record(r)
        for r in assess_many(
            texts,
            articles=[ARTICLES[a] for _, a, _ in SIGNAL_CASES],
            signals=[s for _, _, s in SIGNAL_CASES],
        )
    ]
    return json.loads(json.dumps(out, ensure_ascii=False))


@pytest.fixture(scope="module")
def answers() -> dict:
    return current()


@pytest.fixture(scope="module")
def recorded() -> dict:
    return json.loads(SNAPSHOT.read_text("utf-8"))


@pytest.mark.parametrize("part", ["single", "batch", "lean", "signals"])
def test_the_engine_answers_as_recorded(answers, recorded, part):
    assert len(answers[part]) == len(recorded[part])
    for index, (now, then) in enumerate(zip(answers[part], recorded[part], strict=True)):
        assert now == then, (part, index)


def test_the_corpus_covers_every_language(recorded):
    assert {r["language"] for r in recorded["single"]} >= {"en", "ar", "fa", "tr", "ckb", "kmr"}


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m majlis.moderation.tests.test_engine_snapshot --write")
    SNAPSHOT.write_text(
        json.dumps(current(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
    )
    print(f"wrote {SNAPSHOT.name}")
