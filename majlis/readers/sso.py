"""Verifying the sign-in tokens newsroom pages give their readers.

The newsroom's server signs a JWT for a signed-in reader with its site's `sso_secret`
(HS256 only, so a token can never pick its own algorithm, `none` or a public-key one), with
the claims `sub` (the account's id there), `name`, `email` and `exp`. The page hands it to
the embed (`data-majlis-sso`), which sends it with the comment as `sso`. Its name and email
pass the comment form's own rules, so a signed-in comment is as valid as a typed one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

import jwt
from django import forms
from django.utils.translation import gettext as _

from majlis.comments.forms import CommentFields, clean_name
from majlis.lib.text import unstorable_reason
from majlis.sites.models import Site

ALGORITHMS = ["HS256"]
REQUIRED_CLAIMS = ["sub", "name", "email", "exp"]
# Clocks of the newsroom's server and ours may differ a little.
LEEWAY = timedelta(seconds=60)
# A token names its reader to anyone who holds it: one that lives longer than this (a page
# left open for a working day is fine) would let a leaked copy speak for the reader for weeks.
MAX_LIFETIME = timedelta(days=1)
SUB_MAX_LENGTH = 255
# create-site and rotate-sso-secret give 43 characters (256 random bits).
SECRET_MIN_LENGTH = 32
TOKEN_MAX_LENGTH = 4096


@dataclass(frozen=True)
class Claims:
    """What a verified token says about its reader, cleaned as the comment form cleans."""

    sub: str
    name: str
    email: str


class InvalidSignIn(ValueError):
    """A token that does not sign a reader in, with a message saying why."""


def verify(token: str, site: Site) -> Claims:
    """The claims of `token` if `site`'s secret signed it and it is in date; InvalidSignIn
    otherwise."""
    if len(token) > TOKEN_MAX_LENGTH:
        raise InvalidSignIn(_("The sign-in token is too long to be one."))
    if len(site.sso_secret) < SECRET_MIN_LENGTH:
        # An empty or short secret (set by hand) could be guessed, and then anyone could
        # sign in as anyone: such a site signs no one in until it is rotated.
        raise InvalidSignIn(
            _("This site's sign-in secret is too short to trust; the newsroom must rotate it.")
        )
    try:
        claims = jwt.decode(
            token,
            site.sso_secret,
            algorithms=ALGORITHMS,
            leeway=LEEWAY,
            options={"require": REQUIRED_CLAIMS},
        )
        # PyJWT has read exp as a whole number of seconds (else it raised DecodeError).
        lifetime = int(claims["exp"]) - time.time()
    except jwt.ExpiredSignatureError:
        raise InvalidSignIn(
            _("The sign-in token has expired: the newsroom's page must give a fresh one.")
        ) from None
    except jwt.InvalidAlgorithmError:
        raise InvalidSignIn(_("The sign-in token must be signed with HS256.")) from None
    except jwt.InvalidSignatureError:
        raise InvalidSignIn(
            _("The sign-in token is not signed with this site's sign-in secret.")
        ) from None
    except jwt.MissingRequiredClaimError as error:
        raise InvalidSignIn(
            _("The sign-in token lacks the “%(claim)s” claim.") % {"claim": error.claim}
        ) from None
    except jwt.exceptions.InvalidSubjectError:
        raise InvalidSignIn(
            _("The sign-in token's “%(claim)s” claim is invalid: %(problem)s")
            % {"claim": "sub", "problem": _("A string is required.")}
        ) from None
    except jwt.ImmatureSignatureError:
        raise InvalidSignIn(_("The sign-in token is not valid yet.")) from None
    except jwt.InvalidAudienceError:
        raise InvalidSignIn(_("The sign-in token names an audience; leave “aud” out.")) from None
    except (jwt.InvalidTokenError, OverflowError, TypeError, ValueError):
        # A malformed token, or claims of the wrong type (a huge or non-numeric exp, say).
        raise InvalidSignIn(
            _(
                "The sign-in token is not a valid JWT of this site (HS256, with sub, name, "
                "email and exp)."
            )
        ) from None
    if lifetime > (MAX_LIFETIME + LEEWAY).total_seconds():
        raise InvalidSignIn(
            _("The sign-in token is valid for more than a day: give tokens that expire sooner.")
        )
    return Claims(
        sub=_clean("sub", claims["sub"], _sub),
        name=_clean("name", claims["name"], _name),
        email=_clean("email", claims["email"], _email),
    )


def _clean(claim: str, value, check) -> str:
    try:
        if not isinstance(value, str):
            raise forms.ValidationError(_("A string is required."))
        reason = unstorable_reason(value)
        if reason:
            raise forms.ValidationError(reason)
        return check(value)
    except forms.ValidationError as error:
        raise InvalidSignIn(
            _("The sign-in token's “%(claim)s” claim is invalid: %(problem)s")
            % {"claim": claim, "problem": " ".join(error.messages)}
        ) from None


def _sub(value: str) -> str:
    if not value.strip():
        raise forms.ValidationError(_("It is empty."))
    if len(value) > SUB_MAX_LENGTH:
        raise forms.ValidationError(_("At most %(limit)d characters.") % {"limit": SUB_MAX_LENGTH})
    return value


def _name(value: str) -> str:
    # The comment form's own field and rule: the same length, the same blanks refused.
    return clean_name(CommentFields.base_fields["author_name"].clean(value))


def _email(value: str) -> str:
    return CommentFields.base_fields["author_email"].clean(value)
