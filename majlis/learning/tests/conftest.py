"""A site whose moderators decided many comments, with a clear rule: what names the made-up
insult is rejected."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from majlis.articles.models import Article
from majlis.comments import actions
from majlis.comments.models import Comment

# Sorani words of ordinary comments, and an insult no word list or shipped model knows.
NEUTRAL_CKB = [
    "شار",
    "پرد",
    "ڕێگا",
    "باش",
    "زۆر",
    "ئەمڕۆ",
    "خەڵک",
    "کار",
    "نوێ",
    "هەواڵ",
    "حکومەت",
    "قوتابخانە",
    "ئاو",
    "بازاڕ",
    "مناڵ",
    "دایک",
    "باوک",
    "ماڵ",
    "سەوز",
    "دوور",
    "نزیک",
    "بەیانی",
    "ئێوارە",
    "کتێب",
]
INSULT_CKB = "قڕنەبەگ"
NEUTRAL_EN = [
    "the",
    "bridge",
    "road",
    "council",
    "repairs",
    "traffic",
    "week",
    "monday",
    "city",
    "river",
    "works",
    "plan",
    "people",
    "money",
    "school",
    "water",
    "market",
    "children",
    "late",
    "early",
    "report",
    "mayor",
]
INSULT_EN = "zorblaxer"


def comment_text(rng: random.Random, words: tuple | list, insult: str | None) -> str:
    chosen = rng.choices(words, k=rng.randint(6, 11))
    if insult:
        chosen.insert(rng.randrange(len(chosen) + 1), insult)
    return " ".join(chosen)


@pytest.fixture
def ckb_article(db) -> Article:
    return Article.objects.create(
        key="pird", title="پردی کۆن دادەخرێت", language="ckb", body="پرد و ڕێگا و شار"
    )


@pytest.fixture
def decide_many(moderator):
    """`decide_many(article, n, language=…)`: n comments, each decided by a person (or by
    `actor`), about `rejected` of them rejected for naming the insult; decision times
    spread over the last n hours, oldest first; each rejection names `categories`. Returns
    the comments."""

    def make(
        article: Article,
        n: int,
        *,
        language: str = "ckb",
        rejected: float = 0.4,
        actor=None,
        seed: int = 7,
        noise: bool = False,
        categories: tuple[str, ...] = ("personal_attack",),
    ) -> list[Comment]:
        rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        words, insult = (NEUTRAL_CKB, INSULT_CKB) if language == "ckb" else (NEUTRAL_EN, INSULT_EN)
        start = timezone.now() - timedelta(hours=n + 1)
        made = []
        for i in range(n):
            bad = rng.random() < rejected
            text = comment_text(rng, words, insult if bad else None)
            if noise:
                bad = rng.random() < rejected  # the verdict no longer follows the text
            comment = Comment.objects.create(
                article=article,
                author_name="Reader",
                author_email=f"reader{i}@example.org",
                body=text,
                language=language,
            )
            when = start + timedelta(hours=i)
            who = actor or moderator
            if bad:
                actions.reject(comment, actor=who, categories=list(categories), decided_at=when)
            else:
                actions.approve(comment, actor=who, decided_at=when)
            made.append(comment)
        return made

    return make
