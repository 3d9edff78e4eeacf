from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest
from django.core.management.base import CommandError

from majlis.articles.models import Article
from majlis.comments.models import Comment, Decision, Status

pytestmark = pytest.mark.django_db


def export(**changes) -> dict:
    """A Commento export's shape (version 1), with made-up content."""
    comments = [
        {
            "commentHex": "aa01",
            "domain": "blog.example.org",
            "url": "/posts/harvest/",
            "commenterHex": "c1",
            "markdown": "Lovely **photos**.",
            "html": "<p>Lovely <strong>photos</strong>.</p>",
            "parentHex": "root",
            "score": 1,
            "state": "approved",
            "creationDate": "2019-09-01T10:00:00.123Z",
            "direction": 0,
            "deleted": False,
        },
        {
            "commentHex": "aa02",
            "domain": "blog.example.org",
            "url": "/posts/harvest/",
            "commenterHex": "anonymous",
            "markdown": "Where was this?",
            "parentHex": "aa01",
            "state": "unapproved",
            "creationDate": "2019-09-01T11:00:00Z",
            "deleted": False,
        },
        {
            "commentHex": "aa03",
            "domain": "blog.example.org",
            "url": "/posts/harvest/",
            "commenterHex": "c1",
            "markdown": "[deleted]",
            "parentHex": "root",
            "state": "approved",
            "creationDate": "2019-09-02T11:00:00Z",
            "deleted": True,
        },
    ]
    commenters = [{"commenterHex": "c1", "email": "hana@example.com", "name": "Hana"}]
    data = {"version": 1, "comments": comments, "commenters": commenters}
    data.update(changes)
    return data


class TestCommentoImport:
    def test_pages_become_articles_and_comments_keep_authors_and_dates(self, run_import):
        lines = run_import("commento", json.dumps(export()))
        assert lines[-1] == "imported 2 comments in 1 articles (1 skipped)"
        article = Article.objects.get()
        assert article.url == "https://blog.example.org/posts/harvest/"
        first = Comment.objects.get(author_name="Hana")
        assert first.author_email == "hana@example.com"
        assert first.created_at == datetime(2019, 9, 1, 10, 0, 0, 123000, tzinfo=UTC)
        assert first.status == Status.APPROVED
        reply = Comment.objects.get(parent=first)
        assert (reply.author_name, reply.status) == ("Anonymous", Status.PENDING)
        assert [d.actor_label for d in Decision.objects.all()] == ["import from commento"]

    def test_the_gzipped_download_is_read_as_well(self, run_import):
        lines = run_import("commento", gzip.compress(json.dumps(export()).encode()))
        assert lines[-1] == "imported 2 comments in 1 articles (1 skipped)"

    def test_importing_again_adds_nothing(self, run_import):
        run_import("commento", json.dumps(export()))
        lines = run_import("commento", json.dumps(export()))
        assert lines[-1] == "imported 0 comments in 0 articles (3 skipped)"

    def test_another_version_is_refused(self, run_import):
        with pytest.raises(CommandError, match="not a Commento export"):
            run_import("commento", json.dumps(export(version=2)))

    def test_a_bad_date_is_refused_naming_the_comment_and_nothing_is_stored(self, run_import):
        data = export()
        data["comments"][1]["creationDate"] = "soon"
        with pytest.raises(CommandError, match="comment aa02: not a date"):
            run_import("commento", json.dumps(data))
        assert Comment.objects.count() == 0
