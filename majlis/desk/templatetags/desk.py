"""Template helpers for the desk: the comment with the machine's evidence highlighted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from majlis.lib.readable import category_label, isolate

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
        piece = "<br>".join(isolate(line) for line in text[start:end].split("\n"))
        if categories:
            names = " ".join(categories)
            labels = ", ".join(category_label(c) for c in categories)
            html.append(
                f'<mark class="evidence" data-categories="{escape(names)}" '
                f'title="{escape(labels)}">{piece}</mark>'
            )
        else:
            html.append(piece)
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped


@register.filter
def reason(line: str) -> SafeString:
    """A stored reason of the automatic moderator, in the moderator's language."""
    from majlis.desk.reasons import say

    return say(str(line))


@register.filter
def decision_note(decision) -> SafeString:
    """A decision's note: the machine's reasons said in the moderator's language, a person's
    words as written."""
    from majlis.desk.reasons import say_note
    from majlis.lib.readable import isolate

    return say_note(decision.note) if decision.is_automatic else isolate(decision.note)


@register.filter
def percent(value: float | None) -> int:
    return round(float(value or 0) * 100)


@register.simple_tag
def standing_options() -> list[tuple[str, str]]:
    """The standings a moderator may give a commenter, for the forms on cards."""
    from majlis.commenters.models import Standing

    return list(Standing.choices)
