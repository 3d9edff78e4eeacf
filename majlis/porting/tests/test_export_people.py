"""Signed-in readers' accounts and commenters' standings travel with an export, and
`majlis import majlis` reads them back: a moved newsroom keeps who is trusted or banned."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from majlis.commenters.models import CommenterStanding
from majlis.comments.models import Comment
from majlis.readers.models import Reader
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_SEEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
SET_AT = datetime(2025, 6, 7, 8, 9, 10, tzinfo=UTC)


@pytest.fixture
def people(moderator, make_comment):
    rana = Reader.objects.create(
        site=Site.default(),
        sub="account-42",
        name="Rana",
        email="rana@example.com",
        created_at=FIRST_SEEN,
        last_seen_at=SET_AT,
    )
    make_comment(
        "Signed in, I say this.", reader=rana, author_name="Rana", author_email="rana@example.com"
    )
    make_comment("Not signed in.", author_email="omar@example.org")
    CommenterStanding.objects.create(
        scope="reader", reader=rana, standing="trusted", set_by=moderator, updated_at=SET_AT
    )
    CommenterStanding.objects.create(
        scope="email",
        value="spam@example.net",
        standing="banned",
        category="promotion",
        note="Sells watches under every article.",
        set_by=moderator,
        updated_at=SET_AT,
    )
    CommenterStanding.objects.create(
        scope="domain", value="throwaway.test", standing="premoderate", set_by=moderator
    )


def _export(path) -> list[dict]:
    call_command("export", "--out", str(path), stdout=StringIO())
    with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def _import(path) -> None:
    call_command("import", "majlis", str(path), stdout=StringIO(), stderr=StringIO())


def _readers() -> list[tuple]:
    return sorted(
        Reader.objects.values_list(
            "site__key", "sub", "name", "email", "created_at", "last_seen_at"
        )
    )


def _standings() -> list[tuple]:
    return sorted(
        CommenterStanding.objects.values_list(
            "scope", "value", "reader__sub", "standing", "category", "note", "updated_at"
        ),
        key=repr,
    )


@pytest.mark.usefixtures("people")
class TestPeopleInTheExport:
    def test_readers_come_before_comments_and_comments_name_theirs(self, tmp_path):
        lines = _export(tmp_path / "out.jsonl")
        kinds = [line["type"] for line in lines]
        assert lines[0]["version"] == 2
        assert kinds.index("reader") < kinds.index("comment")
        (reader,) = [line for line in lines if line["type"] == "reader"]
        assert (reader["sub"], reader["email"], reader["site"]) == (
            "account-42",
            "rana@example.com",
            Site.default().key,
        )
        signed = next(line for line in lines if line.get("body") == "Signed in, I say this.")
        assert signed["reader"] == reader["id"]
        assert (
            next(line for line in lines if line.get("body") == "Not signed in.")["reader"] is None
        )
        assert lines[-1]["counts"]["reader"] == 1
        assert lines[-1]["counts"]["standing"] == 3

    def test_a_standing_names_who_set_it_and_no_secret(self, tmp_path, moderator):
        lines = _export(tmp_path / "out.jsonl")
        ban = next(line for line in lines if line.get("standing") == "banned")
        assert ban["set_by"] == moderator.username
        assert (ban["scope"], ban["value"], ban["reader"]) == ("email", "spam@example.net", None)
        assert "password" not in json.dumps(lines)

    def test_an_empty_install_gets_them_back(self, tmp_path, moderator):
        readers, standings = _readers(), _standings()
        _export(tmp_path / "out.jsonl.gz")
        call_command("flush", interactive=False, verbosity=0)
        _import(tmp_path / "out.jsonl.gz")
        assert _readers() == readers
        assert _standings() == standings
        signed = Comment.objects.get(body="Signed in, I say this.")
        assert signed.reader.sub == "account-42"
        # The moderator who set it is nobody here: the import says whose it was.
        ban = CommenterStanding.objects.get(standing="banned")
        assert ban.set_by is None
        assert ban.imported_from == f"majlis: {moderator.username}"

    def test_importing_again_adds_no_second_reader_nor_standing(self, tmp_path):
        _export(tmp_path / "out.jsonl")
        call_command("flush", interactive=False, verbosity=0)
        _import(tmp_path / "out.jsonl")
        _import(tmp_path / "out.jsonl")
        assert Reader.objects.count() == 1
        assert CommenterStanding.objects.count() == 3

    def test_a_standing_already_here_is_left_as_it_is(self, tmp_path, moderator):
        _export(tmp_path / "out.jsonl")
        CommenterStanding.objects.filter(value="spam@example.net").update(
            standing="premoderate", category="", note="given a second chance"
        )
        _import(tmp_path / "out.jsonl")
        kept = CommenterStanding.objects.get(value="spam@example.net")
        assert (kept.standing, kept.note) == ("premoderate", "given a second chance")


def test_a_version_1_file_without_people_still_reads(tmp_path, db):
    path = tmp_path / "old.jsonl"
    header = {"type": "header", "format": "majlis-export", "version": 1, "instance": "ab" * 8}
    path.write_text(
        json.dumps(header) + "\n" + json.dumps({"type": "end", "counts": {}}) + "\n",
        encoding="utf-8",
    )
    _import(path)


def test_a_standing_of_an_unknown_reader_is_refused_by_its_line(tmp_path, db):
    path = tmp_path / "bad.jsonl"
    lines = [
        {"type": "header", "format": "majlis-export", "version": 2, "instance": "ab" * 8},
        {
            "type": "standing",
            "scope": "reader",
            "value": "",
            "reader": 7,
            "standing": "trusted",
            "category": "",
            "note": "",
            "set_by": "sami",
            "updated_at": "2025-01-01T00:00:00+00:00",
        },
        {"type": "end", "counts": {"standing": 1}},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(Exception, match=r"line 2 \(standing\): reader 7 is not earlier"):
        _import(path)
