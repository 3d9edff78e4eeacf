"""Toxic spans: the raters' gold per post and the SemEval-2021 Task 5 metric.

The Civil Comments toxic-spans set (Pavlopoulos et al., SemEval-2021 Task 5) has three or
more raters per post; each highlighted the toxic spans of the post and typed them (Insult,
Threat, Identity based Attack, Profane/Obscene, Other Toxicity), or ticked "all toxic" (every
character counts) or "not toxic". The task's gold is built per character: the fraction of
the post's raters who marked it, kept where that fraction is at least one half. The same
rule, with only one type's spans, gives each type's gold.

The metric is the task's: per post, the F1 of the predicted character offsets against the
gold ones (1 when both are empty, 0 when only one is), averaged over the posts.

    gold = gold_posts()                         # {comment_id: GoldPost}
    f1(predicted_offsets, gold[cid].offsets)    # one post
    mean_f1(predictions, golds)                 # the task's figure
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moderation_data import DATA_DIR, is_held_out, report_half
from moderation_data import _clean as clean_text

FOLDER = "civil-comments-toxic-spans"
#: The span types of the set with a guideline category of ours, and that category.
TYPES: dict[str, str] = {
    "Insult": "personal_attack",
    "Threat": "threat",
    "Identity based Attack": "identity_attack",
    "Profane/Obscene": "profanity",
}
#: Two upstream typos in the type column, read as the type they meant (the set's README).
_TYPE_TYPOS = {"Insu": "Insult", "Identity based ": "Identity based Attack"}
MAJORITY = 0.5


@dataclass(frozen=True)
class GoldPost:
    """One post: its text, how many raters read it, and the gold offsets (all types and
    per type) of the characters at least half of them marked."""

    comment_id: str
    text: str
    raters: int
    offsets: frozenset[int]
    by_type: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def held_out(self) -> bool:
        # The classifiers' split reads the text as training did (moderation_data._clean).
        return is_held_out(clean_text(self.text))

    @property
    def report(self) -> bool:
        return report_half(clean_text(self.text))


@dataclass
class _Rater:
    all_toxic: bool = False
    marked: set[int] = field(default_factory=set)
    by_type: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def majority(marks: Iterable[set[int] | frozenset[int]], raters: int) -> frozenset[int]:
    """The offsets that at least half of ``raters`` marked (``marks``: one set per rater who
    marked anything; the others count in the denominator)."""
    if raters <= 0:
        return frozenset()
    votes: dict[int, int] = defaultdict(int)
    for marked in marks:
        for offset in marked:
            votes[offset] += 1
    return frozenset(o for o, n in votes.items() if n / raters >= MAJORITY)


def build_gold(
    texts: dict[str, str],
    annotations: Iterable[dict[str, str]],
    spans: Iterable[dict[str, str]],
) -> dict[str, GoldPost]:
    """Gold posts from the set's three tables (rows as ``csv.DictReader`` gives them).

    A rater who ticked "all toxic" and highlighted nothing marks every character of the post;
    one who ticked it and highlighted spans marks those spans. A rater who marked nothing (or
    ticked "not toxic") still counts among the post's raters. About a third of the rows tick
    both "all toxic" and "not toxic" and highlight nothing: a contradiction, not a reading,
    so they are left out. Offsets past the end of the text (a few upstream spans run over)
    are dropped.

    Checked against the task's own gold (the public SemEval-2021 train and trial files, not
    kept here): on the 6,877 posts both hold, this rule gives the same offsets for 91 % of
    them and a mean F1 of 0.94 between the two, whose raters were not all the same; counting
    the contradictory rows as "all toxic" gives 69 % (0.77).
    """
    raters: dict[str, dict[str, _Rater]] = defaultdict(dict)
    annotation_post: dict[str, tuple[str, str]] = {}
    for row in annotations:
        post = row["comment_id"]
        if post not in texts:
            continue
        all_toxic, not_toxic = row["all toxic"] == "True", row["not toxic"] == "True"
        if all_toxic and not_toxic:
            continue
        rater = raters[post].setdefault(row["worker"], _Rater())
        rater.all_toxic |= all_toxic
        annotation_post[row["annotation"]] = (post, row["worker"])
    for row in spans:
        where = annotation_post.get(row["annotation"])
        if where is None:
            continue
        post, worker = where
        size = len(texts[post])
        offsets = set(range(max(0, int(row["start"])), min(size, int(row["end"]))))
        kind = _TYPE_TYPOS.get(row["type"], row["type"])
        rater = raters[post][worker]
        rater.marked |= offsets
        rater.by_type[kind] |= offsets
    gold = {}
    for post, by_worker in raters.items():
        everything = set(range(len(texts[post])))
        marks = [
            everything if r.all_toxic and not r.marked else r.marked for r in by_worker.values()
        ]
        count = len(by_worker)
        gold[post] = GoldPost(
            post,
            texts[post],
            count,
            majority(marks, count),
            {
                kind: majority((r.by_type.get(kind, set()) for r in by_worker.values()), count)
                for kind in TYPES
            },
        )
    return gold


def gold_posts(directory: Path | None = None) -> dict[str, GoldPost]:
    """Every post of the set in ``../shared/data`` with its gold spans."""
    folder = (directory or DATA_DIR) / FOLDER

    def rows(name: str) -> list[dict[str, str]]:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    texts = {r["comment_id"]: r["comment_text"] for r in rows("train.csv")}
    return build_gold(texts, rows("annotations.csv"), rows("spans.csv"))


def f1(predicted: Iterable[int], gold: Iterable[int]) -> float:
    """SemEval-2021 Task 5's F1 of one post over character offsets."""
    predicted, gold = set(predicted), set(gold)
    if not predicted and not gold:
        return 1.0
    if not predicted or not gold:
        return 0.0
    hits = len(predicted & gold)
    if hits == 0:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def mean_f1(predictions: Sequence[Iterable[int]], golds: Sequence[Iterable[int]]) -> float:
    """The task's figure: the mean of the posts' F1 (0 for no posts)."""
    if len(predictions) != len(golds):
        raise ValueError("one prediction per gold post")
    if not golds:
        return 0.0
    return sum(f1(p, g) for p, g in zip(predictions, golds, strict=True)) / len(golds)


def offsets(spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """The character offsets that ``(start, end)`` spans cover."""
    return frozenset(o for start, end in spans for o in range(start, end))
