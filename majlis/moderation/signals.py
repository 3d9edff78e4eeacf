"""Signals outside a comment's meaning: links, phone numbers, contacts, spam waves, the author.

A promoter's comment is recognisable less by its words than by what it asks the reader to
do (open a link, call a number, write on WhatsApp) and by how it is posted (the same advert
twenty times with small changes, ten comments a minute, an author whose comments were
rejected before). Everything here is a pure function over plain data: the Django side
queries the recent comments and the author's history and passes them in as `Signals`.

Extractors read the *original* text, so that every span points at what the reader wrote,
and match Unicode digits (Arabic-Indic ``٠١٢``, Persian ``۰۱۲``) as digits. Contact words
(``WhatsApp``, ``واتساب``, ``DM me``) are matched on the normalised text, which folds case,
Arabic-script variants and spacing tricks, and mapped back to the original.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from majlis.moderation.duplicates import NearDuplicateIndex, RecentSketches, Sketch, sketch
from majlis.moderation.normalize import normalize

if TYPE_CHECKING:
    from majlis.moderation.prepared import Prepared

__all__ = [
    "Evidence",
    "NearDuplicateIndex",
    "RecentSketches",
    "SignalReport",
    "Signals",
    "assess_signals",
    "find_contacts",
    "find_emails",
    "find_links",
    "find_phones",
    "find_promotion_evidence",
]

LINK, PHONE, EMAIL, HANDLE, CONTACT = "link", "phone", "email", "handle", "contact"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing found in a comment: its kind, its span in the original text, its value.

    `value` is what the moderator needs at a glance: a link's domain, a phone number's
    digits, an email address, a handle, the contact word.
    """

    kind: str
    start: int
    end: int
    value: str


# --- links ----------------------------------------------------------------------------------

# Link shorteners hide where a link goes; messenger links (t.me, wa.me) are contact requests.
SHORTENERS: frozenset[str] = frozenset({
    "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "cutt.ly",
    "rebrand.ly", "shorturl.at", "tiny.cc", "rb.gy", "s.id", "linktr.ee", "t.me", "wa.me",
    "t.ly", "bl.ink", "v.gd", "shorte.st", "adf.ly", "lnkd.in", "youtu.be",
})  # fmt: skip
# TLDs that are cheap and mostly used for throwaway sites, or sell things by name.
SPAM_TLDS: frozenset[str] = frozenset({
    "xyz", "top", "click", "tk", "ml", "ga", "cf", "gq", "pw", "icu", "buzz", "win", "bid",
    "loan", "work", "shop", "store", "sale", "deals", "discount", "casino", "bet", "vip",
    "online", "site", "live", "fun", "monster", "rest", "cam", "loans", "trade",
})  # fmt: skip
# A bare "word.tld" is a link only for TLDs that are rarely the end of a sentence glued to
# the next word: "in", "it", "is", "at", "to", "be", "me" read as words too often.
_BARE_TLDS = sorted(
    SPAM_TLDS
    | {
        "com", "net", "org", "info", "biz", "io", "co", "ly", "app", "link", "tv", "cc",
        "ru", "cn", "tr", "ir", "iq", "sa", "ae", "eg", "uk", "de", "fr", "us", "gg",
        "edu", "gov", "news", "blog", "page", "site", "media", "club", "ws", "su", "az",
    },
    key=len,
    reverse=True,
)  # fmt: skip
_TLD = "(?:" + "|".join(_BARE_TLDS) + ")"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_SHORT = "|".join(re.escape(d) for d in sorted(SHORTENERS, key=len, reverse=True))
_TAIL = r"(?:[/?#][^\s<>\"'()\[\]{}]*)?"

_URL = re.compile(
    rf"""
    (?P<scheme>https?://|www\.)[^\s<>"'\[\]{{}}]+        # scheme or www.: anything up to a space
    | (?<![\w@.-])(?P<host>(?:{_LABEL}\.)+{_TLD})(?![\w-]) {_TAIL}    # bare example.shop/x
    | (?<![\w@.-])(?:{_SHORT})/[^\s<>"'()\[\]{{}}]+                  # bare bit.ly/x, t.me/x
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "example[.]com", "example (dot) com", "example dot com", "www example com": a link whose
# writer tried to get past link filters, which is more telling than a plain link.
_DOT_WORD = r"(?:dot|nokta|نقطة|نقطه|دات|خاڵ)"
_OBFUSCATED = re.compile(
    rf"""
    (?<![\w.])(?P<name>{_LABEL})
    (?:\s*[\[({{]\s*(?:\.|{_DOT_WORD})\s*[\])}}]\s* | \s+{_DOT_WORD}\s+ | \s+\.\s* | \s*\.\s+)
    (?P<tld>com|net|org|shop|store|xyz|info|online|site|ir|tr|ly|io)(?![\w])
    | (?<![\w.])www[\s.\[\]()]+(?P<name2>{_LABEL})[\s.\[\]()]+(?P<tld2>{_TLD})(?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TRAILING_PUNCT = ".,;:!?…،؛؟»\"')]}"


def _domain_of(url: str) -> str:
    host = re.sub(r"^(?:https?://)", "", url, flags=re.IGNORECASE)
    host = re.split(r"[/?#:]", host, maxsplit=1)[0].casefold().rstrip(".")
    return host.removeprefix("www.")


def find_links(text: str) -> list[Evidence]:
    """Links in `text`: with a scheme, ``www.``, bare ``example.shop`` or obfuscated.

    `value` is the domain (without ``www.``); obfuscated links get kind ``link`` too, with
    the domain spelt plainly.
    """
    found: list[Evidence] = []
    for match in _URL.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING_PUNCT:
            end -= 1
        domain = _domain_of(text[start:end])
        if "." in domain:
            found.append(Evidence(LINK, start, end, domain))
    taken = [(e.start, e.end) for e in found]
    for match in _OBFUSCATED.finditer(text):
        start, end = match.span()
        if any(a < end and start < b for a, b in taken):
            continue
        name = (match.group("name") or match.group("name2")).casefold()
        tld = (match.group("tld") or match.group("tld2")).casefold()
        found.append(Evidence(LINK, start, end, f"{name}.{tld}"))
    found.sort(key=lambda e: e.start)
    return found


def is_obfuscated(link: Evidence, text: str) -> bool:
    """Whether a found link was written so that a link filter would miss it."""
    written = text[link.start : link.end].casefold()
    return link.value not in written and not written.startswith(("http", "www."))


# --- phone numbers and emails ---------------------------------------------------------------

# A digit (any script), then digits with at most two separators between them.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d(?:[ \u00a0\-.()/]{0,2}\d){6,17}(?![\w])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+", re.I)


def _digits(run: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in run if ch.isdecimal())


def _looks_like_phone(run: str) -> bool:
    digits = _digits(run)
    if not 8 <= len(digits) <= 15:
        return False
    stripped = run.lstrip("(")
    if stripped.startswith(("+", "00")):
        return True
    groups = re.split(r"[^\d]+", run.strip("()"))
    # Thousands ("1 000 000 000") and dates ("2023-05-12", "12.05.2023") are numbers too.
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
        return False
    if len(groups) == 3 and sorted(map(len, groups)) in ([2, 2, 4], [1, 2, 4], [1, 1, 4]):
        return False
    # A local number starts with a trunk 0 (0532…, ۰۹۱۲…); otherwise ask for ten digits.
    return digits.startswith("0") or len(digits) >= 10


def find_phones(text: str) -> list[Evidence]:
    """Phone numbers, international (``+964 750 …``, ``0090…``) or local (``0532 …``, ``۰۹۱۲…``)."""
    found = []
    for match in _PHONE.finditer(text):
        run = match.group()
        start, end = match.span()
        # A bracket opened or closed outside the number is not part of it.
        if run.endswith(")") and "(" not in run:
            end -= 1
        if _looks_like_phone(text[start:end]):
            found.append(Evidence(PHONE, start, end, _digits(text[start:end])))
    return found


def find_emails(text: str) -> list[Evidence]:
    """Email addresses; `value` is the address, case-folded."""
    return [Evidence(EMAIL, *m.span(), m.group().casefold()) for m in _EMAIL.finditer(text)]


# --- handles and contact requests ----------------------------------------------------------

_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")

# Messenger names and "write to me" requests, in the folded spelling `normalize` produces
# (lower case, ی/ک/ه for Arabic-script variants, no ZWNJ or diacritics). A trailing `*`
# lets the last word take a suffix: Turkish "abone ol" is written "abone olun", "olmayı".
_CONTACT_TERMS = (
    # en
    "whatsapp", "whats app", "watsapp", "telegram", "snapchat", "instagram", "insta",
    "tiktok", "viber", "wechat", "dm me", "pm me", "inbox me", "message me", "text me",
    "call me", "contact me", "my channel", "my page", "follow me", "subscribe",
    # ar
    "واتساب", "واتس اب", "واتس", "تلغرام", "تلیجرام", "تیلیجرام", "تلیغرام", "انستغرام", "انستقرام",
    "سناب", "راسلنی", "تابعونا", "تابعنا", "تواصل معی", "للتواصل", "الخاص", "اشترک",
    "تابعونی", "قناتی",
    # fa
    "تلگرام", "اینستاگرام", "اینستا", "واتس آپ", "دایرکت", "پیوی", "پی وی", "ایتا",
    "روبیکا", "کانال ما", "کانالم", "پیجم", "پیج ما", "فالو کنید", "تماس بگیرید",
    # tr
    "dm'den", "dmden", "özelden", "ozelden", "kanalıma", "kanalima", "abone ol*",
    "takip et*", "iletişim için", "iletisim icin", "bana yazın", "bana yazin",
    # ckb (folded: ە and ھ become ه)
    "تهلهگرام", "پهیوهندی", "سهبسکرایب", "کهناڵهکهم", "پهیجهکهم",
    # kmr
    "kanala min", "peywendî", "peywendi", "bişopînin", "bisopinin", "rûpela min",
)  # fmt: skip
# Arabic writes "the WhatsApp" as one word: الواتساب.
_CONTACT = re.compile(
    r"(?<!\w)(?:ال)?(?:"
    + "|".join(
        re.escape(t.rstrip("*")) + (r"\w*" if t.endswith("*") else "")
        for t in sorted(_CONTACT_TERMS, key=len, reverse=True)
    )
    + r")(?!\w)"
)


def find_handles(text: str) -> list[Evidence]:
    """``@name`` handles (not the middle of an email address); `value` is the handle."""
    return [Evidence(HANDLE, *m.span(), m.group().casefold()) for m in _HANDLE.finditer(text)]


def find_contacts(text: str | Prepared) -> list[Evidence]:
    """Messenger names and requests to get in touch, in the six languages."""
    folded = normalize(text) if isinstance(text, str) else text.normalized
    found = []
    for match in _CONTACT.finditer(folded.text):
        start, end = folded.to_original(*match.span())
        found.append(Evidence(CONTACT, start, end, match.group()))
    return found


def find_promotion_evidence(text: str | Prepared) -> list[Evidence]:
    """Every link, phone, email, handle and contact request, without overlaps, in text order.

    Where two overlap the earlier extractor in that list wins: the ``@`` of an email is
    not a handle, and the digits of a link are not a phone number.
    """
    original = text if isinstance(text, str) else text.text
    chosen: list[Evidence] = []
    found = (
        *(f(original) for f in (find_links, find_emails, find_phones, find_handles)),
        find_contacts(text),
    )
    for items in found:
        for item in items:
            if not any(e.start < item.end and item.start < e.end for e in chosen):
                chosen.append(item)
    chosen.sort(key=lambda e: (e.start, e.end))
    return chosen


# --- the report -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signals:
    """What the caller knows beyond the text, as plain data.

    `recent_texts`: recent comments (site-wide or under the article, within a window the
    caller chooses), the comment itself excluded, each as its text or as its stored
    `duplicates.Sketch` (which spares sketching it again); or pass `recent_index`, a
    `NearDuplicateIndex` the caller keeps up to date (each query is sub-linear) or a
    `RecentSketches` built once for a batch; `key` is the comment's own key there, never
    counted as its own copy. `sketch`: the comment's own sketch, when the caller has it.
    `author_recent_count`: the commenter's other comments (same email) in the rate window.
    `author_approved` / `author_rejected`: their earlier decided comments.
    `address_*`: the same for the *other* commenters who posted from the comment's client
    address. Many readers share one (a newsroom's proxy, a mobile carrier): these are shown
    to the moderator and never scored.
    `trusted_domains`: the site's own and other reputable domains; links there do not count.
    """

    recent_texts: Sequence[str | Sketch] = ()
    recent_index: NearDuplicateIndex | RecentSketches | None = None
    key: Hashable | None = None
    sketch: Sketch | None = None
    author_recent_count: int = 0
    author_approved: int = 0
    author_rejected: int = 0
    author_first_seen_days: float | None = None
    address_recent_count: int = 0
    address_approved: int = 0
    address_rejected: int = 0
    trusted_domains: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class SignalReport:
    """`promotion_boost`: how promotional the text's links and contacts make it, in [0, 1].
    `spam_score`: that combined with the behaviour around it (copies, the commenter's record).
    `reasons`: a plain line for everything that moved either, and for the flood signals
    (posting rate, a busy shared address), which move neither.
    """

    spam_score: float
    promotion_boost: float
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    domains: tuple[str, ...]
    near_duplicates: int
    max_similarity: float


# Noisy-OR weights: each is the chance, alone, that a comment showing it is promotion.
_WEIGHTS = {
    LINK: 0.35,
    "shortener": 0.6,
    "spam_tld": 0.6,
    "obfuscated": 0.75,
    PHONE: 0.55,
    EMAIL: 0.45,
    HANDLE: 0.15,
    CONTACT: 0.3,
}
# A copy must be long enough to be more than "thank you" or "+1", which many post alike.
_MIN_DUPLICATE_CHARS = 25
_DUPLICATE_SIMILARITY = 0.6


def _noisy_or(chances: Sequence[float]) -> float:
    return 1.0 - math.prod(1.0 - min(max(c, 0.0), 1.0) for c in chances)


def _is_trusted(domain: str, trusted: frozenset[str]) -> bool:
    return any(domain == t or domain.endswith("." + t) for t in trusted)


def _text_chances(
    text: str, evidence: list[Evidence], trusted: frozenset[str]
) -> tuple[list[float], list[str]]:
    chances: list[float] = []
    reasons: list[str] = []
    for item in evidence:
        if item.kind == LINK:
            if _is_trusted(item.value, trusted):
                continue
            weight, why = _WEIGHTS[LINK], "link"
            if item.value in SHORTENERS:
                weight, why = _WEIGHTS["shortener"], "shortened or messenger link"
            elif item.value.rsplit(".", 1)[-1] in SPAM_TLDS:
                weight, why = _WEIGHTS["spam_tld"], "link to a commercial or throwaway domain"
            if is_obfuscated(item, text):
                weight, why = _WEIGHTS["obfuscated"], "disguised link"
            chances.append(weight)
            reasons.append(f"{why}: {item.value}")
        else:
            chances.append(_WEIGHTS[item.kind])
            reasons.append(f"{item.kind}: {item.value}")
    # Several contact channels together (a link and a phone) are a signature of adverts.
    if len({e.kind for e in evidence}) >= 2 and chances:
        chances.append(0.3)
    return chances, reasons


def _duplicates(text: str | Prepared, signals: Signals) -> tuple[int, float]:
    original = text if isinstance(text, str) else text.text
    if len(original.strip()) < _MIN_DUPLICATE_CHARS:
        return 0, 0.0
    if signals.recent_index is None and not signals.recent_texts:
        return 0, 0.0  # nothing to compare with: no sketch to make
    own: Sketch = signals.sketch or sketch(text)
    if own.empty:
        return 0, 0.0
    if signals.recent_index is not None:
        hits = signals.recent_index.query(own, threshold=_DUPLICATE_SIMILARITY, exclude=signals.key)
        similarities = [s for _, s in hits]
    else:
        similarities = [
            own.similarity(t if isinstance(t, Sketch) else sketch(t)) for t in signals.recent_texts
        ]
        similarities = [s for s in similarities if s >= _DUPLICATE_SIMILARITY]
    return len(similarities), max(similarities, default=0.0)


# A posting rate from which a flood is worth the moderator's eye (not scored: see `_flood`).
_FLOOD = 5


def _flood(signals: Signals) -> list[str]:
    """The flood signals, in plain words. They move no score: one reader posting fast is
    not an advert, and behind a proxy or a mobile carrier every reader shares an address."""
    lines = []
    if signals.author_recent_count >= _FLOOD:
        lines.append(
            f"flood (not scored): {signals.author_recent_count} other comments by this "
            "commenter just before"
        )
    if signals.address_recent_count >= _FLOOD:
        lines.append(
            f"flood (not scored): {signals.address_recent_count} comments by others from the "
            "same address just before (a shared proxy or mobile network, perhaps)"
        )
    decided = signals.address_approved + signals.address_rejected
    if signals.address_rejected:
        lines.append(
            f"same address, other commenters (not scored): {signals.address_rejected} of "
            f"{decided} rejected"
        )
    return lines


def assess_signals(text: str | Prepared, signals: Signals | None = None) -> SignalReport:
    """Score the promotion and spam signals around one comment, with their evidence."""
    signals = signals or Signals()
    original = text if isinstance(text, str) else text.text
    trusted = frozenset(d.casefold().removeprefix("www.") for d in signals.trusted_domains)
    evidence = find_promotion_evidence(text)
    chances, reasons = _text_chances(original, evidence, trusted)
    promotion = _noisy_or(chances)

    behaviour: list[float] = []
    copies, similarity = _duplicates(text, signals)
    if copies:
        # One earlier copy may be a double submit; a wave is several, worse with a link.
        behaviour.append(min(0.9, 0.25 + 0.15 * (copies - 1) + 0.3 * promotion))
        reasons.append(f"{copies} near-identical recent comment(s), similarity {similarity:.2f}")
    reasons.extend(_flood(signals))
    decided = signals.author_approved + signals.author_rejected
    if signals.author_rejected:
        # Smoothed rejection rate: two rejections out of two mean less than twenty of twenty.
        rate = signals.author_rejected / (decided + 2)
        behaviour.append(0.5 * rate)
        reasons.append(f"author's history: {signals.author_rejected} of {decided} rejected")
    spam = _noisy_or([promotion, *behaviour])
    # An author with a long approved record earns benefit of the doubt, never immunity.
    if signals.author_approved >= 5 and signals.author_rejected * 10 <= signals.author_approved:
        trust = min(0.4, signals.author_approved / 100)
        spam *= 1.0 - trust
        promotion *= 1.0 - trust
        reasons.append(f"author's history: {signals.author_approved} comments approved")
    domains = tuple(dict.fromkeys(e.value for e in evidence if e.kind == LINK))
    return SignalReport(
        spam_score=round(spam, 4),
        promotion_boost=round(promotion, 4),
        reasons=tuple(reasons),
        evidence=tuple(evidence),
        domains=domains,
        near_duplicates=copies,
        max_similarity=round(similarity, 4),
    )
