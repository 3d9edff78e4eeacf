"""What the interface shows for a code: a language's name, a category's label, and text whose
numbers, ids and addresses keep their own direction on a right-to-left page."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Phone numbers, comment ids, links and email addresses: runs a right-to-left paragraph would
# reorder ("0750 000 0000" read as "0000 000 0750", "#8" as "8#").
_ISOLATED = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an email address
    r"|https?://\S+"  # a link
    r"|#\d+"  # a comment's id
    # A phone number or other digits in groups: a lone number keeps its order anyway.
    r"|\+?\d+(?:[ -]\d+)+|\+\d+"
)


def language_name(code: str) -> str:
    """`code`'s language, named in the language of the page being written."""
    names = dict(settings.LANGUAGES)
    if code in names:
        return str(names[code])
    try:
        return translation.gettext(translation.get_language_info(code)["name"])
    except KeyError:
        return code


def category_label(code: str) -> str:
    """A guideline category's label in the page's language; the general score's too."""
    from majlis.comments.models import Category

    if code == "toxicity":
        return _("Toxicity")
    labels = dict(Category.choices)
    return str(labels[code]) if code in labels else code


def isolate(text: str) -> SafeString:
    """`text`, escaped, with each phone number, id, link and address in a <bdi> of its own."""
    pieces = []
    last = 0
    for match in _ISOLATED.finditer(text):
        if match.start() > last:
            pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<bdi>{escape(match.group(0))}</bdi>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of the text is escaped


def isolated_paragraphs(text: str) -> SafeString:
    """`text` as `linebreaks` makes it (paragraphs, line breaks), with `isolate` on each line."""
    paragraphs = re.split(r"\n{2,}", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    html = (
        "<p>" + "<br>".join(isolate(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph
    )
    return mark_safe("\n\n".join(html))  # noqa: S308 - `isolate` escapes each line
