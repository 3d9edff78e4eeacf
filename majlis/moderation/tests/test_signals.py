"""Signals outside the text: links, phones, contacts, copies, rate and history."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from majlis.moderation.duplicates import NearDuplicateIndex, RecentSketches, sketch
from majlis.moderation.signals import (
    Signals,
    assess_signals,
    find_contacts,
    find_emails,
    find_handles,
    find_links,
    find_phones,
    find_promotion_evidence,
)


def values(found):
    return [e.value for e in found]


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("read https://www.Example.com/a?b=1, then", "example.com"),
        ("cheap phones at best-phones.shop today", "best-phones.shop"),
        ("see bit.ly/3xYz now", "bit.ly"),
        ("join t.me/deals_channel", "t.me"),
        ("visit example[.]com", "example.com"),
        ("visit example (dot) com", "example.com"),
        ("go to www example com for more", "example.com"),
        ("بۆ زانیاری زیاتر: www.kurdshop.xyz", "kurdshop.xyz"),
    ],
)
def test_it_finds_links_and_their_domains(text, domain):
    assert values(find_links(text)) == [domain]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. and the E.U. disagree, e.g. on tariffs.",
        "I said so.Then he left.",
        "Hükümet.Bu karar yanlış",
        "ئەمە ڕاستە.بەڵام",
    ],
)
def test_it_does_not_read_sentences_as_links(text):
    assert find_links(text) == []


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("call +90 532 123 45 67 now", "905321234567"),
        ("واتساب ۰۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567"),
        ("اتصل ٠٧٧٠١٢٣٤٥٦٧", "07701234567"),
        ("(555) 123-4567", "5551234567"),
        ("0090-212-555-1234", "00902125551234"),
        ("Têlefon: 0750 123 4567", "07501234567"),
    ],
)
def test_it_finds_phone_numbers_in_any_digits(text, digits):
    assert values(find_phones(text)) == [digits]


@pytest.mark.parametrize(
    "text",
    [
        "The vote on 2023-05-12 was close",
        "Seçim 14.05.2023 tarihinde yapıldı",
        "a budget of 1 000 000 000 dollars",
        "in 1990-2020 prices rose",
        "ئەنجومەن ١٠٠ دەنگی هەبوو",
    ],
)
def test_it_does_not_read_dates_and_amounts_as_phones(text):
    assert find_phones(text) == []


def test_it_tells_emails_from_handles():
    text = "write to ali.veli@mail.com.tr or @ali_veli"
    found = find_promotion_evidence(text)
    assert [(e.kind, e.value) for e in found] == [
        ("email", "ali.veli@mail.com.tr"),
        ("handle", "@ali_veli"),
    ]
    assert values(find_emails(text)) == ["ali.veli@mail.com.tr"]
    assert values(find_handles("no handle in a@b.co")) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("DM me for prices", "dm me"),
        ("WHATSAPP only", "whatsapp"),
        ("تواصلوا عبر الواتساب أو تيليجرام", "تیلیجرام"),
        ("تواصلوا عبر الواتساب", "الواتساب"),
        ("برای سفارش به دایرکت پیام بدید", "دایرکت"),
        ("kanalıma abone olun", "abone olun"),
        ("li kanala min binêrin", "kanala min"),
        ("پەیوەندی بکەن", "پهیوهندی"),
    ],
)
def test_it_finds_contact_requests_in_six_languages(text, word):
    assert word in values(find_contacts(text))


def test_contact_spans_point_at_what_the_reader_wrote():
    text = "Write on W h a t s A p p please"
    (found,) = find_contacts(text)
    assert text[found.start : found.end] == "W h a t s A p p"


_piece = st.sampled_from(
    [
        "hello ", "https://x.example.com/p?q=1 ", "www.shop.xyz ", "bit.ly/ab ",
        "+90 532 123 45 67",
        " ۰۹۱۲ ۱۲۳ ۴۵۶۷ ", "a@b.com ", "@handle ", "example[.]com ", "۲۰۲۴ ", "سلام ", ". ",
        "(", ")", "-", " ", "0", "7", "whatsapp ",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(_piece, st.text(max_size=6)), max_size=12).map("".join))
def test_every_span_lies_inside_the_text_and_holds_what_was_matched(text):
    found = find_promotion_evidence(text)
    for item in found:
        assert 0 <= item.start < item.end <= len(text)
        written = text[item.start : item.end]
        assert written == written.strip() or item.kind == "contact"
        if item.kind == "phone":
            assert sum(ch.isdecimal() for ch in written) == len(item.value)
        if item.kind in ("email", "handle"):
            assert written.casefold() == item.value
    spans = sorted((e.start, e.end) for e in found)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


@given(st.text(max_size=200))
def test_extractors_never_fail_and_stay_inside_the_text(text):
    for finder in (find_links, find_phones, find_emails, find_handles, find_contacts):
        for item in finder(text):
            assert 0 <= item.start <= item.end <= len(text)


def test_a_plain_comment_has_no_spam_signal():
    report = assess_signals("The minister's plan ignores the north; Hewlêr needs schools too.")
    assert report.spam_score == 0
    assert report.evidence == ()


def test_an_advert_with_link_and_phone_scores_high_with_reasons():
    report = assess_signals("Buy now at www.best-phones.shop or call +90 532 123 45 67")
    assert report.spam_score > 0.8
    assert report.domains == ("best-phones.shop",)
    assert {e.kind for e in report.evidence} == {"call_to_action", "link", "phone"}
    assert any(r.startswith("advert: ") for r in report.reasons)


def test_trusted_domains_do_not_count():
    text = "Source: https://www.bbc.co.uk/news/world-123"
    assert assess_signals(text).spam_score > 0
    assert assess_signals(text, Signals(trusted_domains=frozenset({"bbc.co.uk"}))).spam_score == 0


ADVERT = "Earn 500 dollars a day from home!!! Visit my page bestjobs.example.shop now"
VARIANT = "Earn 600 dollars a day from home! visit my page bestjobs.example.shop today :)"


def test_a_wave_of_near_copies_raises_the_spam_score():
    alone = assess_signals(VARIANT)
    wave = assess_signals(VARIANT, Signals(recent_texts=[ADVERT] * 5))
    assert wave.near_duplicates == 5
    assert wave.spam_score > alone.spam_score
    assert wave.max_similarity > 0.6


def test_short_common_comments_are_never_a_wave():
    report = assess_signals("Thank you!", Signals(recent_texts=["Thank you!"] * 50))
    assert report.near_duplicates == 0
    assert report.spam_score == 0


def test_history_counts_and_a_good_record_helps():
    text = "Another view: the ceasefire will not hold without monitors on the ground."
    rejected = assess_signals(text, Signals(author_rejected=8, author_approved=0))
    assert rejected.spam_score > 0
    assert "author's history: 8 of 8 rejected" in rejected.reasons
    link = "More here: https://example.org/report"
    trusted = assess_signals(link, Signals(author_approved=80))
    assert trusted.spam_score < assess_signals(link).spam_score


def test_sketches_are_stable_and_similar_for_small_edits():
    assert sketch(ADVERT) == sketch(ADVERT)
    assert sketch(ADVERT).similarity(sketch(VARIANT)) > 0.6
    other = "Parlamento bütçeyi uzun bir tartışmadan sonra kabul etti."
    assert sketch(ADVERT).similarity(sketch(other)) < 0.2


def test_the_index_finds_copies_and_forgets_the_oldest():
    index = NearDuplicateIndex(capacity=3)
    index.add(1, ADVERT)
    index.add(2, "Parlamento bütçeyi uzun bir tartışmadan sonra kabul etti.")
    assert [key for key, _ in index.query(VARIANT)] == [1]
    index.add(3, "ئەنجومەنی نیشتمانی بودجەی نوێی پەسەند کرد")
    index.add(4, "Meclîsê budçe piştî nîqaşeke dirêj pejirand")
    assert len(index) == 3
    assert index.query(VARIANT) == []
    with_index = assess_signals(VARIANT, Signals(recent_index=index))
    assert with_index.near_duplicates == 0


def test_a_stored_sketch_counts_as_its_text():
    advert = "Win a free phone today, just send your details to our team at the shop"
    copies = [advert.replace("today", day) for day in ("now", "tonight", "this week")]
    by_text = assess_signals(advert, Signals(recent_texts=copies))
    by_sketch = assess_signals(advert, Signals(recent_texts=[sketch(c) for c in copies]))
    assert by_text.near_duplicates == by_sketch.near_duplicates == 3
    assert by_text.spam_score == by_sketch.spam_score


_RECENT = [
    "Win a free phone now, just send your details to our team at the shop",
    "Parlamento bütçeyi uzun bir tartışmadan sonra kabul etti.",
    "Win a free phone tonight, just send your details to our team at the shop",
    "",
    "ok",
]


@given(st.sampled_from([*_RECENT, ADVERT, VARIANT]), st.floats(0.0, 1.0))
def test_recent_sketches_score_exactly_as_comparing_one_by_one(text, threshold):
    own = sketch(text)
    block = RecentSketches((n, sketch(t)) for n, t in enumerate(_RECENT))
    expected = [(n, own.similarity(sketch(t))) for n, t in enumerate(_RECENT)]
    expected = [(n, s) for n, s in expected if s >= threshold] if not own.empty else []
    assert sorted(block.query(own, threshold)) == sorted(expected)


def test_a_comment_is_never_its_own_copy():
    advert = _RECENT[0]
    block = RecentSketches((n, sketch(t)) for n, t in enumerate(_RECENT))
    index = NearDuplicateIndex()
    for n, t in enumerate(_RECENT):
        index.add(n, t)
    for recent in (block, index):
        report = assess_signals(advert, Signals(recent_index=recent, key=0))
        assert report.near_duplicates == 1
        assert assess_signals(advert, Signals(recent_index=recent)).near_duplicates == 2


def test_a_given_sketch_is_used_instead_of_the_text():
    block = RecentSketches([(1, sketch(ADVERT))])
    # The text says nothing; the sketch the caller passes says it is the advert.
    report = assess_signals("x" * 40, Signals(recent_index=block, sketch=sketch(ADVERT)))
    assert report.near_duplicates == 1


ORDINARY = [
    "Another view: the ceasefire will not hold without monitors on the ground.",
    "الجسر القديم يحتاج إلى إصلاح منذ سنوات، شكرا على الخبر",
    "Bu tamir çok gecikti, belediye daha önce harekete geçmeliydi.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_a_posting_rate_is_a_flood_reason_never_spam(text):
    # Behind a newsroom's proxy or a mobile carrier every reader shares an address.
    for signals, said in (
        (Signals(author_recent_count=12), "12 other comments by this commenter"),
        (Signals(address_recent_count=40), "40 comments by others from the same address"),
    ):
        report = assess_signals(text, signals)
        assert report.spam_score == 0, signals
        assert report.promotion_boost == 0
        assert any(r.startswith("flood") and said in r for r in report.reasons), report.reasons


def test_a_shared_address_record_is_shown_and_never_scored():
    text = ORDINARY[1]
    report = assess_signals(text, Signals(address_rejected=9, address_approved=1))
    assert report.spam_score == 0
    assert any("same address" in r and "9 of 10" in r for r in report.reasons), report.reasons
    # The commenter's own record does count.
    assert assess_signals(text, Signals(author_rejected=9, author_approved=1)).spam_score > 0


def test_a_price_alone_is_news_talk_not_evidence():
    report = assess_signals("Bread costs 5 dinars now and fuel $4 a gallon")
    assert report.spam_score == 0
    assert report.evidence == ()
    shop = assess_signals("Phones from $99, call 0532 123 45 67")
    assert "price" in {e.kind for e in shop.evidence}
    assert shop.spam_score >= 0.98


@pytest.mark.parametrize(
    "text",
    [
        "72.138.191.63 this isn't a shouting contest",
        "Wikipedia:Suspected sock puppets/216.163.40.100 looks to still be open",
    ],
)
def test_it_does_not_read_ip_addresses_as_phones(text):
    assert find_phones(text) == []


def test_a_reply_to_many_readers_is_one_handle_not_many():
    one = assess_signals("@ali I agree with you on the budget")
    many = assess_signals("@ali @veli @ayse @can @deniz @ece I agree with you on the budget")
    assert many.promotion_boost == one.promotion_boost > 0


def test_the_same_link_twice_counts_once():
    once = assess_signals("Best part at https://www.youtube.com/watch?v=1 really")
    twice = assess_signals(
        "Best part at https://www.youtube.com/watch?v=1 and https://www.youtube.com/watch?v=2"
    )
    assert twice.promotion_boost == once.promotion_boost


def test_a_link_with_nothing_said_about_it_weighs_more_than_a_cited_one():
    bare = assess_signals("http://flipagram.com/f/LUkA1QMrhF")
    cited = assess_signals("Source for the figures: https://example.org/report")
    assert bare.promotion_boost > cited.promotion_boost > 0
    assert any("nothing else" in r for r in bare.reasons)
