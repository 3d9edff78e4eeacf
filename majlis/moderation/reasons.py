"""The automatic moderator's reasons: a code and its values, not a sentence in one language.

A `Reason` is also its English line (TEMPLATES), which is how it is stored (the assessment's
reasons, the note of the machine's decision, the API) and how tests and logs read it; the
desk says it in the moderator's language (`majlis.desk.reasons`), after `parse` has taken
the line back to its code and values. Free of Django, as the rest of the engine.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Code -> the English line, with {value} slots. Order matters to `parse`: a line is read as
# the first template it matches, so the catch-all "{kind}: {value}" comes last.
TEMPLATES: dict[str, str] = {
    "all_below": "every category below its threshold",
    "at_or_over": "{category} {score} ≥ {bound}",
    "always_reviewed": "{category}: always reviewed in {language}",
    "no_trained_model": "no trained model for {language}: a person decides",
    "no_calibrated_model": "no calibrated model for {language}: a person decides",
    "no_approval_bound": "no approval bound set for {language}: a person decides",
    "likely": "{category}: {chance} likely, approval needs below {bound}",
    "breaks_guideline": (
        "breaks a guideline with probability {chance}; approval needs below {bound}"
    ),
    "calibrated_reject": (
        "breaks a guideline with probability {chance}; rejection needs ≥ {bound}"
    ),
    "language_unsure": "language unsure ({language} {confidence})",
    "word_lists_only": "no trained model for {language}: word lists only",
    "contact_details": "a link or contact details in the comment: a person decides",
    "too_short": "too short for the model to judge ({count} words)",
    "too_long": "longer than the comments the models learnt from",
    "word_list": "the word list found “{term}” ({category})",
    "model_only": "{category}: the model's {score}, with no single word behind it",
    "short_link": "shortened or messenger link: {value}",
    "spam_link": "link to a commercial or throwaway domain: {value}",
    "disguised_link": "disguised link: {value}",
    "advert_offer": "advert: an offer and a way to take it up ({kinds})",
    "near_copies": "{count} near-identical recent comment(s), similarity {similarity}",
    "author_flood": "flood (not scored): {count} other comments by this commenter just before",
    "address_flood": (
        "flood (not scored): {count} comments by others from the same address just before "
        "(a shared proxy or mobile network, perhaps)"
    ),
    "address_history": (
        "same address, other commenters (not scored): {rejected} of {decided} rejected"
    ),
    "author_rejected": "author's history: {rejected} of {decided} rejected",
    "author_approved": "author's history: {approved} comments approved",
    "advert_words": "advert words: {words}",
    "shares_words": "shares with the article: {words}",
    "same_figures": "same figures as the article: {words}",
    "no_common_words": "no content word in common with the article",
    "short_comment": "short comment ({count} content words)",
    "other_language": (
        "comment in {language}, article in {article_language}: words cannot be compared"
    ),
    "banned_commenter": "banned commenter (by {scope}): {note}",
    "trusted_commenter": "trusted commenter (by {scope})",
    "advert": "advert: {reason}",
    "found": "{kind}: {value}",
}


class Reason(str):
    """One reason: `code` and `params` (each a string, as the line shows it)."""

    code: str
    params: dict[str, str]

    def __new__(cls, code: str, **params: object) -> Reason:
        values = {name: str(value) for name, value in params.items()}
        line = super().__new__(cls, TEMPLATES[code].format(**values))
        line.code, line.params = code, values
        return line

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, str]]:
        # Copies (deepcopy, dataclasses.replace) rebuild it from its code and values.
        return (self.code,), self.params


# What each value may look like, so that a line joined with others ("; ") is not read as one.
_VALUE = {
    "kind": r"[a-z ]+",
    "category": r"[a-z_]+",
    "language": r"[\w-]+",
    "article_language": r"[\w-]+",
    "note": r".*?",
    "reason": r".+?",
}
_NUMBER = r"[\d.,%]+"
_NUMBERS = {"score", "bound", "chance", "confidence", "similarity", "count", "rejected"}
_NUMBERS |= {"decided", "approved"}


def _value(name: str) -> str:
    if name in _NUMBERS:
        return _NUMBER
    return _VALUE.get(name, r"(?:(?!; ).)+?")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for code, template in TEMPLATES.items():
        parts = re.split(r"\{(\w+)\}", template)
        pattern = "".join(
            re.escape(part) if n % 2 == 0 else f"(?P<{part}>{_value(part)})"
            for n, part in enumerate(parts)
        )
        found.append((code, re.compile(pattern, re.DOTALL)))
    return found


def parse(line: str) -> Reason | None:
    """The reason `line` says (as a `Reason` writes it), or None for any other text."""
    if isinstance(line, Reason):
        return line
    for code, pattern in _patterns():
        match = pattern.fullmatch(line)
        if match:
            return Reason(code, **match.groupdict())
    return None


def split(note: str) -> list[str]:
    """A note of reasons joined with "; " back into its lines; a part that is no reason (a
    moderator's words after a ban, say) stays as written."""
    pieces = note.split("; ") if note else []
    lines: list[str] = []
    while pieces:
        for end in range(len(pieces), 0, -1):
            candidate = "; ".join(pieces[:end])
            if end == 1 or parse(candidate) is not None:
                lines.append(candidate)
                del pieces[:end]
                break
    return lines
