"""Measure the off-topic score: a comment under its own article versus under another.

    .venv/bin/python training/evaluate_relevance.py [--data ../shared/data] [--fit]

No labelled "off-topic" news comments exist here, so two proxies, each split in halves by a
hash of the row's id (the `tune` half chose the weights in `relevance.Relevance.strength`,
the `report` half is reported):

* Wikipedia talk pages (`wikipedia-talk-toxicity-context`, rows with a parent comment): a
  reply against its own parent (on topic) and against a random other row's parent.
* YouTube comments (`youtube-spam-collection`, five music videos): a non-spam comment
  against its own video's title and tags, and against each other video's. Spam comments
  (adverts) against their own video are reported apart: they should score off-topic.

`--fit` refits the evidence weights by logistic regression on the `tune` half and prints
them, to be copied into `relevance.py`. The data folder is `--data`, else the environment
variable MAJLIS_DATA_DIR, else ../shared/data beside the repository.
"""

from __future__ import annotations

import argparse
import csv
import html
import os
import random
import re
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

from majlis.moderation.relevance import off_topic_score, relevance

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("MAJLIS_DATA_DIR", REPO.parent / "shared" / "data"))

# The five videos of the YouTube Spam Collection, as titled on YouTube, with a few tags.
VIDEOS = {
    "Psy": ("PSY - GANGNAM STYLE (강남스타일) M/V", ("psy", "gangnam style", "k-pop")),
    "KatyPerry": ("Katy Perry - Roar", ("katy perry", "roar", "pop")),
    "LMFAO": (
        "LMFAO - Party Rock Anthem ft. Lauren Bennett, GoonRock",
        ("lmfao", "party rock", "shuffle"),
    ),
    "Eminem": ("Eminem - Love The Way You Lie ft. Rihanna", ("eminem", "rihanna", "rap")),
    "Shakira": (
        "Shakira - Waka Waka (This Time for Africa) (The Official 2010 FIFA World Cup Song)",
        ("shakira", "waka waka", "world cup", "africa"),
    ),
}
Pair = tuple[str, dict, int]  # comment, article keyword arguments, 1 when off topic


def half(key: str) -> str:
    return "tune" if zlib.crc32(key.encode()) % 2 == 0 else "report"


def roc_auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    ranked = sorted(zip(scores, labels, strict=True))
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2  # ranks are 1-based
        rank_sum += mean_rank * sum(label for _, label in ranked[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def wikipedia_pairs(data: Path, seed: int = 7) -> dict[str, list[Pair]]:
    with open(data / "wikipedia-talk-toxicity-context" / "train.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["parent"].strip() and r["text"].strip()]
    rng = random.Random(seed)
    pairs: dict[str, list[Pair]] = {"tune": [], "report": []}
    for row in rows:
        other = rng.choice(rows)
        while other["parent"] == row["parent"]:
            other = rng.choice(rows)
        split = pairs[half(row["id"])]
        split.append((row["text"], {"title": "", "body": row["parent"]}, 0))
        split.append((row["text"], {"title": "", "body": other["parent"]}, 1))
    return pairs


def _clean(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", html.unescape(text)).replace("\ufeff", "").strip()


def youtube_pairs(data: Path) -> tuple[dict[str, list[Pair]], dict[str, list[Pair]]]:
    pairs: dict[str, list[Pair]] = {"tune": [], "report": []}
    adverts: dict[str, list[Pair]] = {"tune": [], "report": []}
    with open(data / "youtube-spam-collection" / "train.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        text, split = _clean(row["CONTENT"]), half(row["COMMENT_ID"])
        if not text:
            continue
        for video, (title, tags) in VIDEOS.items():
            article = {"title": title, "tags": tags, "article_language": "en"}
            if row["CLASS"] == "1":
                if video == row["video"]:
                    adverts[split].append((text, article, 1))
            else:
                pairs[split].append((text, article, int(video != row["video"])))
    # Adverts against on-topic comments under their own videos.
    for split in adverts:
        adverts[split].extend(p for p in pairs[split] if p[2] == 0)
    return pairs, adverts


def features(pair: Pair) -> list[float]:
    comment, article, _ = pair
    article = {k: v for k, v in article.items() if k != "article_language"}
    return list(relevance(comment, **article).features())


def fit(pairs: list[Pair]) -> list[float]:
    """Logistic regression of "on topic" on the evidence; returns weights then intercept.

    Nearly unregularised (the evidence is a handful of numbers and the pairs are thousands);
    liblinear with a fixed seed gives the same weights run to run.
    """
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=100.0, solver="liblinear", random_state=0, max_iter=1000)
    model.fit([features(p) for p in pairs], [1 - p[2] for p in pairs])
    return [*model.coef_[0].tolist(), float(model.intercept_[0])]


def measure(pairs: list[Pair]) -> tuple[float, float, float]:
    """ROC-AUC of the off-topic score, of the unweighted evidence alone, and ms a comment."""
    started = time.perf_counter()
    scores = [off_topic_score(c, **a)[0] for c, a, _ in pairs]
    elapsed = (time.perf_counter() - started) / len(pairs) * 1000
    labels = [label for *_, label in pairs]
    raw = [1 - sum(features(p)[:5]) for p in pairs]
    return roc_auc(scores, labels), roc_auc(raw, labels), elapsed


def report(name: str, pairs: list[Pair]) -> None:
    auc, raw, elapsed = measure(pairs)
    print(
        f"{name:34} ROC-AUC {auc:.4f}  (evidence alone {raw:.4f})  {len(pairs)} pairs, "
        f"{elapsed:.3f} ms per comment"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fit", action="store_true", help="refit the weights on the tune half")
    args = parser.parse_args()
    wiki = wikipedia_pairs(args.data)
    videos, adverts = youtube_pairs(args.data)
    if args.fit:
        weights = fit(wiki["tune"] + videos["tune"])
        print(
            "weights (coverage, weight, grams, mass, numbers, log comment words, "
            "log article stems), intercept:",
            [round(w, 3) for w in weights],
        )
    for split in ("tune", "report"):
        report(f"wikipedia reply vs parent [{split}]", wiki[split])
        report(f"youtube comment vs video [{split}]", videos[split])
        report(f"youtube advert vs on-topic [{split}]", adverts[split])


if __name__ == "__main__":
    main()
