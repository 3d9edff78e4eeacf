"""Shared fixtures: the people of a newsroom, an article, and a clean slate per test."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from majlis.accounts.models import ApiToken, Role, User
from majlis.articles.models import Article
from majlis.comments import actions
from majlis.comments.models import Comment

# The browser tests' fixtures (Chromium through Playwright), for every app's tests.
pytest_plugins = ["majlis.tests.browsing"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache: each test starts with none. The suite's cache is
    # local memory (majlis/tests/settings.py), so tests without database access count too.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """The rate limiter's clock stands still in every test: under load, a test's requests
    could straddle the end of a window and find a fresh count. Its windows and Retry-After
    come from this one instant; nothing else's time is touched."""
    import django_ratelimit.core

    class Clock:
        @staticmethod
        def time() -> float:
            return 1_800_000_000.25

    monkeypatch.setattr(django_ratelimit.core, "time", Clock)


@pytest.fixture(autouse=True)
def _default_language():
    # Article pages switch the thread to the article's language, as they should for the
    # request; a test must not inherit that from the one before it.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_remembered_webhooks():
    # Each process remembers the active webhooks for a few seconds; a test's are rolled back
    # with it, so the next test must not remember them.
    from majlis.webhooks import events

    events.forget()
    yield
    events.forget()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The default hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username: str, role: str) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery")
    user.role = role
    user.save()
    return user


@pytest.fixture
def moderator(db) -> User:
    return _user("mona", Role.MODERATOR)


@pytest.fixture
def editor(db) -> User:
    return _user("eddie", Role.EDITOR)


@pytest.fixture
def admin_user(db) -> User:
    return _user("ada", Role.ADMIN)


@pytest.fixture
def outsider(db) -> User:
    """Someone with an account but no role: a reader who signed up, say."""
    return _user("otto", "")


@pytest.fixture
def token_for():
    def issue(user: User) -> str:
        return ApiToken.objects.issue(user)[1]

    return issue


@pytest.fixture
def article(db) -> Article:
    return Article.objects.create(
        key="bridge-repairs",
        title="Old bridge to close for repairs",
        byline="City desk",
        language="en",
        body="The old bridge will close for six weeks of repairs from Monday.",
    )


def _decider() -> User:
    # One moderator for all the comments a test makes, however many it makes.
    return User.objects.filter(username="auto-mod").first() or _user("auto-mod", Role.MODERATOR)


@pytest.fixture
def make_comment(article):
    def make(
        body: str = "A fair point about the bridge.",
        *,
        status: str = "pending",
        moderator: User | None = None,
        **fields,
    ) -> Comment:
        comment = actions.submit(
            fields.pop("article", article),
            author_name=fields.pop("author_name", "Reader"),
            author_email=fields.pop("author_email", "reader@example.org"),
            body=body,
            **fields,
        )
        if status == "approved":
            actions.approve(comment, actor=moderator or _decider())
        elif status == "rejected":
            actions.reject(comment, actor=moderator or _decider(), categories=["off_topic"])
        return comment

    return make


@pytest.fixture
def demo(db, settings) -> dict[str, Article]:
    """The demo site as `make run` loads it: articles in four languages with their comments
    in every state, decided by the demo moderator. Its articles by key."""
    settings.MAJLIS_DEMO = True
    call_command("load_demo", stdout=StringIO())
    return {article.key: article for article in Article.objects.all()}
