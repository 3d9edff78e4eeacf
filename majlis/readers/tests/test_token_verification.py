"""sso.verify: a token signs its reader in only if the site's secret signed it with HS256,
it is in date and not too long-lived, and its claims pass the comment form's rules."""

from __future__ import annotations

import pytest

from majlis.readers import sso
from majlis.readers.tests.tokens import sign, unsigned
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site() -> Site:
    return Site.objects.create(key="ar-edition", name="Arabic edition")


def refused(token: str, site: Site) -> str:
    with pytest.raises(sso.InvalidSignIn) as caught:
        sso.verify(token, site)
    return str(caught.value)


def test_a_good_token_gives_its_claims(site):
    claims = sso.verify(sign(site.sso_secret), site)
    assert claims == sso.Claims(sub="acct-1001", name="Layla Ahmed", email="layla@example.org")


def test_the_name_is_cleaned_as_the_form_cleans_it(site):
    claims = sso.verify(sign(site.sso_secret, name="  Layla \t  Ahmed "), site)
    assert claims.name == "Layla Ahmed"


def test_an_expired_token_is_refused(site):
    assert "expired" in refused(sign(site.sso_secret, lifetime=-120), site)


def test_a_token_just_past_its_expiry_passes_within_the_leeway(site):
    assert sso.verify(sign(site.sso_secret, lifetime=-30), site).sub == "acct-1001"


def test_a_token_living_longer_than_a_day_is_refused(site):
    assert "more than a day" in refused(sign(site.sso_secret, lifetime=3 * 86400), site)


def test_a_day_long_token_passes(site):
    assert sso.verify(sign(site.sso_secret, lifetime=86400), site).sub == "acct-1001"


def test_a_token_of_another_secret_is_refused(site):
    other = Site.objects.create(key="tr-edition", name="Turkish edition")
    message = refused(sign(other.sso_secret), site)
    assert "not signed with this site's sign-in secret" in message


@pytest.mark.parametrize("secret", ["", "short-secret"])
def test_a_site_whose_secret_is_empty_or_short_signs_no_one_in(site, secret):
    site.sso_secret = secret
    assert "too short" in refused(sign("a-long-enough-secret-of-the-newsroom-0123456"), site)


def test_a_token_signed_after_the_secret_was_rotated_away_is_refused(site):
    old = sign(site.sso_secret)
    site.sso_secret = "a-new-secret-that-replaced-the-old-one-0123456789"
    assert "not signed with" in refused(old, site)


# The site's secret is short for these hashes, as PyJWT warns: beside the point here.
@pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")
@pytest.mark.parametrize("alg", ["HS512", "HS384"])
def test_another_hmac_algorithm_is_refused_even_with_the_right_secret(site, alg):
    assert "HS256" in refused(sign(site.sso_secret, alg=alg), site)


@pytest.mark.parametrize("alg", ["none", "RS256", "ES256", "PS256", "EdDSA"])
def test_unsigned_and_public_key_tokens_are_refused(site, alg):
    assert "HS256" in refused(unsigned(alg), site)


@pytest.mark.parametrize("claim", ["sub", "name", "email", "exp"])
def test_each_claim_is_required(site, claim):
    token = sign(site.sso_secret, **{claim: None})
    assert f"“{claim}”" in refused(token, site)


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("email", "not-an-email"),
        ("email", "layla@localhost"),
        ("email", "x" * 65 + "@example.org"),
        ("email", ["layla@example.org"]),
        ("email", "layla\x00@example.org"),
        ("name", ""),
        ("name", " \u200b\u200f "),
        ("name", "n" * 81),
        ("name", 42),
        ("sub", ""),
        ("sub", "s" * 256),
        ("sub", 1001),
    ],
)
def test_bad_claims_are_refused_naming_the_claim(site, claim, value):
    assert f"“{claim}” claim is invalid" in refused(sign(site.sso_secret, **{claim: value}), site)


@pytest.mark.parametrize(
    ("exp", "why"),
    [("soon", "not a valid JWT"), ([1], "not a valid JWT"), (1e300, "more than a day")],
)
def test_an_expiry_that_is_no_usable_time_is_refused(site, exp, why):
    assert why in refused(sign(site.sso_secret, exp=exp), site)


def test_a_token_not_valid_yet_is_refused(site):
    assert "not valid yet" in refused(sign(site.sso_secret, nbf=2**40), site)


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "x" * 5000])
def test_what_is_no_token_at_all_is_refused(site, token):
    assert refused(token, site)
