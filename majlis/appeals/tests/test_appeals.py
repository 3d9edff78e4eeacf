"""The rejection mail's link lets a commenter appeal once; another moderator decides, the
outcome is a new decision in the log, and the commenter is mailed it."""

from __future__ import annotations

import re
import time

import pytest
from django.core import signing

from majlis.appeals.models import Appeal
from majlis.comments import actions
from majlis.comments.models import Comment, Decision, Status, Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(make_comment, moderator, committed, outbox):
    comment = make_comment("The council is wrong about this.")
    with committed():
        actions.reject(comment, actor=moderator, categories=["personal_attack"])
    return comment


def _appeal_path(message) -> str:
    (url,) = re.findall(r"http://[^/\s]+(/appeal/\S+/)", message.body)
    return url


def test_the_link_opens_a_form_and_the_appeal_is_stored_with_its_note(client, rejected, outbox):
    path = _appeal_path(outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert b"The council is wrong about this." in page.content
    response = client.post(path, {"note": "It criticises a policy, not a person."})
    assert response.status_code == 201
    appeal = Appeal.objects.get()
    assert (appeal.comment_id, appeal.note) == (
        rejected.pk,
        "It criticises a policy, not a person.",
    )
    assert appeal.decision == Decision.objects.get(comment=rejected)


def test_a_comment_is_appealed_once_only(client, rejected, outbox):
    path = _appeal_path(outbox[0])
    client.post(path, {"note": "First"})
    again = client.post(path, {"note": "Second"})
    assert again.status_code == 200
    assert b"<textarea" not in again.content
    assert list(Appeal.objects.values_list("note", flat=True)) == ["First"]


def test_a_forged_or_expired_link_opens_nothing(client, rejected, outbox, monkeypatch):
    assert client.get("/appeal/forged/").status_code == 404
    path = _appeal_path(outbox[0])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 182 * 86400)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(time, "time", lambda: now + 184 * 86400)
    assert client.post(path, {"note": "late"}).status_code == 404
    assert not Appeal.objects.exists()


def test_a_link_from_an_approval_is_no_appeal_link(client, make_comment, moderator):
    comment = make_comment()
    decision = actions.approve(comment, actor=moderator)
    token = signing.dumps({"d": decision.pk}, salt="majlis.appeals.appeal")
    assert client.get(f"/appeal/{token}/").status_code == 404


def test_the_desk_lists_open_appeals_and_the_rejecter_may_not_decide(
    client, rejected, outbox, moderator, second_moderator
):
    client.post(_appeal_path(outbox[0]), {"note": "Please look again"})
    client.force_login(moderator)
    page = client.get("/desk/appeals/")
    assert page.status_code == 200
    assert b"Please look again" in page.content
    assert b"another moderator decides this appeal" in page.content
    appeal = Appeal.objects.get()
    response = client.post(f"/desk/appeals/{appeal.pk}/decide/", {"verdict": "approve"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.is_open
    assert Comment.objects.get(pk=rejected.pk).status == Status.REJECTED


def test_the_desk_is_for_moderators(client, outsider):
    client.force_login(outsider)
    assert client.get("/desk/appeals/").status_code == 403


def test_overturning_publishes_logs_a_decision_and_mails_the_outcome(
    client, rejected, outbox, second_moderator, committed
):
    client.post(_appeal_path(outbox[0]), {"note": "Please"})
    outbox.clear()
    client.force_login(second_moderator)
    appeal = Appeal.objects.get()
    with committed():
        client.post(f"/desk/appeals/{appeal.pk}/decide/", {"verdict": "approve"})
    appeal.refresh_from_db()
    assert appeal.outcome.verdict == Verdict.APPROVE
    assert appeal.outcome.moderator == second_moderator
    assert Comment.objects.get(pk=rejected.pk).status == Status.APPROVED
    (message,) = outbox
    assert "After your appeal, a moderator looked again and published your comment" in message.body


def test_upholding_is_a_new_decision_too_and_its_mail_offers_no_second_appeal(
    rejected, outbox, second_moderator, committed, client
):
    client.post(_appeal_path(outbox[0]), {"note": "Please"})
    outbox.clear()
    appeal = Appeal.objects.get()
    with committed():
        decision = actions.decide_appeal(
            appeal, "reject", actor=second_moderator, categories=["personal_attack"]
        )
    assert Decision.objects.filter(comment=rejected).count() == 2
    assert decision.verdict == Verdict.REJECT
    (message,) = outbox
    assert "decided, again, not to publish" in message.body
    assert "/appeal/" not in message.body
    assert "final here" in message.body
    with pytest.raises(actions.DecisionError, match="already decided"):
        actions.decide_appeal(appeal, "approve", actor=second_moderator)


def test_an_automatic_rejection_may_be_decided_by_any_moderator(make_comment, moderator, committed):
    comment = make_comment()
    actions.decide_automatically(
        [(comment, "reject", ["threat"], "")], actor=actions.AutomaticModerator("1")
    )
    decision = Decision.objects.get(comment=comment)
    appeal = Appeal.objects.create(comment=comment, decision=decision)
    outcome = actions.decide_appeal(appeal, "approve", actor=moderator)
    assert outcome.moderator == moderator


def test_no_email_address_shows_on_the_public_pages(
    client, rejected, outbox, article, make_comment, moderator
):
    published = make_comment("Published words", author_email="shown-nowhere@example.org")
    actions.approve(published, actor=moderator)
    pages = [
        client.get(article.get_absolute_url()),
        client.get(f"/api/v1/articles/{article.key}/comments"),
        client.get(_appeal_path(outbox[0])),
        client.get(re.findall(r"http://[^/\s]+(/mail/unsubscribe/\S+/)", outbox[0].body)[0]),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert "@example.org" not in text
