"""Coral Talk's own Perspective client, request for request.

The bodies below are the ones Coral builds (coralproject/talk 9.x,
server/src/core/server/services/perspective/perspective.ts): analyze asks for one model with
the comment's language and doNotStore; suggestscore reports a moderator's verdict as a score
of 0 or 1 without a `type`, with the comment's ids folded into one JSON context entry. Coral
reads back `attributeScores[MODEL].summaryScore.value` and nothing else.
"""

from __future__ import annotations

import json

import pytest

from majlis.perspective.models import ScoreSuggestion
from majlis.perspective.tests.conftest import SUGGEST

pytestmark = pytest.mark.django_db


def coral_analyze(text: str, model: str = "TOXICITY", language: str = "en") -> dict:
    return {
        "comment": {"text": text},
        "doNotStore": True,
        "requestedAttributes": {model: {}},
        "languages": [language],
    }


def coral_suggestion(text: str, status: str, model: str = "TOXICITY") -> dict:
    context = {
        "url": "https://news.example/2027/budget?commentID=c-2",
        "reply_to_id_Coral_comment_id": "c-1",
        "Coral_comment_id": "c-2",
    }
    return {
        "comment": {"text": text},
        "context": {"entries": [{"text": json.dumps(context)}]},
        "attributeScores": {model: {"summaryScore": {"value": 0 if status == "APPROVED" else 1}}},
        "languages": ["en"],
        "communityId": "Coral:https://news.example",
        "clientToken": "comment:c-2",
    }


@pytest.mark.parametrize(
    ("model", "language"),
    [("TOXICITY", "en"), ("SEVERE_TOXICITY", "en"), ("TOXICITY", "ar"), ("TOXICITY", "tr")],
)
def test_the_score_coral_reads_is_where_it_reads_it(post, model, language):
    response = post(coral_analyze("You are a stupid idiot.", model, language))
    assert response.status_code == 200
    value = response.json()["attributeScores"][model]["summaryScore"]["value"]
    assert 0 <= value <= 1


def test_an_insult_scores_above_a_courteous_disagreement(post):
    def score(text: str) -> float:
        answer = post(coral_analyze(text)).json()
        return answer["attributeScores"]["TOXICITY"]["summaryScore"]["value"]

    assert score("You are a stupid idiot and a liar.") > score(
        "I disagree with the council's plan for the budget."
    )


def test_a_moderators_verdict_from_coral_is_kept_as_feedback(post):
    response = post(coral_suggestion("Shameful reporting, you idiots.", "DELETED"), path=SUGGEST)
    assert response.status_code == 200
    assert response.json() == {"clientToken": "comment:c-2"}
    kept = ScoreSuggestion.objects.get()
    assert kept.attribute_scores == {"TOXICITY": 1}
    assert kept.community_id == "Coral:https://news.example"
    assert kept.client_token == "comment:c-2"
