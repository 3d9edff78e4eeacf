"""Escalating and sending back, as the desk calls them."""

from __future__ import annotations

import pytest

from majlis.escalations import actions
from majlis.escalations.models import Escalation

pytestmark = pytest.mark.django_db


def test_a_comment_is_escalated_once_at_a_time(make_comment, moderator, editor):
    comment = make_comment()
    actions.escalate(comment, actor=moderator, note="a legal question")
    with pytest.raises(actions.EscalationError, match="already"):
        actions.escalate(comment, actor=moderator, note="again")
    actions.send_back(comment, actor=editor, note="fine")
    again = actions.escalate(comment, actor=moderator, note="now the photo")
    assert Escalation.objects.count() == 2
    assert list(Escalation.objects.open()) == [again]


def test_only_a_pending_comment_is_escalated(make_comment, moderator):
    comment = make_comment(status="approved")
    with pytest.raises(actions.EscalationError, match="awaiting"):
        actions.escalate(comment, actor=moderator, note="hmm")
    assert not Escalation.objects.exists()


def test_a_decided_comment_is_no_longer_open(make_comment, moderator, editor):
    from majlis.comments import actions as comments

    comment = make_comment()
    actions.escalate(comment, actor=moderator, note="check")
    comments.approve(comment, actor=editor)
    assert not Escalation.objects.open().exists()


def test_people_without_a_role_escalate_nothing(make_comment, outsider):
    with pytest.raises(actions.EscalationError):
        actions.escalate(make_comment(), actor=outsider, note="x")


def test_the_automatic_moderator_leaves_an_escalated_comment_to_the_editor(make_comment, moderator):
    from majlis.comments import actions as comments

    comment = make_comment()
    actions.escalate(comment, actor=moderator, note="check the quote")
    machine = comments.AutomaticModerator("9.9.9")
    assert comments.decide_automatically([(comment, "approve", (), "")], actor=machine) == 0
    comment.refresh_from_db()
    assert comment.status == "pending"
