"""`majlis backup FILE` / `majlis restore FILE`: every row Majlis owns comes back as it was,
into an empty migrated database, in one transaction; on SQLite and PostgreSQL alike."""

from __future__ import annotations

import gzip
import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection

from majlis.accounts.models import ApiToken, User
from majlis.articles.models import Article, Tag
from majlis.comments import actions
from majlis.comments.models import Comment, Decision, Guideline
from majlis.moderation.models import CommentAssessment, PolicyRule, PolicySettings
from majlis.ops.backup import backed_up_models

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def newsroom(moderator, admin_user, token_for, article, make_comment) -> None:
    """A little of everything a site holds."""
    article.tags.set(Tag.for_names(["roads", "city"]))
    token_for(moderator)
    group = Group.objects.create(name="night desk")
    group.permissions.add(Permission.objects.get(codename="view_comment"))
    moderator.groups.add(group)
    first = make_comment("The bridge needed this for years.", status="approved")
    make_comment("Replying: agreed.", parent=first)
    rejected = make_comment("Buy cheap watches at example.biz", status="rejected")
    actions.approve(rejected, actor=moderator, note="overturned: a joke, not spam")
    CommentAssessment.objects.create(
        comment=first, language="en", suggestion="approve", scores={"toxicity": 0.01}
    )
    Guideline.objects.create(language="en", text="Be kind.")
    PolicySettings.objects.create(automatic=False)
    PolicyRule.objects.create(category="promotion", language="", reject_at=0.9)
    session = SessionStore()
    session["x"] = 1
    session.create()


def _everything() -> dict[str, list[dict]]:
    rows = {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in backed_up_models()
    }
    # The link rows of many-to-many fields are made anew: what they link matters, not their ids.
    rows["article tags"] = sorted(Article.tags.through.objects.values_list("article_id", "tag_id"))
    rows["user groups"] = sorted(User.groups.through.objects.values_list("user_id", "group_id"))
    rows["group permissions"] = [
        (g.name, sorted(p.codename for p in g.permissions.all())) for g in Group.objects.all()
    ]
    return rows


def _empty_the_database() -> None:
    call_command("flush", interactive=False, verbosity=0)


def _backup(path: Path) -> str:
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def _restore(path: Path) -> str:
    out = StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("newsroom")
class TestBackupAndRestore:
    def test_every_row_comes_back_as_it_was(self, tmp_path):
        before = _everything()
        _backup(tmp_path / "site.jsonl")
        _empty_the_database()
        assert Comment.objects.count() == 0
        _restore(tmp_path / "site.jsonl")
        assert _everything() == before

    def test_a_gz_name_compresses_and_restores(self, tmp_path):
        before = _everything()
        _backup(tmp_path / "site.jsonl.gz")
        with gzip.open(tmp_path / "site.jsonl.gz", "rt") as stream:
            assert json.loads(stream.readline())["majlis_backup"] == 1
        _empty_the_database()
        _restore(tmp_path / "site.jsonl.gz")
        assert _everything() == before

    def test_both_commands_print_the_counts(self, tmp_path):
        written = _backup(tmp_path / "site.jsonl")
        assert "comments.comment" in written
        assert f"comments.comment                 {Comment.objects.count()}" in written
        _empty_the_database()
        restored = _restore(tmp_path / "site.jsonl")
        assert f"comments.decision                {Decision.objects.count()}" in restored

    def test_sessions_and_the_task_queue_are_left_out(self, tmp_path):
        _backup(tmp_path / "site.jsonl")
        models = {json.loads(line).get("model") for line in (tmp_path / "site.jsonl").open()}
        assert "sessions.session" not in models
        assert not any(m and m.startswith("django_tasks") for m in models)
        assert {"comments.comment", "accounts.apitoken", "moderation.policyrule"} <= models

    def test_the_file_is_readable_by_its_owner_only(self, tmp_path):
        _backup(tmp_path / "site.jsonl")
        assert (tmp_path / "site.jsonl").stat().st_mode & 0o077 == 0

    def test_new_rows_after_a_restore_get_fresh_ids(self, tmp_path, article):
        highest = max(Comment.objects.values_list("pk", flat=True))
        _backup(tmp_path / "site.jsonl")
        _empty_the_database()  # also sets the id sequences back to 1
        _restore(tmp_path / "site.jsonl")
        comment = actions.submit(
            Article.objects.get(key=article.key),
            author_name="New",
            author_email="new@example.org",
            body="After the restore.",
        )
        assert comment.pk > highest
        ApiToken.objects.issue(User.objects.get(username="mona"))

    def test_restored_comments_still_refuse_edits(self, tmp_path):
        _backup(tmp_path / "site.jsonl")
        _empty_the_database()
        _restore(tmp_path / "site.jsonl")
        with pytest.raises(DatabaseError), connection.cursor() as cursor:
            cursor.execute("UPDATE comments_comment SET body = 'changed'")


@pytest.mark.usefixtures("newsroom")
class TestRefusals:
    def test_restoring_into_a_database_with_rows_is_refused_and_changes_nothing(self, tmp_path):
        _backup(tmp_path / "site.jsonl")
        before = _everything()
        with pytest.raises(CommandError, match="not empty"):
            _restore(tmp_path / "site.jsonl")
        assert _everything() == before

    def test_a_cut_off_backup_restores_nothing(self, tmp_path):
        _backup(tmp_path / "site.jsonl")
        lines = (tmp_path / "site.jsonl").read_text().splitlines(keepends=True)
        (tmp_path / "cut.jsonl").write_text("".join(lines[:-3]))
        _empty_the_database()
        with pytest.raises(CommandError, match="cut off"):
            _restore(tmp_path / "cut.jsonl")
        assert not any(model._base_manager.exists() for model in backed_up_models())

    def test_a_damaged_row_restores_nothing(self, tmp_path):
        _backup(tmp_path / "site.jsonl")
        text = (tmp_path / "site.jsonl").read_text()
        damaged = text.replace('"verdict": "reject"', '"verdict": "reject", "no_such": 1', 1)
        assert damaged != text
        (tmp_path / "damaged.jsonl").write_text(damaged)
        _empty_the_database()
        with pytest.raises(CommandError, match="nothing was kept"):
            _restore(tmp_path / "damaged.jsonl")
        assert not any(model._base_manager.exists() for model in backed_up_models())

    def test_a_row_pointing_at_a_missing_row_restores_nothing(self, tmp_path):
        _backup(tmp_path / "site.jsonl")
        lines = (tmp_path / "site.jsonl").read_text().splitlines(keepends=True)
        for number, line in enumerate(lines):
            row = json.loads(line)
            if row.get("model") == "comments.decision":
                row["fields"]["comment"] = 999_999
                lines[number] = json.dumps(row) + "\n"
                break
        (tmp_path / "dangling.jsonl").write_text("".join(lines))
        _empty_the_database()
        with pytest.raises(CommandError, match="nothing was kept"):
            _restore(tmp_path / "dangling.jsonl")
        assert not any(model._base_manager.exists() for model in backed_up_models())

    def test_a_file_that_is_not_a_backup_is_refused(self, tmp_path):
        (tmp_path / "notes.txt").write_text("hello\n")
        with pytest.raises(CommandError, match="not a Majlis backup"):
            _restore(tmp_path / "notes.txt")

    def test_a_missing_file_is_refused_by_name(self, tmp_path):
        with pytest.raises(CommandError, match=r"missing\.jsonl"):
            _restore(tmp_path / "missing.jsonl")

    def test_a_backup_from_other_migrations_is_refused(self, tmp_path):
        _backup(tmp_path / "site.jsonl")
        lines = (tmp_path / "site.jsonl").read_text().splitlines(keepends=True)
        header = json.loads(lines[0])
        header["migrations"]["comments"].append("0099_from_the_future")
        (tmp_path / "future.jsonl").write_text(json.dumps(header) + "\n" + "".join(lines[1:]))
        _empty_the_database()
        with pytest.raises(CommandError, match="other migrations"):
            _restore(tmp_path / "future.jsonl")
