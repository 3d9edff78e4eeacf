"""`majlis create-site`: a site with its origins, printed key last, bad input refused."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


def create(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("create-site", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_key_is_the_last_line_and_names_the_new_site():
    lines = create(
        "Kurdish edition",
        "--origin",
        "https://ckb.news.example",
        "--origin",
        "HTTPS://www.ckb.news.example:443/",
        "--auto-register",
        "--language",
        "ckb",
    )
    site = Site.objects.get(key=lines[-1])
    assert site.name == "Kurdish edition"
    assert site.key == "kurdish-edition"
    assert site.language == "ckb"
    assert site.auto_register
    assert not site.is_default
    # Origins are kept as browsers send them: lower case, no default port, no slash.
    assert site.origin_list() == ["https://ckb.news.example", "https://www.ckb.news.example"]
    # The sign-in secret is shown once, on the line before the key.
    assert site.sso_secret in lines[-2]
    assert len(site.sso_secret) >= 32


def test_an_explicit_key_and_no_origins_yet():
    lines = create("Arabic", "--key", "ar-edition")
    assert lines[-1] == "ar-edition"
    assert Site.objects.get(key="ar-edition").origin_list() == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("News", "--origin", "ftp://news.example"), "--origin"),
        (("News", "--origin", "https://news.example/articles"), "--origin"),
        (("News", "--origin", "news.example"), "--origin"),
        (("خەبەر",), "--key"),
        (("News", "--key", "Not A Slug"), "--key"),
        (("   ",), "NAME"),
    ],
)
def test_bad_input_is_refused_naming_the_option_and_stores_nothing(args, field):
    before = Site.objects.count()
    with pytest.raises(CommandError, match=field):
        create(*args)
    assert Site.objects.count() == before


def test_an_origin_names_one_site_only():
    create("English", "--origin", "https://news.example")
    with pytest.raises(CommandError, match="already belongs to the site 'english'"):
        create("Turkish", "--origin", "https://news.example")
    assert not Site.objects.filter(key="turkish").exists()


def test_a_key_in_use_is_refused():
    create("English", "--key", "en")
    with pytest.raises(CommandError, match="--key"):
        create("English again", "--key", "en")
