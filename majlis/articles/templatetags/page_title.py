"""`<title>` text: a title bar cannot isolate bidirectional text as a page can."""

from __future__ import annotations

import re

from django import template

register = template.Library()

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the implicit marks
# (LRM, RLM, ALM). In the page they sit inside dir="auto" elements; in a tab's title they
# would reorder what the reader sees, as in a file name spoofed with U+202E.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


@register.filter
def title_text(value: object) -> str:
    """The text without bidi control characters; escaping is left to autoescape."""
    return _BIDI_CONTROLS.sub("", str(value))
