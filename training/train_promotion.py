"""Train the promotion (comment spam, self-promotion) model, used for every language.

    .venv/bin/python training/train_promotion.py

Positives and negatives from the YouTube Spam Collection, plus ordinary comments of every
language here as negatives (a fixed, hash-chosen sample of each offensive-language set,
offensive or not: an insult is not an advert), so that the model learns what promotion
looks like rather than what English looks like. The model learns from what the engine
shows it: the text around the links, each link blanked out (`Prepared.promotion_text`);
the links themselves are the signals' to weigh. Writes
``majlis/moderation/artifacts/promotion.npz``, its model card and its manifest entry.
"""

from __future__ import annotations

import hashlib
import time

from linear_model import SEED, fit, write_artifact
from moderation_data import SOURCES, Row, split, youtube_spam
from publish import ARTIFACTS, held_out_aucs, linear_header, register, write_card

from majlis.moderation.extractors import blank_links, find_links

VERSION = "1.1.0"
MAX_FEATURES = 40_000
C = 1.5  # 3-fold CV of the training rows, engine score: 0.5 0.981, 1.5 0.982, 4 0.979, 12 0.973
NEGATIVES_PER_SET = 1500
HEADS = ["promotion"]


def _sample(rows: list[Row], size: int) -> list[Row]:
    # Deterministic: the rows whose text hashes lowest, whatever order they were read in.
    def key(row: Row) -> bytes:
        return hashlib.sha256(b"promotion-negatives:" + row.text.encode("utf-8")).digest()

    return sorted(rows, key=key)[:size]


def load_promotion() -> list[Row]:
    rows = list(youtube_spam())
    for language, sources in SOURCES.items():
        for source in sources:
            own = [r for r in source() if r.text]
            for row in _sample(own, NEGATIVES_PER_SET):
                rows.append(Row(row.text, row.dataset, language, {"promotion": 0}))
    return rows


def around_links(text: str) -> str:
    """What the engine's promotion model reads of a comment: its links blanked out."""
    return blank_links(text, find_links(text))


def train() -> dict:
    started = time.perf_counter()
    rows = load_promotion()
    # Held out by the comment as written; learnt and measured on what the engine reads.
    # Trained on whole texts but read without their links, the model saw a link-only advert
    # as empty (3-fold CV on the training rows, engine's score vs spam and ordinary
    # comments: 0.973 trained on whole texts, 0.979 on the text around links).
    train_rows, test_rows = (
        [Row(around_links(r.text), r.dataset, r.language, r.labels) for r in part]
        for part in split(rows)
    )
    model = fit(train_rows, HEADS, max_features=MAX_FEATURES, c=C, balanced_heads=frozenset(HEADS))
    datasets = sorted({r.dataset for r in rows})
    name = "promotion"
    header = linear_header(
        name,
        model,
        version=VERSION,
        languages=sorted(SOURCES),
        c=C,
        datasets=datasets,
        training_rows=len(train_rows),
        per_head=False,
        seed=SEED,
        balanced_heads=frozenset(HEADS),
    )
    path = ARTIFACTS / f"{name}.npz"
    digest = write_artifact(path, model, header)
    metrics = held_out_aucs(test_rows, model.predict_proba([r.text for r in test_rows]), HEADS)
    # The negatives alone have one class; measure them together with the spam held out.
    spam = [r for r in test_rows if r.dataset == "youtube-spam-collection"]
    ordinary = [r for r in test_rows if r.dataset != "youtube-spam-collection"]
    mixed = [
        Row(r.text, "youtube spam vs. ordinary comments of all sets", r.language, r.labels)
        for r in spam + ordinary
    ]
    metrics.update(held_out_aucs(mixed, model.predict_proba([r.text for r in mixed]), HEADS))
    write_card(
        name,
        title="Promotion and comment spam (all languages)",
        languages=["any (trained on en spam; ar, fa, tr and en ordinary comments)"],
        heads=HEADS,
        datasets=datasets,
        header=header,
        digest=digest,
        metrics=metrics,
        size=path.stat().st_size,
        intended="Scores how much a comment reads like an advert, a link to a shop or "
        "self-promotion. The engine combines it with the link, phone and repeat signals of "
        "`majlis.moderation.signals`, which carry promotion in languages this model never saw "
        "spam in.",
        limitations=[
            'Every spam example is an English YouTube comment from 2013-2015 ("check out my '
            'channel", free gift cards): spam in Arabic, Persian, Turkish or Kurdish is '
            "recognised by the model only through digits and Latin brand names; the signals "
            "(links, phones, contact words, offers) carry it.",
            "Negatives are tweets and comments from the offensive-language sets, not news "
            "comments. A comment that is only a link gives the model nothing to read: the "
            "signals alone score it.",
        ],
    )
    register(name, digest, version=VERSION, languages=["*"], heads=HEADS)
    print(
        f"{name}: {len(model.vocabulary)} features, {path.stat().st_size / 1e6:.2f} MB, "
        f"{time.perf_counter() - started:.0f} s",
        metrics,
    )
    return metrics


if __name__ == "__main__":
    train()
