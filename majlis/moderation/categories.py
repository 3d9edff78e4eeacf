"""The community guidelines' categories, in the newsroom's words.

One definition shared by the decision log, the API and the automatic moderator.
"""

from __future__ import annotations

OFF_TOPIC = "off_topic"
PROFANITY = "profanity"
VULGARITY = "vulgarity"
THREAT = "threat"
PERSONAL_ATTACK = "personal_attack"
IDENTITY_ATTACK = "identity_attack"
PROMOTION = "promotion"

#: Every category a rejection may cite, in the order the guidelines list them.
CATEGORIES: tuple[str, ...] = (
    OFF_TOPIC,
    PROFANITY,
    VULGARITY,
    THREAT,
    PERSONAL_ATTACK,
    IDENTITY_ATTACK,
    PROMOTION,
)

#: Not a guideline category: the general "is this abusive?" score of the trained models. It
#: never justifies a rejection alone (a rejection names a category), but it can hold a
#: comment back from automatic approval.
TOXICITY = "toxicity"

#: The languages the newsroom publishes in; ``ar``, ``ckb`` and ``fa`` are right to left.
LANGUAGES: tuple[str, ...] = ("en", "ckb", "kmr", "ar", "fa", "tr")
RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "ckb", "fa"})
