"""Every refusal comes in Google's error shape, with Perspective's errorType."""

from __future__ import annotations

import pytest
from django.utils import timezone

from majlis.perspective.errors import ERROR_TYPE
from majlis.perspective.models import ApiKey
from majlis.perspective.tests.conftest import SUGGEST

pytestmark = pytest.mark.django_db

OK = {"comment": {"text": "A fair point."}, "requestedAttributes": {"TOXICITY": {}}}


def _error(response, code: int, status: str, error_type: str) -> str:
    assert response.status_code == code
    error = response.json()["error"]
    assert error["code"] == code
    assert error["status"] == status
    assert error["details"] == [{"@type": ERROR_TYPE, "errorType": error_type}]
    return error["message"]


def _with(**fields) -> dict:
    return {**OK, **fields}


class TestRequestErrors:
    @pytest.mark.parametrize("text", ["", "   \n"])
    def test_an_empty_comment_is_comment_empty(self, post, text):
        _error(post(_with(comment={"text": text})), 400, "INVALID_ARGUMENT", "COMMENT_EMPTY")

    def test_a_missing_comment_is_comment_empty(self, post):
        body = {"requestedAttributes": {"TOXICITY": {}}}
        _error(post(body), 400, "INVALID_ARGUMENT", "COMMENT_EMPTY")

    def test_more_than_20480_bytes_is_comment_too_long(self, post):
        assert post(_with(comment={"text": "ش" * 10_240})).status_code == 200
        response = post(_with(comment={"text": "ش" * 10_241}))
        _error(response, 400, "INVALID_ARGUMENT", "COMMENT_TOO_LONG")

    @pytest.mark.parametrize("attributes", [None, {}])
    def test_no_attributes_is_no_requested_attributes(self, post, attributes):
        response = post(_with(requestedAttributes=attributes))
        _error(response, 400, "INVALID_ARGUMENT", "NO_REQUESTED_ATTRIBUTES")

    def test_an_unknown_attribute_is_named(self, post):
        response = post(_with(requestedAttributes={"ATTACK_ON_COMMENTER": {}}))
        message = _error(response, 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT")
        assert "ATTACK_ON_COMMENTER" in message

    @pytest.mark.parametrize(
        ("spec", "field"),
        [
            ({"scoreType": "STD_DEV_SCORE"}, "scoreType"),
            ({"scoreThreshold": 1.5}, "scoreThreshold"),
            ({"scoreThreshold": "high"}, "scoreThreshold"),
        ],
    )
    def test_a_bad_score_spec_names_its_field(self, post, spec, field):
        response = post(_with(requestedAttributes={"TOXICITY": spec}))
        assert field in _error(response, 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT")

    @pytest.mark.parametrize("languages", [["de"], ["en", "zh-Hant"]])
    def test_an_unsupported_language_is_refused_as_perspective_does(self, post, languages):
        response = post(_with(languages=languages))
        message = _error(response, 400, "INVALID_ARGUMENT", "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE")
        assert "TOXICITY" in message

    def test_an_undetectable_language_is_refused(self, post):
        response = post(_with(comment={"text": "Привет, как дела у вас сегодня"}))
        _error(response, 400, "INVALID_ARGUMENT", "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE")

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ("not json", "body"),
            ("[1, 2]", "body"),
            (b"\xff\xfe", "body"),
            (_with(comment="text"), "comment"),
            (_with(comment={"text": 5}), "comment.text"),
            (_with(comment={"text": "hi", "type": "HTML"}), "comment.type"),
            (_with(languages="en"), "languages"),
            (_with(spanAnnotations="yes"), "spanAnnotations"),
            (_with(clientToken=7), "clientToken"),
            (_with(context={"entries": [{"text": 1}]}), "context.entries[0].text"),
        ],
    )
    def test_a_malformed_request_is_invalid_argument(self, post, body, field):
        message = _error(post(body), 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT")
        assert field in message

    @pytest.mark.parametrize("text", ["nul\x00here", "half \ud800 pair"])
    def test_unstorable_text_is_invalid_argument_not_a_crash(self, post, text):
        message = _error(
            post(_with(comment={"text": text})), 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"
        )
        assert "comment.text" in message
        suggestion = {
            "comment": {"text": text},
            "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0.5}}},
        }
        assert post(suggestion, path=SUGGEST).status_code == 400

    def test_drop_unsupported_attributes_answers_with_none_instead_of_an_error(self, post):
        response = post(_with(languages=["de"], dropUnsupportedAttributes=True))
        assert response.status_code == 200
        assert response.json()["attributeScores"] == {}
        undetectable = _with(
            comment={"text": "Привет, как дела у вас сегодня"}, dropUnsupportedAttributes=True
        )
        assert post(undetectable).json()["attributeScores"] == {}

    def test_get_is_refused(self, client, key):
        response = client.get(f"/v1alpha1/comments:analyze?key={key}")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == 405


class TestKeys:
    @pytest.mark.parametrize("api_key", ["", "mjp_not-a-key"])
    def test_a_missing_or_wrong_key_is_permission_denied(self, post, api_key):
        _error(post(OK, api_key=api_key), 403, "PERMISSION_DENIED", "API_KEY_INVALID")

    def test_a_revoked_key_is_permission_denied(self, post, key):
        ApiKey.objects.filter(digest=ApiKey.digest_of(key)).update(revoked=timezone.now())
        _error(post(OK), 403, "PERMISSION_DENIED", "API_KEY_INVALID")

    def test_only_the_keys_digest_is_stored(self, key):
        stored = ApiKey.objects.get()
        assert key not in {stored.name, stored.digest}
        assert stored.digest == ApiKey.digest_of(key)

    def test_a_key_over_its_quota_is_resource_exhausted(self, post):
        _, slow = ApiKey.objects.issue("slow", qps=2)
        assert [post(OK, api_key=slow).status_code for _ in range(2)] == [200, 200]
        _error(post(OK, api_key=slow), 429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED")

    def test_one_keys_quota_leaves_another_key_alone(self, post):
        _, slow = ApiKey.objects.issue("slow", qps=1)
        assert post(OK, api_key=slow).status_code == 200
        assert post(OK, api_key=slow).status_code == 429
        assert post(OK).status_code == 200
