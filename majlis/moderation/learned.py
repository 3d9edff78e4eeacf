"""A site's own model, learned from its moderators' decisions: numpy only, no Django.

The shipped models know tweets and Wikipedia; a newsroom's moderators know its readers. A
learned head reads the same n-grams as the shipped models (``classifier_features``), hashed
into 2**18 buckets (crc32, so the same on every machine and process), as sublinear TF-IDF
rows scaled to unit length, plus one more input where the language has a shipped model: that
model's toxicity logit. It is an L2-regularised logistic regression fitted by Nesterov's
accelerated gradient over the whole batch (no randomness, so the same decisions give the
same weights), predicting the chance that a moderator of this site rejects the comment.

With the shipped score as an input the fit starts from what the shipped model knows and
only moves where the site's decisions disagree; without one (Kurdish) the n-grams alone
carry it. The weights travel as an ``.npz`` of plain arrays, read with
``allow_pickle=False``, and are checked against the sha256 their card records.

    head = fit(gram_counts, labels)            # labels: 1 rejected, 0 approved
    head.predict(gram_counts)                  # array of P(rejected)
    LearnedHead.from_bytes(head.to_bytes(), expected_sha256=...)
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
    "LearnedHead",
    "WeightsError",
    "approval_threshold",
    "fit",
    "roc_auc",
]

FORMAT = "majlis-learned-hashed/1"
BUCKET_BITS = 18
BUCKETS = 1 << BUCKET_BITS
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
    """The sparse rows of a batch (COO, row-major) and its dense extra column."""

    count: int
    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    shipped: np.ndarray | None  # the shipped model's logit, scaled, or None

    def dot(self, weights: np.ndarray, stack: float, bias: float) -> np.ndarray:
        out = np.bincount(
            self.rows, weights=self.values * weights[self.columns], minlength=self.count
        )
        if self.shipped is not None:
            out += stack * self.shipped
        return out + bias


def _design(
    items: Sequence[Counts],
    idf: np.ndarray,
    shipped: np.ndarray | None,
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
    extra = None if shipped is None else _logit(shipped) / SHIPPED_SCALE
    return _Design(len(items), rows, buckets, values, extra)


# The shipped logit is divided by this so that its weight and the n-grams' are of one size.
SHIPPED_SCALE = 4.0


@dataclass(frozen=True)
class LearnedHead:
    """One learned head: P(a moderator of this site rejects the comment)."""

    idf: np.ndarray  # (BUCKETS,) 0 for buckets the training never saw
    weights: np.ndarray  # (BUCKETS,)
    bias: float
    stack: float  # weight of the shipped model's scaled logit; 0 when it had none
    uses_shipped: bool
    version: str = ""  # how the desk names it, e.g. "main/ckb v3"; set by whoever loads it
    header: dict = field(default_factory=dict)

    def predict(self, items: Sequence[Counts], shipped: np.ndarray | None = None) -> np.ndarray:
        """P(rejected) of each comment; ``shipped``: the shipped toxicity of each, where the
        head learned with it (a head that did and is not given it reads it as 0.5)."""
        if self.uses_shipped and shipped is None:
            shipped = np.full(len(items), 0.5)
        design = _design(items, self.idf, shipped if self.uses_shipped else None)
        return 1.0 / (1.0 + np.exp(-design.dot(self.weights, self.stack, self.bias)))

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
            scalars=np.array([self.bias, self.stack], dtype=np.float64),
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
                bias, stack = (float(v) for v in arrays["scalars"])
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
        return cls(idf, weights, bias, stack, bool(header["uses_shipped"]), version, header)

    @staticmethod
    def sha256(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


def fit(
    items: Sequence[Counts],
    labels: Sequence[int],
    *,
    shipped: np.ndarray | None = None,
    l2: float = 1e-4,
    iterations: int = 200,
    min_df: int = 2,
) -> LearnedHead:
    """Fit a head on comments (their n-grams, counted or listed) and people's verdicts.

    ``shipped``: the shipped model's toxicity of each comment, where the language has one.
    ``min_df``: a bucket needs that many comments to get a weight (one-off n-grams mostly
    overfit). Deterministic: the same input gives the same weights, bit for bit.
    """
    y = np.asarray(labels, dtype=np.float64)
    if len(y) != len(items) or len(y) == 0:
        raise ValueError("one label per comment, and at least one comment")
    triples = _bucket_rows(items)
    df = np.bincount(triples[1], minlength=BUCKETS).astype(np.float64)
    idf = np.where(df >= min_df, np.log((1.0 + len(y)) / (1.0 + df)) + 1.0, 0.0)
    design = _design(items, idf, shipped, triples)
    n = len(y)

    # Loss: mean log-loss + l2/2 |w|^2 (the bias and the shipped input are not shrunk much:
    # the prior and the shipped model's say are what small data should keep).
    w = np.zeros(BUCKETS)
    scalars = np.zeros(2)  # stack, bias
    prior = np.clip(y.mean(), 1e-3, 1 - 1e-3)
    scalars[1] = np.log(prior / (1 - prior))
    if design.shipped is not None:
        scalars[0] = SHIPPED_SCALE / 2  # start near the shipped model's own reading
    # Rows have unit length, so the loss's curvature is at most 1/4 (+ shrinkage) per step
    # in the n-grams; the extra column is scaled to about that size too.
    step = 1.0 / (0.25 * (1.0 + _extra_norm(design)) + l2)
    w_prev, s_prev = w.copy(), scalars.copy()
    for t in range(1, iterations + 1):
        momentum = (t - 1) / (t + 2)
        w_look = w + momentum * (w - w_prev)
        s_look = scalars + momentum * (scalars - s_prev)
        p = 1.0 / (1.0 + np.exp(-design.dot(w_look, s_look[0], s_look[1])))
        residual = (p - y) / n
        grad_w = np.bincount(
            design.columns, weights=design.values * residual[design.rows], minlength=BUCKETS
        )
        grad_w += l2 * w_look
        grad_s = np.array(
            [
                0.0 if design.shipped is None else float(design.shipped @ residual),
                float(residual.sum()),
            ]
        )
        grad_s[0] += l2 * 0.01 * s_look[0]
        w_prev, s_prev = w, scalars
        w = w_look - step * grad_w
        scalars = s_look - step * grad_s
    return LearnedHead(
        idf,
        w,
        float(scalars[1]),
        float(scalars[0]),
        design.shipped is not None,
        header={"l2": l2, "iterations": iterations, "min_df": min_df},
    )


def _extra_norm(design: _Design) -> float:
    if design.shipped is None:
        return 0.0
    return float(np.mean(design.shipped**2))


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
