"""Our engine's scores as Perspective's attributes.

Each attribute is one of the engine's scores, except two that Perspective had and we combine:

- SEVERE_TOXICITY: the noisy-OR of threat and identity attack with toxicity squared. Squaring
  keeps mere rudeness low (0.5 toxic → 0.25) while a threat or an attack on a group counts in
  full, which is what Perspective meant by "very hateful, aggressive".
- LIKELY_TO_REJECT: this site's policy read as a chance. 1.0 when the policy would reject the
  comment; otherwise the highest guideline score, each divided by its category's reject
  threshold where it has one (0.97 profanity with a 0.97 threshold is at the line), capped
  at 0.99 since the policy itself did not reject. Categories the policy never rejects alone
  count with their raw score: a person decides those, and the score is their best guess.

OFF_TOPIC is the engine's relevance against `context.entries`; without context it is 0 (no
article to stray from), where Perspective's own needed context too.
"""

from __future__ import annotations

from collections.abc import Mapping

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
from majlis.moderation.engine import Assessment
from majlis.moderation.policy import REJECT, Policy

#: Perspective's attribute → the engine's score it reads (None: combined, see above).
ATTRIBUTES: Mapping[str, str | None] = {
    "TOXICITY": TOXICITY,
    "SEVERE_TOXICITY": None,
    "IDENTITY_ATTACK": IDENTITY_ATTACK,
    "INSULT": PERSONAL_ATTACK,
    "PROFANITY": PROFANITY,
    "THREAT": THREAT,
    "SEXUALLY_EXPLICIT": VULGARITY,
    "SPAM": PROMOTION,
    "OFF_TOPIC": OFF_TOPIC,
    "LIKELY_TO_REJECT": None,
}

#: The evidence behind each combined attribute's spans.
_SPAN_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "SEVERE_TOXICITY": (THREAT, IDENTITY_ATTACK),
    "LIKELY_TO_REJECT": CATEGORIES,
}


def _clip(value: float) -> float:
    return max(0.0, min(1.0, float(value)))


def severe_toxicity(scores: Mapping[str, float]) -> float:
    remaining = 1.0
    for hint in (scores.get(THREAT, 0.0), scores.get(IDENTITY_ATTACK, 0.0)):
        remaining *= 1.0 - _clip(hint)
    remaining *= 1.0 - _clip(scores.get(TOXICITY, 0.0)) ** 2
    return 1.0 - remaining


def likely_to_reject(assessment: Assessment, policy: Policy) -> float:
    if assessment.suggestion == REJECT:
        return 1.0
    highest = 0.0
    for category in CATEGORIES:
        score = _clip(assessment.scores.get(category, 0.0))
        reject_at = policy.rule(category, assessment.language).reject_at
        relative = score / reject_at if reject_at else score
        highest = max(highest, min(0.99, relative))
    return highest


def score(attribute: str, assessment: Assessment, policy: Policy) -> float:
    if attribute == "SEVERE_TOXICITY":
        return severe_toxicity(assessment.scores)
    if attribute == "LIKELY_TO_REJECT":
        return likely_to_reject(assessment, policy)
    return _clip(assessment.scores.get(ATTRIBUTES[attribute] or "", 0.0))


def _utf16_offsets(text: str) -> list[int]:
    """Code-point index → UTF-16 index: Perspective's spans count UTF-16 units (as the
    JavaScript clients slice strings), ours count code points."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


def span_scores(attribute: str, assessment: Assessment, text: str) -> list[dict]:
    """The evidence spans behind an attribute, each scored with its category's score."""
    categories = _SPAN_CATEGORIES.get(attribute) or (ATTRIBUTES[attribute],)
    offsets = _utf16_offsets(text)
    spans: dict[tuple[int, int], float] = {}
    for evidence in assessment.evidence:
        if evidence.category not in categories:
            continue
        start, end = max(0, evidence.start), min(len(text), evidence.end)
        if start >= end:
            continue
        value = _clip(assessment.scores.get(evidence.category, 0.0))
        key = (offsets[start], offsets[end])
        spans[key] = max(spans.get(key, 0.0), value)
    return [
        {"begin": begin, "end": end, "score": {"value": value, "type": "PROBABILITY"}}
        for (begin, end), value in sorted(spans.items())
    ]
