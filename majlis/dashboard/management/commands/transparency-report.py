"""`majlis transparency-report --from DATE --to DATE [--site KEY]`: the DSA figures as CSV."""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError

from majlis.dashboard.figures import Period
from majlis.dashboard.query import QueryError, parse_date
from majlis.dashboard.transparency import report_rows
from majlis.sites.models import Site


class Command(BaseCommand):
    help = (
        "Print the figures of an EU Digital Services Act transparency report for a period "
        "(both dates included, in the configured time zone) as CSV: notices, decisions by "
        "category, the share taken by automated means, appeals, the median time to action."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--site", default="", help="one site's key (default: every site)")

    def handle(self, *args, first: str, last: str, site: str, **options) -> None:
        try:
            period = Period(parse_date(first, "--from"), parse_date(last, "--to"))
        except QueryError as error:
            raise CommandError(str(error)) from None
        if period.last < period.first:
            raise CommandError("--to: the period ends before it starts")
        if site and not Site.objects.filter(key=site).exists():
            raise CommandError(f"--site: no site has the key {site}")
        csv.writer(self.stdout, lineterminator="\n").writerows(report_rows(period, site))
