"""A site's own model, learned from its moderators' decisions: numpy only, no Django.

The shipped models know tweets and Wikipedia; a newsroom's moderators know its readers. A
learned head reads the same n-grams as the shipped models (``classifier_features``), hashed
into 2**18 buckets (crc32, so the same on every machine and process), as sublinear TF-IDF
rows scaled to unit length. It is an L2-regularised logistic regression fitted by Nesterov's
accelerated gradient over the whole batch (no randomness, so the same decisions give the
same weights), predicting the chance that a moderator of this site rejects the comment.

Where the language has a shipped model, the head is a blend: ``a`` × its own logit + ``b`` ×
the shipped toxicity's logit + ``c``, the three fitted on out-of-fold logits of the training
decisions (each fold scored by n-grams learned without it), so the blend trusts the site's
n-grams only as far as they predicted decisions they had not seen: with few decisions it
stays near the shipped model, with many, or a site whose standards differ, it leans on its
own. Without a shipped model (Kurdish) the n-grams alone carry it. The weights travel as an
``.npz`` of plain arrays, read with ``allow_pickle=False``, and are checked against the
sha256 their card records.

    found = candidate(train, y_train, held, y_held, shipped_train=…, shipped_held=…)
    found.head.predict(gram_counts, shipped)    # array of P(rejected)
    LearnedHead.from_bytes(data, expected_sha256=card["sha256"])
"""

from __future__ import annotations

import hashlib
import io
import json
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from majlis.moderation.classifier_features import FEATURIZER_VERSION

__all__ = [
    "FORMAT",
    "Candidate",
    "LearnedHead",
    "WeightsError",
    "approval_threshold",
    "blended",
    "candidate",
    "fit",
    "roc_auc",
]

FORMAT = "majlis-learned-hashed/1"
BUCKET_BITS = 18
BUCKETS = 1 << BUCKET_BITS
#: The share of a site's decisions, the newest, held out to check a candidate on.
HELD_OUT_SHARE = 0.2
#: The shrinkage of the n-gram weights, chosen on the simulated sites of docs/evaluation.md.
L2 = 1e-2
# A shipped probability of exactly 0 or 1 would be an infinite logit.
_CLIP = 1e-6

Counts = Mapping[str, int] | Sequence[str]


class WeightsError(ValueError):
    """Stored weights that are altered or of a format this code does not read."""


def _counts(item: Counts) -> Mapping[str, int]:
    return item if isinstance(item, Mapping) else Counter(item)


def _bucket_rows(items: Sequence[Counts]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each comment's n-grams as (row, bucket, count) triples, counts summed per bucket."""
    rows: list[int] = []
    buckets: list[int] = []
    tallies: list[int] = []
    mask = BUCKETS - 1
    crc = zlib.crc32
    for r, item in enumerate(items):
        counts = _counts(item)
        merged: dict[int, int] = {}
        for gram, n in counts.items():
            b = crc(gram.encode("utf-8")) & mask
            merged[b] = merged.get(b, 0) + n
        rows.extend([r] * len(merged))
        buckets.extend(merged)
        tallies.extend(merged.values())
    return (
        np.asarray(rows, dtype=np.int64),
        np.asarray(buckets, dtype=np.int64),
        np.asarray(tallies, dtype=np.float64),
    )


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _CLIP, 1.0 - _CLIP)
    return np.log(p / (1.0 - p))


@dataclass(frozen=True)
class _Design:
    """The sparse rows of a batch (COO, row-major)."""

    count: int
    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray

    def dot(self, weights: np.ndarray, bias: float) -> np.ndarray:
        out = np.bincount(
            self.rows, weights=self.values * weights[self.columns], minlength=self.count
        )
        return out + bias


def _design(
    items: Sequence[Counts],
    idf: np.ndarray,
    triples: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> _Design:
    rows, buckets, tallies = triples if triples is not None else _bucket_rows(items)
    weight = idf[buckets]
    keep = weight > 0.0  # buckets the training never saw say nothing
    rows, buckets = rows[keep], buckets[keep]
    values = (1.0 + np.log(tallies[keep])) * weight[keep]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(items)))
    norms[norms == 0.0] = 1.0
    values /= norms[rows]
    return _Design(len(items), rows, buckets, values)


@dataclass(frozen=True)
class LearnedHead:
    """One learned head: P(a moderator of this site rejects the comment)."""

    idf: np.ndarray  # (BUCKETS,) 0 for buckets the training never saw
    weights: np.ndarray  # (BUCKETS,)
    bias: float
    # The blend (own logit, shipped logit, constant); (1, 0, 0) for the n-grams alone.
    blend: tuple[float, float, float] = (1.0, 0.0, 0.0)
    uses_shipped: bool = False
    version: str = ""  # how the desk names it, e.g. "main/ckb v3"; set by whoever loads it
    header: dict = field(default_factory=dict)

    def logits(self, items: Sequence[Counts]) -> np.ndarray:
        """The n-gram model's own logit of each comment, before any blend."""
        return _design(items, self.idf).dot(self.weights, self.bias)

    def predict(self, items: Sequence[Counts], shipped: np.ndarray | None = None) -> np.ndarray:
        """P(rejected) of each comment; ``shipped``: the shipped toxicity of each, for a head
        blended with it (one that is not given it reads it as 0.5: no opinion)."""
        a, b, c = self.blend
        logit = a * self.logits(items) + c
        if self.uses_shipped and shipped is not None:
            logit += b * _logit(shipped)
        return 1.0 / (1.0 + np.exp(-logit))

    def to_bytes(self) -> bytes:
        header = {
            **self.header,
            "format": FORMAT,
            "featurizer": FEATURIZER_VERSION,
            "buckets": BUCKETS,
            "uses_shipped": self.uses_shipped,
        }
        used = np.flatnonzero(self.idf > 0.0).astype(np.int32)
        buffer = io.BytesIO()
        # Only the buckets training saw: the rest are zeros and need no room.
        np.savez_compressed(
            buffer,
            header=np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8),
            buckets=used,
            idf=self.idf[used].astype(np.float32),
            weights=self.weights[used].astype(np.float32),
            scalars=np.array([self.bias, *self.blend], dtype=np.float64),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, *, expected_sha256: str, version: str = "") -> LearnedHead:
        digest = hashlib.sha256(data).hexdigest()
        if digest != expected_sha256:
            raise WeightsError(
                f"weights sha256 {digest} does not match the card's {expected_sha256}"
            )
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                header = json.loads(arrays["header"].tobytes().decode("utf-8"))
                used = arrays["buckets"].astype(np.int64)
                idf_used = arrays["idf"].astype(np.float64)
                weights_used = arrays["weights"].astype(np.float64)
                bias, a, b, c = (float(v) for v in arrays["scalars"])
        except (KeyError, ValueError, OSError) as error:
            raise WeightsError(f"unreadable weights: {error}") from None
        if header.get("format") != FORMAT or header.get("buckets") != BUCKETS:
            raise WeightsError(f"unknown weights format {header.get('format')!r}")
        if header.get("featurizer") != FEATURIZER_VERSION:
            raise WeightsError(
                f"learned on featuriser {header.get('featurizer')!r}, this code reads "
                f"{FEATURIZER_VERSION!r}: learn again"
            )
        if not (len(used) == len(idf_used) == len(weights_used)) or (
            len(used) and (used.min() < 0 or used.max() >= BUCKETS)
        ):
            raise WeightsError("weights arrays disagree with each other")
        idf = np.zeros(BUCKETS)
        weights = np.zeros(BUCKETS)
        idf[used], weights[used] = idf_used, weights_used
        return cls(idf, weights, bias, (a, b, c), bool(header["uses_shipped"]), version, header)

    @staticmethod
    def sha256(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


def fit(
    items: Sequence[Counts],
    labels: Sequence[int],
    *,
    l2: float = L2,
    iterations: int = 200,
    min_df: int = 2,
) -> LearnedHead:
    """Fit the n-gram model on comments (their n-grams, counted or listed) and verdicts.

    ``min_df``: a bucket needs that many comments to get a weight (one-off n-grams mostly
    overfit). Deterministic: the same input gives the same weights, bit for bit.
    """
    if len(labels) != len(items):
        raise ValueError("one label per comment")
    return _fit(_bucket_rows(items), labels, l2=l2, iterations=iterations, min_df=min_df)


Triples = tuple[np.ndarray, np.ndarray, np.ndarray]


def _fit(
    triples: Triples, labels: Sequence[int], *, l2: float, iterations: int = 200, min_df: int = 2
) -> LearnedHead:
    y = np.asarray(labels, dtype=np.float64)
    items = range(len(y))  # only their number is read from here on
    if len(y) == 0 or (len(triples[0]) and triples[0].max() >= len(y)):
        raise ValueError("one label per comment, and at least one comment")
    df = np.bincount(triples[1], minlength=BUCKETS).astype(np.float64)
    idf = np.where(df >= min_df, np.log((1.0 + len(y)) / (1.0 + df)) + 1.0, 0.0)
    design = _design(items, idf, triples)
    n = len(y)
    # Loss: mean log-loss + l2/2 |w|^2; the bias (the site's share of rejections) is free.
    prior = np.clip(y.mean(), 1e-3, 1 - 1e-3)
    w, bias = np.zeros(BUCKETS), float(np.log(prior / (1 - prior)))
    w_prev, bias_prev = w, bias
    # Rows have unit length, so the loss's curvature is at most 1/4 (+ shrinkage).
    step = 1.0 / (0.25 + l2)
    for t in range(1, iterations + 1):
        momentum = (t - 1) / (t + 2)
        w_look = w + momentum * (w - w_prev)
        bias_look = bias + momentum * (bias - bias_prev)
        p = 1.0 / (1.0 + np.exp(-design.dot(w_look, bias_look)))
        residual = (p - y) / n
        grad_w = np.bincount(
            design.columns, weights=design.values * residual[design.rows], minlength=BUCKETS
        )
        grad_w += l2 * w_look
        w_prev, bias_prev = w, bias
        w = w_look - step * grad_w
        bias = bias_look - step * float(residual.sum())
    return LearnedHead(idf, w, bias, header={"l2": l2, "iterations": iterations, "min_df": min_df})


#: Folds of the out-of-fold scores a blend is fitted on.
FOLDS = 3


def blended(
    items: Sequence[Counts],
    labels: Sequence[int],
    shipped: np.ndarray,
    *,
    l2: float = L2,
) -> LearnedHead:
    """The n-gram model on all of ``items``, blended with the shipped toxicity by weights
    fitted on out-of-fold logits (each fold scored by a model that never saw it)."""
    y = np.asarray(labels, dtype=np.float64)
    if len(y) != len(items):
        raise ValueError("one label per comment")
    # The n-grams are hashed once for the full fit and every fold.
    triples = _bucket_rows(items)
    full = _fit(triples, y, l2=l2)
    own = np.zeros(len(y))
    fold = np.arange(len(y)) % FOLDS
    for f in range(FOLDS):
        inside, outside = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        model = _fit(_rows_of(triples, inside, len(y)), y[inside], l2=l2)
        design = _design(range(len(outside)), model.idf, _rows_of(triples, outside, len(y)))
        own[outside] = design.dot(model.weights, model.bias)
    a, b, c = _fit_blend(np.c_[own, _logit(shipped)], y)
    return LearnedHead(
        full.idf,
        full.weights,
        full.bias,
        (a, b, c),
        True,
        header={**full.header, "folds": FOLDS},
    )


def _rows_of(triples: Triples, chosen: np.ndarray, count: int) -> Triples:
    """The triples of the ``chosen`` comments only, numbered 0.. in that order."""
    rows, buckets, tallies = triples
    renumber = np.full(count, -1, dtype=np.int64)
    renumber[chosen] = np.arange(len(chosen))
    kept = renumber[rows] >= 0
    return renumber[rows[kept]], buckets[kept], tallies[kept]


def _fit_blend(inputs: np.ndarray, y: np.ndarray, shrink: float = 1e-3) -> tuple[float, ...]:
    """A three-weight logistic regression by Newton's method (a few steps suffice)."""
    x = np.c_[inputs, np.ones(len(y))]
    w = np.zeros(x.shape[1])
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) / len(y) + shrink * w
        hessian = (x.T * (p * (1 - p))) @ x / len(y) + shrink * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return tuple(float(v) for v in w)


@dataclass(frozen=True)
class Candidate:
    """A head fitted on the older decisions, and how it scored the newer ones."""

    form: str
    head: LearnedHead
    held_out_scores: np.ndarray
    auc: float | None


ALONE = "n-grams"
BLEND = "n-grams blended with the shipped toxicity"


def candidate(
    train: Sequence[Counts],
    y_train: Sequence[int],
    held: Sequence[Counts],
    y_held: Sequence[int],
    *,
    shipped_train: np.ndarray | None = None,
    shipped_held: np.ndarray | None = None,
    l2: float = L2,
) -> Candidate:
    """Fit on the training decisions (blended where the language has a shipped model) and
    score the held-out ones."""
    if shipped_train is not None and shipped_held is not None:
        head = blended(train, y_train, shipped_train, l2=l2)
        scores = head.predict(held, shipped_held)
        return Candidate(BLEND, head, scores, roc_auc(y_held, scores))
    head = fit(train, y_train, l2=l2)
    scores = head.predict(held)
    return Candidate(ALONE, head, scores, roc_auc(y_held, scores))


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """ROC-AUC by ranks (ties share their mean rank); None without both classes."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    positives = int(y.sum())
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return None
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_scores = s[order]
    # Mean rank of each run of equal scores.
    starts = np.flatnonzero(np.r_[True, sorted_scores[1:] != sorted_scores[:-1]])
    ends = np.r_[starts[1:], len(s)]
    mean_rank = (starts + ends + 1) / 2.0
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return float((ranks[y].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def approval_threshold(
    labels: Sequence[int],
    scores: Sequence[float],
    *,
    agreement: float = 0.97,
    least: int = 30,
) -> dict | None:
    """The highest ``approve_below`` at which the comments scored under it were approved by
    people at least ``agreement`` of the time, over at least ``least`` comments; with the
    share it would approve and the agreement it had. None if no threshold reaches it."""
    y = np.asarray(labels, dtype=np.int64)
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    approved_so_far = np.cumsum(1 - y_sorted)
    taken = np.arange(1, len(s) + 1)
    best = None
    for k in range(least, len(s) + 1):
        # A threshold between this score and the next approves exactly the first k.
        if k < len(s) and s_sorted[k] == s_sorted[k - 1]:
            continue
        share_right = approved_so_far[k - 1] / taken[k - 1]
        if share_right >= agreement:
            below = float(s_sorted[k]) if k < len(s) else 1.0
            best = {
                "approve_below": min(below, 1.0),
                "approved_share": round(k / len(s), 4),
                "agreement": round(float(share_right), 4),
                "held_out": len(s),
            }
    return best
