"""A fixed week of comments and decisions, whose figures the tests know by heart.

Times are UTC (the suite's time zone). The period is 2026-03-02 to 2026-03-08.
"""

from __future__ import annotations

import datetime as dt

import pytest

from majlis.accounts.models import Role, User
from majlis.articles.models import Article
from majlis.comments import actions
from majlis.sites.models import Site

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
MACHINE = actions.AutomaticModerator("9.9")


def at(day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def week(db, moderator):
    """Comments on two sites; `moderator` (mona) and sami decide, and so does the machine.

    main site, article in English:
      c1 received 2 Mar 10:00, machine approves at 10:01 (1 min)
      c2 received 2 Mar 11:00, machine rejects (threat) at 11:02 (2 min), mona approves 4 Mar
      c3 received 3 Mar 09:00, mona rejects (profanity, vulgarity) at 10:00 (1 h)
      c4 received 3 Mar 09:30, language ar, sami rejects (threat) at 12:30 (3 h)
      c5 received 5 Mar 08:00, machine rejects (promotion) at 08:05 (5 min)
      c6 received 8 Mar 23:59, pending
      c7 received 1 Mar 23:00 (before the period); mona approves it 2 Mar 01:00 (2 h)
      c8 received 7 Mar 06:00, pending
      c9 imported, received 4 Mar, rejected by the import: counts as received, no decision
    other site ("opinion"):
      o1 received 4 Mar 12:00, mona rejects (off_topic) at 14:00 (2 h); pending o2 (6 Mar)
    """
    sami = User.objects.create_user(username="sami", password="correct horse battery")
    sami.role = Role.MODERATOR
    sami.save()
    main = Site.default()
    article = Article.objects.create(key="week", title="A week", language="en", site=main)
    opinion = Site.objects.create(key="opinion", name="Opinion")
    other = Article.objects.create(key="week", title="Elsewhere", language="en", site=opinion)

    def comment(when, on=article, language=""):
        made = actions.submit(
            on,
            author_name="Reader",
            author_email="reader@example.org",
            body=f"A comment of {when:%d %H:%M}.",
            created_at=when,
        )
        if language:
            made.language = language
            made.save()
        return made

    c1 = comment(at(2, 10))
    actions.approve(c1, actor=MACHINE, decided_at=at(2, 10, 1))
    c2 = comment(at(2, 11))
    actions.reject(c2, actor=MACHINE, categories=["threat"], decided_at=at(2, 11, 2))
    actions.approve(c2, actor=moderator, decided_at=at(4, 9))
    c3 = comment(at(3, 9))
    actions.reject(c3, actor=moderator, categories=["profanity", "vulgarity"], decided_at=at(3, 10))
    c4 = comment(at(3, 9, 30), language="ar")
    actions.reject(c4, actor=sami, categories=["threat"], decided_at=at(3, 12, 30))
    c5 = comment(at(5, 8))
    actions.reject(c5, actor=MACHINE, categories=["promotion"], decided_at=at(5, 8, 5))
    comment(at(8, 23, 59))
    c7 = comment(at(1, 23))
    actions.approve(c7, actor=moderator, decided_at=at(2, 1))
    comment(at(7, 6))
    c9 = comment(at(4, 15))
    actions.reject(
        c9, actor=actions.Importer("disqus"), categories=["threat"], decided_at=at(4, 15)
    )
    o1 = comment(at(4, 12), on=other)
    actions.reject(o1, actor=moderator, categories=["off_topic"], decided_at=at(4, 14))
    comment(at(6, 12), on=other)
    return {"sami": sami, "article": article}
