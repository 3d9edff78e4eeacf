"""Template helpers for the desk: the comment with the machine's evidence highlighted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _segments(text: str, spans: Iterable[Mapping]) -> list[tuple[int, int, list[str]]]:
    """Cut `text` at every span boundary; each piece lists the categories covering it."""
    spans = [
        (max(0, int(s["start"])), min(len(text), int(s["end"])), str(s["category"]))
        for s in spans
        if int(s["start"]) < int(s["end"])
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in pairwise(cuts):
        covering = sorted({c for s, e, c in spans if s <= start and end <= e})
        pieces.append((start, end, covering))
    return pieces


@register.filter
def highlight(text: str, evidence: Iterable[Mapping] | None) -> SafeString:
    """The comment, escaped, with each evidence span wrapped in <mark>.

    Every piece of the reader's text goes through `escape`; only our own tags are added, and
    the category names come from a fixed list. Line breaks become <br>.
    """
    html = []
    for start, end, categories in _segments(text, evidence or ()):
        piece = escape(text[start:end]).replace("\n", "<br>")
        if categories:
            names = " ".join(categories)
            html.append(
                f'<mark class="evidence" data-categories="{escape(names)}" '
                f'title="{escape(", ".join(categories))}">{piece}</mark>'
            )
        else:
            html.append(piece)
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped


@register.filter
def percent(value: float | None) -> int:
    return round(float(value or 0) * 100)


@register.simple_tag
def standing_options() -> list[tuple[str, str]]:
    """The standings a moderator may give a commenter, for the forms on cards."""
    from majlis.commenters.models import Standing

    return list(Standing.choices)
