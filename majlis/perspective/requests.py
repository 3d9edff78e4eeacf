"""Reading a Perspective request body: every field checked, each error naming it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.http import HttpRequest

from majlis.lib.text import unstorable_strings
from majlis.moderation.categories import LANGUAGES
from majlis.moderation.engine import ArticleContext
from majlis.perspective.errors import PerspectiveError, invalid
from majlis.perspective.scoring import ATTRIBUTES

#: Perspective's limit on a comment, in UTF-8 bytes.
MAX_COMMENT_BYTES = 20_480
_TEXT_TYPES = {None, "PLAIN_TEXT", "TEXT_TYPE_UNSPECIFIED"}
#: Codes a client may send for a language we read under another name.
_ALIASES = {"ku": "kmr"}


@dataclass(frozen=True)
class Requested:
    attribute: str
    threshold: float | None


def body_of(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        raise invalid("The request body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.")
    # JSON may carry NUL and lone surrogates ("\\ud800"): the engine cannot encode them and no
    # database stores them, so they are refused before anything reads the body.
    fields = dict(body)
    if isinstance(body.get("comment"), dict):
        fields.update({f"comment.{k}": v for k, v in fields.pop("comment").items()})
    for field, value in fields.items():
        for where, reason in unstorable_strings(value, field):
            raise invalid(f"Invalid value at '{where}': {reason}")
    return body


def _object(body: dict, field: str) -> dict:
    value = body.get(field)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid(f"Invalid value at '{field}': expected an object.")
    return value


def _string(body: dict, field: str) -> str:
    value = body.get(field, "")
    if not isinstance(value, str):
        raise invalid(f"Invalid value at '{field}': expected a string.")
    return value


def flag(body: dict, field: str) -> bool:
    value = body.get(field, False)
    if not isinstance(value, bool):
        raise invalid(f"Invalid value at '{field}': expected true or false.")
    return value


def comment_text(body: dict) -> str:
    comment = _object(body, "comment")
    text = comment.get("text", "")
    if not isinstance(text, str):
        raise invalid("Invalid value at 'comment.text': expected a string.")
    if comment.get("type") not in _TEXT_TYPES:
        raise invalid("Invalid value at 'comment.type': only PLAIN_TEXT is supported.")
    if not text.strip():
        raise PerspectiveError("Comment must be non-empty.", "COMMENT_EMPTY")
    if len(text.encode("utf-8")) > MAX_COMMENT_BYTES:
        raise PerspectiveError(
            f"Comment text too long: at most {MAX_COMMENT_BYTES} bytes.", "COMMENT_TOO_LONG"
        )
    return text


def attribute_name(name: object, field: str) -> str:
    if not isinstance(name, str) or name not in ATTRIBUTES:
        raise invalid(f"Invalid value at '{field}': unknown attribute {name!r}.")
    return name


def requested_attributes(body: dict) -> list[Requested]:
    attributes = _object(body, "requestedAttributes")
    if not attributes:
        raise PerspectiveError("Requested attributes must be non-empty.", "NO_REQUESTED_ATTRIBUTES")
    result = []
    for name, spec in attributes.items():
        field = f"requestedAttributes.{name}"
        attribute_name(name, "requestedAttributes")
        if spec is None:
            spec = {}
        if not isinstance(spec, dict):
            raise invalid(f"Invalid value at '{field}': expected an object.")
        if spec.get("scoreType", "PROBABILITY") != "PROBABILITY":
            raise invalid(f"Invalid value at '{field}.scoreType': only PROBABILITY is supported.")
        threshold = spec.get("scoreThreshold")
        if threshold is not None and (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not 0.0 <= threshold <= 1.0
        ):
            raise invalid(f"Invalid value at '{field}.scoreThreshold': a number in [0, 1].")
        result.append(Requested(name, None if threshold is None else float(threshold)))
    return result


def languages(body: dict, attribute: str) -> list[str]:
    """The requested languages as our codes (`en-US` → `en`, `ku` → `kmr`), in order."""
    raw = body.get("languages") or []
    if not isinstance(raw, list) or not all(isinstance(code, str) for code in raw):
        raise invalid("Invalid value at 'languages': expected a list of language codes.")
    codes: list[str] = []
    for code in raw:
        primary = code.strip().replace("_", "-").split("-")[0].lower()
        primary = _ALIASES.get(primary, primary)
        if primary not in LANGUAGES:
            raise PerspectiveError(
                f"Attribute {attribute} does not support request languages: {code}",
                "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
            )
        if primary not in codes:
            codes.append(primary)
    return codes


def article(body: dict) -> ArticleContext | None:
    """Perspective's `context.entries` as the article the comment sits under: the first entry
    is read as its title, the rest as its body."""
    entries = _object(body, "context").get("entries") or []
    if not isinstance(entries, list):
        raise invalid("Invalid value at 'context.entries': expected a list.")
    texts = []
    for index, entry in enumerate(entries):
        text = entry.get("text") if isinstance(entry, dict) else None
        if not isinstance(text, str):
            raise invalid(f"Invalid value at 'context.entries[{index}].text': expected a string.")
        if text.strip():
            texts.append(text)
    if not texts:
        return None
    return ArticleContext(title=texts[0], body="\n\n".join(texts[1:]))


def identifiers(body: dict) -> dict[str, str]:
    return {field: _string(body, field) for field in ("clientToken", "sessionId", "communityId")}
