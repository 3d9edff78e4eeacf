"""The signed links in commenters' mail (django.core.signing): each names what it is for by
its salt, so a link made for one purpose opens nothing else."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from majlis.notices.models import address_digest

_UNSUBSCRIBE = "majlis.notices.unsubscribe"
_APPEAL = "majlis.appeals.appeal"
_PRIVACY = "majlis.privacy.data"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(email: str) -> str:
    # The digest, not the address: the link may end up in a server's log. It never expires:
    # an old message's link must still stop the mail.
    token = signing.dumps(address_digest(email), salt=_UNSUBSCRIBE)
    return absolute(reverse("notices:unsubscribe", args=[token]))


def unsubscribed_digest(token: str) -> str | None:
    try:
        return signing.loads(token, salt=_UNSUBSCRIBE)
    except signing.BadSignature:
        return None


def appeal_url(decision_id: int) -> str:
    token = signing.dumps({"d": decision_id}, salt=_APPEAL)
    return absolute(reverse("appeals:appeal", args=[token]))


def appealed_decision(token: str) -> int | None:
    """The decision id an appeal link names; None if forged or past MAJLIS_APPEAL_DAYS."""
    try:
        data = signing.loads(
            token, salt=_APPEAL, max_age=timedelta(days=settings.MAJLIS_MAIL["APPEAL_DAYS"])
        )
    except signing.BadSignature:
        return None
    return data.get("d") if isinstance(data, dict) else None


def privacy_url(email: str) -> str:
    # The address itself travels in the link (signed, not hidden): it was mailed to that
    # address, and the comments are found by it.
    token = signing.dumps({"e": email.strip()}, salt=_PRIVACY)
    return absolute(reverse("privacy:data", args=[token]))


def privacy_email(token: str) -> str | None:
    """The address a data link was mailed to; None if forged or expired."""
    try:
        data = signing.loads(
            token,
            salt=_PRIVACY,
            max_age=timedelta(hours=settings.MAJLIS_MAIL["PRIVACY_LINK_HOURS"]),
        )
    except signing.BadSignature:
        return None
    return data.get("e") if isinstance(data, dict) else None
