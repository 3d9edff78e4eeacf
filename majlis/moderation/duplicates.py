"""Near-duplicate comments: the same advert posted twenty times with small changes.

A comment is sketched by one-permutation MinHash over character 5-shingles of its
normalised letters and digits: each shingle is hashed once (CRC-32, stable across
processes, so sketches may be stored) into one of 64 bins, and a bin keeps its smallest
hash. The share of equal bins among the bins either sketch filled estimates the Jaccard
similarity of the two shingle sets. Sketching is linear in the text's length; comparing two
sketches costs 64 steps whatever the texts' lengths.

`NearDuplicateIndex` finds the recent comments similar to a new one without comparing it
with each: locality-sensitive hashing over 16 bands of 4 bins, where texts that share a
band become candidates (at Jaccard 0.6, nine in ten pairs share one; at 0.3, one in eight).
`RecentSketches` compares a new comment with a fixed set of stored sketches all at once
(exactly, as a matrix): the worker builds one per batch from the sketches in the database.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from majlis.moderation.normalize import normalize

if TYPE_CHECKING:
    from majlis.moderation.prepared import Prepared

__all__ = ["NearDuplicateIndex", "RecentSketches", "Sketch", "sketch"]

BINS = 64
BAND_SIZE = 4
SHINGLE = 5
_EMPTY = -1
_NOT_CONTENT = re.compile(r"[^\w]+|_")


@dataclass(frozen=True, slots=True)
class Sketch:
    """A comment's MinHash: per bin, the smallest shingle hash that fell in it (or -1)."""

    bins: tuple[int, ...]

    @property
    def empty(self) -> bool:
        return all(value == _EMPTY for value in self.bins)

    def similarity(self, other: Sketch) -> float:
        """Estimated Jaccard similarity of the two comments' shingle sets, in [0, 1]."""
        filled = equal = 0
        for mine, theirs in zip(self.bins, other.bins, strict=True):
            if mine == _EMPTY and theirs == _EMPTY:
                continue
            filled += 1
            equal += mine == theirs
        return equal / filled if filled else 0.0

    def bands(self) -> list[tuple[int, tuple[int, ...]]]:
        return [
            (band, self.bins[band * BAND_SIZE : (band + 1) * BAND_SIZE])
            for band in range(BINS // BAND_SIZE)
        ]


def content(text: str | Prepared) -> str:
    """The normalised letters and digits, words separated by one space: what is compared."""
    folded = normalize(text) if isinstance(text, str) else text.normalized
    return _NOT_CONTENT.sub(" ", folded.text).strip()


def sketch(text: str | Prepared) -> Sketch:
    """The MinHash sketch of `text` (see the module's docstring)."""
    letters = content(text)
    mins = [_EMPTY] * BINS
    if not letters:
        return Sketch(tuple(mins))
    if len(letters) < SHINGLE:
        shingles: Iterable[str] = (letters,)
    else:
        shingles = {letters[i : i + SHINGLE] for i in range(len(letters) - SHINGLE + 1)}
    for shingle in shingles:
        value = zlib.crc32(shingle.encode())
        slot, rank = value & (BINS - 1), value >> 6
        if mins[slot] == _EMPTY or rank < mins[slot]:
            mins[slot] = rank
    return Sketch(tuple(mins))


class NearDuplicateIndex:
    """The last `capacity` comments, searchable for near-duplicates in sub-linear time.

    Thread-safe: one index may serve every assessment thread of a worker. Keys are the
    caller's (a comment id); adding beyond `capacity` forgets the oldest comment.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._sketches: dict[Hashable, Sketch] = {}
        self._order: deque[Hashable] = deque()
        self._buckets: dict[tuple[int, tuple[int, ...]], set[Hashable]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._sketches)

    def add(self, key: Hashable, text: str | Sketch) -> Sketch:
        """Index a comment (its text or its sketch) under `key`; re-adding a key replaces it."""
        signature = text if isinstance(text, Sketch) else sketch(text)
        with self._lock:
            if key in self._sketches:
                self._forget(key)
                self._order.remove(key)
            self._sketches[key] = signature
            self._order.append(key)
            if not signature.empty:
                for band in signature.bands():
                    self._buckets.setdefault(band, set()).add(key)
            while len(self._order) > self.capacity:
                self._forget(self._order.popleft())
        return signature

    def _forget(self, key: Hashable) -> None:
        signature = self._sketches.pop(key)
        for band in signature.bands():
            bucket = self._buckets.get(band)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del self._buckets[band]

    def query(
        self, text: str | Sketch, threshold: float = 0.6, exclude: Hashable | None = None
    ) -> list[tuple[Hashable, float]]:
        """Indexed comments whose estimated similarity is at least `threshold`, best first;
        `exclude` (the comment's own key, when it is indexed too) is never among them."""
        signature = text if isinstance(text, Sketch) else sketch(text)
        if signature.empty:
            return []
        with self._lock:
            candidates: set[Hashable] = set()
            for band in signature.bands():
                candidates.update(self._buckets.get(band, ()))
            candidates.discard(exclude)
            scored = [(key, signature.similarity(self._sketches[key])) for key in candidates]
        hits = [(key, score) for key, score in scored if score >= threshold]
        hits.sort(key=lambda hit: -hit[1])
        return hits


class RecentSketches:
    """A fixed set of sketches, compared with a new one all at once.

    The same estimate as `Sketch.similarity` against each, computed on a matrix: comparing
    with 300 recent comments costs tens of microseconds instead of milliseconds. Immutable,
    so one may serve a whole batch of comments (each excluding itself by its key).
    """

    def __init__(self, items: Iterable[tuple[Hashable, Sketch]]) -> None:
        pairs = list(items)
        self._keys = [key for key, _ in pairs]
        self._bins = np.array([s.bins for _, s in pairs], dtype=np.int64).reshape(-1, BINS)
        self._empty = self._bins == _EMPTY

    def __len__(self) -> int:
        return len(self._keys)

    def query(
        self, text: str | Sketch, threshold: float = 0.6, exclude: Hashable | None = None
    ) -> list[tuple[Hashable, float]]:
        """The sketches whose similarity is at least `threshold`, best first, but `exclude`."""
        signature = text if isinstance(text, Sketch) else sketch(text)
        if signature.empty or not self._keys:
            return []
        own = np.array(signature.bins, dtype=np.int64)
        mine = own != _EMPTY
        # A bin counts unless both sketches left it empty; it agrees if both hold one value.
        if mine.all():  # the usual case: every bin counts
            scores = np.count_nonzero(self._bins == own, axis=1) / BINS
        else:
            equal = np.count_nonzero((self._bins == own) & mine, axis=1)
            counts = BINS - np.count_nonzero(self._empty[:, ~mine], axis=1)
            scores = np.divide(equal, counts, out=np.zeros(len(self._keys)), where=counts > 0)
        hits = [
            (self._keys[i], float(scores[i]))
            for i in np.flatnonzero(scores >= threshold)
            if self._keys[i] != exclude
        ]
        hits.sort(key=lambda hit: -hit[1])
        return hits
