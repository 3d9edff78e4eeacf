"""Coral Talk's external moderation phase, answered with this site's policy.

Shapes read from coralproject/talk 9.11.8 (commit 8bf2ad7): the request and the response
schema in `server/src/core/server/services/comments/pipeline/phases/external.ts`, the
signature in `server/src/core/server/services/fetch/fetch.ts` and
`server/src/core/server/models/settings/signingSecret/helpers.ts`, the timeout's range in
`server/src/core/server/services/tenant/externalModerationPhases.ts`, the order of phases in
`.../pipeline/phases/index.ts`, and Coral's guide `docs/docs/external-moderation-phases.md`.

Coral calls the phase once a new or edited comment has passed its own filters (word lists,
toxicity, spam, links) and before its pre-moderation settings. It POSTs a JSON object:
`action` (NEW or EDIT), `comment` {`body` (HTML by default, plain text if the phase says so),
`parentID`}, `author` {`id`, `role`}, `story` {`id`, `url`}, `site` {`id`}, `tenantID`,
`tenantDomain`. The header `X-Coral-Signature` holds `sha256=` and the hex HMAC-SHA256 of
the raw body under the phase's signing secret, several of them comma-separated while a
secret is being rotated. Coral waits the phase's timeout (100 to 10,000 ms, 200 in its
admin form), then carries on without us; an answer that is not 2xx is skipped the same way.

Coral reads 204 (or an empty body) as "no decision", or else a JSON object with any of
`status` (NONE, APPROVED, REJECTED, PREMOD, SYSTEM_WITHHELD; a status ends its pipeline),
`moderationAction` {`status`, `rejectionReason` {`code`, `detailedExplanation`, ...}},
`actions` (flags: COMMENT_DETECTED_TOXIC or COMMENT_DETECTED_SPAM) and `tags` (FEATURED or
STAFF only). Coral drops unknown keys, so neither a tag nor metadata of ours can carry the
category; Coral itself records our status and flags in the revision's
`metadata.externalModeration`.

What Majlis answers:

- The policy rejects: REJECTED, with a moderationAction whose `rejectionReason.code` is
  Coral's nearest reason for the first category and whose `detailedExplanation` names the
  categories, and the flags that fit. Coral tells the author of a rejection whenever a
  moderationAction comes, so only rejections carry one.
- The policy is unsure: SYSTEM_WITHHELD, the status Coral's own detectors give a comment a
  person must see (PREMOD is a story's pre-moderation), with the flags that fit.
- The policy would approve: 204. APPROVED would skip Coral's later phases (pre-moderation
  of the story, of new commenters, of one user), which stay the newsroom's to set.
- Automatic moderation is off in Majlis: the machine rejects nothing; what it would reject
  is held instead.

The text is scored and forgotten, as in `comments:analyze`: nothing of it is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from majlis.articles.models import Article
from majlis.comments.models import Category
from majlis.lib.text import is_blank, unstorable_reason
from majlis.moderation import engine
from majlis.moderation.categories import (
    IDENTITY_ATTACK,
    OFF_TOPIC,
    PERSONAL_ATTACK,
    PROFANITY,
    PROMOTION,
    THREAT,
    VULGARITY,
)
from majlis.moderation.context import article_context
from majlis.moderation.models import current_policy
from majlis.moderation.policy import APPROVE, REJECT, Policy
from majlis.moderation.signals import Signals
from majlis.perspective import views
from majlis.perspective.errors import PerspectiveError
from majlis.perspective.models import ApiKey
from majlis.perspective.requests import MAX_COMMENT_BYTES
from majlis.sites.models import Site, normalise_origin

SIGNATURE_HEADER = "X-Coral-Signature"
ACTIONS = ("NEW", "EDIT")
TOXIC = "COMMENT_DETECTED_TOXIC"
SPAM = "COMMENT_DETECTED_SPAM"

#: Each category as the nearest of Coral's rejection reasons.
REJECTION_CODES = {
    OFF_TOPIC: "IRRELEVANT_CONTENT",
    PROFANITY: "OFFENSIVE",
    VULGARITY: "OFFENSIVE",
    THREAT: "ABUSIVE",
    PERSONAL_ATTACK: "HARASSMENT_BULLYING",
    IDENTITY_ATTACK: "HATE_SPEECH",
    PROMOTION: "SPAM",
}
#: The flag each category raises in Coral; off-topic has none of its own there.
FLAGS = {
    PROFANITY: TOXIC,
    VULGARITY: TOXIC,
    THREAT: TOXIC,
    PERSONAL_ATTACK: TOXIC,
    IDENTITY_ATTACK: TOXIC,
    PROMOTION: SPAM,
}


class CoralError(Exception):
    """A request refused; `field` names what was wrong where one thing was."""

    def __init__(self, message: str, field: str | None = None, code: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def response(self) -> JsonResponse:
        error: dict = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        return JsonResponse({"error": error}, status=self.code)


# --- the request --------------------------------------------------------------------------


@dataclass(frozen=True)
class ModerationRequest:
    action: str
    text: str  # the comment as its reader sees it, tags gone
    story_url: str


def _object(parent: dict, name: str, field: str, *, required: bool = True) -> dict:
    value = parent.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise CoralError(f"Invalid value at '{field}': expected an object.", field)
    return value


def _string(parent: dict, name: str, field: str, *, required: bool = True) -> str:
    value = parent.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise CoralError(f"Invalid value at '{field}': expected a string.", field)
    reason = unstorable_reason(value)
    if reason:
        # The engine cannot encode NUL or a lone surrogate either.
        raise CoralError(f"Invalid value at '{field}': {reason}", field)
    return value


def read_request(raw: bytes) -> ModerationRequest:
    """Coral's request, every field it documents checked; what we read must be there."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        raise CoralError("The request body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise CoralError("The request body must be a JSON object.")
    action = body.get("action")
    if action not in ACTIONS:
        raise CoralError("Invalid value at 'action': expected NEW or EDIT.", "action")
    comment = _object(body, "comment", "comment")
    text = _string(comment, "body", "comment.body")
    _string(comment, "parentID", "comment.parentID", required=False)
    story = _object(body, "story", "story")
    url = _string(story, "url", "story.url")
    _string(story, "id", "story.id", required=False)
    author = _object(body, "author", "author", required=False)
    for name in ("id", "role"):
        _string(author, name, f"author.{name}", required=False)
    _string(_object(body, "site", "site", required=False), "id", "site.id", required=False)
    for name in ("tenantID", "tenantDomain"):
        _string(body, name, name, required=False)
    return ModerationRequest(action=action, text=body_text(text), story_url=url)


class _PlainText(HTMLParser):
    """Coral's comment HTML as its reader sees it. A link's address is kept beside its words
    when they differ, since where a link goes is what promotion is judged by."""

    BLOCKS = frozenset({"p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._link: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            self._link = (dict(attrs).get("href") or "", len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self._link:
            href, start = self._link
            self._link = None
            if href.startswith(("http://", "https://")) and href not in "".join(self.parts[start:]):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def body_text(body: str) -> str:
    """The text of a comment body, HTML or plain: a plain `a < b` stays as it is."""
    parser = _PlainText()
    parser.feed(body)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def verify_signature(raw: bytes, header: str, secret: str) -> bool:
    """Whether any of the header's `sha256=` signatures is the body's HMAC under `secret`."""
    expected = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest().encode()
    matched = False
    for element in header.split(","):
        prefix, _, value = element.strip().partition("=")
        # Every element is compared, so the time taken tells nothing of which one matched.
        if prefix == "sha256" and hmac.compare_digest(value.strip().lower().encode(), expected):
            matched = True
    return matched


# --- the article and the answer -----------------------------------------------------------


def _url_forms(url: str) -> list[str]:
    """The forms a newsroom may have stored the story's URL in: as sent, without its
    fragment, with and without the trailing slash, over http or https."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [url]
    path = parts.path.rstrip("/")
    forms = [url]
    for scheme in ("https", "http"):
        for tail in (path, path + "/"):
            forms.append(urlunsplit((scheme, parts.netloc.lower(), tail, parts.query, "")))
    return list(dict.fromkeys(forms))


def article_for(url: str) -> Article | None:
    """The article at the story's URL, when Majlis knows it (the newest, if several), on
    the site the story's page is on: the site listing its origin, or else the default site.
    Another site's article under the same URL is not this story's."""
    if not url or len(url) > Article._meta.get_field("url").max_length:
        return None
    forms = _url_forms(url)
    origins = set()
    for parts in map(urlsplit, forms):
        try:
            origins.add(normalise_origin(f"{parts.scheme}://{parts.netloc}"))
        except ValueError:  # not a web address: no site lists it
            continue
    on_it = Site.objects.filter(origins__origin__in=origins).values_list("pk", flat=True)
    site_ids = list(on_it.distinct()) or [Site.default().pk]
    found = Article.objects.filter(site_id__in=site_ids, url__in=forms)
    return found.order_by("-published_at").first()


def _trusted_domains(*urls: str) -> frozenset[str]:
    # Links to the newsroom's own site are citations, not promotion, as for our own comments.
    own = {urlsplit(u).hostname for u in (*urls, settings.SITE_URL) if u}
    return frozenset(filter(None, own)) | settings.MAJLIS["TRUSTED_DOMAINS"]


def _flags(assessment: engine.Assessment) -> list[dict]:
    # The categories the policy named, as the policy itself does: the general toxicity
    # score that merely held back approval is no finding to show Coral's moderators.
    reasons = [FLAGS[c] for c in assessment.suggestion_categories if c in FLAGS]
    return [{"actionType": "FLAG", "reason": reason} for reason in dict.fromkeys(reasons)]


def _with_flags(answer: dict, flags: list[dict]) -> dict:
    return {**answer, "actions": flags} if flags else answer


def held(flags: list[dict] | None = None) -> dict:
    return _with_flags({"status": "SYSTEM_WITHHELD"}, flags or [])


def answer_for(assessment: engine.Assessment, policy: Policy) -> dict | None:
    """Coral's response for the policy's suggestion; None is 204, no decision."""
    if assessment.suggestion == APPROVE:
        return None
    flags = _flags(assessment)
    if assessment.suggestion != REJECT or not policy.automatic:
        return held(flags)
    categories = assessment.suggestion_categories
    labels = ", ".join(str(Category(c).label) for c in categories)
    rejected = {
        "status": "REJECTED",
        "moderationAction": {
            "status": "REJECTED",
            "rejectionReason": {
                "code": REJECTION_CODES[categories[0]],
                "detailedExplanation": f"Against the community guidelines: {labels}.",
            },
        },
    }
    return _with_flags(rejected, flags)


# --- the endpoint -------------------------------------------------------------------------


def _authenticated(request: HttpRequest) -> ApiKey:
    try:
        key = views.api_key_of(request)
        views.within_quota(request, key)
    except PerspectiveError as error:
        raise CoralError(error.message, "key", error.code) from None
    if key.coral_secret:
        header = request.headers.get(SIGNATURE_HEADER, "")
        if not header:
            raise CoralError(
                f"{SIGNATURE_HEADER} is missing: this key expects Coral's signature.",
                SIGNATURE_HEADER,
                code=403,
            )
        if not verify_signature(request.body, header, key.coral_secret):
            raise CoralError(
                f"{SIGNATURE_HEADER} does not match this key's Coral signing secret.",
                SIGNATURE_HEADER,
                code=403,
            )
    return key


@csrf_exempt
def moderation(request: HttpRequest) -> HttpResponse:
    """`POST /coral/moderation?key=KEY`: the URL of Coral's external moderation phase."""
    try:
        if request.method != "POST":
            raise CoralError("Use POST.", code=405)
        _authenticated(request)
        wanted = read_request(request.body)
    except CoralError as error:
        return error.response()
    if is_blank(wanted.text):
        # A comment of media alone: nothing for the engine to read.
        return HttpResponse(status=204)
    if len(wanted.text.encode("utf-8")) > MAX_COMMENT_BYTES:
        # Longer than the engine is measured on: a person reads it.
        return JsonResponse(held())
    article = article_for(wanted.story_url)
    policy = current_policy()
    assessment = engine.assess(
        wanted.text,
        article=article_context(article) if article else None,
        signals=Signals(
            trusted_domains=_trusted_domains(wanted.story_url, article.url if article else "")
        ),
        policy=policy,
    )
    answer = answer_for(assessment, policy)
    return HttpResponse(status=204) if answer is None else JsonResponse(answer)
