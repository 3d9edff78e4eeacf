"""`majlis import majlis FILE`: our own export, into another install (here: the same
database emptied), through the same loader as every other format."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from majlis.articles.models import Article, Tag
from majlis.comments import actions
from majlis.comments.models import Comment, Decision
from majlis.moderation.models import AssessmentJob, CommentAssessment
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db(transaction=True)

WHEN = datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC)


@pytest.fixture
def newsroom(moderator, article, make_comment):
    article.tags.set(Tag.for_names(["Roads"]))
    Article.objects.create(key="quiet-day", title="A quiet day", language="ckb")
    sport = Site.objects.create(key="sport", name="Sport", language="ar")
    sport.set_origins(["https://sport.example.org"])
    # The same key as the default site's article: keys are unique within a site only.
    match = Article.objects.create(
        site=sport, key="bridge-repairs", title="Derby on the bridge", language="ar"
    )
    make_comment("What a match.", article=match, status="approved", moderator=moderator)
    first = make_comment("The bridge needed this.", author_email="rana@example.com")
    actions.approve(first, actor=actions.AutomaticModerator("0.1.0"), decided_at=WHEN)
    actions.reject(first, actor=moderator, categories=["off_topic"], note="second look")
    reply = make_comment("Agreed.", parent=first, status="approved", moderator=moderator)
    make_comment("Still waiting.")
    imported = make_comment("From the old site.", author_email="imported+0123456789abcdef@invalid")
    actions.approve(imported, actor=actions.Importer("disqus"))
    CommentAssessment.objects.create(
        comment=reply, language="ar", suggestion="approve", scores={"toxicity": 0.02}, risk=0.02
    )
    # As the worker does when it reads another language than the article's.
    Comment.objects.filter(pk=reply.pk).update(language="ar")


def counts() -> dict:
    return {
        "sites": sorted(
            (s.key, s.name, s.language, s.is_default, tuple(s.origin_list()))
            for s in Site.objects.all()
        ),
        "articles": sorted(Article.objects.values_list("site__key", "key")),
        "tags": sorted(Tag.objects.values_list("name", flat=True)),
        "comments": Counter(Comment.objects.values_list("status", flat=True)),
        "decisions": Counter(Decision.objects.values_list("verdict", flat=True)),
        "assessments": CommentAssessment.objects.count(),
    }


def export(path) -> None:
    call_command("export", "--out", str(path), stdout=StringIO())


def run_import(path, *options) -> list[str]:
    out = StringIO()
    call_command("import", "majlis", str(path), *options, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()


def empty_the_database() -> None:
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.usefixtures("newsroom")
class TestMovingToAnotherInstall:
    def test_an_empty_database_gets_the_same_counts_back(self, tmp_path):
        before = counts()
        export(tmp_path / "newsroom.jsonl.gz")
        empty_the_database()
        lines = run_import(tmp_path / "newsroom.jsonl.gz")
        assert lines[-1] == "imported 5 comments in 2 articles (0 skipped)"
        assert "created 3 articles, with comments or not" in lines
        assert counts() == before

    def test_articles_and_comments_are_kept_as_they_were(self, tmp_path):
        export(tmp_path / "newsroom.jsonl")
        empty_the_database()
        run_import(tmp_path / "newsroom.jsonl")
        bridge = Article.objects.get(key="bridge-repairs", site__is_default=True)
        assert (bridge.title, bridge.byline, bridge.language) == (
            "Old bridge to close for repairs",
            "City desk",
            "en",
        )
        assert [t.name for t in bridge.tags.all()] == ["Roads"]
        assert Article.objects.get(key="quiet-day").language == "ckb"
        first = Comment.objects.get(body="The bridge needed this.")
        assert first.author_email == "rana@example.com"
        assert Comment.objects.get(body="Agreed.").parent == first
        carried = Comment.objects.get(body="From the old site.")
        assert carried.author_email == "imported+0123456789abcdef@invalid"

    def test_decisions_keep_their_actors_and_dates(self, tmp_path, moderator):
        first_decision = Decision.objects.filter(automatic_version="0.1.0").get()
        rejection = Decision.objects.get(verdict="reject")
        export(tmp_path / "newsroom.jsonl")
        empty_the_database()
        run_import(tmp_path / "newsroom.jsonl")
        first = Comment.objects.get(body="The bridge needed this.")
        log = list(first.decisions.order_by("created_at"))
        assert [d.actor_label for d in log] == [
            "automatic moderator 0.1.0",
            f"import from majlis: {moderator.username}",
        ]
        assert [d.created_at for d in log] == [first_decision.created_at, rejection.created_at]
        assert (log[1].categories, log[1].note) == (["off_topic"], "second look")
        assert first.decided_at == rejection.created_at
        carried = Comment.objects.get(body="From the old site.")
        assert carried.decisions.get().actor_label == "import from disqus"

    def test_assessments_come_along_and_are_not_made_again(self, tmp_path):
        export(tmp_path / "newsroom.jsonl")
        empty_the_database()
        run_import(tmp_path / "newsroom.jsonl")
        reply = Comment.objects.get(body="Agreed.")
        assert reply.assessment.scores == {"toxicity": 0.02}
        assert reply.assessment.sketch
        assert reply.language == "ar"
        assert not AssessmentJob.objects.filter(comment=reply).exists()
        # Without an assessment in the file, the automatic moderator reads it here.
        assert AssessmentJob.objects.filter(comment__body="Still waiting.").exists()

    def test_importing_again_adds_nothing(self, tmp_path):
        export(tmp_path / "newsroom.jsonl")
        empty_the_database()
        run_import(tmp_path / "newsroom.jsonl")
        after = counts()
        lines = run_import(tmp_path / "newsroom.jsonl")
        assert lines[-1] == "imported 0 comments in 0 articles (5 skipped)"
        assert counts() == after

    def test_importing_into_the_install_it_came_from_adds_nothing_but_the_copies(self, tmp_path):
        # Comments are known by their ids there; here, beside the originals, they are new.
        before = Comment.objects.count()
        export(tmp_path / "newsroom.jsonl")
        run_import(tmp_path / "newsroom.jsonl")
        assert Comment.objects.count() == 2 * before
        assert Article.objects.count() == 3

    def test_a_dry_run_stores_nothing(self, tmp_path):
        export(tmp_path / "newsroom.jsonl")
        empty_the_database()
        lines = run_import(tmp_path / "newsroom.jsonl", "--dry-run")
        assert lines[-1] == "imported 5 comments in 2 articles (0 skipped)"
        assert Article.objects.count() == Comment.objects.count() == 0

    def test_articles_go_to_their_sites_or_all_to_the_one_given(self, tmp_path):
        export(tmp_path / "newsroom.jsonl")
        empty_the_database()
        run_import(tmp_path / "newsroom.jsonl")
        match = Article.objects.get(site__key="sport")
        assert match.comments.get().body == "What a match."
        assert Site.objects.get(key="sport").sso_secret  # a new one, its own
        empty_the_database()
        Site.objects.create(key="archive", name="Archive")
        # Two articles with one key cannot share a site: the second joins the first.
        run_import(tmp_path / "newsroom.jsonl", "--site", "archive")
        assert sorted(Article.objects.values_list("site__key", "key")) == [
            ("archive", "bridge-repairs"),
            ("archive", "quiet-day"),
        ]
        assert not Site.objects.filter(key="sport").exists()
        assert Comment.objects.count() == 5


def lines_of(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.mark.usefixtures("newsroom")
class TestADamagedFile:
    @pytest.fixture
    def exported(self, tmp_path):
        path = tmp_path / "newsroom.jsonl"
        export(path)
        empty_the_database()
        return path

    def refused(self, path, pattern: str) -> None:
        with pytest.raises(CommandError, match=pattern):
            run_import(path)
        assert Comment.objects.count() == Article.objects.count() == Tag.objects.count() == 0

    def test_a_file_cut_off_is_refused_and_nothing_stored(self, exported):
        exported.write_text("".join(lines_of(exported)[:-2]), encoding="utf-8")
        self.refused(exported, "stops before its end line: it was cut off")

    def test_a_gzip_file_cut_off_is_refused(self, exported):
        data = gzip.compress(exported.read_bytes())
        exported.write_bytes(data[: len(data) * 2 // 3])
        self.refused(exported, r"cannot be read after line \d+.*cut off or damaged")

    def test_a_broken_line_is_refused_naming_it(self, exported):
        lines = lines_of(exported)
        lines[5] = lines[5][:30] + "\n"
        exported.write_text("".join(lines), encoding="utf-8")
        self.refused(exported, r"line 6: not valid JSON")

    def test_a_record_out_of_shape_is_refused_naming_its_line(self, exported):
        lines = lines_of(exported)
        number = next(i for i, line in enumerate(lines) if '"type":"comment"' in line)
        record = json.loads(lines[number])
        record["created_at"] = "the other day"
        lines[number] = json.dumps(record) + "\n"
        exported.write_text("".join(lines), encoding="utf-8")
        self.refused(exported, rf"line {number + 1} \(comment\): created_at: not a date")

    def test_a_line_gone_missing_is_found_by_the_counts(self, exported):
        lines = lines_of(exported)
        number = next(i for i, line in enumerate(lines) if '"type":"assessment"' in line)
        del lines[number]
        exported.write_text("".join(lines), encoding="utf-8")
        self.refused(exported, r"\(end\): counts 1 assessments, the file has 0")

    def test_a_reference_to_nothing_is_refused(self, exported):
        lines = lines_of(exported)
        number = next(i for i, line in enumerate(lines) if '"type":"decision"' in line)
        record = json.loads(lines[number])
        record["comment"] = 999999
        lines[number] = json.dumps(record) + "\n"
        exported.write_text("".join(lines), encoding="utf-8")
        self.refused(exported, rf"line {number + 1} \(decision\): comment 999999 is not earlier")

    def test_a_status_its_decisions_do_not_lead_to_is_refused(self, exported):
        lines = lines_of(exported)
        number = next(i for i, line in enumerate(lines) if "Still waiting." in line)
        record = json.loads(lines[number])
        record["status"] = "approved"
        lines[number] = json.dumps(record) + "\n"
        exported.write_text("".join(lines), encoding="utf-8")
        self.refused(exported, r"its status is approved, its decisions lead to pending")

    def test_another_file_is_not_taken_for_an_export(self, exported):
        exported.write_text('{"version": 1, "users": [], "posts": []}\n', encoding="utf-8")
        self.refused(exported, "line 1: not a Majlis export")

    def test_a_later_version_is_refused(self, exported):
        lines = lines_of(exported)
        header = json.loads(lines[0])
        header["version"] = 3
        lines[0] = json.dumps(header) + "\n"
        exported.write_text("".join(lines), encoding="utf-8")
        self.refused(exported, "version 3 of the format is not known")
