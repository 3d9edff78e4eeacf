"""The moderation phase reads Coral's requests: its shape, its signature, the key and quota."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from majlis.moderation.engine import assess
from majlis.moderation.models import current_policy
from majlis.perspective.coral import answer_for, body_text
from majlis.perspective.models import ApiKey
from majlis.perspective.tests.coral import (
    CORAL,
    EXAMPLE,
    SECRET,
    coral_bytes,
    coral_request,
    signature,
)

pytestmark = pytest.mark.django_db

PROFANE = "fuck this shit you moron"


def _refused(response, status: int, field: str | None) -> str:
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == status
    assert error.get("field") == field
    if field:
        assert field in error["message"]
    return error["message"]


@pytest.fixture
def signed_key(key) -> str:
    ApiKey.objects.filter(digest=ApiKey.digest_of(key)).update(coral_secret=SECRET)
    return key


def _answered_as_the_policy_says(response, text: str) -> None:
    policy = current_policy()
    expected = answer_for(assess(body_text(text), policy=policy), policy)
    if expected is None:
        assert response.status_code == 204
    else:
        assert response.status_code == 200
        assert response.json() == expected


class TestCoralsShape:
    def test_the_guides_new_comment_example_is_read(self, coral):
        _answered_as_the_policy_says(coral(EXAMPLE), EXAMPLE["comment"]["body"])

    def test_the_guides_reply_example_is_read(self, coral):
        reply = coral_request("Here's a reply!")
        reply["comment"]["parentID"] = "d79b787f-f406-49a0-a179-72e3652e54be"
        _answered_as_the_policy_says(coral(reply), "Here's a reply!")

    def test_a_comment_in_arabic_is_scored(self, coral):
        text = "شكرا على هذا التقرير المفيد عن الجسر"
        _answered_as_the_policy_says(coral(coral_request(text)), text)

    def test_fields_coral_adds_later_are_ignored(self, coral):
        request = coral_request(PROFANE, revision={"id": "r1"})
        request["story"]["metadata"] = {"section": "city"}
        assert coral(request).json()["status"] == "REJECTED"


class TestSignature:
    def test_a_good_signature_is_accepted(self, coral, signed_key):
        response = coral(coral_request(PROFANE), secret=SECRET)
        assert response.status_code == 200
        assert response.json()["status"] == "REJECTED"

    def test_while_coral_rotates_its_secret_either_signature_will_do(self, coral, signed_key):
        raw = coral_bytes(coral_request(PROFANE))
        both = signature(raw, "empsec_the-new-one", SECRET)
        assert coral(raw, signed=both).status_code == 200

    @pytest.mark.parametrize(
        "signed",
        [
            "sha256=" + "0" * 64,
            "sha1=" + "0" * 40,
            "not a signature",
            "sha256=é",
        ],
    )
    def test_a_bad_signature_is_refused(self, coral, signed_key, signed):
        _refused(coral(coral_request(PROFANE), signed=signed), 403, "X-Coral-Signature")

    def test_a_signature_with_another_secret_is_refused(self, coral, signed_key):
        response = coral(coral_request(PROFANE), secret="empsec_someone-elses")
        _refused(response, 403, "X-Coral-Signature")

    def test_a_body_changed_after_signing_is_refused(self, coral, signed_key):
        raw = coral_bytes(coral_request("A fair point about the bridge."))
        signed = signature(raw, SECRET)
        tampered = raw.replace(b"A fair point", b"fuck off")
        _refused(coral(tampered, signed=signed), 403, "X-Coral-Signature")

    def test_a_missing_signature_is_refused_when_the_key_has_a_secret(self, coral, signed_key):
        message = _refused(coral(coral_request(PROFANE)), 403, "X-Coral-Signature")
        assert "missing" in message

    def test_a_key_without_a_secret_needs_no_signature(self, coral):
        assert coral(coral_request(PROFANE)).status_code == 200

    def test_the_signature_is_checked_before_the_body_is_read(self, coral, signed_key):
        _refused(coral(b"not json"), 403, "X-Coral-Signature")


class TestKeys:
    @pytest.mark.parametrize("api_key", ["", "mjp_not-a-key"])
    def test_a_missing_or_wrong_key_is_refused(self, coral, api_key):
        _refused(coral(coral_request(PROFANE), api_key=api_key), 403, "key")

    def test_a_revoked_key_is_refused(self, coral, key):
        ApiKey.objects.filter(digest=ApiKey.digest_of(key)).update(revoked=timezone.now())
        _refused(coral(coral_request(PROFANE)), 403, "key")

    def test_a_key_over_its_quota_is_refused(self, coral):
        _, slow = ApiKey.objects.issue("slow", qps=2)
        statuses = [coral(coral_request(PROFANE), api_key=slow).status_code for _ in range(2)]
        assert statuses == [200, 200]
        message = _refused(coral(coral_request(PROFANE), api_key=slow), 429, "key")
        assert "2 requests a second" in message

    def test_the_quota_is_shared_with_comments_analyze(self, client, coral):
        _, slow = ApiKey.objects.issue("slow", qps=1)
        analyze = client.post(
            f"/v1alpha1/comments:analyze?key={slow}",
            data={"comment": {"text": "hello"}, "requestedAttributes": {"TOXICITY": {}}},
            content_type="application/json",
        )
        assert analyze.status_code == 200
        _refused(coral(coral_request(PROFANE), api_key=slow), 429, "key")

    def test_get_is_refused(self, client, key):
        response = client.get(f"{CORAL}?key={key}")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == 405


def _without(path: str) -> dict:
    request = coral_request()
    *parents, last = path.split(".")
    target = request
    for name in parents:
        target = target[name]
    del target[last]
    return request


def _with(path: str, value) -> dict:
    request = coral_request()
    *parents, last = path.split(".")
    target = request
    for name in parents:
        target = target[name]
    target[last] = value
    return request


class TestMalformed:
    @pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
    def test_a_body_that_is_no_json_object_is_refused(self, coral, raw):
        message = _refused(coral(raw), 400, None)
        assert "JSON object" in message

    @pytest.mark.parametrize("path", ["action", "comment", "comment.body", "story", "story.url"])
    def test_a_missing_field_that_is_read_is_named(self, coral, path):
        _refused(coral(_without(path)), 400, path)

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            ("action", "DELETE"),
            ("action", "new"),
            ("comment", "Here's a comment!"),
            ("comment.body", 42),
            ("comment.body", ["Here's", "a comment"]),
            ("comment.parentID", 7),
            ("author", "baf4e943"),
            ("author.id", 12),
            ("story", []),
            ("story.url", None),
            ("story.id", 5),
            ("site", "a4bede88"),
            ("site.id", {}),
            ("tenantID", 1),
            ("tenantDomain", False),
        ],
    )
    def test_a_field_of_the_wrong_kind_is_named(self, coral, path, value):
        _refused(coral(_with(path, value)), 400, path)

    def test_an_optional_field_may_be_null(self, coral):
        assert coral(_with("author.role", None)).status_code in (200, 204)

    @pytest.mark.parametrize("text", ["bad \x00 byte", "half \ud800 a pair"])
    def test_text_no_engine_can_read_is_refused(self, coral, text):
        # JSON.stringify writes a lone surrogate as the escape "\ud800".
        raw = json.dumps(coral_request(text), indent=2).encode()
        message = _refused(coral(raw), 400, "comment.body")
        assert "not allowed" in message


class TestSecretSetUp:
    def test_create_api_key_takes_corals_secret(self, client):
        out = io.StringIO()
        call_command(
            "create-api-key", "coral", "--qps", "5", "--coral-secret", f" {SECRET} ", stdout=out
        )
        plain = out.getvalue().strip().splitlines()[-1]
        assert "signature required" in out.getvalue()
        assert ApiKey.objects.get().coral_secret == SECRET
        raw = coral_bytes(coral_request(PROFANE))
        unsigned = client.post(f"{CORAL}?key={plain}", data=raw, content_type="application/json")
        assert unsigned.status_code == 403
        signed = client.post(
            f"{CORAL}?key={plain}",
            data=raw,
            content_type="application/json",
            headers={"X-Coral-Signature": signature(raw, SECRET)},
        )
        assert signed.status_code == 200

    def test_the_admin_sets_the_secret_on_an_existing_key(self, admin_client):
        key, _ = ApiKey.objects.issue("coral", qps=5)
        response = admin_client.post(
            f"/admin/perspective/apikey/{key.pk}/change/",
            {"name": "coral", "qps": "5", "coral_secret": f"{SECRET}\n"},
        )
        assert response.status_code == 302
        key.refresh_from_db()
        assert key.coral_secret == SECRET

    def test_the_admin_issues_a_key_with_a_secret(self, admin_client):
        admin_client.post(
            "/admin/perspective/apikey/add/", {"name": "coral", "qps": "3", "coral_secret": SECRET}
        )
        assert ApiKey.objects.get().coral_secret == SECRET
