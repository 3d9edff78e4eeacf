"""The site's policy: turns an assessment's scores into a suggestion.

Pure data and functions, no database: the Django side loads the admin-edited rules into a
`Policy` and hands it to `suggest`. In doubt, a human decides: a comment is approved
automatically only when every category is clearly below its threshold *and* the approval
guard lets it through, and rejected automatically only when one is clearly above, or when
the calibrated probability that it breaks a guideline reaches the language's rejection bound
and a category the machine may reject for stands above its threshold (`REJECTION_BOUNDS`).

The approval guard: an approval by the machine publishes a comment unseen, so it needs
(a) a language whose scores are calibrated on enough held-out rows, (b) every calibrated
category below its bound, (c) nothing that makes the score shaky (the engine's `doubts`: a
link or contact details, a text too short or too long for the model, a word-list match the
model does not back), and (d) the calibrated probability that the comment breaks a
guideline below the language's approval bound. Each unmet condition is a plain reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from majlis.moderation.categories import (
    CATEGORIES,
    IDENTITY_ATTACK,
    OFF_TOPIC,
    PERSONAL_ATTACK,
    PROFANITY,
    PROMOTION,
    THREAT,
    TOXICITY,
    VULGARITY,
)
from majlis.moderation.reasons import Reason

APPROVE = "approve"
REJECT = "reject"
REVIEW = "review"
ANY_LANGUAGE = "*"


@dataclass(frozen=True)
class Rule:
    """What one category's score does, in one language or in all.

    `reject_at`: auto-reject at or above this score; None never auto-rejects.
    `approve_below`: auto-approval needs the score below this; None means this category
    always sends the comment to a person ("always review").
    """

    reject_at: float | None = None
    approve_below: float | None = 0.2

    def __post_init__(self) -> None:
        for name in ("reject_at", "approve_below"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], got {value}")
        if (
            self.reject_at is not None
            and self.approve_below is not None
            and self.approve_below > self.reject_at
        ):
            raise ValueError("approve_below must not exceed reject_at")

    @property
    def always_review(self) -> bool:
        return self.approve_below is None


#: Conservative defaults: only the clearest profanity, vulgarity and spam are rejected by the
#: machine; threats, attacks, abuse and off-topic always reach a person before rejection.
DEFAULT_RULES: Mapping[str, Rule] = {
    OFF_TOPIC: Rule(reject_at=None, approve_below=0.6),
    PROFANITY: Rule(reject_at=0.97, approve_below=0.2),
    VULGARITY: Rule(reject_at=0.97, approve_below=0.2),
    THREAT: Rule(reject_at=None, approve_below=0.15),
    PERSONAL_ATTACK: Rule(reject_at=None, approve_below=0.2),
    IDENTITY_ATTACK: Rule(reject_at=None, approve_below=0.15),
    PROMOTION: Rule(reject_at=0.98, approve_below=0.2),
    # The models' general score: no rejection on it alone, but nothing is approved above it.
    TOXICITY: Rule(reject_at=None, approve_below=0.1),
}

#: Per-language defaults on the raw scores. Approval on toxicity is gated by the calibrated
#: approval bound below, where a threshold means the same in every language; English's raw
#: category gates stay as a second check. `make evaluate` measures the result on the report
#: half (docs/evaluation.md, "Automation"). Rejection thresholds follow the guidelines.
LANGUAGE_DEFAULT_RULES: Mapping[tuple[str, str], Rule] = {
    (PROFANITY, "en"): Rule(reject_at=0.97, approve_below=0.7),
    (VULGARITY, "en"): Rule(reject_at=0.97, approve_below=0.7),
    (PERSONAL_ATTACK, "en"): Rule(reject_at=None, approve_below=0.7),
    (THREAT, "en"): Rule(reject_at=None, approve_below=0.6),
    (IDENTITY_ATTACK, "en"): Rule(reject_at=None, approve_below=0.6),
    # Where the scores are calibrated, the approval bound (below) gates approval on toxicity.
    (TOXICITY, "en"): Rule(reject_at=None, approve_below=1.0),
    (TOXICITY, "ar"): Rule(reject_at=None, approve_below=1.0),
    (TOXICITY, "fa"): Rule(reject_at=None, approve_below=1.0),
    (TOXICITY, "tr"): Rule(reject_at=None, approve_below=1.0),
}

#: (d) The approval bound per language: the calibrated probability that a comment breaks a
#: guideline (the `toxicity` head calibrated on "offensive in any way") must lie below it.
#: Chosen by `training/tune_policy.py` on the tune half of the held-out rows: the most
#: approvals such that at most 3 % of them break the guidelines, overall and in each set.
APPROVAL_BOUNDS: Mapping[str, float] = {
    "en": 0.04,
    "ar": 0.01,
    "fa": 0.025,
    "tr": 0.055,
}

#: Automatic rejection on calibrated evidence, per language: where the calibrated probability
#: that a comment breaks a guideline reaches the language's bound, the machine rejects it,
#: naming the categories whose scores stand above their approval thresholds and whose rules
#: let the machine reject (by default profanity and vulgarity: threats and attacks reach a
#: person first). Without such a category it goes to a person: a rejection names a category.
#: Chosen by `training/tune_policy.py` on the tune half: the lowest bound whose rejections
#: agree with the human labels at least 98 % of the time, overall and in each set. English
#: has none: no calibrated bound's added rejections were right 98 % of the time.
REJECTION_BOUNDS: Mapping[str, float] = {
    "ar": 0.81,
    "fa": 0.93,
    "tr": 0.9,
}

#: (b) Each calibrated category's bound for approval (English has category heads).
#: The tuning found insults and swearing best left to the overall bound (their calibrated
#: heads carry the sets' high base rates); threats and identity attacks keep a bound.
CATEGORY_BOUNDS: Mapping[str, float] = {
    THREAT: 0.333,
    IDENTITY_ATTACK: 0.333,
}

#: What the policy reads: the guideline categories, then the general toxicity gate.
GATED: tuple[str, ...] = (*CATEGORIES, TOXICITY)


@dataclass(frozen=True)
class Policy:
    """Rules by (category, language); a language falls back to the `*` rule, then the default.

    `automatic` off means the machine only suggests: every comment waits for a person.
    `min_language_confidence`: below it, nothing is approved automatically (the machine is
    not sure what language it read).
    """

    rules: Mapping[tuple[str, str], Rule] = field(default_factory=dict)
    automatic: bool = True
    min_language_confidence: float = 0.5
    # Languages whose scores rest on word lists alone: never approved automatically.
    review_languages: frozenset[str] = frozenset({"ckb", "kmr", "other"})
    approval_bounds: Mapping[str, float] = field(default_factory=lambda: dict(APPROVAL_BOUNDS))
    category_bounds: Mapping[str, float] = field(default_factory=lambda: dict(CATEGORY_BOUNDS))
    rejection_bounds: Mapping[str, float] = field(default_factory=lambda: dict(REJECTION_BOUNDS))

    def rule(self, category: str, language: str) -> Rule:
        return (
            self.rules.get((category, language))
            or self.rules.get((category, ANY_LANGUAGE))
            or LANGUAGE_DEFAULT_RULES.get((category, language))
            or DEFAULT_RULES[category]
        )


def _at_or_over(category: str, score: float, bound: float) -> Reason:
    return Reason("at_or_over", category=category, score=f"{score:.2f}", bound=f"{bound:.2f}")


@dataclass(frozen=True)
class Suggestion:
    verdict: str  # approve | reject | review
    categories: tuple[str, ...]  # the categories behind a rejection or a review
    reasons: tuple[str, ...]  # plain sentences for the moderator


def suggest(
    scores: Mapping[str, float],
    *,
    language: str,
    language_confidence: float = 1.0,
    policy: Policy | None = None,
    calibrated: Mapping[str, float] | None = None,
    doubts: Sequence[str] = (),
    learned: bool = False,
) -> Suggestion:
    """``calibrated``: per head, the calibrated probability of breaking the guidelines
    (`calibration.calibrate`); None where the language has none, and then nothing is
    approved. ``doubts``: the engine's reasons why the scores are shaky for this comment."""
    policy = policy or Policy()
    over: list[str] = []
    doubtful: list[str] = []
    # Categories whose evidence a calibrated rejection may cite (see REJECTION_BOUNDS).
    citable: list[str] = []
    reasons: list[str] = []
    held = False
    for category in GATED:
        score = float(scores.get(category, 0.0))
        rule = policy.rule(category, language)
        if category == TOXICITY:
            # Holds back approval only; the reasons name it, the categories do not.
            if rule.always_review:
                held = True
                reasons.append(Reason("always_reviewed", category=category, language=language))
            elif score >= rule.approve_below:
                held = True
                reasons.append(_at_or_over(category, score, rule.approve_below))
            continue
        if rule.reject_at is not None and score >= rule.reject_at:
            over.append(category)
            reasons.append(_at_or_over(category, score, rule.reject_at))
        elif rule.always_review:
            doubtful.append(category)
            reasons.append(Reason("always_reviewed", category=category, language=language))
        elif score >= rule.approve_below:
            doubtful.append(category)
            reasons.append(_at_or_over(category, score, rule.approve_below))
            if rule.reject_at is not None and category not in (OFF_TOPIC, PROMOTION):
                citable.append(category)
    if over:
        return Suggestion(REJECT, tuple(over), tuple(reasons))
    likely = calibrated_rejection(
        language=language,
        language_confidence=language_confidence,
        policy=policy,
        calibrated=calibrated,
        learned=learned,
    )
    if likely and citable:
        return Suggestion(REJECT, tuple(citable), (*reasons, likely))
    guarded = approval_guard(
        language=language,
        language_confidence=language_confidence,
        policy=policy,
        calibrated=calibrated,
        doubts=doubts,
        learned=learned,
    )
    if doubtful or held:
        # The guard's reasons too: the desk sees everything that kept the machine's hands off.
        return Suggestion(REVIEW, tuple(doubtful), (*reasons, *guarded))
    if guarded:
        return Suggestion(REVIEW, (), guarded)
    return Suggestion(APPROVE, (), (Reason("all_below"),))


def calibrated_rejection(
    *,
    language: str,
    language_confidence: float,
    policy: Policy,
    calibrated: Mapping[str, float] | None,
    learned: bool = False,
) -> Reason | None:
    """Why the calibrated evidence is strong enough for the machine to reject; None when it
    is not: no bound for the language, no calibrated score or an unsure language guess. The
    engine's doubts hold back approvals only: a word-list match is evidence for a rejection,
    and on the tune half links and lengths changed none of these rejections. ``learned``:
    the general probability is the site's own head (with the word lists' hints), which the
    bounds were not tuned on, so it rejects nothing by itself."""
    bound = policy.rejection_bounds.get(language)
    if (
        learned
        or bound is None
        or language in policy.review_languages
        or not calibrated
        or TOXICITY not in calibrated
        or language_confidence < policy.min_language_confidence
    ):
        return None
    p = calibrated[TOXICITY]
    if p < bound:
        return None
    return Reason("calibrated_reject", chance=f"{p:.0%}", bound=f"{bound:.0%}")


def approval_guard(
    *,
    language: str,
    language_confidence: float,
    policy: Policy,
    calibrated: Mapping[str, float] | None,
    doubts: Sequence[str] = (),
    learned: bool = False,
) -> tuple[str, ...]:
    """Why the machine may not approve this comment; empty when it may. ``learned``: the
    general head is the site's own (`majlis learn`); where no bound was tuned for the
    language (Kurdish), the site's toxicity rule stands for it: `majlis learn` proposes it on
    the site's held-out decisions (97 % of the approvals below it right), an admin applies
    it, and only then is the language lifted from `review_languages`."""
    held: list[str] = []
    bound = policy.approval_bounds.get(language)
    if bound is None and learned and language not in policy.review_languages:
        bound = 1.0
    if language in policy.review_languages:
        held.append(Reason("no_trained_model", language=language))
    elif calibrated is None or TOXICITY not in calibrated:
        held.append(Reason("no_calibrated_model", language=language))
    elif bound is None:
        held.append(Reason("no_approval_bound", language=language))
    else:
        for category in CATEGORIES:
            limit = policy.category_bounds.get(category)
            p = calibrated.get(category)
            if limit is not None and p is not None and p >= limit:
                held.append(
                    Reason("likely", category=category, chance=f"{p:.0%}", bound=f"{limit:.0%}")
                )
        p = calibrated[TOXICITY]
        if p >= bound:
            held.append(Reason("breaks_guideline", chance=f"{p:.0%}", bound=f"{bound:.0%}"))
    if language_confidence < policy.min_language_confidence:
        held.append(
            Reason("language_unsure", language=language, confidence=f"{language_confidence:.2f}")
        )
    held.extend(doubts)
    return tuple(held)
