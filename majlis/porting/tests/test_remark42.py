from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest
from django.core.management.base import CommandError

from majlis.articles.models import Article
from majlis.comments.models import Comment, Decision, Status

pytestmark = pytest.mark.django_db

# The shape of a Remark42 backup (its meta line, then one comment a line, as its exporter
# writes them), with made-up content.
META = {
    "version": 1,
    "users": [
        {
            "id": "github_1a2b",
            "blocked": {"status": False, "until": "0001-01-01T00:00:00Z"},
            "verified": True,
            "details": {"user_id": "github_1a2b", "email": "shirin@example.com"},
        }
    ],
    "posts": [{"url": "https://news.example.org/2021/03/flood-warning/", "read_only": False}],
}


def comment(id_: str, **changes) -> dict:
    item = {
        "id": id_,
        "pid": "",
        "text": '<p>Stay safe, <a href="https://example.org" rel="nofollow">everyone</a>'
        " &amp; thanks.</p>\n",
        "user": {"name": "Shirin", "id": "github_1a2b", "picture": "", "admin": False},
        "locator": {"site": "dailynews", "url": "https://news.example.org/2021/03/flood-warning/"},
        "score": 2,
        "vote": 0,
        "time": "2021-03-04T09:15:22.123456789-06:00",
        "title": "Flood warning for the valley",
    }
    item.update(changes)
    return item


def backup(*comments: dict, meta: dict = META) -> str:
    return "".join(json.dumps(line) + "\n" for line in (meta, *comments))


COMMENTS = (
    comment("c1"),
    comment(
        "c2",
        pid="c1",
        text="<p>Is the bridge closed?</p>",
        user={"name": "Guest 42", "id": "anonymous_9f", "picture": ""},
        time="2021-03-04T16:00:00Z",
    ),
    comment("c3", pid="", text="", delete=True, time="2021-03-04T17:00:00Z"),
    comment(
        "c4",
        pid="c3",
        text="<p>Answering a removed comment.</p>",
        time="2021-03-04T18:00:00Z",
    ),
    comment(
        "d1",
        locator={"site": "dailynews", "url": "https://news.example.org/2021/04/budget/"},
        title="",
        time="2021-04-01T08:00:00Z",
    ),
)


class TestRemark42Import:
    def test_pages_become_articles_and_comments_keep_authors_and_dates(self, run_import):
        lines = run_import("remark42", backup(*COMMENTS))
        assert lines[-1] == "imported 4 comments in 2 articles (1 skipped)"
        flood = Article.objects.get(url="https://news.example.org/2021/03/flood-warning/")
        assert flood.title == "Flood warning for the valley"
        # Without a title in the file the page is known by its address.
        assert Article.objects.get(url__contains="budget").title == (
            "https://news.example.org/2021/04/budget/"
        )
        first = Comment.objects.get(body__startswith="Stay safe", article=flood)
        assert first.author_email == "shirin@example.com"
        assert first.created_at == datetime(2021, 3, 4, 15, 15, 22, 123456, tzinfo=UTC)
        assert first.body == "Stay safe, everyone & thanks."

    def test_replies_keep_their_parents_and_removed_comments_are_skipped(self, run_import):
        run_import("remark42", backup(*COMMENTS))
        first = Comment.objects.get(
            body__startswith="Stay safe", parent=None, article__url__contains="flood"
        )
        reply = Comment.objects.get(author_name="Guest 42")
        assert reply.parent == first
        assert reply.author_email.endswith("@invalid")
        # The reply to a removed comment moves up to the top of the thread.
        orphan = Comment.objects.get(body="Answering a removed comment.")
        assert orphan.parent is None
        assert Comment.objects.filter(body="").count() == 0

    def test_comments_arrive_approved_by_the_import(self, run_import):
        run_import("remark42", backup(*COMMENTS))
        assert set(Comment.objects.values_list("status", flat=True)) == {Status.APPROVED}
        assert {d.actor_label for d in Decision.objects.all()} == {"import from remark42"}

    def test_the_gzipped_daily_backup_is_read_as_well(self, run_import):
        lines = run_import("remark42", gzip.compress(backup(*COMMENTS).encode()))
        assert lines[-1] == "imported 4 comments in 2 articles (1 skipped)"

    def test_importing_again_adds_nothing(self, run_import):
        run_import("remark42", backup(*COMMENTS))
        lines = run_import("remark42", backup(*COMMENTS))
        assert lines[-1] == "imported 0 comments in 0 articles (5 skipped)"
        assert Comment.objects.count() == 4

    def test_a_meta_of_version_0_is_read_too(self, run_import):
        lines = run_import("remark42", backup(*COMMENTS, meta={"users": [], "posts": []}))
        assert lines[-1] == "imported 4 comments in 2 articles (1 skipped)"


class TestMalformedRemark42Backup:
    def test_a_broken_line_is_refused_naming_it_and_nothing_is_stored(self, run_import):
        text = backup(*COMMENTS).splitlines(keepends=True)
        text[3] = text[3][:40] + "\n"
        with pytest.raises(CommandError, match=r"line 4: not valid JSON"):
            run_import("remark42", "".join(text))
        assert Comment.objects.count() == 0
        assert Article.objects.count() == 0

    def test_a_comment_without_a_date_is_refused_naming_its_line(self, run_import):
        broken = comment("c9")
        del broken["time"]
        with pytest.raises(CommandError, match=r"line 3 \(comment c9\): needs time"):
            run_import("remark42", backup(COMMENTS[0], broken))
        assert Comment.objects.count() == 0

    def test_a_bad_date_is_refused(self, run_import):
        with pytest.raises(CommandError, match=r"line 2 \(comment c1\): not a date"):
            run_import("remark42", backup(comment("c1", time="last week")))

    def test_another_file_is_not_taken_for_a_backup(self, run_import):
        with pytest.raises(CommandError, match="line 1: not a Remark42 backup"):
            run_import("remark42", json.dumps({"version": 7}) + "\n")
        with pytest.raises(CommandError, match="line 1: not a Remark42 backup"):
            run_import("remark42", "[1, 2]\n")

    def test_a_truncated_gzip_file_is_refused(self, run_import):
        data = gzip.compress(backup(*COMMENTS).encode())
        with pytest.raises(CommandError, match="not a Remark42 backup"):
            run_import("remark42", data[: len(data) // 2])
        assert Comment.objects.count() == 0
