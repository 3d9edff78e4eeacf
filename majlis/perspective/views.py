"""`comments:analyze` and `comments:suggestscore`, as Perspective's clients call them.

Plain JSON views rather than the ninja API: the request and response shapes, errors
included, must be Google's to the letter. Analysis stores nothing of the comment, whatever
`doNotStore` says; a suggestion keeps its text only when `doNotStore` is false.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import get_usage

from majlis.moderation import engine, langid
from majlis.moderation.models import current_policy
from majlis.perspective import requests as read
from majlis.perspective import scoring
from majlis.perspective.errors import PerspectiveError, invalid
from majlis.perspective.models import ApiKey, ScoreSuggestion

View = Callable[[HttpRequest, ApiKey], HttpResponse]


def api_key_of(request: HttpRequest) -> ApiKey:
    plain = request.GET.get("key") or request.headers.get("X-Goog-Api-Key") or ""
    key = ApiKey.objects.active(plain) if plain else None
    if key is None:
        raise PerspectiveError(
            "The API key is missing or not valid. Pass a key from `majlis create-api-key`.",
            "API_KEY_INVALID",
            code=403,
        )
    return key


def within_quota(request: HttpRequest, key: ApiKey) -> None:
    # Counted in the default cache, shared by every process serving the site.
    usage = get_usage(
        request,
        group="perspective",
        key=lambda group, request: str(key.pk),
        rate=f"{key.qps}/s",
        increment=True,
    )
    if usage and usage["should_limit"]:
        raise PerspectiveError(
            f"Quota exceeded: this key may send {key.qps} requests a second.",
            "QUOTA_EXCEEDED",
            code=429,
        )


def _endpoint(view: View) -> Callable[[HttpRequest], HttpResponse]:
    @csrf_exempt
    def wrapped(request: HttpRequest) -> HttpResponse:
        try:
            if request.method != "POST":
                raise PerspectiveError("Use POST.", "INVALID_ARGUMENT", code=405)
            key = api_key_of(request)
            within_quota(request, key)
            return view(request, key)
        except PerspectiveError as error:
            return error.response()

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_endpoint
def analyze(request: HttpRequest, key: ApiKey) -> HttpResponse:
    body = read.body_of(request)
    text = read.comment_text(body)
    wanted = read.requested_attributes(body)
    drop_unsupported = read.flag(body, "dropUnsupportedAttributes")
    try:
        languages = read.languages(body, wanted[0].attribute)
    except PerspectiveError as error:
        # Every attribute reads the same languages: dropping the unsupported drops them all.
        if drop_unsupported and error.error_type == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE":
            return JsonResponse({"attributeScores": {}, "languages": body["languages"]})
        raise
    spans = read.flag(body, "spanAnnotations")
    read.flag(body, "doNotStore")
    ids = read.identifiers(body)
    policy = current_policy()
    assessment = engine.assess(
        text,
        article=read.article(body),
        language=languages[0] if languages else None,
        policy=policy,
    )
    # Told the language, the engine skips detection; the client still hears what we detect.
    detected = langid.identify(text)[0] if languages else assessment.language
    if not languages:
        if detected == "other":
            if drop_unsupported:
                return JsonResponse({"attributeScores": {}, "languages": []})
            raise PerspectiveError(
                f"Attribute {wanted[0].attribute} does not support request languages: und "
                "(the comment's language could not be told; pass 'languages').",
                "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
            )
        languages = [detected]
    scores = {}
    for requested in wanted:
        value = scoring.score(requested.attribute, assessment, policy)
        if requested.threshold is not None and value < requested.threshold:
            continue
        summary = {"value": value, "type": "PROBABILITY"}
        # Unasked, Perspective gave one span over the whole text (its length in UTF-16 units).
        scores[requested.attribute] = {
            "spanScores": scoring.span_scores(requested.attribute, assessment, text)
            if spans
            else [{"begin": 0, "end": len(text.encode("utf-16-le")) // 2, "score": summary}],
            "summaryScore": summary,
        }
    answer: dict = {
        "attributeScores": scores,
        "languages": languages,
        "detectedLanguages": [detected] if detected != "other" else [],
    }
    if ids["clientToken"]:
        answer["clientToken"] = ids["clientToken"]
    return JsonResponse(answer)


def _suggested_scores(body: dict) -> dict[str, float]:
    raw = body.get("attributeScores")
    if not isinstance(raw, dict) or not raw:
        raise invalid("Invalid value at 'attributeScores': expected a non-empty object.")
    scores = {}
    for name, entry in raw.items():
        read.attribute_name(name, "attributeScores")
        summary = entry.get("summaryScore") if isinstance(entry, dict) else None
        value = summary.get("value") if isinstance(summary, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise invalid(
                f"Invalid value at 'attributeScores.{name}.summaryScore.value': a number in [0, 1]."
            )
        scores[name] = float(value)
    return scores


@_endpoint
def suggest_score(request: HttpRequest, key: ApiKey) -> HttpResponse:
    body = read.body_of(request)
    text = read.comment_text(body)
    scores = _suggested_scores(body)
    languages = read.languages(body, next(iter(scores)))
    do_not_store = read.flag(body, "doNotStore")
    ids = read.identifiers(body)
    ScoreSuggestion.objects.create(
        api_key=key,
        attribute_scores=scores,
        languages=languages,
        client_token=ids["clientToken"][:200],
        community_id=ids["communityId"][:200],
        text="" if do_not_store else text,
    )
    return JsonResponse({"clientToken": ids["clientToken"]} if ids["clientToken"] else {})
