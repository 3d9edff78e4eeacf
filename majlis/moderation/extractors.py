"""Where a comment sends its reader: links, phone numbers, emails, handles, contact words and
offers, each found with its span in the text as the reader wrote it.

Extractors read the *original* text, so that every span points at what the reader wrote,
and match Unicode digits (Arabic-Indic ``٠١٢``, Persian ``۰۱۲``) as digits. Contact words
(``WhatsApp``, ``واتساب``, ``DM me``) are matched on the normalised text, which folds case,
Arabic-script variants and spacing tricks, and mapped back to the original. `signals`
weighs what is found here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from majlis.moderation.normalize import normalize
from majlis.moderation.offers import CALL_TO_ACTION, DISCOUNT, PITCH, PRICE, find_offers

if TYPE_CHECKING:
    from majlis.moderation.prepared import Prepared

LINK, PHONE, EMAIL, HANDLE, CONTACT = "link", "phone", "email", "handle", "contact"
OFFER_KINDS = frozenset({PRICE, DISCOUNT, CALL_TO_ACTION, PITCH})
# Offers that are ordinary talk alone ("bread costs 5 dinars", "cheap labour"): they count,
# and are shown, only beside a seller's phone, email or shop link.
WEAK_OFFERS = frozenset({PRICE, PITCH})


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
    "loan", "work", "shop", "store", "biz", "sale", "deals", "discount", "casino", "bet", "vip",
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


def blank_links(text: str, links: Sequence[Evidence]) -> str:
    """``text`` with each link replaced by spaces: the same length and offsets, what is
    said around the links."""
    if not links:
        return text
    chars = list(text)
    for link in links:
        chars[link.start : link.end] = " " * (link.end - link.start)
    return "".join(chars)


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
    # An IP address ("72.138.191.63"), as talk pages sign their anonymous editors.
    if len(groups) == 4 and re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", run):
        return False
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
    """Every link, phone, email, handle, contact request and offer (price, discount, call to
    action: `offers`), without overlaps, in text order.

    Where two overlap the earlier extractor in that list wins: the ``@`` of an email is
    not a handle, and the digits of a link are not a phone number.
    """
    original = text if isinstance(text, str) else text.text
    chosen: list[Evidence] = []
    found = (
        find_links(original) if isinstance(text, str) else text.links,
        *(f(original) for f in (find_emails, find_phones, find_handles)),
        find_contacts(text),
        [Evidence(o.kind, o.start, o.end, o.value) for o in find_offers(text)],
    )
    for items in found:
        for item in items:
            if not any(e.start < item.end and item.start < e.end for e in chosen):
                chosen.append(item)
    chosen.sort(key=lambda e: (e.start, e.end))
    return chosen
