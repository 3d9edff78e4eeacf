"""Is a comment about the article it is posted under? Word overlap, character n-grams, adverts.

The score is the *off-topic* side: near 0 when the comment talks about what the article
talks about, near 1 when it talks about something else. Three kinds of evidence:

* content words shared with the article, after a light stemming that serves six languages
  at once: a Latin-script word is cut to its first five letters (Turkish and Kurmanji add
  suffixes: ``seçimlerde``, ``hilbijartinê``), an Arabic-script word loses the common
  clitics and suffixes (``وال``, ``ها``, ``ەکان``) first. Title and tags weigh three times
  the body: they say what the article is about, the body also says much else;
* the cosine of character 3-grams of content words, which catches what stemming misses
  (Arabic broken plurals, compounds, misspellings);
* numbers and Latin-script names, which survive a change of language (``2024``, ``۲۰۲۴``
  and ``NATO`` read the same under an English and a Persian article).

A logistic regression weighs these with the comment's and the article's lengths: a long
comment shares a few words with any article by chance, and a long article with any comment.

What it will not do: call a short comment off-topic ("+1", "well said", "سوپاس" carry no
topic to compare), or be sure of a comment in another language than the article (its words
cannot match; it is held at "ask a person"). Adverts are off-topic wherever they are
posted, whatever their length or language.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from majlis.moderation.langid import identify
from majlis.moderation.normalize import Normalized, normalize
from majlis.moderation.reasons import Reason
from majlis.moderation.relevance_words import ADVERT_WORDS, STOPWORDS
from majlis.moderation.signals import SignalReport, assess_signals

if TYPE_CHECKING:
    from majlis.moderation.prepared import Prepared

__all__ = [
    "CROSS_LANGUAGE_CAP",
    "IDF_FORMAT",
    "content_stems",
    "off_topic_score",
    "relevance",
    "words_of",
]

IDF_FORMAT = "majlis-relevance-idf/1"

#: A comment in another language than its article is never scored above this, unless it is
#: an advert: the policy's review zone, not its rejection zone.
CROSS_LANGUAGE_CAP = 0.55
# Content words a comment needs before its score may reach its full height.
_FULL_CONFIDENCE_WORDS = 8
_TITLE_WEIGHT = 3.0
_BODY_CHARS = 20_000  # a long body's first part says what it is about
_LANGUAGE_ALIASES = {"ku": "kmr", "kur": "kmr", "sdh": "ckb", "per": "fa", "pes": "fa"}

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_ARABIC_PREFIXES = ("وال", "بال", "کال", "فال", "لل", "ال")
_ARABIC_SUFFIXES = (
    "هکانی", "هکان", "هکهی", "هکه", "کان", "یهکان", "ترین", "های", "هایی", "ها", "ات",
    "ون", "ین", "ان", "هم", "کم", "نا", "یش", "ی", "ه",
)  # fmt: skip
_ARABIC_SUFFIXES = tuple(sorted(set(_ARABIC_SUFFIXES), key=len, reverse=True))
_LATIN_SUFFIXES = ("'s", "’s", "s")


def _stem(word: str) -> str:
    if _ARABIC_LETTER.match(word):
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix) :]
                break
        else:
            # A one-letter conjunction or preposition (و ب ل ف) before a long word.
            if word[0] in "وبلف" and len(word) >= 5:
                word = word[1:]
        for suffix in _ARABIC_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        return word[:5]
    word = word.split("'", 1)[0]  # Turkish "Erdoğan'ın", English "minister's"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:5]


@dataclass(frozen=True, slots=True)
class _Profile:
    """What one text (an article or a comment) is about, in comparable pieces."""

    stems: dict[str, float]  # stem -> weight
    surfaces: dict[str, str]  # stem -> a word as written (folded), for the reasons
    grams: dict[str, float]
    numbers: frozenset[str]
    content_words: int


def words_of(normalized: Normalized) -> tuple[str, ...]:
    """The words and figures of a folded text, in order: what relevance reads of it."""
    return tuple(_WORD.findall(normalized.text))


def _tokens(text: str | Prepared) -> Sequence[str]:
    return words_of(normalize(text)) if isinstance(text, str) else text.words


def content_stems(text: str) -> list[str]:
    """The stems of `text`'s content words, in order: what relevance compares."""
    stems = []
    for token in _tokens(text):
        if token[0].isdigit() or len(token) < 2 or token in STOPWORDS:
            continue
        stem = _stem(token)
        if len(stem) >= 2:
            stems.append(stem)
    return stems


def load() -> None:
    """Read the stem rarity table now rather than on the first comment."""
    _idf()


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """Per stem, how rare it is in comments (1 = unseen), from `build_relevance_idf.py`.

    A shared "page" or "people" says little; a shared "ceasefire" says a lot. Without the
    artifact every stem weighs the same.
    """
    artifact = resources.files("majlis.moderation").joinpath("artifacts", "relevance_idf.json")
    if not artifact.is_file():
        return {}, 1.0
    with artifact.open(encoding="utf-8") as stream:
        data = json.load(stream)
    if data.get("format") != IDF_FORMAT:
        raise ValueError(f"relevance_idf.json: expected format {IDF_FORMAT}")
    return data["idf"], float(data["unseen"])


def _rarity(stem: str) -> float:
    table, unseen = _idf()
    return table.get(stem, unseen) / unseen


def _add(profile: tuple[Counter[str], dict[str, str], Counter[str], set[str]],
         text: str | Prepared, weight: float) -> int:  # fmt: skip
    stems, surfaces, grams, numbers = profile
    count = 0
    for token in _tokens(text):
        if token[0].isdigit():
            # Years and figures match across languages; "1" and "2" are everywhere.
            if len(token) >= 2:
                numbers.add(token.replace(",", "").replace(".", ""))
            continue
        if len(token) < 2 or token in STOPWORDS:
            continue
        count += 1
        stem = _stem(token)
        if len(stem) < 2:
            continue
        rarity = _rarity(stem)
        stems[stem] += weight * rarity
        surfaces.setdefault(stem, token)
        padded = f" {token} "
        for i in range(len(padded) - 2):
            grams[padded[i : i + 3]] += weight * rarity
    return count


def _profile(parts: Sequence[tuple[str | Prepared, float]]) -> _Profile:
    stems: Counter[str] = Counter()
    grams: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    numbers: set[str] = set()
    count = 0
    for text, weight in parts:
        count += _add((stems, surfaces, grams, numbers), text, weight)
    # Repetition in the body means centrality, but with diminishing returns.
    damped = {s: 1.0 + math.log(w) if w >= 1 else w for s, w in stems.items()}
    damped_grams = {g: 1.0 + math.log(w) if w >= 1 else w for g, w in grams.items()}
    return _Profile(damped, surfaces, damped_grams, frozenset(numbers), count)


@lru_cache(maxsize=512)
def _article_profile(title: str, body: str, tags: tuple[str, ...]) -> _Profile:
    parts = [(title, _TITLE_WEIGHT), (body[:_BODY_CHARS], 1.0)]
    parts.extend((tag, _TITLE_WEIGHT) for tag in tags)
    return _profile(parts)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(g, 0.0) for g, w in a.items())
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    return dot / norm


@dataclass(frozen=True, slots=True)
class Relevance:
    """The evidence that a comment is about its article, each part in [0, 1]."""

    shared: tuple[str, ...]  # the comment's words that the article uses too
    coverage: float  # share of the comment's content stems the article has
    weight: float  # how central the shared stems are to the article
    grams: float  # character 3-gram cosine
    mass: float  # how much rare vocabulary is shared, saturating
    numbers: tuple[str, ...]
    content_words: int
    article_stems: int = 0  # how many distinct stems the article has

    def features(self) -> tuple[float, ...]:
        """What `strength` weighs, in its order (and what `--fit` refits)."""
        return (
            self.coverage,
            self.weight,
            self.grams,
            self.mass,
            min(len(self.numbers), 2) / 2,
            # A long comment and a long article share some words by chance alone: what a
            # shared word says depends on both lengths (as BM25 normalises by length).
            math.log1p(self.content_words),
            math.log1p(self.article_stems),
        )

    @property
    def strength(self) -> float:
        """The chance in [0, 1] of being on topic: a logistic regression over the evidence,
        fitted on the tune half of the pairs in training/evaluate_relevance.py (--fit)."""
        z = _INTERCEPT + sum(w * x for w, x in zip(_WEIGHTS, self.features(), strict=True))
        return 1.0 / (1.0 + math.exp(-z))


# Fitted by `training/evaluate_relevance.py --fit` (tune half): the order of `features`.
_WEIGHTS = (-0.842, 4.729, 4.932, 1.399, 4.828, -0.334, -0.47)
_INTERCEPT = 0.514


def relevance(
    comment: str | Prepared, *, title: str, body: str = "", tags: Sequence[str] = ()
) -> Relevance:
    """The raw evidence, before the rules for short, foreign-language and advert comments."""
    article = _article_profile(title, body, tuple(tags))
    own = _profile([(comment, 1.0)])
    shared = [s for s in own.stems if s in article.stems]
    rarities = {s: _rarity(s) for s in own.stems}
    total = sum(rarities.values())
    coverage = sum(rarities[s] for s in shared) / total if total else 0.0
    top = max(article.stems.values(), default=1.0)
    # Saturates after about three title-level words in common.
    weight = min(1.0, sum(article.stems[s] for s in shared) / (3 * top)) if shared else 0.0
    return Relevance(
        shared=tuple(own.surfaces[s] for s in shared),
        coverage=coverage,
        weight=weight,
        grams=_cosine(own.grams, article.grams),
        mass=1.0 - math.exp(-sum(rarities[s] for s in shared)),
        numbers=tuple(sorted(own.numbers & article.numbers)),
        content_words=own.content_words,
        article_stems=len(article.stems),
    )


_ADVERT = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(w) for w in sorted(ADVERT_WORDS, key=len, reverse=True))
    + r")(?!\w)"
)


def advert_strength(
    comment: str | Prepared, report: SignalReport | None = None
) -> tuple[float, list[str]]:
    """How much the comment reads as an advert: contacts and links, and sales words.

    ``report``: the comment's signals when the caller has them (the engine does, with the
    site's trusted domains); their reasons are then the caller's to show.
    """
    folded = normalize(comment) if isinstance(comment, str) else comment.normalized
    words = sorted(set(_ADVERT.findall(folded.text)))
    reasons = []
    if report is None:
        report = assess_signals(comment)
        reasons = [Reason("advert", reason=r) for r in report.reasons]
    chances = [report.promotion_boost] + [0.25] * len(words)
    strength = 1.0 - math.prod(1.0 - c for c in chances)
    if words:
        reasons.append(Reason("advert_words", words=", ".join(words[:5])))
    return strength, reasons


def _language(given: str | None, text: str | Prepared) -> str | None:
    if given:
        given = given.casefold()
        return _LANGUAGE_ALIASES.get(given, given)
    if isinstance(text, str):
        if not text.strip():
            return None
        language, confidence = identify(text)
    else:
        language, confidence = text.language, text.language_confidence
    return language if confidence >= 0.5 else None


@lru_cache(maxsize=512)
def _article_language(title: str, body: str) -> str | None:
    # Detected once per article, not once per comment.
    return _language(None, f"{title}\n{body}")


def off_topic_score(
    comment: str | Prepared,
    *,
    title: str,
    body: str = "",
    tags: Sequence[str] = (),
    comment_language: str | None = None,
    article_language: str | None = None,
    signals_report: SignalReport | None = None,
) -> tuple[float, list[str]]:
    """The chance in [0, 1] that `comment` is not about the article, and why, in short lines.

    Languages are detected when not given (a prepared comment's is read from it).
    Thread-safe: the only state is a bounded cache
    of article profiles.
    """
    evidence = relevance(comment, title=title, body=body, tags=tags)
    score = 1.0 - evidence.strength
    reasons: list[str] = []
    if evidence.shared:
        reasons.append(Reason("shares_words", words=", ".join(evidence.shared[:8])))
    if evidence.numbers:
        reasons.append(Reason("same_figures", words=", ".join(evidence.numbers[:4])))
    if not evidence.shared and not evidence.numbers:
        reasons.append(Reason("no_common_words"))

    # Few content words leave little to compare: confidence grows with the comment's length.
    confidence = min(1.0, evidence.content_words / _FULL_CONFIDENCE_WORDS)
    if confidence < 1.0:
        score *= 0.2 + 0.8 * confidence
        reasons.append(Reason("short_comment", count=evidence.content_words))

    theirs = _language(article_language, "") or _article_language(title, body[:2000])
    mine = _language(comment_language, comment)
    if mine and theirs and mine != theirs and score > CROSS_LANGUAGE_CAP:
        score = CROSS_LANGUAGE_CAP
        reasons.append(Reason("other_language", language=mine, article_language=theirs))

    advert, why = advert_strength(comment, signals_report)
    if advert >= 0.5:
        score = max(score, 0.5 + 0.5 * advert)
        reasons.extend(why)
    return round(min(max(score, 0.0), 1.0), 4), reasons
