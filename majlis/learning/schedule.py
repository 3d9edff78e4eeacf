"""The worker's scheduled learning: each site whose people took enough new decisions since
its last run, one worker at a time (`LearningLease`)."""

from __future__ import annotations

import logging

from django.conf import settings

from majlis.learning.decisions import people_decisions
from majlis.learning.fitting import Result, learn_site
from majlis.learning.models import LearnedModel, LearningLease
from majlis.sites.models import Site

log = logging.getLogger(__name__)


def due(site: Site) -> bool:
    """Whether the site's people took `LEARN_MIN_NEW_DECISIONS` decisions since its last run."""
    last = LearnedModel.objects.filter(site=site).order_by("-created_at").first()
    decisions = people_decisions(site)
    if last is not None:
        decisions = decisions.filter(created_at__gt=last.created_at)
    least = settings.MAJLIS["LEARN_MIN_NEW_DECISIONS"]
    return decisions[: max(least, 1)].count() >= least


def learn_due_sites(holder: str) -> dict[str, list[Result]]:
    """Learn every site that is due and not being learned elsewhere; returns what each did."""
    done: dict[str, list[Result]] = {}
    for site in Site.objects.order_by("pk"):
        if not due(site) or not LearningLease.acquire(site, holder):
            continue
        try:
            done[site.key] = learn_site(site)
        except Exception:
            # Learning is an improvement, never a reason to stop assessing comments.
            log.exception("learning the models of %s failed", site.key)
        finally:
            LearningLease.release(site, holder)
    return done
