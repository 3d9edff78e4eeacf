"""A comment read once: the forms of it that every part of the engine looks at.

`prepare` folds the comment for the word lists, tells its language, cuts it into the
classifiers' n-grams and into relevance's words, once; the matcher, the classifiers, the
signals, relevance and the duplicate sketch then read those forms from one `Prepared`
instead of each folding the text again. Each part still takes a plain string as well, for
callers that use it alone (a test, the training scripts): it then prepares what it needs.

A `Prepared` is immutable, so one may be shared by threads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from majlis.moderation import langid
from majlis.moderation.classifier_features import ngrams
from majlis.moderation.extractors import Evidence, blank_links, find_links
from majlis.moderation.normalize import Normalized, normalize
from majlis.moderation.relevance import words_of

__all__ = ["Prepared", "prepare"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One comment and what is read from it before anything is scored."""

    text: str  # as the reader wrote it: every evidence span points into it
    # The word lists' folding (tricks undone, offsets kept): matcher, contact words,
    # relevance and the duplicate sketch.
    normalized: Normalized
    language: str  # one of the six, or "other"
    language_confidence: float
    # The classifiers' n-grams and how often each occurs: what TF-IDF reads.
    gram_counts: Mapping[str, int]
    # Relevance's words (and figures) of the folded text, in order.
    words: tuple[str, ...]
    # The links, found once: the signals weigh them (their domain, shortener, disguise)...
    links: tuple[Evidence, ...]
    # ...so the promotion model reads the text around them, each link blanked out (same
    # offsets), and was trained on that view. Its spam is video comments, where a link
    # meant spam; under a news article a link is as often a source, and counting it twice
    # made one look like spam.
    promotion_text: str
    promotion_counts: Mapping[str, int]


def prepare(text: str, language: str | None = None) -> Prepared:
    """Read ``text`` once; ``language``, when given, is taken as told (confidence 1)."""
    normalized = normalize(text)
    told, confidence = (language, 1.0) if language else langid.identify(text)
    counts = MappingProxyType(Counter(ngrams(text)))
    links = tuple(find_links(text))
    around = blank_links(text, links)
    return Prepared(
        text=text,
        normalized=normalized,
        language=told,
        language_confidence=confidence,
        gram_counts=counts,
        words=words_of(normalized),
        links=links,
        promotion_text=around,
        promotion_counts=counts if not links else MappingProxyType(Counter(ngrams(around))),
    )
