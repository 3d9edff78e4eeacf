"""Signals outside a comment's meaning: links, phone numbers, contacts, spam waves, the author.

A promoter's comment is recognisable less by its words than by what it asks the reader to
do (open a link, call a number, write on WhatsApp) and by how it is posted (the same advert
twenty times with small changes, ten comments a minute, an author whose comments were
rejected before). Everything here is a pure function over plain data: the Django side
queries the recent comments and the author's history and passes them in as `Signals`.

What the text holds (links, phones, contact words, offers) is found by `extractors`; this
module weighs it with what lies around the comment.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from majlis.moderation.duplicates import NearDuplicateIndex, RecentSketches, Sketch, sketch
from majlis.moderation.extractors import (
    CALL_TO_ACTION,
    CONTACT,
    DISCOUNT,
    EMAIL,
    HANDLE,
    LINK,
    OFFER_KINDS,
    PHONE,
    SHORTENERS,
    SPAM_TLDS,
    WEAK_OFFERS,
    Evidence,
    blank_links,
    find_contacts,
    find_emails,
    find_handles,
    find_links,
    find_phones,
    find_promotion_evidence,
    is_obfuscated,
)
from majlis.moderation.reasons import Reason

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
    "find_handles",
    "find_links",
    "find_phones",
    "find_promotion_evidence",
]

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
    "bare_link": 0.4,
    PHONE: 0.55,
    EMAIL: 0.45,
    HANDLE: 0.15,
    CONTACT: 0.3,
    DISCOUNT: 0.3,
    CALL_TO_ACTION: 0.3,
}
# A word of two letters or more, in any script.
_WORDS = re.compile(r"[^\W\d_]{2,}")
# An offer with a way to take it up, and with at least three marks of an advert among the
# offers and channels (or a phone, an email or a shop's link): the first alone is left to a
# person (well under the default policy's 0.98), the second is rejected.
_ADVERT, _ADVERT_SURE = 0.75, 0.97
# Near-copies from which, when each gives a way to reach the sender, they are a spam wave.
_WAVE, _WAVE_WITH_CHANNEL = 3, 0.98
# A copy must be long enough to be more than "thank you" or "+1", which many post alike.
_MIN_DUPLICATE_CHARS = 25
_DUPLICATE_SIMILARITY = 0.6


def _noisy_or(chances: Sequence[float]) -> float:
    return 1.0 - math.prod(1.0 - min(max(c, 0.0), 1.0) for c in chances)


def _is_trusted(domain: str, trusted: frozenset[str]) -> bool:
    return any(domain == t or domain.endswith("." + t) for t in trusted)


@dataclass
class _Reading:
    """What the text's own signals say: hints for the noisy-OR, their reasons, the ways to
    reach the seller it gives, and whether it reads as an advert (an offer and a way)."""

    chances: list[float] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    channels: set[str] = field(default_factory=set)
    advert: bool = False


def _read_text(text: str, evidence: list[Evidence], trusted: frozenset[str]) -> _Reading:
    found = _Reading()
    strong = False  # a phone, an email, or a shop's or shortened link
    offers: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for item in evidence:
        # The same link twice, or a reply naming ten readers, is one hint, not ten: only the
        # first of each link's domain, and the first handle of all, count.
        key = (HANDLE, "") if item.kind == HANDLE else (item.kind, item.value)
        if key in seen and item.kind in (LINK, HANDLE):
            continue
        seen.add(key)
        if item.kind == LINK:
            if _is_trusted(item.value, trusted):
                continue
            weight, why = _WEIGHTS[LINK], ""
            if item.value in SHORTENERS:
                weight, why = _WEIGHTS["shortener"], "short_link"
            elif item.value.rsplit(".", 1)[-1] in SPAM_TLDS:
                weight, why = _WEIGHTS["spam_tld"], "spam_link"
            if is_obfuscated(item, text):
                weight, why = _WEIGHTS["obfuscated"], "disguised_link"
            strong |= weight > _WEIGHTS[LINK]
            found.channels.add(LINK)
            found.chances.append(weight)
            found.reasons.append(Reason(why, value=item.value) if why else _found(LINK, item.value))
        elif item.kind in OFFER_KINDS:
            offers.add(item.kind)
            if item.kind not in WEAK_OFFERS:
                found.chances.append(_WEIGHTS[item.kind])
                found.reasons.append(_found(item.kind, item.value))
        else:
            found.chances.append(_WEIGHTS[item.kind])
            found.reasons.append(_found(item.kind, item.value))
            if item.kind != HANDLE:  # "@name" answers another reader more often than not
                found.channels.add(item.kind)
                strong |= item.kind in (PHONE, EMAIL)
    # A link with nothing said about it: a reader citing a source says what it shows
    # ("source:", "the full report"); 38 of the YouTube spam links stood alone, no ordinary
    # comment of the sets did (training rows of `training/train_promotion.py`).
    if LINK in found.channels and not _WORDS.search(
        blank_links(text, [e for e in evidence if e.kind == LINK])
    ):
        found.chances.append(_WEIGHTS["bare_link"])
        found.reasons.append("a link and nothing else")
    # Several contact channels together (a link and a phone) are a signature of adverts; a
    # handle is how readers answer each other, a channel only beside a contact word
    # ("follow me on instagram @shop").
    handle = CONTACT in found.channels and any(e.kind == HANDLE for e in evidence)
    if len(found.channels) + handle >= 2:
        found.chances.append(0.3)
    # An offer with a way to take it up is an advert: "50 % off" and a shop's phone number.
    selling, weak = offers - WEAK_OFFERS, offers & WEAK_OFFERS
    if found.channels and (selling or (weak and strong)):
        found.advert = True
        marks = len(selling) + len(weak) + len(found.channels) + strong
        found.chances.append(_ADVERT_SURE if marks >= 3 else _ADVERT)
        what = [*sorted(k.replace("_", " ") for k in offers), *sorted(found.channels)]
        found.reasons.append(Reason("advert_offer", kinds=", ".join(what)))
        found.reasons.extend(_found(e.kind, e.value) for e in evidence if e.kind in weak)
    return found


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


def _found(kind: str, value: str) -> Reason:
    """What an extractor found ("phone: 0750 …"), its kind in words ("call to action")."""
    return Reason("found", kind=kind.replace("_", " "), value=value)


def _flood(signals: Signals) -> list[str]:
    """The flood signals, in plain words. They move no score: one reader posting fast is
    not an advert, and behind a proxy or a mobile carrier every reader shares an address."""
    lines = []
    if signals.author_recent_count >= _FLOOD:
        lines.append(Reason("author_flood", count=signals.author_recent_count))
    if signals.address_recent_count >= _FLOOD:
        lines.append(Reason("address_flood", count=signals.address_recent_count))
    decided = signals.address_approved + signals.address_rejected
    if signals.address_rejected:
        lines.append(Reason("address_history", rejected=signals.address_rejected, decided=decided))
    return lines


def assess_signals(text: str | Prepared, signals: Signals | None = None) -> SignalReport:
    """Score the promotion and spam signals around one comment, with their evidence."""
    signals = signals or Signals()
    original = text if isinstance(text, str) else text.text
    trusted = frozenset(d.casefold().removeprefix("www.") for d in signals.trusted_domains)
    evidence = find_promotion_evidence(text)
    reading = _read_text(original, evidence, trusted)
    if not reading.advert:
        # A price is evidence only of an advert: elsewhere it is what the article is about.
        evidence = [e for e in evidence if e.kind not in WEAK_OFFERS]
    reasons = reading.reasons
    promotion = _noisy_or(reading.chances)

    behaviour: list[float] = []
    copies, similarity = _duplicates(text, signals)
    if copies >= _WAVE and reading.channels:
        # The same text again and again, each time with a way to reach the sender: a wave.
        behaviour.append(_WAVE_WITH_CHANNEL)
        reasons.append(Reason("near_copies", count=copies, similarity=f"{similarity:.2f}"))
    elif copies:
        # One earlier copy may be a double submit; a wave is several, worse with a link.
        behaviour.append(min(0.9, 0.25 + 0.15 * (copies - 1) + 0.3 * promotion))
        reasons.append(Reason("near_copies", count=copies, similarity=f"{similarity:.2f}"))
    reasons.extend(_flood(signals))
    decided = signals.author_approved + signals.author_rejected
    if signals.author_rejected:
        # Smoothed rejection rate: two rejections out of two mean less than twenty of twenty.
        rate = signals.author_rejected / (decided + 2)
        behaviour.append(0.5 * rate)
        reasons.append(Reason("author_rejected", rejected=signals.author_rejected, decided=decided))
    spam = _noisy_or([promotion, *behaviour])
    # An author with a long approved record earns benefit of the doubt, never immunity.
    if signals.author_approved >= 5 and signals.author_rejected * 10 <= signals.author_approved:
        trust = min(0.4, signals.author_approved / 100)
        spam *= 1.0 - trust
        promotion *= 1.0 - trust
        reasons.append(Reason("author_approved", approved=signals.author_approved))
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
