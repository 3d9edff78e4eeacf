"""`majlis learn`: learn a site's own models from its moderators' decisions."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from majlis.learning.fitting import learn_site
from majlis.learning.models import LearningLease
from majlis.learning.sites import site_for_command


class Command(BaseCommand):
    help = (
        "Learn the site's models per language from its moderators' decisions (never the "
        "machine's), check them on the newest fifth held out, and activate each only if it "
        "beats the model in use there. majlis learn [--site KEY] [--language L] [--dry-run] "
        "[--apply-thresholds]"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--site", help="the site's key (default: the only site, else the default site)"
        )
        parser.add_argument("--language", help="one language only: en, ckb, …")
        parser.add_argument(
            "--dry-run", action="store_true", help="learn and measure, store nothing"
        )
        parser.add_argument(
            "--apply-thresholds",
            action="store_true",
            help="write the active model's proposed toxicity threshold of each language into "
            "the policy (the policy is the whole install's, for every site)",
        )

    def handle(self, *args, site=None, language=None, dry_run=False, **options) -> None:
        chosen = site_for_command(site)
        holder = f"command-{id(self)}"
        if not dry_run and not LearningLease.acquire(chosen, holder):
            raise CommandError(f"another process is learning {chosen.key}'s models now")
        try:
            results = learn_site(
                chosen,
                language=language,
                dry_run=dry_run,
                apply_thresholds=options["apply_thresholds"],
            )
        finally:
            if not dry_run:
                LearningLease.release(chosen, holder)
        if not results:
            self.stdout.write(f"{chosen.key}: no people's decisions to learn from yet")
        for result in results:
            self.stdout.write(f"{chosen.key}/{result.line()}")
        if options["apply_thresholds"] and not dry_run:
            applied = [r.name for r in results if r.applied]
            self.stdout.write(
                "thresholds applied to the policy for: " + (", ".join(applied) or "none")
            )
