"""A site's own model, learned from its moderators' decisions: numpy only, no Django.

The shipped models know tweets and Wikipedia; a newsroom's moderators know its readers. A
learned head is stacked on the shipped models and corrects them: its inputs are the logits
of every score the shipped models give the comment's language (toxicity, the English
categories, promotion, which every language has) and the comment's own n-grams (those of
``classifier_features``), hashed into 2**18 buckets (crc32, so the same on every machine and
process), as sublinear TF-IDF rows scaled to unit length. It predicts the chance that a
moderator of this site rejects the comment.

It is fitted in two steps, both deterministic (the same decisions give the same weights):

1. a small logistic regression of the verdicts on the shipped logits (Newton's method): the
   shipped models re-weighed for this desk, which may care for insults and not swearing;
2. an L2-regularised logistic regression on the n-grams (Nesterov's accelerated gradient
   over the whole batch) that starts from step 1's logit as a fixed offset and corrects it.

How much the n-grams may correct (the L2 shrinkage, or no n-grams at all) is chosen on an
inner time split of the training decisions: the older four fifths train, the newest fifth
judges. So with few decisions, or a desk that judges as the shipped models do, the head
stays near them; with many, or a desk with standards of its own, it leans on its n-grams.
Without any shipped score the n-grams carry it alone. The weights travel as an ``.npz`` of
plain arrays, read with ``allow_pickle=False``, and are checked against the sha256 their card
records.

    found = candidate(train, y_train, held, y_held, shipped_train=…, shipped_held=…)
    found.head.predict(gram_counts, shipped)    # array of P(rejected)
    LearnedHead.from_bytes(data, expected_sha256=card["sha256"])

``shipped``: the shipped scores of each comment by name (``classifiers.predict``'s output);
a score the head stacks but is not given reads as 0.5 (no opinion).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
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
    "candidate",
    "fit",
    "rejection_threshold",
    "replaces",
    "roc_auc",
]

FORMAT = "majlis-learned-hashed/2"
#: The first format: the n-grams' own logit blended with the shipped toxicity's by three
#: weights. It is the same model with one stacked score, and loads as such.
FORMAT_1 = "majlis-learned-hashed/1"
BUCKET_BITS = 18
BUCKETS = 1 << BUCKET_BITS
#: The share of a site's decisions, the newest, held out to check a candidate on (and, within
#: the rest, to choose the shrinkage on).
HELD_OUT_SHARE = 0.2
#: The shrinkage of the n-gram weights where it is not chosen on an inner split.
L2 = 1e-2
#: The shrinkages tried on the inner split; ``None``: no n-grams, the shipped scores alone.
L2_CHOICES: tuple[float | None, ...] = (None, 1e-1, 3e-2, 1e-2, 3e-3, 1e-3)
#: How much better on the held-out decisions a candidate must be to replace the model in use.
MARGIN = 0.01
#: With no model in use (Kurdish), a candidate must at least reach this held-out AUC.
FLOOR = 0.6
#: ...and beat it in this share of bootstrap resamples of the held-out decisions.
CONFIDENCE = 0.9
RESAMPLES = 200
#: The shrinkage of the stacked weights (few, dense, well determined).
STACK_L2 = 1e-3
# A shipped probability of exactly 0 or 1 would be an infinite logit.
_CLIP = 1e-6

Counts = Mapping[str, int] | Sequence[str]
Shipped = Mapping[str, np.ndarray]


class WeightsError(ValueError):
    """Stored weights that are altered or of a format this code does not read."""


def _counts(item: Counts) -> Mapping[str, int]:
    return item if isinstance(item, Mapping) else Counter(item)


Triples = tuple[np.ndarray, np.ndarray, np.ndarray]


def _bucket_rows(items: Sequence[Counts]) -> Triples:
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


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


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


def _design(count: int, idf: np.ndarray, triples: Triples) -> _Design:
    rows, buckets, tallies = triples
    weight = idf[buckets]
    keep = weight > 0.0  # buckets the training never saw say nothing
    rows, buckets = rows[keep], buckets[keep]
    values = (1.0 + np.log(tallies[keep])) * weight[keep]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=count))
    norms[norms == 0.0] = 1.0
    values /= norms[rows]
    return _Design(count, rows, buckets, values)


def _stacked_logits(names: Sequence[str], shipped: Shipped | None, count: int) -> np.ndarray:
    """(count, len(names)) logits of the shipped scores named; 0 where one is missing."""
    out = np.zeros((count, len(names)))
    for j, name in enumerate(names):
        scores = (shipped or {}).get(name)
        if scores is not None:
            out[:, j] = _logit(scores)
    return out


@dataclass(frozen=True)
class LearnedHead:
    """One learned head: P(a moderator of this site rejects the comment)."""

    idf: np.ndarray  # (BUCKETS,) 0 for buckets the training never saw
    weights: np.ndarray  # (BUCKETS,)
    bias: float
    # The shipped scores it stacks, by name, and the weight of each one's logit.
    stacked: tuple[str, ...] = ()
    stack_weights: tuple[float, ...] = ()
    version: str = ""  # how the desk names it, e.g. "main/ckb v3"; set by whoever loads it
    header: dict = field(default_factory=dict)

    @property
    def uses_shipped(self) -> bool:
        return bool(self.stacked)

    def logits(self, items: Sequence[Counts], shipped: Shipped | None = None) -> np.ndarray:
        own = _design(len(items), self.idf, _bucket_rows(items)).dot(self.weights, self.bias)
        if self.stacked:
            own += _stacked_logits(self.stacked, shipped, len(items)) @ np.asarray(
                self.stack_weights
            )
        return own

    def predict(self, items: Sequence[Counts], shipped: Shipped | None = None) -> np.ndarray:
        """P(rejected) of each comment; ``shipped``: the shipped models' scores by name."""
        return _sigmoid(self.logits(items, shipped))

    def to_bytes(self) -> bytes:
        header = {
            **self.header,
            "format": FORMAT,
            "featurizer": FEATURIZER_VERSION,
            "buckets": BUCKETS,
            "stacked": list(self.stacked),
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
            scalars=np.array([self.bias, *self.stack_weights], dtype=np.float64),
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
                scalars = [float(v) for v in arrays["scalars"]]
        except (KeyError, ValueError, OSError) as error:
            raise WeightsError(f"unreadable weights: {error}") from None
        if header.get("format") not in (FORMAT, FORMAT_1) or header.get("buckets") != BUCKETS:
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
        if header["format"] == FORMAT_1:
            # a × (n-grams + bias) + b × toxicity logit + c, folded into the stacked form.
            bias, a, b, c = scalars
            weights_used, bias = a * weights_used, a * bias + c
            stacked, scalars = (
                (("toxicity",), [bias, b]) if header["uses_shipped"] else ((), [bias])
            )
        else:
            stacked = tuple(header.get("stacked", ()))
        if len(scalars) != 1 + len(stacked):
            raise WeightsError("weights arrays disagree with each other")
        idf = np.zeros(BUCKETS)
        weights = np.zeros(BUCKETS)
        idf[used], weights[used] = idf_used, weights_used
        return cls(idf, weights, scalars[0], stacked, tuple(scalars[1:]), version, header)

    @staticmethod
    def sha256(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


def fit(
    items: Sequence[Counts],
    labels: Sequence[int],
    *,
    shipped: Shipped | None = None,
    l2: float | None = L2,
    iterations: int = 200,
    min_df: int = 2,
) -> LearnedHead:
    """Fit a head on comments (their n-grams, counted or listed) and verdicts.

    ``shipped``: the shipped scores of each comment by name, to stack on (step 1 of the
    module's docstring); ``l2``: the n-grams' shrinkage, ``None`` for no n-grams; ``min_df``:
    a bucket needs that many comments to get a weight (one-off n-grams mostly overfit).
    Deterministic: the same input gives the same weights, bit for bit.
    """
    if len(labels) != len(items):
        raise ValueError("one label per comment")
    y = np.asarray(labels, dtype=np.float64)
    names = tuple(sorted(shipped)) if shipped else ()
    return _fit(
        _bucket_rows(items),
        y,
        _stacked_logits(names, shipped, len(y)),
        names,
        l2=l2,
        iterations=iterations,
        min_df=min_df,
    )


def _fit(
    triples: Triples,
    y: np.ndarray,
    stack: np.ndarray,
    names: tuple[str, ...],
    *,
    l2: float | None,
    iterations: int = 200,
    min_df: int = 2,
) -> LearnedHead:
    n = len(y)
    if n == 0 or (len(triples[0]) and triples[0].max() >= n):
        raise ValueError("one label per comment, and at least one comment")
    stack_weights = _fit_stack(stack, y)
    header = {"l2": l2, "iterations": iterations, "min_df": min_df}
    if l2 is None:
        return LearnedHead(
            np.zeros(BUCKETS),
            np.zeros(BUCKETS),
            stack_weights[0],
            names,
            stack_weights[1:],
            header=header,
        )
    df = np.bincount(triples[1], minlength=BUCKETS).astype(np.float64)
    idf = np.where(df >= min_df, np.log((1.0 + n) / (1.0 + df)) + 1.0, 0.0)
    design = _design(n, idf, triples)
    # Only the buckets training saw are fitted: a few thousand columns, not 2**18.
    used = np.flatnonzero(idf > 0.0)
    compact = np.full(BUCKETS, -1, dtype=np.int64)
    compact[used] = np.arange(len(used))
    columns = compact[design.columns]
    fixed = stack @ np.asarray(stack_weights[1:]) if names else np.zeros(n)
    # Loss: mean log-loss + l2/2 |w|^2; the bias is free and starts at step 1's.
    w, bias = np.zeros(len(used)), stack_weights[0]
    w_prev, bias_prev = w, bias
    # Rows have unit length, so the loss's curvature is at most 1/4 (+ shrinkage).
    step = 1.0 / (0.25 + l2)
    for t in range(1, iterations + 1):
        momentum = (t - 1) / (t + 2)
        w_look = w + momentum * (w - w_prev)
        bias_look = bias + momentum * (bias - bias_prev)
        z = np.bincount(design.rows, weights=design.values * w_look[columns], minlength=n)
        residual = (_sigmoid(z + fixed + bias_look) - y) / n
        grad_w = np.bincount(
            columns, weights=design.values * residual[design.rows], minlength=len(used)
        )
        grad_w += l2 * w_look
        w_prev, bias_prev = w, bias
        w = w_look - step * grad_w
        bias = bias_look - step * float(residual.sum())
    weights = np.zeros(BUCKETS)
    weights[used] = w
    return LearnedHead(idf, weights, float(bias), names, stack_weights[1:], header=header)


def _fit_stack(stack: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    """(bias, weight per stacked logit) of a logistic regression by Newton's method; with
    nothing stacked, the bias of the share rejected."""
    x = np.c_[np.ones(len(y)), stack]
    prior = float(np.clip(y.mean(), 1e-3, 1 - 1e-3))
    w = np.zeros(x.shape[1])
    w[0] = math.log(prior / (1 - prior))
    shrink = np.full(len(w), STACK_L2)
    shrink[0] = 0.0  # the share of rejections is the desk's own, never shrunk
    for _ in range(25 if stack.shape[1] else 0):
        p = _sigmoid(x @ w)
        gradient = x.T @ (p - y) / len(y) + shrink * w
        hessian = (x.T * (p * (1 - p))) @ x / len(y) + np.diag(shrink) + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return tuple(float(v) for v in w)


def _rows_of(triples: Triples, chosen: np.ndarray, count: int) -> Triples:
    """The triples of the ``chosen`` comments only, numbered 0.. in that order."""
    rows, buckets, tallies = triples
    renumber = np.full(count, -1, dtype=np.int64)
    renumber[chosen] = np.arange(len(chosen))
    kept = renumber[rows] >= 0
    return renumber[rows[kept]], buckets[kept], tallies[kept]


@dataclass(frozen=True)
class Candidate:
    """A head fitted on the older decisions, and how it scored the newer ones."""

    form: str
    head: LearnedHead
    held_out_scores: np.ndarray
    auc: float | None
    # The shrinkage chosen on the inner split, and each one's AUC there.
    l2: float | None = L2
    inner: dict = field(default_factory=dict)


ALONE = "n-grams"
STACKED = "n-grams stacked on the shipped scores"
SHIPPED_ONLY = "the shipped scores re-weighed"


def _form(head: LearnedHead, l2: float | None) -> str:
    if not head.stacked:
        return ALONE
    return SHIPPED_ONLY if l2 is None else STACKED


def choose_l2(
    triples: Triples, y: np.ndarray, stack: np.ndarray, names: tuple[str, ...]
) -> tuple[float | None, dict]:
    """The shrinkage whose heads rank newer decisions best, on these (time-ordered) ones:
    fitted on the oldest three fifths and judged on the fourth, and fitted on the oldest
    four and judged on the fifth, the two AUCs averaged (one small split alone is noisy),
    ties broken by log-loss; ``L2`` where a judged part lacks a verdict. Returns it and the
    mean AUC of each one tried."""
    n = len(y)
    fifth = max(1, round(n * HELD_OUT_SHARE))
    splits = [
        (np.arange(n - 2 * fifth), np.arange(n - 2 * fifth, n - fifth)),
        (np.arange(n - fifth), np.arange(n - fifth, n)),
    ]
    if any(len(set(y[part].tolist())) < 2 for split in splits for part in split):
        return L2, {}
    found: dict[float | None, list[tuple[float, float]]] = {}
    for inside, outside in splits:
        train_rows, held_rows = _rows_of(triples, inside, n), _rows_of(triples, outside, n)
        for l2 in L2_CHOICES:
            if l2 is None and not names:
                continue
            head = _fit(train_rows, y[inside], stack[inside], names, l2=l2)
            z = _design(len(outside), head.idf, held_rows).dot(head.weights, head.bias)
            if names:
                z = z + stack[outside] @ np.asarray(head.stack_weights)
            # log(1 + e^-z) for a rejection, log(1 + e^z) for an approval.
            loss = float(np.mean(np.logaddexp(0.0, np.where(y[outside] == 1, -z, z))))
            found.setdefault(l2, []).append((roc_auc(y[outside], z) or 0.0, loss))
    # The best ranking; among equals, the better probabilities (they meet thresholds).
    mean = {l2: tuple(np.mean(v, axis=0)) for l2, v in found.items()}
    best = max(mean, key=lambda l2: (round(mean[l2][0], 6), -mean[l2][1]))
    return best, {str(l2): round(float(v[0]), 4) for l2, v in mean.items()}


def candidate(
    train: Sequence[Counts],
    y_train: Sequence[int],
    held: Sequence[Counts],
    y_held: Sequence[int],
    *,
    shipped_train: Shipped | None = None,
    shipped_held: Shipped | None = None,
    l2: float | str | None = "choose",
) -> Candidate:
    """Fit on the training decisions (oldest first), stacked on the shipped scores where
    there are any, with the shrinkage chosen on their newest fifth (or ``l2``), and score
    the held-out ones."""
    y = np.asarray(y_train, dtype=np.float64)
    if len(y) != len(train):
        raise ValueError("one label per comment")
    names = tuple(sorted(shipped_train)) if shipped_train else ()
    triples = _bucket_rows(train)
    stack = _stacked_logits(names, shipped_train, len(y))
    inner: dict = {}
    if l2 == "choose":
        chosen, inner = choose_l2(triples, y, stack, names)
    else:
        chosen = l2  # type: ignore[assignment]
    head = _fit(triples, y, stack, names, l2=chosen)
    scores = head.predict(held, shipped_held)
    return Candidate(_form(head, chosen), head, scores, roc_auc(y_held, scores), chosen, inner)


def replaces(
    labels: Sequence[int],
    candidate_scores: Sequence[float],
    current_scores: Sequence[float] | None,
) -> bool:
    """Whether a candidate that scored the held-out decisions so replaces the model in use
    (``current_scores``: how that model scored them; None: nothing in use). It must beat it
    by ``MARGIN`` and do better in ``CONFIDENCE`` of ``RESAMPLES`` bootstrap resamples of
    the held-out decisions (the same for both: a few dozen decisions can show a margin by
    luck); with nothing in use, reach ``FLOOR``."""
    found = roc_auc(labels, candidate_scores)
    if found is None:
        return False
    if current_scores is None:
        return found >= FLOOR
    current = roc_auc(labels, current_scores)
    if current is None or found < current + MARGIN:
        return False
    return _share_better(labels, candidate_scores, current_scores) >= CONFIDENCE


def _share_better(labels, candidate_scores, current_scores) -> float:
    """The share of bootstrap resamples (a fixed seed: the same answer every run) on which
    the candidate's AUC beats the current model's; resamples with one verdict only skipped."""
    y = np.asarray(labels)
    a = np.asarray(candidate_scores, dtype=np.float64)
    b = np.asarray(current_scores, dtype=np.float64)
    rng = np.random.default_rng(0)
    wins = tried = 0
    for _ in range(RESAMPLES):
        pick = rng.integers(0, len(y), len(y))
        first, second = roc_auc(y[pick], a[pick]), roc_auc(y[pick], b[pick])
        if first is None or second is None:
            continue
        tried += 1
        wins += first > second
    return wins / tried if tried else 0.0


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
    found = _widest_agreeing(labels, scores, agreement=agreement, least=least, rejecting=False)
    if found is None:
        return None
    k, share_right, s_sorted = found
    below = float(s_sorted[k]) if k < len(s_sorted) else 1.0
    return {
        "approve_below": min(below, 1.0),
        "approved_share": round(k / len(s_sorted), 4),
        "agreement": round(share_right, 4),
        "held_out": len(s_sorted),
    }


def rejection_threshold(
    labels: Sequence[int],
    scores: Sequence[float],
    *,
    agreement: float = 0.97,
    least: int = 10,
) -> dict | None:
    """The lowest ``reject_at`` at which the comments scored at or above it were rejected by
    people at least ``agreement`` of the time, over at least ``least`` comments; with the
    share it would reject and the agreement it had. None if no threshold reaches it."""
    found = _widest_agreeing(labels, scores, agreement=agreement, least=least, rejecting=True)
    if found is None:
        return None
    k, share_right, s_sorted = found
    return {
        "reject_at": float(s_sorted[k - 1]),
        "rejected_share": round(k / len(s_sorted), 4),
        "agreement": round(share_right, 4),
        "held_out": len(s_sorted),
    }


def _widest_agreeing(
    labels: Sequence[int],
    scores: Sequence[float],
    *,
    agreement: float,
    least: int,
    rejecting: bool,
) -> tuple[int, float, np.ndarray] | None:
    """The most comments, from the lowest scores up (approving) or the highest down
    (rejecting), that people decided the same way at least ``agreement`` of the time:
    (how many, the share decided that way, the scores in that order). A threshold falls
    between two scores, so equal scores are taken all or none."""
    y = np.asarray(labels, dtype=np.int64)
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s if rejecting else s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    agreeing = np.cumsum(y_sorted if rejecting else 1 - y_sorted)
    best = None
    for k in range(least, len(s) + 1):
        if k < len(s) and s_sorted[k] == s_sorted[k - 1]:
            continue
        share_right = float(agreeing[k - 1] / k)
        if share_right >= agreement:
            best = (k, share_right, s_sorted)
    return best
