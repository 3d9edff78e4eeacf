"""Escalating to an editor: the comment leaves the moderators' queue for the escalation
queue, which editors and admins see, until an editor decides or sends it back."""

from __future__ import annotations

import re

import pytest

from majlis.comments.models import Status
from majlis.escalations.models import Escalation


def _queued(response) -> list[int]:
    return [int(n) for n in re.findall(r'data-comment="(\d+)"', response.content.decode())]


def _escalated(response) -> list[int]:
    return [int(n) for n in re.findall(r'data-escalated="(\d+)"', response.content.decode())]


@pytest.fixture
def escalated(desk, make_comment):
    comment = make_comment("Is this libel about the mayor?")
    response = desk.post(f"/desk/comments/{comment.pk}/escalate/", {"note": "possible libel"})
    assert response.status_code == 302
    return comment


@pytest.mark.django_db
class TestEscalating:
    def test_the_note_is_logged_and_the_comment_leaves_the_queue(
        self, desk, escalated, moderator, make_comment
    ):
        other = make_comment("Ordinary remark.")
        (row,) = Escalation.objects.all()
        assert (row.comment_id, row.note, row.escalated_by) == (
            escalated.pk,
            "possible libel",
            moderator,
        )
        assert _queued(desk.get("/desk/")) == [other.pk]
        detail = desk.get(f"/desk/comments/{escalated.pk}/").content.decode()
        assert "possible libel" in detail

    def test_a_note_is_required(self, desk, make_comment):
        comment = make_comment()
        desk.post(f"/desk/comments/{comment.pk}/escalate/", {"note": "  "})
        assert not Escalation.objects.exists()

    def test_a_moderator_cannot_see_the_escalation_queue_nor_decide_the_comment(
        self, desk, escalated
    ):
        assert desk.get("/desk/escalated/").status_code == 403
        assert "/desk/escalated/" not in desk.get("/desk/").content.decode()
        desk.post(f"/desk/comments/{escalated.pk}/decide/", {"verdict": "approve"})
        escalated.refresh_from_db()
        assert escalated.status == Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor", "admin_user"])
class TestEditorsAndAdmins:
    def test_see_the_escalation_queue_with_the_note(self, client, escalated, who, request):
        client.force_login(request.getfixturevalue(who))
        response = client.get("/desk/escalated/")
        assert response.status_code == 200
        assert _escalated(response) == [escalated.pk]
        assert "possible libel" in response.content.decode()
        assert "/desk/escalated/" in client.get("/desk/").content.decode()

    def test_deciding_takes_it_out_of_the_escalation_queue(self, client, escalated, who, request):
        client.force_login(request.getfixturevalue(who))
        client.post(
            f"/desk/comments/{escalated.pk}/decide/",
            {"verdict": "reject", "categories": ["personal_attack"]},
        )
        escalated.refresh_from_db()
        assert escalated.status == Status.REJECTED
        assert _escalated(client.get("/desk/escalated/")) == []

    def test_sending_back_returns_it_to_the_queue_with_the_reply_logged(
        self, client, escalated, who, request
    ):
        person = request.getfixturevalue(who)
        client.force_login(person)
        client.post(f"/desk/comments/{escalated.pk}/send-back/", {"note": "fine, approve it"})
        assert _escalated(client.get("/desk/escalated/")) == []
        assert _queued(client.get("/desk/")) == [escalated.pk]
        row = Escalation.objects.get()
        assert (row.reply, row.sent_back_by) == ("fine, approve it", person)


@pytest.mark.django_db
def test_a_moderator_cannot_send_back(desk, escalated):
    assert desk.post(f"/desk/comments/{escalated.pk}/send-back/").status_code == 403
    assert Escalation.objects.get().sent_back_at is None
