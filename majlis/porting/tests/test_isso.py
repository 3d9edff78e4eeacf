from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from majlis.articles.models import Article
from majlis.comments.models import Comment, Decision, Status

pytestmark = pytest.mark.django_db

# Isso's tables, with the columns the import reads and made-up rows.
SCHEMA = """
CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
CREATE TABLE comments (
    tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
    created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR,
    text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR,
    likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL
);
"""
MAY_FIRST = datetime(2022, 5, 1, 12, 0, tzinfo=UTC).timestamp()
ROWS = [
    # tid, id, parent, created, mode, text, author, email
    (1, 1, None, MAY_FIRST, 1, "A *fine* piece.", "Dilan", "dilan@example.com"),
    (1, 2, 1, MAY_FIRST + 60, 4, "", None, None),
    (1, 3, 2, MAY_FIRST + 120, 1, "Agreed.", None, None),
    (2, 4, None, MAY_FIRST + 180, 2, "Waiting here.", "Aram", "aram@example.com"),
]


@pytest.fixture
def isso_db(tmp_path):
    path = tmp_path / "comments.db"
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        db.executemany(
            "INSERT INTO threads VALUES (?, ?, ?)",
            [(1, "/2022/05/new-library/", "New library"), (2, "/about/", None)],
        )
        db.executemany(
            "INSERT INTO comments (tid, id, parent, created, mode, text, author, email, voters)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, x'')",
            ROWS,
        )
    return path


def run(path, *options) -> list[str]:
    out = StringIO()
    call_command("import", "isso", str(path), *options, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()


class TestIssoImport:
    def test_threads_become_articles_and_comments_keep_their_dates(self, isso_db):
        assert run(isso_db)[-1] == "imported 3 comments in 2 articles (1 skipped)"
        library = Article.objects.get(title="New library")
        assert library.key.startswith("new-library-")
        assert library.url == ""  # Isso knows the path, not the site's address
        first = Comment.objects.get(author_name="Dilan")
        assert first.created_at == datetime(2022, 5, 1, 12, 0, tzinfo=UTC)
        assert first.body == "A *fine* piece."

    def test_a_reply_to_a_deleted_comment_moves_up_to_its_parent(self, isso_db):
        run(isso_db)
        reply = Comment.objects.get(body="Agreed.")
        assert reply.parent == Comment.objects.get(author_name="Dilan")
        assert reply.author_name == "Anonymous"

    def test_published_are_approved_and_queued_ones_stay_pending(self, isso_db):
        run(isso_db)
        assert Comment.objects.get(author_name="Aram").status == Status.PENDING
        assert Comment.objects.filter(status=Status.APPROVED).count() == 2
        assert {d.actor_label for d in Decision.objects.all()} == {"import from isso"}

    def test_importing_again_adds_nothing(self, isso_db):
        run(isso_db)
        assert run(isso_db)[-1] == "imported 0 comments in 0 articles (4 skipped)"
        assert Comment.objects.count() == 3

    def test_a_damaged_database_is_refused(self, tmp_path):
        path = tmp_path / "comments.db"
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
        with pytest.raises(CommandError, match="not an Isso database"):
            run(path)

    def test_a_database_of_something_else_is_refused(self, tmp_path):
        path = tmp_path / "other.db"
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (id INTEGER)")
        with pytest.raises(CommandError, match="not an Isso database: no such table"):
            run(path)

    def test_text_that_is_neither_is_refused(self, tmp_path):
        path = tmp_path / "comments.db"
        path.write_text("just some words")
        with pytest.raises(CommandError, match="not valid JSON at line 1, column 1"):
            run(path)

    def test_an_unknown_mode_is_refused_and_nothing_stored(self, isso_db):
        with sqlite3.connect(isso_db) as db:
            db.execute("UPDATE comments SET mode = 9 WHERE id = 4")
        with pytest.raises(CommandError, match="comment 4: unknown mode 9"):
            run(isso_db)
        assert Comment.objects.count() == 0


# Isso's generic import format, with made-up content.
GENERIC = """[
  {
    "id": "/blog/new-library/",
    "title": "New library",
    "comments": [
      {"id": "1", "author": "Dilan", "email": "dilan@example.com", "website": "",
       "remote_addr": "", "created": "2022-05-01 12:00:00", "text": "A fine piece."},
      {"id": "2", "author": "", "email": "", "website": "",
       "remote_addr": "", "created": "2022-05-01 13:00:00", "text": "Agreed."}
    ]
  },
  {"id": "/about/", "title": "About", "comments": [
      {"id": "1", "author": "Aram", "email": "aram@example.com",
       "created": "2022-05-02 08:00:00", "text": "Hello."}
  ]}
]
"""


class TestIssoJsonImport:
    def test_threads_and_their_comments_arrive_published(self, run_import):
        assert run_import("isso", GENERIC)[-1] == "imported 3 comments in 2 articles (0 skipped)"
        first = Comment.objects.get(author_name="Dilan")
        assert first.created_at == datetime(2022, 5, 1, 12, 0, tzinfo=UTC)
        assert first.article.title == "New library"
        assert Comment.objects.filter(status=Status.APPROVED).count() == 3

    def test_ids_repeated_in_other_threads_are_other_comments(self, run_import):
        run_import("isso", GENERIC)
        assert run_import("isso", GENERIC)[-1] == "imported 0 comments in 0 articles (3 skipped)"
        assert Comment.objects.filter(author_name="Aram").count() == 1

    def test_broken_json_is_refused_naming_the_line(self, run_import):
        with pytest.raises(CommandError, match="not valid JSON at line 6, column"):
            run_import("isso", GENERIC.replace('"1", "author": "Dilan"', '"1" "author": "Dilan"'))
        assert Comment.objects.count() == 0

    def test_a_comment_without_a_date_is_refused_naming_it(self, run_import):
        broken = GENERIC.replace('"created": "2022-05-02 08:00:00", ', "")
        with pytest.raises(CommandError, match="thread #2, comment #1: needs created"):
            run_import("isso", broken)
        assert Comment.objects.count() == 0
