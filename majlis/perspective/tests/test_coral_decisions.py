"""The moderation phase answers Coral with this site's policy: reject, hold, or no decision."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from majlis.articles.models import Article
from majlis.moderation.engine import assess
from majlis.moderation.models import PolicyRule, PolicySettings, current_policy
from majlis.moderation.policy import APPROVE, REJECT, REVIEW
from majlis.perspective.coral import answer_for, body_text
from majlis.perspective.requests import MAX_COMMENT_BYTES
from majlis.perspective.tests.coral import coral_request
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db

PROFANE = "fuck this shit you moron"
THREAT = "You are a stupid idiot and I will kill you"
FINE = "Great reporting, thanks."
# Approved on its own (the approval guard too), but it says nothing of an article about a
# bridge.
ASIDE = (
    "I have added a reference to the census figures in the second paragraph and updated the "
    "election results table with the official numbers."
)
# Held: the models' general toxicity is over the approval gate, no category is.
GATED = "The council voted to fund the bridge repairs over the river."
STORY = "https://news.example/2026/12/old-bridge-to-close/"

# What Coral's schema (external.ts) lets through: anything else it drops or refuses.
STATUSES = {"NONE", "APPROVED", "REJECTED", "PREMOD", "SYSTEM_WITHHELD"}
REJECTION_CODES = {
    "OFFENSIVE", "ABUSIVE", "SPAM", "BANNED_WORD", "AD", "ILLEGAL_CONTENT",
    "HARASSMENT_BULLYING", "MISINFORMATION", "HATE_SPEECH", "IRRELEVANT_CONTENT", "OTHER",
}  # fmt: skip
FLAG_REASONS = {"COMMENT_DETECTED_TOXIC", "COMMENT_DETECTED_SPAM"}


def accepted_by_coral(answer: dict) -> dict:
    """`answer`, checked against Coral's response schema key by key."""
    assert set(answer) <= {"status", "moderationAction", "actions", "tags"}
    assert answer.get("status", "NONE") in STATUSES
    action = answer.get("moderationAction")
    if action is not None:
        assert set(action) <= {"status", "rejectionReason"}
        assert action["status"] in STATUSES
        reason = action["rejectionReason"]
        assert set(reason) <= {"code", "legalGrounds", "detailedExplanation", "customReason"}
        assert reason["code"] in REJECTION_CODES
        assert all(isinstance(v, str) for v in reason.values())
    for flag in answer.get("actions", []):
        assert flag["actionType"] == "FLAG"
        assert flag["reason"] in FLAG_REASONS
    assert set(answer.get("tags", [])) <= {"FEATURED", "STAFF"}
    return answer


def _flags(answer: dict) -> set[str]:
    return {flag["reason"] for flag in answer.get("actions", [])}


def _rule(category: str, **thresholds) -> None:
    PolicyRule.objects.create(category=category, **thresholds)


class TestRejection:
    def test_what_the_policy_rejects_is_rejected_with_a_reason_coral_knows(self, coral):
        assert assess(PROFANE, policy=current_policy()).suggestion == REJECT
        response = coral(coral_request(PROFANE))
        assert response.status_code == 200
        answer = accepted_by_coral(response.json())
        assert answer["status"] == "REJECTED"
        action = answer["moderationAction"]
        assert action["status"] == "REJECTED"
        assert action["rejectionReason"]["code"] == "OFFENSIVE"
        assert "Profanity" in action["rejectionReason"]["detailedExplanation"]
        assert _flags(answer) == {"COMMENT_DETECTED_TOXIC"}

    def test_a_threat_rejected_by_the_sites_rule_is_abusive(self, coral):
        _rule("threat", reject_at=0.5, approve_below=0.15)
        answer = accepted_by_coral(coral(coral_request(THREAT)).json())
        assert answer["status"] == "REJECTED"
        assert answer["moderationAction"]["rejectionReason"]["code"] == "ABUSIVE"

    def test_promotion_is_rejected_as_spam_and_flagged_as_spam(self, coral):
        _rule("promotion", reject_at=0.5, approve_below=0.2)
        text = "Buy cheap watches at http://spam.example now!!! call 555-123-4567"
        answer = accepted_by_coral(coral(coral_request(text)).json())
        assert answer["moderationAction"]["rejectionReason"]["code"] == "SPAM"
        assert "COMMENT_DETECTED_SPAM" in _flags(answer)

    def test_html_from_corals_editor_is_read_as_text(self, coral):
        body = "<p>fuck this <b>shit</b></p><p>you <i>moron</i></p>"
        assert coral(coral_request(body)).json()["status"] == "REJECTED"

    def test_an_edit_is_judged_as_a_new_comment_is(self, coral):
        answer = coral(coral_request(PROFANE, action="EDIT")).json()
        assert answer["status"] == "REJECTED"


class TestHold:
    def test_what_the_policy_is_unsure_of_is_withheld_for_a_person(self, coral):
        assert assess(THREAT, policy=current_policy()).suggestion == REVIEW
        response = coral(coral_request(THREAT))
        assert response.status_code == 200
        answer = accepted_by_coral(response.json())
        assert answer["status"] == "SYSTEM_WITHHELD"
        # Coral tells the author of a rejection whenever a moderationAction comes.
        assert "moderationAction" not in answer
        assert _flags(answer) == {"COMMENT_DETECTED_TOXIC"}

    def test_a_hold_on_general_toxicity_alone_raises_no_flag(self):
        policy = current_policy()
        assessment = assess(GATED, policy=policy)
        assert (assessment.suggestion, assessment.suggestion_categories) == (REVIEW, ())
        assert answer_for(assessment, policy) == {"status": "SYSTEM_WITHHELD"}

    def test_with_automatic_moderation_off_nothing_is_rejected_but_held(self, coral):
        PolicySettings.objects.create(automatic=False)
        answer = accepted_by_coral(coral(coral_request(PROFANE)).json())
        assert answer["status"] == "SYSTEM_WITHHELD"
        assert "moderationAction" not in answer
        assert coral(coral_request(FINE)).status_code == 204

    def test_a_comment_too_long_for_the_engine_is_held(self, coral):
        long = "The bridge matters. " * (MAX_COMMENT_BYTES // 20 + 1)
        answer = accepted_by_coral(coral(coral_request(long)).json())
        assert answer == {"status": "SYSTEM_WITHHELD"}


class TestNoDecision:
    def test_what_the_policy_would_approve_gets_204_and_coral_carries_on(self, coral):
        assert assess(FINE, policy=current_policy()).suggestion == APPROVE
        response = coral(coral_request(FINE))
        assert response.status_code == 204
        assert response.content == b""

    @pytest.mark.parametrize("body", ["", "<p> </p>", "<p><br></p>"])
    def test_a_comment_without_text_gets_no_decision(self, coral, body):
        assert coral(coral_request(body)).status_code == 204

    def test_the_answer_follows_the_engine_for_each_suggestion(self):
        policy = current_policy()
        for text in (PROFANE, THREAT, FINE):
            assessment = assess(text, policy=policy)
            answer = answer_for(assessment, policy)
            expected = {APPROVE: None, REVIEW: "SYSTEM_WITHHELD", REJECT: "REJECTED"}
            assert (answer or {}).get("status") == expected[assessment.suggestion], text


class TestArticle:
    def _article(self, url: str = STORY, **fields) -> Article:
        return Article.objects.create(
            key="old-bridge",
            title="Old bridge to close for repairs",
            language="en",
            url=url,
            **fields,
            body="The old bridge will close for six weeks of repairs from Monday. "
            "Engineers will replace the deck and the cables of the river bridge.",
        )

    def test_a_comment_straying_from_a_known_article_is_held(self, coral):
        request = coral_request(ASIDE, story={"id": "s1", "url": STORY})
        assert coral(request).status_code == 204
        self._article()
        answer = accepted_by_coral(coral(request).json())
        assert answer["status"] == "SYSTEM_WITHHELD"
        # Coral has no flag for off-topic: the hold alone sends it to a person.
        assert "actions" not in answer

    @pytest.mark.parametrize(
        "sent",
        [
            "https://news.example/2026/12/old-bridge-to-close",
            "http://news.example/2026/12/old-bridge-to-close/",
            "https://NEWS.example/2026/12/old-bridge-to-close/#comments",
        ],
    )
    def test_the_story_url_finds_the_article_in_its_usual_forms(self, coral, sent):
        self._article()
        answer = coral(coral_request(ASIDE, story={"id": "s1", "url": sent})).json()
        assert answer["status"] == "SYSTEM_WITHHELD"

    def test_the_article_is_found_on_the_site_whose_origin_the_story_is_on(self, coral):
        sport = Site.objects.create(key="sport", name="Sport", language="en")
        sport.set_origins(["https://news.example"])
        self._article(site=sport)
        answer = coral(coral_request(ASIDE, story={"id": "s1", "url": STORY})).json()
        assert answer["status"] == "SYSTEM_WITHHELD"

    def test_another_sites_article_at_that_url_is_not_the_story(self, coral):
        Site.default().set_origins(["https://news.example"])
        # Another site registered an article under the news site's URL (syndicated, say).
        sport = Site.objects.create(key="sport", name="Sport", language="en")
        sport.set_origins(["https://sport.example"])
        self._article(site=sport)
        assert coral(coral_request(ASIDE, story={"id": "s1", "url": STORY})).status_code == 204

    def test_another_story_on_the_same_site_is_not_that_article(self, coral):
        self._article()
        story = {"id": "s2", "url": "https://news.example/2026/12/elections/"}
        assert coral(coral_request(ASIDE, story=story)).status_code == 204


class TestNothingStored:
    def test_no_text_of_the_comment_is_kept_anywhere(self, coral):
        marker = "Zanzibarquux"
        for text in (PROFANE, THREAT, FINE):
            assert coral(coral_request(f"{text} {marker}")).status_code in (200, 204)
        out = io.StringIO()
        call_command("dumpdata", stdout=out)
        assert marker not in out.getvalue()
        assert "moron" not in out.getvalue()


class TestBodyText:
    @pytest.mark.parametrize(
        ("body", "text"),
        [
            ("<p>Hi <b>you</b> &amp; me</p><p>second<br>line</p>", "Hi you & me\n\nsecond\nline"),
            ("a < b and c > d", "a < b and c > d"),
            ("I <3 the bridge &amp; plain text", "I <3 the bridge & plain text"),
            ('<p>deals <a href="https://watches.example/buy">here</a></p>', "deals here (https://watches.example/buy)"),
            ('<a href="https://a.example/x">https://a.example/x</a>', "https://a.example/x"),
            ("<blockquote><p>quoted</p></blockquote><p>reply</p>", "quoted\n\nreply"),
        ],
    )  # fmt: skip
    def test_html_and_plain_bodies_read_as_the_reader_sees_them(self, body, text):
        assert body_text(body) == text
