"""Filters every template has (settings.TEMPLATES' builtins): codes said in the page's
language, and readers' text with its numbers isolated."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from majlis.lib import readable

register = template.Library()


@register.filter
def language_label(code: str) -> str:
    # Not `language_name`: i18n's filter of that name (English names) would shadow it.
    return readable.language_name(code or "")


@register.filter
def category(code: str) -> str:
    return readable.category_label(code or "")


@register.filter
def categories(codes: Iterable[str] | None) -> str:
    return _(", ").join(readable.category_label(c) for c in codes or ())


@register.filter
def isolated(text) -> SafeString:
    return readable.isolate("" if text is None else str(text))


@register.filter
def isolated_lines(text) -> SafeString:
    return readable.isolated_paragraphs("" if text is None else str(text))


@register.filter
def actor(decision) -> SafeString:
    """Who took a decision: a person's name, the automatic moderator or an import."""
    if decision.is_automatic:
        return format_html("{} <bdi>{}</bdi>", _("Automatic moderator"), decision.automatic_version)
    if decision.imported_from:
        return format_html("{} <bdi>{}</bdi>", _("Imported from"), decision.imported_from)
    name = decision.moderator.get_username() if decision.moderator else "?"
    return format_html("<bdi>{}</bdi>", name)
