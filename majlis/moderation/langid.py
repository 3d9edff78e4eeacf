"""Which of the newsroom's languages a comment is written in.

Two steps, both cheap:

1. The script decides the candidates: Arabic script means ``ar``, ``fa`` or ``ckb``; Latin
   means ``en``, ``tr`` or ``kmr``; a comment mostly in another script is ``other``.
2. A naive Bayes model over character 1- to 3-grams of words picks among the candidates.
   Letters only one language uses carry most of the weight on short comments, and the
   model learns them from data: Sorani ``ێ ڵ ڕ ۆ ە``, Persian ``پ چ ژ گ`` with ``ی ک``,
   Arabic ``ة ى ي ك``; Kurmanji ``ê î û`` with ``x q w``, Turkish ``ı ğ ö ü``.

No general-purpose identifier knows Central or Northern Kurdish well (most call Sorani
Persian and Kurmanji Turkish), hence a model of our own. It is a small JSON artifact made
by ``training/train_langid.py``; nothing is unpickled.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import repeat

__all__ = ["FORMAT", "OTHER", "LanguageModel", "clean", "features", "identify", "versions"]

OTHER = "other"
FORMAT = "majlis-langid/1"
ARABIC_SCRIPT = ("ar", "fa", "ckb")
LATIN_SCRIPT = ("en", "tr", "kmr")

# Only so much of a long comment is read: its language is clear long before the end.
_MAX_WORDS = 60
# Per-n-gram score differences are scaled into a confidence; naive Bayes alone is overconfident.
_CONFIDENCE_SCALE = 0.5

_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|<LF>|\bURL\b|\bRT\b|&\w+;", flags=re.IGNORECASE)
_NOT_LETTER = re.compile(r"[^\w\u200c]|[\d_]")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Letters and spaces only, lower-cased, without mentions, links and marks."""
    text = _NOISE.sub(" ", unicodedata.normalize("NFKC", text))
    text = "".join(
        ch for ch in unicodedata.normalize("NFC", text.lower()) if not unicodedata.combining(ch)
    )
    text = _NOT_LETTER.sub(" ", text.replace("ـ", ""))
    return _SPACES.sub(" ", text).strip()


def features(cleaned: str) -> list[str]:
    """Character 1- to 3-grams of each word, with spaces marking the word's edges."""
    grams: list[str] = []
    for word in cleaned.split(" ")[:_MAX_WORDS]:
        grams.extend(word)
        padded = f" {word} "
        grams.extend(padded[i : i + 2] for i in range(len(padded) - 1))
        grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def _script(cleaned: str) -> tuple[str, float]:
    """The dominant script among the letters, and its share of them."""
    arabic = latin = other = 0
    for ch in cleaned:
        if ch == " " or ch == "\u200c":
            continue
        code = ord(ch)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            arabic += 1
        elif code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
            latin += 1
        else:
            other += 1
    total = arabic + latin + other
    if total == 0:
        return OTHER, 0.0
    best = max((arabic, "arabic"), (latin, "latin"), (other, OTHER))
    return best[1], best[0] / total


@dataclass(frozen=True, slots=True)
class LanguageModel:
    """Log-probabilities of character n-grams per language, loaded from JSON."""

    version: str
    log_probs: dict[str, dict[str, float]]
    unseen: dict[str, float]

    @classmethod
    def from_json(cls, data: dict) -> LanguageModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} artifact: {data.get('format')!r}")
        languages = set(ARABIC_SCRIPT + LATIN_SCRIPT)
        if set(data["log_probs"]) != languages or set(data["unseen"]) != languages:
            raise ValueError("the artifact must cover exactly the newsroom's six languages")
        return cls(str(data["version"]), data["log_probs"], data["unseen"])

    def scores(self, grams: list[str], candidates: tuple[str, ...]) -> dict[str, float]:
        """Mean log-probability per n-gram of each candidate language."""
        result = {}
        for language in candidates:
            table, floor = self.log_probs[language], self.unseen[language]
            result[language] = sum(map(table.get, grams, repeat(floor, len(grams)))) / len(grams)
        return result


@lru_cache(maxsize=1)
def _model() -> LanguageModel:
    artifact = resources.files("majlis.moderation").joinpath("artifacts", "langid.json")
    with artifact.open(encoding="utf-8") as stream:
        return LanguageModel.from_json(json.load(stream))


_READ_CHARS = 2000


def identify(text: str, model: LanguageModel | None = None) -> tuple[str, float]:
    """The comment's language (one of ``LANGUAGES`` or ``"other"``) and a confidence in [0, 1]."""
    # Its first two thousand characters tell the language of the longest comment; features()
    # reads only the first words of what is left.
    cleaned = clean(text[:_READ_CHARS])
    script, share = _script(cleaned)
    if script == OTHER:
        return OTHER, round(share, 4)
    candidates = ARABIC_SCRIPT if script == "arabic" else LATIN_SCRIPT
    grams = features(cleaned)
    scores = (model or _model()).scores(grams, candidates)
    best = max(scores, key=scores.__getitem__)
    # A softmax over mean scores: confident when the best language leads clearly, and the
    # lead counts for more when there is more text to go on.
    weight = _CONFIDENCE_SCALE * min(len(grams), 60) ** 0.5
    exps = {k: math.exp(weight * (v - scores[best])) for k, v in scores.items()}
    confidence = exps[best] / sum(exps.values()) * share
    return best, round(confidence, 4)


def versions() -> dict[str, str]:
    """The artifact's version, for the record of every assessment."""
    return {"langid": _model().version}
