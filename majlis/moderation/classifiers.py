"""The trained text classifiers: offensive language per language, promotion for every language.

Run time needs numpy only. Each model is one artifact in ``artifacts/`` (a zip of ``.npy``
arrays read with ``allow_pickle=False``: loading never runs code), described by its own
header (heads, version, featuriser, training data) and checked against the sha256 that the
manifest and the model card record: a file that does not match refuses to load.

Models load once, lazily, under a lock, so many threads (or a worker's first comment) never
load a model twice. Scoring is the TF-IDF + logistic regression the training scripts fitted,
recomputed with numpy over the same n-grams (``classifier_features``); a test checks that it
equals scikit-learn's reading of the same artifact to 1e-6.

    predict(["you are an idiot"], "en")  # {"toxicity": array([0.97]), ..., "promotion": ...}
    explain("you are an idiot", "en", "personal_attack", top_k=3)  # [(8, 16, "idiot"), ...]
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path

import numpy as np

from majlis.moderation.categories import PROMOTION
from majlis.moderation.classifier_features import (
    FEATURIZER_VERSION,
    ngram_span_lists,
    ngrams,
)
from majlis.moderation.normalize import normalize
from majlis.moderation.relevance_words import STOPWORDS

__all__ = [
    "ArtifactError",
    "TextClassifier",
    "carries_meaning",
    "explain",
    "languages",
    "load",
    "predict",
    "versions",
    "word_scores",
]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARTIFACT_FORMAT = "majlis-linear-ngrams/1"
TOXICITY = "toxicity"
#: Languages with an offensive-language model; promotion is scored for every language.
OFFENSIVE_MODELS: dict[str, str] = {
    "en": "offensive-en",
    "ar": "offensive-ar",
    "fa": "offensive-fa",
    "tr": "offensive-tr",
}
PROMOTION_MODEL = "promotion"


class ArtifactError(RuntimeError):
    """An artifact is missing, altered or of a format this code does not read."""


@dataclass(frozen=True)
class TextClassifier:
    """One artifact: a vocabulary of n-grams and a logistic-regression head per output."""

    name: str
    version: str
    heads: tuple[str, ...]
    header: dict
    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_features,) float64
    coef: np.ndarray  # (n_features, n_heads) float64
    intercept: np.ndarray  # (n_heads,) float64

    @classmethod
    def from_file(cls, path: Path, expected_sha256: str) -> TextClassifier:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != expected_sha256:
            raise ArtifactError(
                f"{path.name}: sha256 {digest} does not match the manifest's "
                f"{expected_sha256}; refusing to load an altered model"
            )
        # Hashed bytes are the bytes parsed: re-reading the path could see another file.
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            header = json.loads(arrays["header"].tobytes().decode("utf-8"))
            if header.get("format") != ARTIFACT_FORMAT:
                raise ArtifactError(f"{path.name}: unknown format {header.get('format')!r}")
            if header.get("featurizer") != FEATURIZER_VERSION:
                raise ArtifactError(
                    f"{path.name}: trained on featuriser {header.get('featurizer')!r}, "
                    f"this code reads {FEATURIZER_VERSION!r}; retrain (make train)"
                )
            grams = arrays["vocabulary"].tobytes().decode("utf-8").split("\n")
            idf = arrays["idf"].astype(np.float64)
            coef = arrays["coef"].astype(np.float64)
            intercept = arrays["intercept"].astype(np.float64)
        heads = tuple(header["heads"])
        if not (
            len(grams) == idf.shape[0] == coef.shape[0]
            and coef.shape[1] == intercept.shape[0] == len(heads)
        ):
            raise ArtifactError(f"{path.name}: array shapes disagree with its header")
        return cls(
            header["name"],
            header["version"],
            heads,
            header,
            {g: i for i, g in enumerate(grams)},
            idf,
            coef,
            intercept,
        )

    def features(
        self, texts: Sequence[str], counts: Sequence[Mapping[str, int]] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """TF-IDF rows as CSR parts (indptr, indices, values), as scikit-learn computes them.

        ``counts``: each text's :func:`ngrams` counted (``Prepared.gram_counts``), when the
        caller already has them: every model shares one featuriser, so a text is cut and
        counted once for all of them. A row's columns come in the order of first use.
        """
        if counts is None:
            counts = [Counter(ngrams(text)) for text in texts]
        lookup = self.vocabulary.get
        sizes = np.fromiter(map(len, counts), dtype=np.int64, count=len(counts))
        total = int(sizes.sum())
        # The whole batch at once: each n-gram's column (-1 where unknown), then its count.
        columns = np.fromiter(
            chain.from_iterable(map(lookup, c, repeat(-1)) for c in counts),
            dtype=np.int64,
            count=total,
        )
        tallies = np.fromiter(
            chain.from_iterable(c.values() for c in counts), dtype=np.float64, count=total
        )
        known = columns >= 0
        index = columns[known]
        rows = np.repeat(np.arange(len(texts)), sizes)[known]
        pointers = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=pointers[1:])
        values = 1.0 + np.log(tallies[known])
        values *= self.idf[index]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
        norms[norms == 0.0] = 1.0
        values /= norms[rows]
        return pointers, index, values

    def predict(
        self, texts: Sequence[str], counts: Sequence[Mapping[str, int]] | None = None
    ) -> dict[str, np.ndarray]:
        """Per head, the probability of each text (texts with no known n-gram get the prior)."""
        pointers, index, values = self.features(texts, counts)
        rows = np.repeat(np.arange(len(texts)), np.diff(pointers))
        logits = np.empty((len(texts), len(self.heads)))
        for h in range(len(self.heads)):
            logits[:, h] = np.bincount(
                rows, weights=values * self.coef[index, h], minlength=len(texts)
            )
        logits += self.intercept
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return {head: probabilities[:, h] for h, head in enumerate(self.heads)}

    def explain(self, text: str, head: str, top_k: int = 5) -> list[tuple[int, int, str]]:
        """The spans of ``text`` whose n-grams push ``head`` up the most, strongest first."""
        return self.explain_heads(text, [head], top_k).get(head, [])

    def explain_heads(
        self,
        text: str,
        heads: Sequence[str],
        top_k: int = 5,
        counts: Mapping[str, int] | None = None,
    ) -> dict[str, list[tuple[int, int, str]]]:
        """For each of ``heads``, the words of ``text`` that push it up the most, strongest first.

        The model reads n-grams: each word's character n-grams, the word itself and the pairs
        of words it is part of. An n-gram's contribution (its TF-IDF weight × the head's
        coefficient) is shared among the places it occurs and, in each, among the words it
        covers; a word weighs the sum of its shares wherever it is written. So "pathetic" is
        found as one word, not outweighed by "and this", whose one pair feature weighed more
        than each of its fragments. Function words (the stop words of the six languages) are
        never reported: alone they carry no meaning. A word chosen is reported wherever it is
        written, and ``top_k`` counts words, not places. The text's features and words are
        read once for all the heads.
        """
        wanted = [head for head in heads if head in self.heads]
        if not wanted or top_k <= 0:
            return {}
        _, index, values = self.features([text], None if counts is None else [counts])
        where = {column: k for k, column in enumerate(index.tolist())}
        words, feature_at, word_at, share = _attribution(text, self.vocabulary, where)
        found = {}
        for head in wanted:
            contributions = values * self.coef[index, self.heads.index(head)]
            weights = np.bincount(
                word_at, weights=contributions[feature_at] * share, minlength=len(words)
            )
            found[head] = _strongest_words(words, weights, top_k)
        return found


def _attribution(
    text: str, vocabulary: Mapping[str, int], where: Mapping[int, int]
) -> tuple[list[tuple[str, int, int]], np.ndarray, np.ndarray, np.ndarray]:
    """The words of ``text`` (folded form, start, end) and, as parallel arrays, for each share
    of a known n-gram: the n-gram's position in the text's features, the word it falls to and
    the fraction of the n-gram's contribution that word gets."""
    grams, start, end, count = ngram_span_lists(text)
    words = [(grams[w][1:], int(start[w]), int(end[w])) for w in range(count)]
    columns = map(vocabulary.get, grams, repeat(-1))
    at = np.fromiter(map(where.get, columns, repeat(-1)), dtype=np.int64, count=len(grams))
    known = (at >= 0) & (end > start)
    at, start, end = at[known], start[known], end[known]
    if not len(at) or not words:
        empty = np.zeros(0, dtype=np.int64)
        return words, empty, empty, np.zeros(0)
    times = np.bincount(at)
    # Most n-grams lie inside one word; the others cross punctuation ("don't", "www.x.com")
    # or cover two words (a word pair), and are shared among the words they cover. Words
    # neither overlap nor go back, so those an n-gram covers are a run of them: from the
    # first that ends after its start to the last that starts before its end.
    word_starts = np.fromiter((a for _, a, _ in words), dtype=np.int64, count=len(words))
    word_ends = np.fromiter((b for _, _, b in words), dtype=np.int64, count=len(words))
    first = np.searchsorted(word_ends, start, side="right")
    covers = np.searchsorted(word_starts, end, side="left") - first
    some = covers > 0
    at, first, covers = at[some], first[some], covers[some]
    feature_at = np.repeat(np.arange(len(at)), covers)
    runs = np.cumsum(covers) - covers
    word_at = np.repeat(first - runs, covers) + np.arange(len(feature_at))
    share = 1.0 / (times[at] * covers)[feature_at]
    return words, at[feature_at], word_at, share


def _strongest_words(
    words: list[tuple[str, int, int]], weights: np.ndarray, top_k: int
) -> list[tuple[int, int, str]]:
    """The ``top_k`` words that carry meaning and weigh at least `_SHARE_OF_STRONGEST` of the
    strongest of them, strongest first, each wherever it is written (the model read every
    occurrence): "paper" beside "pathetic" is not evidence."""
    by_form: dict[str, list] = {}
    for w, (form, _, _) in enumerate(words):
        entry = by_form.setdefault(form, [0.0, []])
        entry[0] += float(weights[w])
        entry[1].append(w)
    ranked = sorted(by_form.items(), key=lambda item: (-item[1][0], item[1][1][0]))
    chosen: list[tuple[int, int, str]] = []
    floor, taken = 0.0, 0
    for form, (weight, places) in ranked:
        if weight <= floor or taken == top_k:
            break
        if carries_meaning(form):
            floor = floor or weight * _SHARE_OF_STRONGEST
            taken += 1
            chosen.extend((words[w][1], words[w][2], form) for w in places)
    return chosen


# A word weaker than this share of the strongest is part of the sentence, not of what the
# model read. Chosen on the tune half of the held-out Civil Comments toxic-spans posts
# (`training/evaluate_spans.py`): 0.25 let in two neighbours for every insult the raters
# marked alone.
_SHARE_OF_STRONGEST = 0.6


def carries_meaning(word: str) -> bool:
    """Whether ``word`` can be evidence alone: not a function word of the six languages."""
    return len(word) >= 2 and normalize(word).text not in STOPWORDS


_lock = threading.Lock()
_loaded: dict[str, TextClassifier] = {}


def _manifest(directory: Path) -> dict:
    path = directory / "manifest.json"
    try:
        return json.loads(path.read_text("utf-8"))["classifiers"]
    except (OSError, KeyError, ValueError) as error:
        raise ArtifactError(f"no readable classifier manifest at {path.name}: {error}") from error


def load(name: str, directory: Path | None = None) -> TextClassifier:
    """The model ``name`` (e.g. ``"offensive-en"``), loaded and verified once per process."""
    key = f"{directory or ARTIFACTS}::{name}"
    model = _loaded.get(key)
    if model is not None:
        return model
    with _lock:
        model = _loaded.get(key)
        if model is None:
            folder = directory or ARTIFACTS
            entry = _manifest(folder).get(name)
            if entry is None:
                raise ArtifactError(f"{name} is not in the classifier manifest")
            model = TextClassifier.from_file(folder / entry["file"], entry["sha256"])
            _loaded[key] = model
    return model


def languages() -> tuple[str, ...]:
    """The languages with an offensive-language model."""
    return tuple(OFFENSIVE_MODELS)


def predict(
    texts: list[str],
    language: str,
    counts: Sequence[Mapping[str, int]] | None = None,
    promotion_counts: Sequence[Mapping[str, int]] | None = None,
) -> dict[str, np.ndarray]:
    """Probabilities per output for each text: the language's model (``toxicity`` and, for
    English, each category) where one exists, and ``promotion`` for every language.

    ``counts``: each text's n-grams counted (``Prepared.gram_counts``), when the caller has
    them: the text is then not cut again for each model, nor for :func:`explain_many`.
    ``promotion_counts``: what the promotion model reads instead, where it differs
    (``Prepared.promotion_counts``: the text with its links blanked out).
    """
    texts = list(texts)
    if counts is None:
        counts = [Counter(ngrams(text)) for text in texts]
    scores: dict[str, np.ndarray] = {}
    name = OFFENSIVE_MODELS.get(language)
    if name is not None:
        scores.update(load(name).predict(texts, counts))
    scores.update(load(PROMOTION_MODEL).predict(texts, promotion_counts or counts))
    return scores


def load_all() -> None:
    """Load every shipped classifier now (a worker's start), not on first use."""
    for name in (*OFFENSIVE_MODELS.values(), PROMOTION_MODEL):
        load(name)


def word_scores(words: Sequence[str], language: str, head: str) -> list[float]:
    """What the language's model makes of each of ``words`` written alone (0 for every word
    where the language has no model or the model no such head)."""
    name = OFFENSIVE_MODELS.get(language)
    model = load(name) if name is not None else None
    if model is None or head not in model.heads or not words:
        return [0.0] * len(words)
    return model.predict(list(words))[head].tolist()


def explain(text: str, language: str, category: str, top_k: int = 5) -> list[tuple[int, int, str]]:
    """``(start, end, n-gram)`` spans of ``text`` behind the score of ``category``."""
    return explain_many(text, language, [category], top_k).get(category, [])


def explain_many(
    text: str,
    language: str,
    categories: Sequence[str],
    top_k: int = 5,
    counts: Mapping[str, int] | None = None,
    promotion_text: str | None = None,
    promotion_counts: Mapping[str, int] | None = None,
) -> dict[str, list[tuple[int, int, str]]]:
    """Per category, the ``(start, end, word)`` spans of ``text`` behind its score.

    ``promotion_text`` / ``promotion_counts``: what the promotion model read instead of the
    text, where it differs (same length and offsets: ``Prepared.promotion_text``).
    """
    found = {}
    if PROMOTION in categories:
        model = load(PROMOTION_MODEL)
        if promotion_text is None:
            found.update(model.explain_heads(text, [PROMOTION], top_k, counts))
        else:
            found.update(model.explain_heads(promotion_text, [PROMOTION], top_k, promotion_counts))
    name = OFFENSIVE_MODELS.get(language)
    others = [c for c in categories if c != PROMOTION]
    if name is not None and others:
        found.update(load(name).explain_heads(text, others, top_k, counts))
    return found


def versions() -> dict[str, str]:
    """``{"classifier:<name>": version}`` of every model in the manifest (without loading it)."""
    try:
        entries = _manifest(ARTIFACTS)
    except ArtifactError:
        return {}
    return {f"classifier:{name}": str(e.get("version", "?")) for name, e in sorted(entries.items())}
