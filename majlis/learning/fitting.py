"""`learn_site`: fit a site's heads per language, check them on the newest decisions, keep
the better.

For each language the site's people's decisions (`decisions.examples`) are split by time:
the newest fifth is held out, the rest trains the candidate (`learned.candidate`: stacked on
every score the shipped models give the language, the site's n-grams correcting them, the
shrinkage chosen on the newest of the training decisions). It replaces the model in use
(the site's active learned model, else the shipped model's toxicity, else nothing) only if
it beats it on the held-out decisions by `MARGIN` (with nothing in use, if it reaches
`FLOOR`). Either way the run leaves a `LearnedModel` row whose card says what
happened and by how much; a refused candidate keeps no weights.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from majlis.learning.decisions import Example, counts, examples
from majlis.learning.models import TOXICITY, LearnedModel, Outcome
from majlis.moderation import classifiers, learned
from majlis.moderation.classifier_features import FEATURIZER_VERSION
from majlis.moderation.models import PolicyRule
from majlis.moderation.prepared import prepare
from majlis.sites.models import Site

log = logging.getLogger(__name__)

HELD_OUT_SHARE = learned.HELD_OUT_SHARE
MIN_PER_CLASS = 30
# The held-out fifth needs both verdicts, or it measures nothing.
MIN_HELD_OUT_PER_CLASS = 5
MARGIN = learned.MARGIN
FLOOR = learned.FLOOR
#: A learned head may let the machine approve in a language that always goes to a person
#: only if it reached this held-out AUC and a threshold with 97 % agreement exists.
TRUSTED_AUC = 0.85
AGREEMENT = 0.97
SKIPPED = "skipped"


@dataclass
class Result:
    """What a run did for one language, as `majlis learn` prints it."""

    language: str
    outcome: str  # activated | refused | skipped
    reason: str
    decisions: int = 0
    held_out: int = 0
    candidate_auc: float | None = None
    current_auc: float | None = None
    current: str = ""
    version: int | None = None
    thresholds: dict | None = None
    applied: dict | None = None  # the active model's thresholds, written into the policy
    card: dict = field(default_factory=dict)

    def line(self) -> str:
        def auc(value: float | None) -> str:
            return "—" if value is None else f"{value:.3f}"

        if self.outcome == SKIPPED:
            return f"{self.language}: no model ({self.reason})"
        text = (
            f"{self.language}: {self.decisions} decisions ({self.held_out} newest held out); "
            f"held-out AUC candidate {auc(self.candidate_auc)} vs current "
            f"{auc(self.current_auc)} ({self.current or 'none'}): {self.outcome}"
        )
        if self.version is not None:
            text += f" as v{self.version}"
        if self.outcome != Outcome.ACTIVATED:
            text += f" ({self.reason})"
        if self.thresholds:
            t = self.thresholds
            text += (
                f"; proposed toxicity approve_below {t['approve_below']:.3f} "
                f"({t['approved_share']:.0%} of held-out approved at {t['agreement']:.1%} "
                "agreement)"
            )
        return text


def learn_site(
    site: Site,
    *,
    language: str | None = None,
    dry_run: bool = False,
    apply_thresholds: bool = False,
) -> list[Result]:
    """Learn the site's heads, per language (or one); see the module's docstring."""
    found = examples(site, language)
    if language and language not in found:
        found[language] = []
    results = []
    for lang in sorted(found):
        result = _learn_language(site, lang, found[lang], dry_run=dry_run)
        if apply_thresholds and not dry_run:
            result.applied = _apply_thresholds(site, lang)
        results.append(result)
        log.log(
            logging.WARNING if result.outcome == Outcome.REFUSED else logging.INFO,
            "learning %s: %s",
            site.key,
            result.line(),
        )
    return results


def _learn_language(site: Site, language: str, found: list[Example], *, dry_run: bool) -> Result:
    least = settings.MAJLIS["LEARN_MIN_DECISIONS"]
    tally = counts(found)
    if len(found) < least or min(tally["rejected"], tally["approved"]) < MIN_PER_CLASS:
        return Result(
            language,
            SKIPPED,
            f"{len(found)} decisions, {tally['rejected']} rejected and {tally['approved']} "
            f"approved; it needs {least} with {MIN_PER_CLASS} of each",
            decisions=len(found),
        )
    cut = len(found) - max(1, round(len(found) * HELD_OUT_SHARE))
    train, held = found[:cut], found[cut:]
    held_tally = counts(held)
    if min(held_tally["rejected"], held_tally["approved"]) < MIN_HELD_OUT_PER_CLASS:
        return Result(
            language,
            SKIPPED,
            f"the newest {len(held)} decisions need {MIN_HELD_OUT_PER_CLASS} of each verdict",
            decisions=len(found),
        )
    started = time.perf_counter()
    # Read as the engine reads them (the promotion model reads the text around links).
    prepared = [prepare(e.text, language) for e in found]
    grams = [p.gram_counts for p in prepared]
    y = np.array([e.rejected for e in found])
    # Every score the shipped models give this language (promotion for every one).
    shipped = classifiers.predict(
        [e.text for e in found], language, grams, [p.promotion_counts for p in prepared]
    )
    train_grams, held_grams = grams[:cut], grams[cut:]
    y_train, y_held = y[:cut], y[cut:]
    shipped_held = {name: scores[cut:] for name, scores in shipped.items()}

    chosen = learned.candidate(
        train_grams,
        y_train,
        held_grams,
        y_held,
        shipped_train={name: scores[:cut] for name, scores in shipped.items()},
        shipped_held=shipped_held,
    )
    form, head, scores = chosen.form, chosen.head, chosen.held_out_scores
    candidate_auc = chosen.auc or 0.0
    learned_in = time.perf_counter() - started

    current_name, current_auc = _current(site, language, held_grams, y_held, shipped_held)
    better = learned.replaces(candidate_auc, current_auc)
    if current_auc is None:
        reason = f"needs a held-out AUC of {FLOOR} with no model in use"
    else:
        reason = f"needs {MARGIN} more than the model in use"
    thresholds = learned.approval_threshold(y_held, scores, agreement=AGREEMENT)
    version = (
        LearnedModel.objects.filter(site=site, language=language, head=TOXICITY).aggregate(
            Max("version")
        )["version__max"]
        or 0
    ) + 1
    outcome = Outcome.ACTIVATED if better else Outcome.REFUSED
    data = head.to_bytes() if better else b""
    card = {
        "site": site.key,
        "language": language,
        "head": TOXICITY,
        "scores": "the chance that a moderator of this site rejects the comment",
        "version": version,
        "outcome": str(outcome),
        "form": form,
        "decisions": {
            "total": len(found),
            "training": len(train),
            "held_out": len(held),
            "rejected": int(y.sum()),
            "approved": int(len(y) - y.sum()),
            "held_out_rejected": int(y_held.sum()),
        },
        "dates": {
            "first": found[0].decided_at.isoformat(),
            "held_out_from": held[0].decided_at.isoformat(),
            "last": found[-1].decided_at.isoformat(),
        },
        "metrics": {
            "held_out_auc": _round(candidate_auc),
            "current": current_name,
            "current_auc": _round(current_auc),
            "stacked": dict(zip(head.stacked, map(_round, head.stack_weights), strict=True)),
            "shrinkage": chosen.l2,
            "shrinkage_aucs": chosen.inner,
            "margin": MARGIN,
        },
        "thresholds": thresholds,
        "trusted": bool(better and candidate_auc >= TRUSTED_AUC and thresholds is not None),
        "learned_in_seconds": round(learned_in, 2),
        "featurizer": FEATURIZER_VERSION,
        "format": learned.FORMAT,
        "sha256": learned.LearnedHead.sha256(data) if data else "",
        "created_at": timezone.now().isoformat(),
    }
    result = Result(
        language,
        str(outcome),
        reason,
        decisions=len(found),
        held_out=len(held),
        candidate_auc=candidate_auc,
        current_auc=current_auc,
        current=current_name,
        version=None if dry_run else version,
        thresholds=thresholds,
        card=card,
    )
    if dry_run:
        result.outcome = f"would be {outcome}"
        return result
    with transaction.atomic():
        if better:
            LearnedModel.objects.filter(
                site=site, language=language, head=TOXICITY, active=True
            ).update(active=False)
        LearnedModel.objects.create(
            site=site,
            language=language,
            head=TOXICITY,
            version=version,
            outcome=outcome,
            active=better,
            card=card,
            weights=data,
            sha256=card["sha256"],
        )
    return result


def _current(site, language, held_grams, y_held, shipped_held) -> tuple[str, float | None]:
    """The model in use for this language and its AUC on the held-out decisions."""
    active = LearnedModel.objects.filter(
        site=site, language=language, head=TOXICITY, active=True
    ).first()
    if active is not None:
        head = active.load()
        return f"learned v{active.version}", learned.roc_auc(
            y_held, head.predict(held_grams, shipped_held)
        )
    if TOXICITY in shipped_held:
        name = classifiers.OFFENSIVE_MODELS[language]
        return f"shipped {name}", learned.roc_auc(y_held, shipped_held[TOXICITY])
    return "", None


def _apply_thresholds(site: Site, language: str) -> dict | None:
    """Write the active model's proposed toxicity threshold into the policy; returns it."""
    active = LearnedModel.objects.filter(
        site=site, language=language, head=TOXICITY, active=True
    ).first()
    thresholds = active.card.get("thresholds") if active is not None else None
    if not thresholds:
        return None
    PolicyRule.objects.update_or_create(
        category=TOXICITY,
        language=language,
        defaults={
            # Rounded down: a rounded-up threshold would approve more than was measured.
            "approve_below": math.floor(thresholds["approve_below"] * 1e4) / 1e4,
            "reject_at": None,
            "always_review": False,
        },
    )
    return thresholds


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
