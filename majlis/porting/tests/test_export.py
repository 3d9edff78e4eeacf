"""`majlis export --out FILE`: everything a newsroom takes to another install, in our own
documented format, and nothing secret."""

from __future__ import annotations

import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

import majlis
from majlis.articles.models import Article, Tag
from majlis.comments import actions
from majlis.comments.models import Comment
from majlis.moderation.models import CommentAssessment
from majlis.perspective.models import ApiKey
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(moderator, token_for, article, make_comment):
    article.tags.set(Tag.for_names(["Roads", "City"]))
    Tag.for_names(["Unused"])
    first = make_comment("The bridge needed this.", author_email="rana@example.com")
    actions.approve(first, actor=actions.AutomaticModerator("0.1.0"), note="fine")
    actions.reject(first, actor=moderator, categories=["off_topic"], note="on second look")
    make_comment("Agreed.", parent=first, status="approved", moderator=moderator)
    make_comment("Still waiting.")
    CommentAssessment.objects.create(
        comment=first, language="en", suggestion="approve", scores={"toxicity": 0.01}, risk=0.01
    )
    token_for(moderator)
    ApiKey.objects.issue("partner")
    sport = Site.objects.create(key="sport", name="Sport", language="ar", auto_register=True)
    sport.set_origins(["https://sport.example.org"])


def export(tmp_path, name: str = "newsroom.jsonl") -> tuple[list[str], list[dict]]:
    out = StringIO()
    call_command("export", "--out", str(tmp_path / name), stdout=out)
    path = tmp_path / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as file:
        return out.getvalue().splitlines(), [json.loads(line) for line in file]


@pytest.mark.usefixtures("newsroom")
class TestExport:
    def test_a_header_first_and_an_end_line_that_counts_the_records(self, tmp_path):
        _, records = export(tmp_path)
        header, end = records[0], records[-1]
        assert header["type"] == "header"
        assert (header["format"], header["version"]) == ("majlis-export", 2)
        assert header["majlis_version"] == majlis.__version__
        assert header["created_at"].endswith("+00:00")
        kinds = [r["type"] for r in records[1:-1]]
        assert end == {
            "type": "end",
            "counts": {kind: kinds.count(kind) for kind in end["counts"]},
        }
        assert end["counts"] == {
            "site": 2,
            "tag": 3,
            "reader": 0,
            "article": 1,
            "comment": 3,
            "decision": 3,
            "assessment": 1,
            "standing": 0,
        }

    def test_what_a_record_refers_to_comes_before_it(self, tmp_path):
        _, records = export(tmp_path)
        kinds = [r["type"] for r in records[1:-1]]
        assert kinds == sorted(
            kinds, key=["site", "tag", "article", "comment", "decision", "assessment"].index
        )
        reply = next(r for r in records if r.get("body") == "Agreed.")
        parent = next(r for r in records if r.get("body") == "The bridge needed this.")
        assert reply["parent"] == parent["id"]
        assert records.index(parent) < records.index(reply)

    def test_articles_comments_and_decisions_are_described_whole(self, tmp_path, moderator):
        _, records = export(tmp_path)
        sites = [r for r in records if r["type"] == "site"]
        assert sites[1] == {
            "type": "site",
            "key": "sport",
            "name": "Sport",
            "origins": ["https://sport.example.org"],
            "auto_register": True,
            "language": "ar",
            "is_default": False,
        }
        assert sites[0]["is_default"]
        article = next(r for r in records if r["type"] == "article")
        assert (article["site"], article["key"]) == (sites[0]["key"], "bridge-repairs")
        assert article["tags"] == ["City", "Roads"]
        assert article["byline"] == "City desk"
        comment = next(r for r in records if r.get("body") == "The bridge needed this.")
        assert comment["author_email"] == "rana@example.com"
        assert comment["status"] == "rejected"
        assert comment["article"] == article["id"]
        decisions = [r for r in records if r["type"] == "decision"]
        assert [d["actor"] for d in decisions if d["comment"] == comment["id"]] == [
            {"kind": "automatic", "name": "0.1.0"},
            {"kind": "moderator", "name": moderator.username},
        ]
        rejection = decisions[1]
        assert (rejection["verdict"], rejection["categories"]) == ("reject", ["off_topic"])
        assessment = next(r for r in records if r["type"] == "assessment")
        assert assessment["comment"] == comment["id"]
        assert assessment["scores"] == {"toxicity": 0.01}
        assert "sketch" not in assessment

    def test_nothing_secret_is_in_it(self, tmp_path, moderator):
        path = tmp_path / "newsroom.jsonl"
        export(tmp_path)
        text = path.read_text(encoding="utf-8")
        assert moderator.password not in text
        for hasher in ("pbkdf2", "argon2", "md5$"):
            assert hasher not in text
        for site in Site.objects.all():
            assert site.sso_secret not in text
        for digest in [
            *moderator.api_tokens.values_list("digest", flat=True),
            *ApiKey.objects.values_list("digest", flat=True),
        ]:
            assert digest not in text

    def test_a_gz_name_compresses(self, tmp_path):
        lines, records = export(tmp_path, "newsroom.jsonl.gz")
        assert (tmp_path / "newsroom.jsonl.gz").read_bytes()[:2] == b"\x1f\x8b"
        assert records[-1]["counts"]["comment"] == Comment.objects.count()
        assert lines == [
            "exported 2 sites, 3 tags, 0 readers, 1 articles, 3 comments, 3 decisions, "
            "1 assessments, 0 standings "
            f"to {tmp_path / 'newsroom.jsonl.gz'}"
        ]

    def test_the_file_is_readable_by_its_owner_only(self, tmp_path):
        export(tmp_path)
        assert (tmp_path / "newsroom.jsonl").stat().st_mode & 0o077 == 0

    def test_no_half_written_file_is_left_behind(self, tmp_path, monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("the disk went away")

        monkeypatch.setattr("majlis.porting.export._assessments", broken)
        with pytest.raises(RuntimeError):
            export(tmp_path)
        assert list(tmp_path.iterdir()) == []

    def test_a_missing_directory_is_named(self, tmp_path):
        with pytest.raises(CommandError, match="no such directory"):
            call_command("export", "--out", str(tmp_path / "nowhere" / "x.jsonl"))


class TestExportCost:
    def test_the_queries_do_not_grow_with_the_newsroom(self, tmp_path, moderator, make_comment):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                export(tmp_path)
            return len(captured)

        def grow(n: int) -> None:
            for i in range(n):
                article = Article.objects.create(key=f"story-{n}-{i}", title="A", language="en")
                article.tags.set(Tag.for_names([f"tag {i}"]))
                comment = make_comment("Fine.", article=article)
                actions.approve(comment, actor=moderator)

        grow(2)
        few = queries()
        grow(20)
        assert queries() == few


def test_a_withdrawn_comment_is_not_carried_along_and_its_replies_move_up(
    tmp_path, make_comment, moderator
):
    root = make_comment("Root", status="approved", moderator=moderator)
    gone = make_comment(
        "Gone", parent=root, author_email="gone@example.org", status="approved", moderator=moderator
    )
    reply = make_comment("Reply to gone", parent=gone, status="approved", moderator=moderator)
    CommentAssessment.objects.create(
        comment=gone, language="en", suggestion="approve", scores={"toxicity": 0.01}, risk=0.01
    )
    actions.withdraw("gone@example.org")
    _, records = export(tmp_path)
    comments = {r["id"]: r for r in records if r.get("type") == "comment"}
    assert gone.pk not in comments
    assert comments[reply.pk]["parent"] == root.pk
    about = [r["comment"] for r in records if r["type"] in ("decision", "assessment")]
    assert gone.pk not in about
    assert reply.pk in about
