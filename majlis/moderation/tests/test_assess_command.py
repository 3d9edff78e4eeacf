"""`majlis assess`: one text as JSON, or a CSV file scored row by row, in order."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

# The command reads the site's learned models (`--site`) from the database.
pytestmark = pytest.mark.django_db

COLUMNS = [
    "language",
    "toxicity",
    "profanity",
    "vulgarity",
    "threat",
    "personal_attack",
    "identity_attack",
    "promotion",
    "off_topic",
    "suggestion",
]


def _run(*args) -> str:
    out = StringIO()
    call_command("assess", *args, stdout=out)
    return out.getvalue()


class TestOneText:
    def test_it_prints_the_assessment_as_json(self):
        data = json.loads(_run("You are an idiot"))
        assert data["language"] == "en"
        assert data["scores"]["personal_attack"] > 0.5
        assert data["suggestion"] in {"review", "reject"}
        assert data["evidence"]

    def test_the_article_makes_off_topic_meaningful(self, tmp_path):
        body = tmp_path / "article.txt"
        body.write_text("The council will repair the river bridge next year.", encoding="utf-8")
        data = json.loads(
            _run(
                "Cheap flights to Rome, book now at www.fly-cheap.biz",
                "--article-title",
                "Bridge repairs",
                "--article-body-file",
                str(body),
            )
        )
        assert data["scores"]["off_topic"] > 0.5

    def test_the_language_can_be_given(self):
        assert json.loads(_run("merhaba", "--language", "tr"))["language"] == "tr"

    def test_a_missing_article_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="--article-body-file"):
            _run("text", "--article-body-file", str(tmp_path / "none.txt"))

    def test_nothing_to_assess_is_a_clear_error(self):
        with pytest.raises(CommandError, match="TEXT"):
            _run()


class TestACsvFile:
    def test_one_row_out_per_row_in_and_in_order(self, tmp_path):
        source = tmp_path / "in.csv"
        texts = [
            "You idiot",
            "Bu köprü yıllardır tamir bekliyordu.",
            "",
            "شكرا على المقال",
            "visit www.cheap-watch.biz now",
        ] * 60
        with source.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "comment", "story"])
            for i, text in enumerate(texts):
                writer.writerow([i, text, "The river bridge will close for repairs."])
        target = tmp_path / "out.csv"
        _run(
            "--csv",
            str(source),
            "--text-column",
            "comment",
            "--article-column",
            "story",
            "--out",
            str(target),
        )
        with target.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert list(rows[0]) == COLUMNS
        assert len(rows) == len(texts)
        assert [r["language"] for r in rows[:5]][:2] == ["en", "tr"]
        assert float(rows[0]["personal_attack"]) > 0.5
        assert rows[5] == rows[0]  # the same text in the same place scores the same

    def test_an_unknown_column_is_named(self, tmp_path):
        source = tmp_path / "in.csv"
        source.write_text("id,comment\n1,hello\n", encoding="utf-8")
        with pytest.raises(CommandError, match="--text-column"):
            _run("--csv", str(source), "--text-column", "body", "--out", str(tmp_path / "o.csv"))

    def test_csv_needs_a_text_column_and_an_output(self, tmp_path):
        with pytest.raises(CommandError, match="--text-column and --out"):
            _run("--csv", str(tmp_path / "in.csv"))
