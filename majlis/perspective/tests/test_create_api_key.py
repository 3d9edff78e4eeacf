"""`majlis create-api-key` prints a key that works, and keeps only its digest."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from majlis.perspective.models import ApiKey

pytestmark = pytest.mark.django_db


def _create(*args: str) -> str:
    out = io.StringIO()
    call_command("create-api-key", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


class TestCreateApiKey:
    def test_the_last_line_is_a_working_key(self, client):
        plain = _create("coral-talk", "--qps", "5")
        response = client.post(
            f"/v1alpha1/comments:analyze?key={plain}",
            data=json.dumps({"comment": {"text": "hello"}, "requestedAttributes": {"INSULT": {}}}),
            content_type="application/json",
        )
        assert response.status_code == 200
        stored = ApiKey.objects.get()
        assert (stored.name, stored.qps) == ("coral-talk", 5)
        assert stored.digest == ApiKey.digest_of(plain) != plain

    @pytest.mark.parametrize("args", [(" ",), ("coral", "--qps", "0")])
    def test_bad_arguments_are_refused(self, args):
        with pytest.raises(CommandError):
            _create(*args)
        assert not ApiKey.objects.exists()


class TestAdmin:
    def test_the_admin_issues_a_key_shown_once(self, admin_client):
        response = admin_client.post(
            "/admin/perspective/apikey/add/", {"name": "desk", "qps": "3"}, follow=True
        )
        assert response.status_code == 200
        stored = ApiKey.objects.get()
        shown = [str(m) for m in response.context["messages"]]
        plain = next(m.rsplit(" ", 1)[-1] for m in shown if "shown only now" in m)
        assert stored.digest == ApiKey.digest_of(plain)
        assert (stored.name, stored.qps) == ("desk", 3)
