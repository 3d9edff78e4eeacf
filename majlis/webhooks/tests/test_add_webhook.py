"""`majlis add-webhook URL --secret S [--event E ...]`: refuses what it cannot use, naming it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from majlis.sites.models import Site
from majlis.webhooks.models import Webhook

pytestmark = pytest.mark.django_db

SECRET = "a-secret-long-enough-to-sign"


def _add(*args: str, capsys=None) -> str:
    call_command("add-webhook", *args)
    return capsys.readouterr().out if capsys else ""


class TestAddingAWebhook:
    def test_it_takes_every_event_by_default(self, capsys):
        out = _add("https://cms.example.org/majlis", "--secret", SECRET, capsys=capsys)
        webhook = Webhook.objects.get()
        assert (webhook.url, webhook.secret, webhook.active) == (
            "https://cms.example.org/majlis",
            SECRET,
            True,
        )
        assert webhook.events == ["comment.created", "comment.decided"]
        assert webhook.site is None
        assert "comment.created, comment.decided; every site" in out
        assert SECRET not in out

    def test_it_takes_the_events_named(self):
        _add("http://10.0.0.5:8080/hook", "--secret", SECRET, "--event", "comment.decided")
        assert Webhook.objects.get().events == ["comment.decided"]

    def test_it_takes_a_site(self, capsys):
        Site.objects.create(key="sorani", name="Sorani edition")
        out = _add(
            "https://ckb.example.org/", "--secret", SECRET, "--site", "sorani", capsys=capsys
        )
        assert Webhook.objects.get().site.key == "sorani"
        assert "site sorani" in out

    def test_an_event_named_twice_is_kept_once(self):
        args = ("--event", "comment.created", "--event", "comment.created")
        _add("https://cms.example.org/", "--secret", SECRET, *args)
        assert Webhook.objects.get().events == ["comment.created"]


class TestWhatIsRefused:
    @pytest.mark.parametrize(
        "url",
        [
            "ftp://files.example.org/hook",
            "javascript:alert(1)",
            "cms.example.org/hook",
            "http://",
            "",
        ],
    )
    def test_an_address_that_is_not_http_or_https(self, url):
        with pytest.raises(CommandError, match=r"^url: "):
            _add(url, "--secret", SECRET)
        assert not Webhook.objects.exists()

    def test_an_unknown_event(self):
        with pytest.raises(CommandError, match=r"^events: Unknown events: comment\.deleted"):
            _add("https://cms.example.org/", "--secret", SECRET, "--event", "comment.deleted")
        assert not Webhook.objects.exists()

    def test_an_unknown_site(self):
        Site.default()
        with pytest.raises(
            CommandError, match=r"^site: no site has the key 'nowhere' \(known: main\)"
        ):
            _add("https://cms.example.org/", "--secret", SECRET, "--site", "nowhere")
        assert not Webhook.objects.exists()

    def test_a_short_secret(self):
        with pytest.raises(CommandError, match=r"^secret: At least 16 characters"):
            _add("https://cms.example.org/", "--secret", "short")
        assert not Webhook.objects.exists()

    def test_no_secret(self):
        with pytest.raises(CommandError, match="--secret"):
            _add("https://cms.example.org/")
        assert not Webhook.objects.exists()

    def test_every_problem_at_once(self):
        with pytest.raises(CommandError) as refused:
            _add("ftp://x.example.org/", "--secret", "short", "--event", "nope")
        assert {part.partition(":")[0] for part in str(refused.value).split("; ")} == {
            "url",
            "secret",
            "events",
        }
