"""The automatic moderator's reasons in the moderator's language.

The engine writes each reason as a code and values (`majlis.moderation.reasons`), stored as
its English line; here the line is read back and said with the catalogue, its categories and
languages named, its values (numbers, words from the comment) isolated.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from majlis.lib.readable import category_label, isolate, language_name
from majlis.moderation.reasons import Reason, parse, split

SAID = {
    "all_below": _("every category below its threshold"),
    # No words to translate, in any language.
    "at_or_over": "%(category)s %(score)s ≥ %(bound)s",
    "always_reviewed": _("%(category)s: always reviewed in %(language)s"),
    "no_trained_model": _("no trained model for %(language)s: a person decides"),
    "no_calibrated_model": _("no calibrated model for %(language)s: a person decides"),
    "no_approval_bound": _("no approval bound set for %(language)s: a person decides"),
    "likely": _("%(category)s: %(chance)s likely, approval needs below %(bound)s"),
    "breaks_guideline": _(
        "breaks a guideline with probability %(chance)s; approval needs below %(bound)s"
    ),
    "calibrated_reject": _(
        "breaks a guideline with probability %(chance)s; rejection needs ≥ %(bound)s"
    ),
    "language_unsure": _("language unsure (%(language)s %(confidence)s)"),
    "word_lists_only": _("no trained model for %(language)s: word lists only"),
    "contact_details": _("a link or contact details in the comment: a person decides"),
    "too_short": _("too short for the model to judge (%(count)s words)"),
    "too_long": _("longer than the comments the models learnt from"),
    "word_list": _("the word list found “%(term)s” (%(category)s)"),
    "model_only": _("%(category)s: the model's %(score)s, with no single word behind it"),
    "short_link": _("shortened or messenger link: %(value)s"),
    "spam_link": _("link to a commercial or throwaway domain: %(value)s"),
    "disguised_link": _("disguised link: %(value)s"),
    "advert_offer": _("advert: an offer and a way to take it up (%(kinds)s)"),
    "near_copies": _("%(count)s near-identical recent comment(s), similarity %(similarity)s"),
    "author_flood": _("flood (not scored): %(count)s other comments by this commenter just before"),
    "address_flood": _(
        "flood (not scored): %(count)s comments by others from the same address just before "
        "(a shared proxy or mobile network, perhaps)"
    ),
    "address_history": _(
        "same address, other commenters (not scored): %(rejected)s of %(decided)s rejected"
    ),
    "author_rejected": _("author's history: %(rejected)s of %(decided)s rejected"),
    "author_approved": _("author's history: %(approved)s comments approved"),
    "advert_words": _("advert words: %(words)s"),
    "shares_words": _("shares with the article: %(words)s"),
    "same_figures": _("same figures as the article: %(words)s"),
    "no_common_words": _("no content word in common with the article"),
    "short_comment": _("short comment (%(count)s content words)"),
    "other_language": _(
        "comment in %(language)s, article in %(article_language)s: words cannot be compared"
    ),
    "banned_commenter": _("banned commenter (by %(scope)s): %(note)s"),
    "trusted_commenter": _("trusted commenter (by %(scope)s)"),
    "advert": _("advert: %(reason)s"),
    "found": "%(kind)s: %(value)s",
}

# What an extractor finds, and how a standing is keyed, in words.
KINDS = {
    "link": _("link"),
    "phone": _("phone number"),
    "email": _("email address"),
    "handle": _("@handle"),
    "contact": _("contact details"),
    "price": _("price"),
    "discount": _("discount"),
    "call to action": _("call to action"),
    "pitch": _("sales pitch"),
    "account": _("account"),
    "address": _("address"),
    "domain": _("domain"),
}


def _value(name: str, value: str) -> str:
    """One value of a reason as the page shows it: named in the page's language where it is
    a code, isolated where it is a figure or the reader's words."""
    if name == "reason":
        return say(value)
    if name == "category":
        return escape(category_label(value))
    if name in ("language", "article_language"):
        return escape(language_name(value))
    if name in ("kind", "scope"):
        return escape(KINDS.get(value, value))
    if name == "kinds":
        return escape(", ".join(str(KINDS.get(k, k)) for k in value.split(", ")))
    if name in ("note", "words", "term"):
        return f'<bdi dir="auto">{isolate(value)}</bdi>'
    return f"<bdi>{escape(value)}</bdi>"


def say(line: str) -> SafeString:
    """One stored reason in the active language; any other text as written, escaped."""
    reason = parse(line)
    if reason is None or reason.code not in SAID:
        return isolate(line)
    return _said(reason)


def _said(reason: Reason) -> SafeString:
    values = {name: _value(name, value) for name, value in reason.params.items()}
    return mark_safe(escape(str(SAID[reason.code])) % values)  # noqa: S308 - all escaped


def say_note(note: str) -> SafeString:
    """A note of the machine's reasons ("; "-joined), each said in the active language."""
    return mark_safe("; ".join(say(line) for line in split(note)))  # noqa: S308 - said escapes
