"""comments:suggestscore keeps a client's scores for evaluation, and honours doNotStore."""

from __future__ import annotations

import json

import pytest
from django.apps import apps

from majlis.perspective.models import ScoreSuggestion
from majlis.perspective.tests.conftest import SUGGEST

pytestmark = pytest.mark.django_db

TEXT = "I disagree with the council on this one."


def _suggestion(**fields) -> dict:
    return {
        "comment": {"text": TEXT},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0.1}}},
        "languages": ["en"],
        "clientToken": "tok",
        "communityId": "newsroom",
        **fields,
    }


class TestSuggestScore:
    def test_a_suggestion_is_kept_with_its_text(self, post):
        response = post(_suggestion(), path=SUGGEST)
        assert response.status_code == 200
        assert response.json() == {"clientToken": "tok"}
        kept = ScoreSuggestion.objects.get()
        assert kept.attribute_scores == {"TOXICITY": 0.1}
        assert kept.text == TEXT
        assert (kept.languages, kept.client_token, kept.community_id) == (["en"], "tok", "newsroom")

    def test_do_not_store_keeps_the_scores_but_no_text(self, post):
        assert post(_suggestion(doNotStore=True), path=SUGGEST).status_code == 200
        kept = ScoreSuggestion.objects.get()
        assert kept.text == ""
        assert kept.attribute_scores == {"TOXICITY": 0.1}
        assert "disagree" not in json.dumps(list(ScoreSuggestion.objects.values()), default=str)

    @pytest.mark.parametrize(
        "scores",
        [
            {},
            {"NOT_AN_ATTRIBUTE": {"summaryScore": {"value": 0.1}}},
            {"TOXICITY": {"summaryScore": {"value": 2}}},
            {"TOXICITY": {"summaryScore": {}}},
        ],
    )
    def test_bad_scores_are_refused_and_nothing_is_kept(self, post, scores):
        response = post(_suggestion(attributeScores=scores), path=SUGGEST)
        assert response.status_code == 400
        assert "attributeScores" in response.json()["error"]["message"]
        assert not ScoreSuggestion.objects.exists()

    def test_a_suggestion_needs_a_valid_key(self, post):
        response = post(_suggestion(), path=SUGGEST, api_key="wrong")
        assert response.status_code == 403
        assert not ScoreSuggestion.objects.exists()


class TestNothingLeaks:
    def test_analyze_stores_nothing_of_the_comment(self, post):
        before = {m: m.objects.count() for m in apps.get_models()}
        body = {"comment": {"text": TEXT}, "requestedAttributes": {"TOXICITY": {}}}
        assert post(body).status_code == 200
        assert {m: m.objects.count() for m in apps.get_models()} == before

    def test_the_response_echoes_neither_the_text_nor_the_key(self, post, key):
        email = "reader@example.org"
        body = {
            "comment": {"text": f"write to {email}"},
            "requestedAttributes": {"SPAM": {}},
            "spanAnnotations": True,
        }
        text = post(body).content.decode()
        assert key not in text
        assert email not in text
