"""The same generated threads for Majlis and for Isso: texts from a small word list, names,
emails, times and reply structure all drawn from seeded generators, so both systems serve
identical comments.

Run as a script (in Majlis's venv, with DATABASE_URL set) it seeds Majlis through Django's
ORM: `python bench/seed.py majlis thread-100:100 thread-5000:5000 [--table-size N]`.
`seed_isso(path, …)` writes the same rows into an Isso SQLite database whose schema Isso
itself created.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

_WORDS = (
    "the council vote road school river market bridge water budget minister report city "
    "village farmers teachers doctors hospital election plan people street winter summer "
    "prices bread fuel station museum library park football team match season reporter "
    "article story question answer reason problem solution idea future history family "
    "children students workers neighbours mayor court judge law tax money jobs factory "
    "power electricity rain snow harvest festival music language book newspaper radio "
    "good bad new old clear fair late early long short simple honest careful important "
    "think believe hope agree disagree remember forget wonder explain build open close "
    "wait pay read write visit help ask know see hear feel need want like trust doubt"
)
_NAMES = (
    "Aram Dilan Shirin Karwan Leyla Hiwa Nasrin Rebin Zana Berfin Soran Avin Rojin Baran "
    "Mehmet Ayse Omid Parisa Samir Huda Yusuf Mina Darya Kawa Sara Ali Nour Emre Elif Reza"
)
WORDS, NAMES = _WORDS.split(), _NAMES.split()
EPOCH = 1_700_000_000.0  # the first seeded comment's time; later ones follow a minute apart
REPLY_SHARE = 0.2


@dataclass(frozen=True)
class Row:
    index: int
    parent: int | None  # index of a top-level comment of the same thread
    author: str
    email: str
    text: str
    created: float


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(5, 14))
    return " ".join(words).capitalize() + rng.choice(".....?!")


def comment_text(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))


def thread_rows(key: str, count: int, *, replies: bool = True) -> Iterator[Row]:
    """The `count` comments of thread `key`, oldest first; a fifth are replies."""
    rng = random.Random(f"{key}:{count}")
    top: list[int] = []
    for i in range(count):
        parent = rng.choice(top) if replies and top and rng.random() < REPLY_SHARE else None
        if parent is None:
            top.append(i)
        name = rng.choice(NAMES)
        yield Row(
            i, parent, name, f"{name.lower()}{i}@example.org", comment_text(rng), EPOCH + 60 * i
        )


def filler_threads(existing: int, target: int, per_thread: int = 1000) -> Iterator[tuple[str, int]]:
    """(key, count) of filler threads that grow a table of `existing` comments to `target`."""
    n = 0
    while existing < target:
        count = min(per_thread, target - existing)
        yield f"filler-{n:04d}", count
        existing += count
        n += 1


# Majlis, through Django's ORM ----------------------------------------------------------------


def seed_majlis(threads: list[tuple[str, int]], table_size: int) -> int:
    """Insert the threads' approved comments, then filler threads up to `table_size` rows in
    all. Returns the number of comments in the table."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    django.setup()
    from datetime import UTC, datetime

    from django.db import transaction

    from majlis.articles.models import Article
    from majlis.comments.models import Comment, Status

    def insert(key: str, count: int, replies: bool = True) -> None:
        article, _ = Article.objects.get_or_create(
            key=key,
            defaults={
                "title": f"Thread {key}",
                "language": "en",
                "body": "A seeded article for the load test.",
                "published_at": datetime.fromtimestamp(EPOCH - 3600, UTC),
            },
        )
        rows = list(thread_rows(key, count, replies=replies))
        pks: dict[int, int] = {}
        # Top-level comments first, so that replies can name their parents' ids.
        for wanted_parent in (False, True):
            batch = [
                Comment(
                    article=article,
                    parent_id=pks[r.parent] if r.parent is not None else None,
                    author_name=r.author,
                    author_email=r.email,
                    body=r.text,
                    language="en",
                    status=Status.APPROVED,
                    created_at=datetime.fromtimestamp(r.created, UTC),
                    decided_at=datetime.fromtimestamp(r.created, UTC),
                )
                for r in rows
                if (r.parent is not None) == wanted_parent
            ]
            made = Comment.objects.bulk_create(batch, batch_size=2000)
            chosen = [r for r in rows if (r.parent is not None) == wanted_parent]
            pks.update({r.index: c.pk for r, c in zip(chosen, made, strict=True)})

    with transaction.atomic():
        for key, count in threads:
            insert(key, count)
    for key, count in filler_threads(Comment.objects.count(), table_size):
        with transaction.atomic():
            insert(key, count, replies=False)
    return Comment.objects.count()


# Isso, straight into its SQLite file ---------------------------------------------------------


def seed_isso(path: str, threads: list[tuple[str, int]], table_size: int) -> int:
    """The same rows in Isso's tables (`threads`, `comments`), published (mode 1)."""
    conn = sqlite3.connect(path)
    voters = bytes(256)  # Isso's empty Bloom filter of voters

    def insert(key: str, count: int, replies: bool = True) -> None:
        uri = f"/{key}"
        conn.execute("INSERT OR IGNORE INTO threads (uri, title) VALUES (?, ?)", (uri, key))
        (tid,) = conn.execute("SELECT id FROM threads WHERE uri = ?", (uri,)).fetchone()
        ids: dict[int, int] = {}
        for r in thread_rows(key, count, replies=replies):
            cursor = conn.execute(
                "INSERT INTO comments (tid, parent, created, modified, mode, remote_addr, text,"
                " author, email, website, likes, dislikes, voters, notification)"
                " VALUES (?, ?, ?, NULL, 1, '127.0.0.0', ?, ?, ?, NULL, 0, 0, ?, 0)",
                (tid, ids.get(r.parent), r.created, r.text, r.author, r.email, voters),
            )
            ids[r.index] = cursor.lastrowid

    with conn:
        for key, count in threads:
            insert(key, count)
        (existing,) = conn.execute("SELECT COUNT(*) FROM comments").fetchone()
        for key, count in filler_threads(existing, table_size):
            insert(key, count, replies=False)
    (total,) = conn.execute("SELECT COUNT(*) FROM comments").fetchone()
    conn.close()
    return total


def parse_threads(specs: list[str]) -> list[tuple[str, int]]:
    return [(spec.split(":")[0], int(spec.split(":")[1])) for spec in specs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("system", choices=["majlis"])
    parser.add_argument("threads", nargs="*", help="KEY:COUNT")
    parser.add_argument("--table-size", type=int, default=0)
    args = parser.parse_args()
    print(seed_majlis(parse_threads(args.threads), args.table_size))


if __name__ == "__main__":
    main()
