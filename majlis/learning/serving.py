"""The site's active learned heads, for the worker and `majlis assess`.

One small query per call finds which models are active; their weights are read and checked
(sha256) once per process and kept, so a newly activated model is picked up by the next
batch and a replaced one is dropped.
"""

from __future__ import annotations

import dataclasses
import threading

from majlis.learning.models import TOXICITY, LearnedModel
from majlis.moderation import learned
from majlis.moderation.policy import Policy

_lock = threading.Lock()
_loaded: dict[int, learned.LearnedHead] = {}
_by_site: dict[int, set[int]] = {}


@dataclasses.dataclass(frozen=True)
class SiteHeads:
    """Per language, the site's active heads by the score each replaces, and the languages
    it may approve in."""

    heads: dict[str, dict[str, learned.LearnedHead]]
    trusted: frozenset[str]

    def policy_for(self, policy: Policy) -> Policy:
        """`policy`, letting the machine approve in a language that always goes to a person
        (Kurdish) only where the site's learned head measured well (`trusted`) and an admin
        set that language's toxicity threshold (`majlis learn --apply-thresholds`, or by
        hand): a head alone never lifts the guard."""
        lifted = {
            lang
            for lang in self.trusted & policy.review_languages
            if (TOXICITY, lang) in policy.rules
        }
        if not lifted:
            return policy
        return dataclasses.replace(policy, review_languages=policy.review_languages - lifted)


NONE = SiteHeads({}, frozenset())


def active_heads(site_id: int | None) -> SiteHeads:
    if site_id is None:
        return NONE
    rows = list(
        LearnedModel.objects.active()
        .filter(site_id=site_id)
        .select_related("site")
        .defer("weights")
    )
    if not rows:
        return NONE
    heads: dict[str, dict[str, learned.LearnedHead]] = {}
    for row in rows:
        head = _loaded.get(row.pk)
        if head is None:
            with _lock:
                head = _loaded.get(row.pk)
                if head is None:
                    row.refresh_from_db(fields=["weights"])
                    head = _loaded[row.pk] = row.load()
        heads.setdefault(row.language, {})[row.head] = head
    # A replaced model of this site is dropped from memory.
    keep = {row.pk for row in rows}
    with _lock:
        for pk in _by_site.get(site_id, set()) - keep:
            _loaded.pop(pk, None)
        _by_site[site_id] = keep
    # Only the general head may let the machine approve (the categories' only hold back).
    trusted = frozenset(row.language for row in rows if row.head == TOXICITY and row.trusted)
    return SiteHeads(heads, trusted)
