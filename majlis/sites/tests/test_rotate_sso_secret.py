"""`majlis rotate-sso-secret`: a new secret, printed last; the old one's tokens refused."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from majlis.readers import sso
from majlis.readers.tests.tokens import sign
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


def rotate(key: str) -> list[str]:
    out = io.StringIO()
    call_command("rotate-sso-secret", key, stdout=out)
    return out.getvalue().splitlines()


def test_the_new_secret_is_the_last_line_and_the_old_ones_tokens_are_refused():
    site = Site.objects.create(key="ar-edition", name="Arabic edition")
    other = Site.objects.create(key="tr-edition", name="Turkish edition")
    old_token = sign(site.sso_secret)
    untouched = other.sso_secret
    lines = rotate("ar-edition")
    site.refresh_from_db()
    assert lines[-1] == site.sso_secret
    assert len(site.sso_secret) >= 32
    assert "ar-edition" in lines[0]
    with pytest.raises(sso.InvalidSignIn):
        sso.verify(old_token, site)
    assert sso.verify(sign(lines[-1]), site).sub == "acct-1001"
    other.refresh_from_db()
    assert other.sso_secret == untouched


def test_each_rotation_gives_another_secret():
    Site.objects.create(key="ar-edition", name="Arabic edition")
    assert rotate("ar-edition")[-1] != rotate("ar-edition")[-1]


def test_an_unknown_site_is_an_error_naming_the_known_ones():
    Site.objects.create(key="ar-edition", name="Arabic edition")
    with pytest.raises(CommandError, match=r"no site has the key 'nope'.*ar-edition"):
        rotate("nope")
