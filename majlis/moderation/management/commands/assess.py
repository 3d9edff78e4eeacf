"""`majlis assess`: the automatic moderator from the command line, on one text or a CSV file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from majlis.learning.serving import NONE, SiteHeads, active_heads
from majlis.moderation.engine import ArticleContext, assess, assess_many
from majlis.moderation.policy import Policy
from majlis.sites.models import Site

# The order the issue tracker's contract names, whatever the order of the categories inside.
SCORE_COLUMNS = (
    "toxicity",
    "profanity",
    "vulgarity",
    "threat",
    "personal_attack",
    "identity_attack",
    "promotion",
    "off_topic",
)
CSV_COLUMNS = ("language", *SCORE_COLUMNS, "suggestion")
BATCH = 256


class Command(BaseCommand):
    help = (
        'Assess a comment and print the result as JSON: majlis assess "TEXT" '
        "[--article-title T] [--article-body-file F] [--language L]; or a CSV file: "
        "majlis assess --csv IN --text-column C [--article-column A] --out OUT; "
        "either with --site KEY to use that site's learned models (default: the only site, "
        "else the default site)"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("text", nargs="?", help="the comment to assess")
        parser.add_argument("--article-title", default=None)
        parser.add_argument("--article-body-file", type=Path, default=None)
        parser.add_argument("--language", default=None, help="skip detection: en, ar, fa, …")
        parser.add_argument("--csv", type=Path, dest="csv_in", help="a CSV file to score")
        parser.add_argument("--text-column", help="the CSV column holding the comments")
        parser.add_argument("--article-column", help="a CSV column holding each row's article")
        parser.add_argument("--out", type=Path, help="where to write the scored CSV")
        parser.add_argument(
            "--site",
            help="use this site's learned models (`majlis learn`); default: the only site, "
            "else the default site",
        )

    def handle(self, *args, **options) -> None:
        self.site = _site_heads(options["site"])
        self.policy = self.site.policy_for(Policy())
        if options["csv_in"]:
            self.score_csv(**options)
        elif options["text"] is not None:
            self.score_text(**options)
        else:
            raise CommandError("Give a TEXT to assess, or --csv IN --text-column C --out OUT.")

    def score_text(self, *, text, article_title, article_body_file, language, **options) -> None:
        article = None
        if article_title is not None or article_body_file is not None:
            body = ""
            if article_body_file is not None:
                try:
                    body = article_body_file.read_text(encoding="utf-8")
                except OSError as error:
                    raise CommandError(f"--article-body-file: {error}") from None
            article = ArticleContext(title=article_title or "", body=body)
        result = assess(
            text,
            article=article,
            language=language,
            policy=self.policy,
            learned_heads=self.site.heads,
        )
        self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))

    def score_csv(self, *, csv_in, text_column, article_column, out, language, **options):
        if not text_column or not out:
            raise CommandError("--csv needs --text-column and --out")
        try:
            handle = csv_in.open(newline="", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"--csv: {error}") from None
        with handle:
            reader = csv.DictReader(handle)
            for column, flag in (
                (text_column, "--text-column"),
                (article_column, "--article-column"),
            ):
                if column and column not in (reader.fieldnames or ()):
                    raise CommandError(f"{flag}: no column {column!r} in {csv_in.name}")
            try:
                sink = out.open("w", newline="", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"--out: {error}") from None
            with sink:
                self._score_rows(reader, sink, text_column, article_column, language)

    def _score_rows(self, reader, sink, text_column, article_column, language) -> None:
        from tqdm import tqdm

        writer = csv.writer(sink)
        writer.writerow(CSV_COLUMNS)
        batch: list[dict] = []
        progress = tqdm(unit=" comments", desc="assessing", disable=None)
        for row in reader:
            batch.append(row)
            if len(batch) == BATCH:
                self._write(writer, batch, text_column, article_column, language)
                progress.update(len(batch))
                batch = []
        self._write(writer, batch, text_column, article_column, language)
        progress.update(len(batch))
        progress.close()

    def _write(self, writer, rows, text_column, article_column, language) -> None:
        if not rows:
            return
        articles = [
            ArticleContext(title="", body=row[article_column] or "") if article_column else None
            for row in rows
        ]
        # The file keeps scores and suggestions only: no need to explain them.
        results = assess_many(
            [row[text_column] or "" for row in rows],
            articles=articles,
            language=language,
            explain=False,
            policy=self.policy,
            learned_heads=self.site.heads,
        )
        for result in results:
            writer.writerow(
                [
                    result.language,
                    *(f"{result.scores[k]:.4f}" for k in SCORE_COLUMNS),
                    result.suggestion,
                ]
            )


def _site_heads(key: str | None) -> SiteHeads:
    """The learned heads of the site named, or of the only (else the default) site; none
    where the database has no sites yet (assessing needs no database)."""
    if key:
        site = Site.objects.filter(key=key).first()
        if site is None:
            known = ", ".join(Site.objects.values_list("key", flat=True)) or "none"
            raise CommandError(f"--site: no site {key!r} (sites: {known})")
        return active_heads(site.pk)
    try:
        sites = list(Site.objects.order_by("-is_default", "pk")[:2])
        if not sites:
            return NONE
        chosen = sites[0] if len(sites) == 1 or sites[0].is_default else None
        return active_heads(chosen.pk) if chosen else NONE
    except DatabaseError:
        return NONE
