"""The admin: webhooks set up by admins, deliveries a read-only log with "retry now"."""

from __future__ import annotations

import pytest
from django.utils import timezone

from majlis.sites.models import Site
from majlis.webhooks.models import Delivery, DeliveryStatus, Webhook
from majlis.webhooks.tests.conftest import SECRET

pytestmark = pytest.mark.django_db

WEBHOOKS = "/admin/webhooks/webhook/"
DELIVERIES = "/admin/webhooks/delivery/"


@pytest.fixture
def signed_in(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def delivered(webhook, make_comment):
    make_comment("A <script>alert('x')</script> in a comment.")
    row = Delivery.objects.get()
    Delivery.objects.filter(pk=row.pk).update(
        status=DeliveryStatus.DELIVERED, delivered_at=timezone.now(), last_status_code=200
    )
    return row


class TestWebhookPages:
    def test_the_list_and_the_forms_render(self, signed_in, webhook):
        assert signed_in.get(WEBHOOKS).status_code == 200
        assert signed_in.get(f"{WEBHOOKS}add/").status_code == 200
        page = signed_in.get(f"{WEBHOOKS}{webhook.pk}/change/")
        assert page.status_code == 200
        assert b"comment.decided" in page.content

    def test_adding_one_with_ticked_events(self, signed_in):
        answer = signed_in.post(
            f"{WEBHOOKS}add/",
            {
                "url": "https://cms.example.org/hook",
                "secret": SECRET,
                "events": ["comment.decided"],
                "active": "on",
            },
        )
        assert answer.status_code == 302
        assert Webhook.objects.get().events == ["comment.decided"]

    def test_adding_one_for_a_site(self, signed_in):
        site = Site.objects.create(key="sorani", name="Sorani edition")
        signed_in.post(
            f"{WEBHOOKS}add/",
            {"url": "https://ckb.example.org/", "secret": SECRET, "site": site.pk, "active": "on"},
        )
        assert Webhook.objects.get().site == site
        assert (
            signed_in.get(f"{WEBHOOKS}?site__id__exact={site.pk}").context["cl"].result_count == 1
        )

    def test_none_ticked_is_every_event(self, signed_in):
        signed_in.post(
            f"{WEBHOOKS}add/",
            {"url": "https://cms.example.org/hook", "secret": SECRET, "active": "on"},
        )
        assert Webhook.objects.get().events == ["comment.created", "comment.decided"]

    def test_a_bad_address_is_refused_on_its_field(self, signed_in):
        answer = signed_in.post(
            f"{WEBHOOKS}add/", {"url": "ftp://cms.example.org/", "secret": SECRET, "active": "on"}
        )
        assert answer.status_code == 200
        assert "url" in answer.context["adminform"].form.errors
        assert not Webhook.objects.exists()

    def test_a_webhook_is_switched_off_never_deleted(self, signed_in, webhook):
        assert signed_in.get(f"{WEBHOOKS}{webhook.pk}/delete/").status_code == 403

    def test_editors_do_not_see_webhooks_or_their_secrets(self, client, editor, webhook):
        client.force_login(editor)
        assert client.get(WEBHOOKS).status_code == 403
        assert client.get(DELIVERIES).status_code == 403


class TestDeliveryLog:
    def test_the_list_renders_with_its_filters(self, signed_in, delivered):
        assert signed_in.get(DELIVERIES).status_code == 200
        for query in (
            "?status__exact=delivered",
            "?event__exact=comment.created",
            f"?webhook__id__exact={delivered.webhook_id}",
        ):
            page = signed_in.get(DELIVERIES + query)
            assert page.status_code == 200
            assert page.context["cl"].result_count == 1

    def test_a_delivery_shows_its_payload_escaped_and_cannot_be_changed(self, signed_in, delivered):
        page = signed_in.get(f"{DELIVERIES}{delivered.pk}/change/")
        assert page.status_code == 200
        assert b"&lt;script&gt;" in page.content
        assert b"<script>alert" not in page.content
        assert b'name="_save"' not in page.content
        answer = signed_in.post(f"{DELIVERIES}{delivered.pk}/change/", {"status": "failed"})
        assert answer.status_code == 403
        assert signed_in.get(f"{DELIVERIES}add/").status_code == 403
        assert signed_in.get(f"{DELIVERIES}{delivered.pk}/delete/").status_code == 403

    def test_retry_now_makes_failed_and_waiting_deliveries_due(
        self, signed_in, webhook, make_comment
    ):
        for n in range(3):
            make_comment(f"Comment {n}.")
        failed, waiting, done = Delivery.objects.order_by("pk")
        later = timezone.now() + timezone.timedelta(hours=1)
        Delivery.objects.filter(pk=failed.pk).update(status="failed", attempts=8)
        Delivery.objects.filter(pk=waiting.pk).update(attempts=2, next_attempt_at=later)
        Delivery.objects.filter(pk=done.pk).update(status="delivered", attempts=1)
        answer = signed_in.post(
            DELIVERIES,
            {"action": "retry_selected", "_selected_action": [failed.pk, waiting.pk, done.pk]},
            follow=True,
        )
        assert answer.status_code == 200
        assert (
            "2 webhook deliveries are due now (1 delivered or being sent, left alone)"
            in answer.content.decode()
        )
        rows = {d.pk: d for d in Delivery.objects.all()}
        now = timezone.now()
        assert (rows[failed.pk].status, rows[failed.pk].attempts) == ("pending", 0)
        assert (rows[waiting.pk].status, rows[waiting.pk].attempts) == ("pending", 2)
        assert rows[failed.pk].next_attempt_at <= now
        assert rows[waiting.pk].next_attempt_at <= now
        assert (rows[done.pk].status, rows[done.pk].attempts) == ("delivered", 1)
