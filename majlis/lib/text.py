"""What text Majlis can store, and what counts as saying nothing: one definition for the API,
the forms, the desk and the admin."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email

# A str holding a code point in U+D800..U+DFFF is half of a UTF-16 pair (JSON's "\ud800"):
# no UTF-8 encoder takes it, so storing it fails. PostgreSQL refuses NUL in text, too.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

# Blank letters and symbols that are neither whitespace nor format (Cf) characters: the Hangul
# fillers, the Braille blank, the combining grapheme joiner and the variation selectors.
_BLANK = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u034f"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)


def unstorable_reason(text: str) -> str | None:
    """Why `text` cannot be stored, or None when it can."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return str(_("Null characters are not allowed."))
    return str(_("Lone surrogate characters (U+D800 to U+DFFF) are not allowed."))


def unstorable_strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """(place, reason) for every string inside `value` (lists and dicts, keys included)
    that cannot be stored; `where` names the top-level field."""
    if isinstance(value, str):
        reason = unstorable_reason(value)
        if reason:
            yield where, reason
    elif isinstance(value, list | tuple):
        for item in value:
            yield from unstorable_strings(item, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unstorable_strings(key, where)
            yield from unstorable_strings(item, where)


def is_blank(text: str) -> bool:
    """True when nothing would show: only whitespace, zero-width and bidi controls, other
    format (Cf) and control characters, or blank fillers."""
    return all(
        ch.isspace() or ch in _BLANK or unicodedata.category(ch) in ("Cf", "Cc", "Zs")
        for ch in text
    )


def validate_email_address(value: str) -> None:
    """Stricter than Django's EmailValidator: at most 64 characters before the @ and 254 in
    all, a domain with a dot and a real top-level label (no `user@localhost`, no IP literal,
    no special-use names); international domains are fine. No DNS look-up."""
    try:
        validate_email(value, check_deliverability=False, strict=True)
    except EmailNotValidError:
        raise ValidationError(_("Please give a valid email address."), code="invalid") from None


# Any date whose UTC value lies in this range shows in every time zone (offsets stay within
# a day) and reads back from PostgreSQL, whose timestamps go beyond Python's years 1 to 9999.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, tzinfo=UTC) - timedelta(days=1)


def datetime_in_range(value: datetime) -> bool:
    """Whether `value` lies between EARLIEST and LATEST once in UTC (naive: read as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        return False
    return EARLIEST <= utc <= LATEST
