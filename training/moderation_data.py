"""The labelled sets, read into one shape, with the held-out split every script shares.

Each row is a comment with, per head, a label 1, 0 or ``None`` (the set says nothing about
that head, so the head neither trains nor is measured on the row). The mapping from each
set's labels to our guideline categories is :data:`MAPPINGS`, quoted in the model cards.

Held-out split: a row is held out when the sha256 of its lower-cased, stripped text falls in
the lowest fifth. Identical texts (within a set and across sets) land on the same side, no
random state is involved, and no script ever trains on a held-out row.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("MAJLIS_DATA_DIR", REPO.parent / "shared" / "data"))

TOXICITY = "toxicity"
EN_HEADS = (
    TOXICITY,
    "profanity",
    "vulgarity",
    "threat",
    "personal_attack",
    "identity_attack",
)
PROMOTION = "promotion"

csv.field_size_limit(1 << 24)


@dataclass
class Row:
    text: str
    dataset: str
    language: str
    labels: dict[str, int | None] = field(default_factory=dict)
    # Where the set numbers its rows in the order they were posted (Civil Comments' ids),
    # that number: the learning simulation replays a site's decisions in that order.
    posted: int | None = None

    @property
    def held_out(self) -> bool:
        return is_held_out(self.text)


def is_held_out(text: str) -> bool:
    digest = hashlib.sha256(text.strip().lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 5 == 0


def _read(folder: str, name: str = "train.csv") -> Iterator[dict[str, str]]:
    with (DATA_DIR / folder / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _clean(text: str) -> str:
    # Tweets and YouTube comments carry HTML entities and line-break tokens from their export.
    return (
        text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&quot;", '"')
        .replace("<LF>", " ")
        .replace("<br />", " ")
        .strip()
    )


def _labels(**values: int | bool | None) -> dict[str, int | None]:
    return {k: (None if v is None else int(v)) for k, v in values.items()}


# --- English -------------------------------------------------------------------------


def civil_comments() -> Iterator[Row]:
    # Pre-rated toxic news comments; a category holds when at least two raters marked a span
    # of its type (the README's own threshold). "Other toxicity" has no category of ours.
    for r in _read("civil-comments-toxic-spans"):
        votes = {
            k: int(r[f"n_span_{k}"])
            for k in ("identity_attack", "insult", "profane_obscene", "threat")
        }
        obscene = votes["profane_obscene"] >= 2
        yield Row(
            _clean(r["comment_text"]),
            "civil-comments-toxic-spans",
            "en",
            _labels(
                toxicity=r["majority_not_toxic"] == "0",
                profanity=obscene,
                vulgarity=obscene,
                threat=votes["threat"] >= 2,
                personal_attack=votes["insult"] >= 2,
                identity_attack=votes["identity_attack"] >= 2,
            ),
            posted=int(r["comment_id"]),
        )


def wikipedia_talk() -> Iterator[Row]:
    for r in _read("wikipedia-talk-toxicity-context"):
        yield Row(
            _clean(r["text"]),
            "wikipedia-talk-toxicity-context",
            "en",
            _labels(toxicity=r["label"] == "1"),
        )


def davidson() -> Iterator[Row]:
    # 0 hate, 1 offensive (mostly slurs and swearing), 2 neither.
    for r in _read("davidson-hate-offensive"):
        c = r["class"]
        yield Row(
            _clean(r["tweet"]),
            "davidson-hate-offensive",
            "en",
            _labels(
                toxicity=c != "2",
                profanity=None if c == "0" else c == "1",
                vulgarity=None if c == "0" else c == "1",
                identity_attack=c == "0",
            ),
        )


def hatexplain() -> Iterator[Row]:
    # 0 normal, 1 offensive, 2 hate speech (aimed at a community by definition).
    for r in _read("hatexplain-magpie"):
        c = r["label"]
        yield Row(
            _clean(r["text"]),
            "hatexplain-magpie",
            "en",
            _labels(
                toxicity=c != "0",
                identity_attack=c == "2",
            ),
        )


def olid() -> Iterator[Row]:
    # A: OFF/NOT. B: TIN targeted insult or threat / UNT untargeted (profanity).
    # C: IND individual → personal attack, GRP group → identity attack (OLID's groups also
    # include parties and fan bases: a known source of noise), OTH → neither.
    for r in _read("olid"):
        b, c = r["subtask_b"], r["subtask_c"]
        if r["subtask_a"] == "NOT":
            labels = _labels(
                toxicity=0, profanity=0, personal_attack=0, identity_attack=0, threat=0
            )
        elif b == "UNT":
            labels = _labels(
                toxicity=1, profanity=1, personal_attack=0, identity_attack=0, threat=0
            )
        else:  # a targeted insult or threat; whether it also swears is not annotated
            labels = _labels(toxicity=1, personal_attack=c == "IND", identity_attack=c == "GRP")
        yield Row(_clean(r["tweet"]), "olid", "en", labels)


def hateval() -> Iterator[Row]:
    # Hate against immigrants or women; a "not hate" tweet may still be insulting, so it
    # says nothing about toxicity.
    for r in _read("tweeteval-hateval"):
        hate = r["label"] == "1"
        yield Row(
            _clean(r["text"]),
            "tweeteval-hateval",
            "en",
            _labels(
                identity_attack=hate,
                toxicity=True if hate else None,
            ),
        )


_IDENTITY_TARGETS = {"origin", "gender", "sexual_orientation", "religion", "disability"}


def mlma(language: str) -> Iterator[Row]:
    # The authors' reading: only a single "normal" label is non-toxic. Identity attack: a
    # hateful tweet aimed at an identity attribute.
    name = "en_dataset_with_stop_words.csv" if language == "en" else "ar_dataset.csv"
    for r in _read("mlma-hate-speech", name):
        sentiment = r["sentiment"]
        toxic = sentiment != "normal"
        labels = _labels(toxicity=toxic)
        if language == "en":
            labels["identity_attack"] = int(
                "hateful" in sentiment and r["target"] in _IDENTITY_TARGETS
            )
        yield Row(_clean(r["tweet"]), "mlma-hate-speech", language, labels)


def jigsaw_sample() -> Iterator[Row]:
    for r in _read("jigsaw-toxic-sample-ibm", "test_examples.csv"):
        yield Row(
            _clean(r["comment_text"]),
            "jigsaw-toxic-sample-ibm",
            "en",
            _labels(
                toxicity=r["toxic"] == "1",
                profanity=r["obscene"] == "1",
                vulgarity=r["obscene"] == "1",
                threat=r["threat"] == "1",
                personal_attack=r["insult"] == "1",
                identity_attack=r["identity_hate"] == "1",
            ),
        )


# --- Arabic, Persian, Turkish: offensive or not --------------------------------------


def offenseval(language: str) -> Iterator[Row]:
    folder = {"ar": "offenseval2020-arabic", "tr": "offenseval2020-turkish"}[language]
    for r in _read(folder):
        yield Row(_clean(r["tweet"]), folder, language, _labels(toxicity=r["subtask_a"] == "OFF"))


def lhsab() -> Iterator[Row]:
    for r in _read("l-hsab-arabic-levantine"):
        yield Row(
            _clean(r["Tweet"]),
            "l-hsab-arabic-levantine",
            "ar",
            _labels(toxicity=r["Class"] != "normal"),
        )


def pars_off() -> Iterator[Row]:
    for r in _read("pars-off-persian"):
        yield Row(
            _clean(r["tweet"]), "pars-off-persian", "fa", _labels(toxicity=r["level_a"] == "OFF")
        )


def parsoffensive() -> Iterator[Row]:
    for r in _read("parsoffensive-persian-instagram"):
        yield Row(
            _clean(r["comment"]),
            "parsoffensive-persian-instagram",
            "fa",
            _labels(toxicity=r["label"] == "Offensive"),
        )


def youtube_spam() -> Iterator[Row]:
    for r in _read("youtube-spam-collection"):
        yield Row(
            _clean(r["CONTENT"]),
            "youtube-spam-collection",
            "en",
            _labels(promotion=r["CLASS"] == "1"),
        )


#: Per language, the sets its offensive-language model learns from (jigsaw: smoke test only).
SOURCES: dict[str, tuple[Callable[[], Iterator[Row]], ...]] = {
    "en": (civil_comments, wikipedia_talk, davidson, hatexplain, olid, hateval, lambda: mlma("en")),
    "ar": (lambda: offenseval("ar"), lhsab, lambda: mlma("ar")),
    "fa": (pars_off, parsoffensive),
    "tr": (lambda: offenseval("tr"),),
}

#: Each set's labels in our words, for the model cards.
MAPPINGS: dict[str, str] = {
    "civil-comments-toxic-spans": "toxicity = a majority did not tick 'not toxic'; "
    "≥ 2 raters marking a span of type Insult → personal_attack, Threat → threat, Identity "
    "based Attack → identity_attack, Profane/Obscene → profanity and vulgarity",
    "wikipedia-talk-toxicity-context": "label → toxicity",
    "davidson-hate-offensive": "hate → toxicity + identity_attack; offensive → toxicity + "
    "profanity + vulgarity (its 'offensive' is mostly crude sexual slurs); neither → all 0 "
    "(profanity and vulgarity unknown for hate)",
    "hatexplain-magpie": "offensive or hate → toxicity; hate → identity_attack",
    "olid": "OFF → toxicity; UNT → profanity (and no attack); TIN+IND → personal_attack; "
    "TIN+GRP → identity_attack; NOT → 0 for every head; threat and profanity unknown for TIN",
    "tweeteval-hateval": "hate (immigrants, women) → identity_attack and toxicity; "
    "not-hate → identity_attack 0, toxicity unknown",
    "mlma-hate-speech": "anything but a single 'normal' → toxicity; (en) 'hateful' aimed at "
    "origin, gender, sexual orientation, religion or disability → identity_attack",
    "offenseval2020-arabic": "OFF → toxicity",
    "l-hsab-arabic-levantine": "abusive or hate → toxicity",
    "pars-off-persian": "level A OFF → toxicity",
    "parsoffensive-persian-instagram": "Offensive → toxicity",
    "offenseval2020-turkish": "OFF → toxicity",
    "youtube-spam-collection": "spam → promotion",
}

LICENCES: dict[str, str] = {
    "civil-comments-toxic-spans": "CC0 1.0",
    "wikipedia-talk-toxicity-context": "Apache-2.0 (repository); text CC BY-SA (Wikipedia)",
    "davidson-hate-offensive": "MIT",
    "hatexplain-magpie": "Apache-2.0 (MAGPIE) / MIT (HateXplain)",
    "olid": "none stated; cite Zampieri et al. 2019",
    "tweeteval-hateval": "per task; cite Basile et al. 2019",
    "mlma-hate-speech": "MIT",
    "offenseval2020-arabic": "none stated; cite Mubarak et al. 2020",
    "l-hsab-arabic-levantine": "none stated; cite Mulki et al. 2019",
    "pars-off-persian": "none stated; cite Ataei et al. 2022",
    "parsoffensive-persian-instagram": "none stated; cite Nazarizadeh et al. 2025",
    "offenseval2020-turkish": "none stated; cite Çöltekin 2020",
    "youtube-spam-collection": "CC BY 4.0",
}


def load(language: str) -> list[Row]:
    rows = [row for source in SOURCES[language] for row in source()]
    return [row for row in rows if row.text]


def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """(training rows, held-out rows)."""
    train = [r for r in rows if not r.held_out]
    test = [r for r in rows if r.held_out]
    return train, test


def report_half(text: str) -> bool:
    """Half of the held-out rows, by another byte of the same hash: `evaluate.py` reports
    automation on this half; `tune_policy.py` chooses the policy's language defaults on the
    other."""
    digest = hashlib.sha256(text.strip().lower().encode("utf-8")).digest()
    return digest[4] % 2 == 1
