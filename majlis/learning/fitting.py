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
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from majlis.learning.decisions import Example, counts, examples
from majlis.learning.models import TOXICITY, LearnedModel, Outcome
from majlis.moderation import classifiers, learned
from majlis.moderation.categories import CATEGORIES, OFF_TOPIC, PROMOTION
from majlis.moderation.classifier_features import FEATURIZER_VERSION
from majlis.moderation.models import PolicyRule, current_policy
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


#: The categories that get a head of their own from the rejections that named them, where
#: enough did. Off-topic is left out: it is about the article, which a head does not read.
LEARNED_CATEGORIES = tuple(c for c in CATEGORIES if c != OFF_TOPIC)


@dataclass
class Result:
    """What a run did for one head of one language, as `majlis learn` prints it."""

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
    head: str = TOXICITY

    @property
    def name(self) -> str:
        """The language, with the category for a category's head: "ckb/personal_attack"."""
        return self.language if self.head == TOXICITY else f"{self.language}/{self.head}"

    def line(self) -> str:
        def auc(value: float | None) -> str:
            return "—" if value is None else f"{value:.3f}"

        if self.outcome == SKIPPED:
            return f"{self.name}: no model ({self.reason})"
        text = (
            f"{self.name}: {self.decisions} decisions ({self.held_out} newest held out); "
            f"held-out AUC candidate {auc(self.candidate_auc)} vs current "
            f"{auc(self.current_auc)} ({self.current or 'none'}): {self.outcome}"
        )
        if self.version is not None:
            text += f" as v{self.version}"
        if self.outcome != Outcome.ACTIVATED:
            text += f" ({self.reason})"
        t = self.thresholds
        if t and "approve_below" in t:
            text += (
                f"; proposed toxicity approve_below {t['approve_below']:.3f} "
                f"({t['approved_share']:.0%} of held-out approved at {t['agreement']:.1%} "
                "agreement)"
            )
        elif t:
            text += (
                f"; proposed {self.head} reject_at {t['reject_at']:.3f} "
                f"({t['rejected_share']:.0%} of held-out rejected at {t['agreement']:.1%} "
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
    """Learn the site's heads, per language (or one); see the module's docstring. The
    general head (`toxicity`) comes first for each language, then each category's."""
    found = examples(site, language)
    if language and language not in found:
        found[language] = []
    results = []
    for lang in sorted(found):
        for result in _learn_language(site, lang, found[lang], dry_run=dry_run):
            if apply_thresholds and not dry_run:
                result.applied = _apply_thresholds(site, lang, result.head)
            results.append(result)
            log.log(
                logging.WARNING if result.outcome == Outcome.REFUSED else logging.INFO,
                "learning %s: %s",
                site.key,
                result.line(),
            )
    return results


@dataclass(frozen=True)
class _Decided:
    """One head's decisions, oldest first: the comments' n-grams, verdicts, shipped scores."""

    found: list[Example]
    grams: list
    y: np.ndarray
    shipped: dict[str, np.ndarray]

    def only(self, keep: np.ndarray, y: np.ndarray) -> _Decided:
        return _Decided(
            [self.found[i] for i in keep],
            [self.grams[i] for i in keep],
            y[keep],
            {name: scores[keep] for name, scores in self.shipped.items()},
        )


def _learn_language(
    site: Site, language: str, found: list[Example], *, dry_run: bool
) -> list[Result]:
    """The general head from every decision; then, where people named a category in enough
    rejections, that category's head from those rejections and the approvals."""
    general = _enough(language, TOXICITY, found)
    if general is not None:
        return [general]
    # Read as the engine reads them (the promotion model reads the text around links).
    prepared = [prepare(e.text, language) for e in found]
    grams = [p.gram_counts for p in prepared]
    # Every score the shipped models give this language (promotion for every one).
    shipped = classifiers.predict(
        [e.text for e in found], language, grams, [p.promotion_counts for p in prepared]
    )
    y = np.array([e.rejected for e in found])
    decided = _Decided(found, grams, y, shipped)
    results = [_learn_head(site, language, TOXICITY, decided, dry_run=dry_run)]
    for category in LEARNED_CATEGORIES:
        cited = np.array([category in e.categories for e in found])
        if not cited.any():
            continue
        # A rejection for another category says nothing either way about this one.
        keep = np.flatnonzero(cited | (y == 0))
        subset = decided.only(keep, cited.astype(np.int64))
        results.append(
            _enough(language, category, subset.found, cited=True)
            or _learn_head(site, language, category, subset, dry_run=dry_run)
        )
    return results


def _enough(language: str, head: str, found: list[Example], cited: bool = False) -> Result | None:
    """A skipped result if these decisions are too few to learn from, else None."""
    least = settings.MAJLIS["LEARN_MIN_DECISIONS"]
    if cited:
        tally = Counter("rejected" if head in e.categories else "approved" for e in found)
    else:
        tally = counts(found)
    rejected = "rejected" if not cited else f"rejected for {head}"
    if len(found) < least or min(tally["rejected"], tally["approved"]) < MIN_PER_CLASS:
        return Result(
            language,
            SKIPPED,
            f"{len(found)} decisions, {tally['rejected']} {rejected} and {tally['approved']} "
            f"approved; it needs {least} with {MIN_PER_CLASS} of each",
            decisions=len(found),
            head=head,
        )
    held = found[len(found) - max(1, round(len(found) * HELD_OUT_SHARE)) :]
    if cited:
        held_tally = Counter("rejected" if head in e.categories else "approved" for e in held)
    else:
        held_tally = counts(held)
    if min(held_tally["rejected"], held_tally["approved"]) < MIN_HELD_OUT_PER_CLASS:
        return Result(
            language,
            SKIPPED,
            f"the newest {len(held)} decisions need {MIN_HELD_OUT_PER_CLASS} of each verdict",
            decisions=len(found),
            head=head,
        )
    return None


def _learn_head(
    site: Site, language: str, head_name: str, decided: _Decided, *, dry_run: bool
) -> Result:
    found, grams, y, shipped = decided.found, decided.grams, decided.y, decided.shipped
    cut = len(found) - max(1, round(len(found) * HELD_OUT_SHARE))
    train, held = found[:cut], found[cut:]
    started = time.perf_counter()
    held_grams, y_held = grams[cut:], y[cut:]
    shipped_held = {name: scores[cut:] for name, scores in shipped.items()}
    chosen = learned.candidate(
        grams[:cut],
        y[:cut],
        held_grams,
        y_held,
        shipped_train={name: scores[:cut] for name, scores in shipped.items()},
        shipped_held=shipped_held,
    )
    head, scores = chosen.head, chosen.held_out_scores
    candidate_auc = chosen.auc or 0.0
    learned_in = time.perf_counter() - started

    current_name, current_scores = _current(site, language, head_name, held_grams, shipped_held)
    current_auc = None if current_scores is None else learned.roc_auc(y_held, current_scores)
    better = learned.replaces(y_held, scores, current_scores)
    if current_auc is None:
        reason = f"needs a held-out AUC of {FLOOR} with no model in use"
    else:
        reason = (
            f"needs {MARGIN} more than the model in use, in {learned.CONFIDENCE:.0%} of "
            "resamples of the held-out decisions"
        )
    if head_name == TOXICITY:
        thresholds = learned.approval_threshold(y_held, scores, agreement=AGREEMENT)
    else:
        thresholds = learned.rejection_threshold(y_held, scores, agreement=AGREEMENT)
    version = (
        LearnedModel.objects.filter(site=site, language=language, head=head_name).aggregate(
            Max("version")
        )["version__max"]
        or 0
    ) + 1
    outcome = Outcome.ACTIVATED if better else Outcome.REFUSED
    data = head.to_bytes() if better else b""
    scores_what = (
        "the chance that a moderator of this site rejects the comment"
        if head_name == TOXICITY
        else f"the chance that a moderator of this site rejects the comment for {head_name}"
    )
    card = {
        "site": site.key,
        "language": language,
        "head": head_name,
        "scores": scores_what,
        "version": version,
        "outcome": str(outcome),
        "form": chosen.form,
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
            "confidence": learned.CONFIDENCE,
        },
        "thresholds": thresholds,
        # Only the general head may let the machine approve where it otherwise never does.
        "trusted": bool(
            head_name == TOXICITY
            and better
            and candidate_auc >= TRUSTED_AUC
            and thresholds is not None
        ),
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
        head=head_name,
    )
    if dry_run:
        result.outcome = f"would be {outcome}"
        return result
    with transaction.atomic():
        if better:
            LearnedModel.objects.filter(
                site=site, language=language, head=head_name, active=True
            ).update(active=False)
        LearnedModel.objects.create(
            site=site,
            language=language,
            head=head_name,
            version=version,
            outcome=outcome,
            active=better,
            card=card,
            weights=data,
            sha256=card["sha256"],
        )
    return result


def _current(site, language, head_name, held_grams, shipped_held) -> tuple[str, np.ndarray | None]:
    """The model in use for this head and how it scores the held-out decisions."""
    active = LearnedModel.objects.filter(
        site=site, language=language, head=head_name, active=True
    ).first()
    if active is not None:
        return f"learned v{active.version}", active.load().predict(held_grams, shipped_held)
    if head_name in shipped_held:
        if head_name == PROMOTION:
            name = classifiers.PROMOTION_MODEL
        else:
            name = classifiers.OFFENSIVE_MODELS[language]
            name = name if head_name == TOXICITY else f"{name} {head_name}"
        return f"shipped {name}", shipped_held[head_name]
    return "", None


def _apply_thresholds(site: Site, language: str, head_name: str) -> dict | None:
    """Write the active model's proposed threshold into the policy; returns it. The general
    head's is toxicity's `approve_below`; a category's, its `reject_at`."""
    active = LearnedModel.objects.filter(
        site=site, language=language, head=head_name, active=True
    ).first()
    thresholds = active.card.get("thresholds") if active is not None else None
    if not thresholds:
        return None
    if head_name == TOXICITY:
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
    rule = current_policy().rule(head_name, language)
    if rule.always_review:
        return None  # a category an admin sends to people stays with them
    # Rounded up: a rounded-down threshold would reject more than was measured.
    reject_at = math.ceil(thresholds["reject_at"] * 1e4) / 1e4
    PolicyRule.objects.update_or_create(
        category=head_name,
        language=language,
        defaults={
            "reject_at": reject_at,
            "approve_below": min(rule.approve_below, reject_at),
            "always_review": False,
        },
    )
    return thresholds


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
