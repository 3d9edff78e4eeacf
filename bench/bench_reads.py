"""The public reads' CPU cost: the article page and the thread JSON, cold and cached.

Builds a throwaway SQLite database with one article of 100 approved comments and one of
5,000 (a third of them replies), then prints the median CPU milliseconds per request through
Django's test client, so the figures count the whole request (middleware, queries,
rendering) but no network. "cold" clears the cache before every request; "cached" serves a
warm entry (local memory here; Redis adds its round trip). Writes the figures to
docs/performance.md (section "reads").

    .venv/bin/python bench/bench_reads.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sections import replace_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    os.environ.pop("REDIS_URL", None)
    # The POST row measures a request, not the rate limits.
    os.environ["MAJLIS_RATE_PER_CLIENT"] = os.environ["MAJLIS_RATE_PER_EMAIL"] = "100000/m"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _thread(key: str, size: int, rng: random.Random):
    from django.db import transaction

    from majlis.accounts.models import Role, User
    from majlis.articles.models import Article
    from majlis.comments import actions

    moderator, _ = User.objects.get_or_create(username="bench", defaults={"role": Role.MODERATOR})
    article = Article.objects.create(key=key, title=f"Article {key}", language="en", body="Text.")
    words = ("the", "bridge", "council", "ferry", "repairs", "weeks", "river", "shops", "closure")
    with transaction.atomic():
        published = []
        for _ in range(size):
            # A third reply to an earlier comment: threads a few levels deep, as in real life.
            parent = rng.choice(published) if published and rng.random() < 1 / 3 else None
            comment = actions.submit(
                article,
                author_name=f"Reader {rng.randrange(1000)}",
                author_email="reader@example.org",
                body=" ".join(rng.choice(words) for _ in range(rng.randrange(8, 60))),
                parent=parent,
            )
            actions.approve(comment, actor=moderator)
            published.append(comment)
    return article


def _cpu_ms(client, url: str, repeat: int, *, cold: bool, post: str = "") -> tuple[float, int]:
    from django.core.cache import cache
    from django.db import close_old_connections

    def request():
        if post:
            return client.post(url, post, content_type="application/json")
        return client.get(url)

    request()  # warm the templates and, for "cached", the entry
    spent = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        start = time.process_time()
        response = request()
        # The test client keeps the connection open; a WSGI server lets Django close an
        # expired one when the request ends, as here.
        close_old_connections()
        spent.append(time.process_time() - start)
        assert response.status_code in (200, 202), (url, response.status_code)
    return statistics.median(spent) * 1000, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(folder)
        from django.test import Client

        rng = random.Random(20261201)
        small = _thread("hundred", 100, rng)
        large = _thread("five-thousand", 5000, rng)
        client = Client()
        from django.conf import settings

        print(f"{'request':<46} {'cold CPU-ms':>11} {'cached':>8} {'bytes':>9}")
        lines = [
            "## Public reads",
            "",
            "Measured by `.venv/bin/python bench/bench_reads.py` on a throwaway SQLite database:",
            "median CPU milliseconds per request through Django's test client (middleware,",
            "queries and rendering, no network). Cold: the cache cleared before each request;",
            "cached: served from a warm entry in local memory. Threads: a third of the comments",
            "reply to an earlier one. Pages hold 20 top-level comments with all their replies,",
            "the JSON 50; the first row renders all 100 comments at once, as before paging.",
            f"Machine: {platform.machine()}, Python {platform.python_version()}.",
            "",
            "| request | cold CPU-ms | cached CPU-ms | bytes |",
            "| --- | --- | --- | --- |",
        ]
        for label, url in (
            ("article page, 100 comments, all on one page", small.get_absolute_url()),
            ("article page, 100 comments", small.get_absolute_url()),
            ("thread JSON, 100 comments", f"/api/v1/articles/{small.key}/comments"),
            ("article page, 5,000 comments", large.get_absolute_url()),
            ("article page, 5,000 comments, page 2", f"{large.get_absolute_url()}?page=2"),
            ("thread JSON, 5,000 comments", f"/api/v1/articles/{large.key}/comments"),
        ):
            # The first row renders the whole thread at once: the figure to compare with a
            # version of Majlis that did not page.
            settings.MAJLIS["THREAD_PAGE_SIZE"] = 1000 if "one page" in label else 20
            repeat = max(3, args.repeat // 10) if "5,000" in label else args.repeat
            cold, size = _cpu_ms(client, url, repeat, cold=True)
            warm, _ = _cpu_ms(client, url, repeat, cold=False)
            print(f"{label:<46} {cold:>11.2f} {warm:>8.2f} {size:>9,}")
            lines.append(f"| {label} | {cold:.1f} | {warm:.2f} | {size:,} |")
        comment = {"author_name": "R", "author_email": "r@example.org", "body": "A fair point."}
        posted, _ = _cpu_ms(
            client,
            f"/api/v1/articles/{small.key}/comments",
            args.repeat,
            cold=False,
            post=json.dumps(comment),
        )
        print(f"{'comment POST (API), stored as pending':<46} {posted:>11.2f}")
        lines.append(f"| comment POST (API), stored as pending | {posted:.1f} | | |")
        replace_section(ROOT / "docs" / "performance.md", "reads", "\n".join(lines))


if __name__ == "__main__":
    main()
