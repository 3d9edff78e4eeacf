"""Mail is never lost: it is stored with the decision it tells of, and the worker sends it,
retrying a mail server that is away and giving up, with the error kept, only after many tries."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from majlis.comments import actions
from majlis.comments.models import Comment, Status
from majlis.moderation.worker import Worker, purge_outboxes
from majlis.notices import outgoing
from majlis.notices.models import Mail
from majlis.webhooks.models import Delivery, DeliveryStatus, Webhook

pytestmark = pytest.mark.django_db


def _all_due() -> None:
    Mail.objects.update(next_attempt_at=timezone.now())


def test_a_decision_stores_its_mail_and_sends_nothing_yet(make_comment, moderator, outbox):
    comment = make_comment(author_email="layla@example.org")
    actions.approve(comment, actor=moderator)
    row = Mail.objects.get()
    assert (row.to, row.kind, row.status) == ("layla@example.org", "published", "pending")
    assert "published" in row.subject
    assert outbox == []


def test_a_rolled_back_decision_leaves_no_mail(make_comment, moderator):
    comment = make_comment()

    def decide_then_fail() -> None:
        with transaction.atomic():
            actions.approve(comment, actor=moderator)
            assert Mail.objects.exists()
            raise RuntimeError("the decision's transaction fails")

    with pytest.raises(RuntimeError):
        decide_then_fail()
    assert not Mail.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when it stops
def test_the_worker_sends_due_mail_and_marks_it_delivered(make_comment, moderator, outbox):
    actions.reject(make_comment(), actor=moderator, categories=["threat"])
    Worker(worker_id="w1").run(drain=True)
    (message,) = outbox
    row = Mail.objects.get()
    assert (row.status, row.attempts, row.last_error) == ("delivered", 1, "")
    assert row.delivered_at is not None
    assert message.subject == row.subject
    assert message.body == row.text
    assert message.alternatives[0][0] == row.html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert outgoing.send_due() == 0  # sent once only


def test_a_mail_server_that_is_away_is_retried_later(
    make_comment, moderator, outbox, monkeypatch, caplog
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    comment = make_comment(author_email="layla@example.org")
    actions.reject(comment, actor=moderator, categories=["threat"])
    assert outgoing.send_due() == 1
    assert Comment.objects.get(pk=comment.pk).status == Status.REJECTED
    row = Mail.objects.get()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=29)
    assert outgoing.send_due() == 0  # not before its delay
    assert "layla@example.org" not in caplog.text

    monkeypatch.undo()
    _all_due()
    assert outgoing.send_due() == 1
    assert Mail.objects.get().status == "delivered"
    assert len(outbox) == 1


def test_a_mail_is_given_up_after_its_last_try_with_the_error_kept(
    make_comment, moderator, outbox, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"layla@example.org": (550, b"no such user")})

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    monkeypatch.setattr(outgoing.OUTBOX, "max_attempts", 3)
    actions.approve(make_comment(author_email="layla@example.org"), actor=moderator)
    for _ in range(3):
        _all_due()
        assert outgoing.send_due() == 1
    row = Mail.objects.get()
    assert (row.status, row.attempts) == ("failed", 3)
    assert "SMTPRecipientsRefused" in row.last_error
    _all_due()
    assert outgoing.send_due() == 0


def test_the_admin_lists_failed_mail_and_can_retry_it(client, admin_user, make_comment, moderator):
    admin_user.is_staff = True
    admin_user.save()
    actions.approve(make_comment(), actor=moderator)
    Mail.objects.update(status="failed", attempts=8, last_error="SMTPAuthenticationError: 535")
    client.force_login(admin_user)
    page = client.get("/admin/notices/mail/?status__exact=failed").content.decode()
    assert "SMTPAuthenticationError: 535" in page
    row = Mail.objects.get()
    client.post("/admin/notices/mail/", {"action": "retry_selected", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 0)


def test_sent_mail_and_delivered_webhooks_are_purged_after_the_retention_period(
    make_comment, moderator, settings
):
    settings.MAJLIS = {**settings.MAJLIS, "OUTBOX_RETENTION_DAYS": 30}
    Webhook.objects.create(url="http://127.0.0.1:9/", secret="s" * 16, events=["comment.decided"])
    for _ in range(3):
        actions.approve(make_comment(), actor=moderator)
    old = timezone.now() - timedelta(days=31)
    for model in (Mail, Delivery):
        first, second, third = model.objects.order_by("pk")[:3]
        model.objects.filter(pk=first.pk).update(
            status=DeliveryStatus.DELIVERED, created_at=old, delivered_at=old
        )
        # Failed long ago: kept, for a person to see.
        model.objects.filter(pk=second.pk).update(status=DeliveryStatus.FAILED, created_at=old)
        model.objects.filter(pk=third.pk).update(
            status=DeliveryStatus.DELIVERED, delivered_at=timezone.now()
        )
    assert purge_outboxes() == 2
    for model in (Mail, Delivery):
        assert set(model.objects.values_list("status", flat=True)) == {"failed", "delivered"}
        assert model.objects.count() == 2
