"""A commenter who ticked the box is mailed when a reply to their comment is approved."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.notices.models import ReplySubscription, Unsubscribed

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(make_comment, moderator):
    parent = make_comment(author_email="layla@example.org", notify_replies=True)
    actions.approve(parent, actor=moderator)
    return parent


def _replies_mail(outbox):
    return [m for m in outbox if m.to == ["layla@example.org"]]


def test_the_form_checkbox_asks_for_reply_notices(client, article, form_data):
    client.post(article.get_post_url(), form_data(notify_replies="on"))
    assert ReplySubscription.objects.count() == 1
    client.post(article.get_post_url(), form_data(body="Another thought."))
    assert ReplySubscription.objects.count() == 1


def test_the_api_field_asks_for_reply_notices(client, article, form_data):
    data = form_data(notify_replies=True)
    del data["parent_id"]
    response = client.post(
        f"/api/v1/articles/{article.key}/comments", data, content_type="application/json"
    )
    assert response.status_code == 202, response.content
    assert ReplySubscription.objects.get().comment_id == response.json()["id"]


def test_an_approved_reply_is_told_to_the_parents_author(
    asked, make_comment, moderator, committed, outbox
):
    reply = make_comment("I agree.", parent=asked, author_name="Omar", author_email="o@example.org")
    with committed():
        actions.approve(reply, actor=moderator)
    (notice,) = _replies_mail(outbox)
    assert "A reply to your comment" in notice.subject
    assert "Omar replied to your comment" in notice.body
    assert f"?comment={reply.pk}#comment-{reply.pk}" in notice.body
    # The replier is told of their own comment's approval, as anyone is.
    assert [m.to for m in outbox if m is not notice] == [["o@example.org"]]


def test_no_notice_for_a_rejected_reply_nor_one_that_asked_nothing(
    asked, make_comment, moderator, committed, outbox
):
    reply = make_comment("Spam", parent=asked, author_email="o@example.org")
    with committed():
        actions.reject(reply, actor=moderator, categories=["promotion"])
    quiet = make_comment("Unasked", author_email="q@example.org")
    other = make_comment("Reply", parent=quiet, author_email="o@example.org")
    actions.approve(quiet, actor=moderator)
    with committed():
        actions.approve(other, actor=moderator)
    assert _replies_mail(outbox) == []
    assert not [m for m in outbox if m.to == ["q@example.org"]]


def test_no_notice_for_ones_own_reply_or_after_unsubscribing(
    asked, make_comment, moderator, committed, outbox
):
    own = make_comment("And another thing", parent=asked, author_email="LAYLA@example.org")
    with committed():
        actions.approve(own, actor=moderator)
    assert not any("A reply" in m.subject for m in outbox)
    Unsubscribed.add("layla@example.org")
    outbox.clear()
    reply = make_comment("I agree.", parent=asked, author_email="o@example.org")
    with committed():
        actions.approve(reply, actor=moderator)
    assert [m.to for m in outbox] == [["o@example.org"]]
