"""The n-grams the trained classifiers read, shared by training and inference.

Training hands :func:`ngrams` to scikit-learn's ``TfidfVectorizer(analyzer=...)``; inference
calls the very same function, so the two can never drift apart. It is deliberately
self-contained (no call into ``normalize``): a change to the word-list normaliser must not
silently change what a shipped model sees. Its folding is light and keeps one character per
character, so an n-gram's position in the folded text is its position in the comment, which
is what :func:`ngram_spans` returns for the moderator's evidence.

Features, in one vocabulary:

* word unigrams and bigrams over ``\\w`` runs, prefixed with a tab (a character no
  character n-gram can hold) so ``"\\tidiot"`` the word and ``"idiot"`` the fragment differ;
* character n-grams (2 to 5) inside each whitespace-separated chunk padded with one space
  on each side, like scikit-learn's ``char_wb``, but over chunks rather than words so
  ``f*ck``, ``www.`` and ``!!!`` keep their punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

import numpy as np

#: Bumped whenever the n-grams of some text would change: artifacts record it and the
#: loader refuses an artifact trained on another featuriser.
FEATURIZER_VERSION = "majlis-ngrams/1"

CHAR_MIN, CHAR_MAX = 2, 5
# A 300-character URL would otherwise cost a thousand n-grams and say nothing more.
MAX_CHUNK_CHARS = 40
WORD_MARK = "\t"

_ARABIC_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670\u0640\u200c\u200d"


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Keyboard variants of Arabic-script letters (Arabic and Persian keyboards differ).
    for chars, target in (("أإآٱ", "ا"), ("يىئ", "ی"), ("كڪ", "ک"), ("ةۀ", "ه"), ("ؤ", "و")):
        for char in chars:
            table[ord(char)] = target
    # Every decimal digit (Arabic-Indic, Persian, fullwidth...) is one symbol: a phone number
    # or a price matters as a shape, not as its digits.
    for code in range(0x10000):
        char = chr(code)
        if char.isdecimal():
            table[code] = "0"
    # Latin letters lose their accents (``ş → s``, ``é → e``): Turkish and Kurmanji are often
    # typed without them. Dotless ``ı`` has no accent to lose and stays itself.
    for code in range(0x00C0, 0x0250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base.lower()
    # Diacritics and joiners stay here (one character per character) and are dropped from
    # each word and chunk later, where offsets are already known.
    return table


_FOLD = _fold_table()
_STRIP = {ord(c): None for c in _ARABIC_MARKS}
# "soooo stupid" and "sooooooo stupid" are one word: three or more of a letter become two.
_REPEATS = re.compile(r"(\w)\1{2,}")


def _clean(piece: str) -> str:
    return _REPEATS.sub(r"\1\1", piece.translate(_STRIP))


_WORD = re.compile(r"[\w" + _ARABIC_MARKS + r"]+")
_CHUNK = re.compile(r"\S+")


def fold(text: str) -> str:
    """Lower-case and fold ``text`` one character for one character (same length, same offsets)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters (``İ``) lower-case to two; keep those as they are.
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


def _char_grams(chunk: str) -> list[str]:
    padded = f" {chunk[:MAX_CHUNK_CHARS]} "
    size = len(padded)
    return [padded[i : i + n] for n in range(CHAR_MIN, CHAR_MAX + 1) for i in range(size - n + 1)]


def ngrams(text: str) -> list[str]:
    """Every n-gram of ``text``, repeated as often as it occurs (the analyzer of training)."""
    # Cleaning the whole text at once equals cleaning each word and chunk: the marks it drops
    # and the letter runs it shrinks never cross a space or a non-word character.
    cleaned = _clean(fold(text))
    words = _WORD.findall(cleaned)
    grams = [WORD_MARK + w for w in words]
    grams.extend(f"{WORD_MARK}{a} {b}" for a, b in pairwise(words))
    for chunk in cleaned.split():
        grams.extend(_char_grams(chunk))
    return grams


def ngram_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Each n-gram of :func:`ngrams` with the span ``[start, end)`` of ``text`` it was read from.

    The padding space of a character n-gram is not part of its span. Where diacritics were
    dropped inside a chunk, spans are approximate to within those marks.
    """
    grams, starts, ends, _ = ngram_span_lists(text)
    return zip(grams, starts.tolist(), ends.tolist(), strict=True)


def ngram_span_lists(text: str) -> tuple[list[str], np.ndarray, np.ndarray, int]:
    """:func:`ngram_spans` at once: the n-grams, their starts and ends (arrays), and how many
    words lead them: the word unigrams come first, then the word pairs, then each chunk's
    character n-grams."""
    folded = fold(text)
    words = []
    for match in _WORD.finditer(folded):
        word = _clean(match.group())
        if word:
            words.append((word, match.start(), match.end()))
    grams = [WORD_MARK + word for word, _, _ in words]
    grams.extend(f"{WORD_MARK}{a} {b}" for (a, _, _), (b, _, _) in pairwise(words))
    first = [start for _, start, _ in words]
    starts = [np.asarray(first + first[:-1], dtype=np.int64)]
    last = [end for _, _, end in words]
    ends = [np.asarray(last + last[1:], dtype=np.int64)]
    for match in _CHUNK.finditer(folded):
        chunk = _clean(match.group())[:MAX_CHUNK_CHARS]
        if not chunk:
            continue
        grams.extend(_char_grams(chunk))
        offsets, limits = _char_offsets(len(chunk))
        starts.append(offsets + match.start())
        ends.append(np.minimum(limits + match.start(), match.end()))
    return grams, np.concatenate(starts), np.concatenate(ends), len(words)


@lru_cache(maxsize=64)
def _char_offsets(length: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each character n-gram of a chunk of ``length`` characters starts and ends, in
    the order of :func:`_char_grams`; the padding spaces are not part of a span."""
    size = length + 2
    starts, ends = [], []
    for n in range(CHAR_MIN, CHAR_MAX + 1):
        for i in range(size - n + 1):
            starts.append(max(i - 1, 0))
            ends.append(min(i + n - 1, length))
    return np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
