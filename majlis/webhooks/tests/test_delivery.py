"""Deliveries reach a real receiver, signed; failures are retried with backoff, then given up."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from majlis.comments import actions
from majlis.lib import outbox
from majlis.webhooks import delivery
from majlis.webhooks.models import Delivery, DeliveryStatus, Webhook
from majlis.webhooks.signature import verify
from majlis.webhooks.tests.conftest import SECRET

pytestmark = pytest.mark.django_db


def _all_due() -> None:
    Delivery.objects.update(next_attempt_at=timezone.now())


class TestADeliveryReachesItsReceiver:
    def test_a_new_comment_is_posted_as_signed_json(self, webhook, receiver, make_comment):
        comment = make_comment("The ferry should run every hour during the closure.")
        assert delivery.deliver_due() == 1
        (request,) = receiver.requests
        assert request.path == "/hooks/majlis"
        assert verify(SECRET, request.headers["X-Majlis-Signature"], request.body)
        assert not verify(
            "another-secret-entirely", request.headers["X-Majlis-Signature"], request.body
        )
        sent = Delivery.objects.get()
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["X-Majlis-Event"] == "comment.created"
        assert request.headers["X-Majlis-Delivery"] == str(sent.pk)
        assert request.headers["User-Agent"].startswith("Majlis/")
        assert request.body == sent.body.encode()
        data = json.loads(request.body)
        assert data["event"] == "comment.created"
        assert data["comment"]["id"] == comment.pk
        assert data["comment"]["status"] == "pending"
        assert data["decision"] is None
        assert data["article"]["key"] == comment.article.key
        sent.refresh_from_db()
        assert sent.status == DeliveryStatus.DELIVERED
        assert (sent.attempts, sent.last_status_code, sent.last_error) == (1, 200, "")
        assert sent.delivered_at is not None
        assert sent.claimed_by == ""

    def test_a_decision_is_posted_with_who_took_it(
        self, webhook, receiver, make_comment, moderator
    ):
        comment = make_comment("A fair question about the buses.")
        actions.reject(comment, actor=moderator, categories=["off_topic"], note="for the desk")
        assert delivery.deliver_due() == 2
        decided = json.loads(receiver.requests[-1].body)
        assert decided["event"] == "comment.decided"
        assert decided["comment"]["status"] == "rejected"
        assert decided["decision"]["verdict"] == "reject"
        assert decided["decision"]["categories"] == ["off_topic"]
        assert decided["decision"]["actor"] == {"kind": "moderator", "name": "mona"}
        assert decided["decision"]["automatic"] is False
        assert "for the desk" not in receiver.requests[-1].body.decode()

    def test_nothing_is_sent_twice(self, webhook, receiver, make_comment):
        make_comment()
        assert delivery.deliver_due() == 1
        _all_due()
        assert delivery.deliver_due() == 0
        assert len(receiver.requests) == 1


class TestFailuresAreRetried:
    def test_a_server_error_is_retried_after_a_growing_delay(self, webhook, receiver, make_comment):
        receiver.answers = [500, 503]
        make_comment()
        before = timezone.now()
        delivery.deliver_due()
        row = Delivery.objects.get()
        assert (row.status, row.attempts, row.last_status_code) == ("pending", 1, 500)
        assert row.last_error == "answered HTTP 500"
        assert before + timedelta(seconds=30) <= row.next_attempt_at
        assert row.next_attempt_at <= timezone.now() + timedelta(seconds=36)
        # Not due yet: nothing is sent.
        assert delivery.deliver_due() == 0
        _all_due()
        before = timezone.now()
        delivery.deliver_due()
        row.refresh_from_db()
        assert (row.attempts, row.last_status_code) == (2, 503)
        assert row.next_attempt_at >= before + timedelta(minutes=2)
        _all_due()
        delivery.deliver_due()
        row.refresh_from_db()
        assert (row.status, row.attempts, row.last_status_code) == ("delivered", 3, 200)
        # Every attempt sent the same bytes for the same delivery, each signed afresh.
        assert len({r.body for r in receiver.requests}) == 1
        assert {r.headers["X-Majlis-Delivery"] for r in receiver.requests} == {str(row.pk)}
        assert all(
            verify(SECRET, r.headers["X-Majlis-Signature"], r.body) for r in receiver.requests
        )

    def test_a_refused_connection_is_retried(self, db, closed_port, make_comment):
        Webhook.objects.create(url=f"http://127.0.0.1:{closed_port}/", secret=SECRET)
        make_comment()
        assert delivery.deliver_due() == 1
        row = Delivery.objects.get()
        assert row.status == DeliveryStatus.PENDING
        assert row.last_status_code is None
        assert "ConnectionRefused" in row.last_error
        assert row.next_attempt_at > timezone.now() + timedelta(seconds=29)

    def test_a_delivery_is_failed_after_the_last_attempt(
        self, webhook, receiver, make_comment, monkeypatch
    ):
        monkeypatch.setattr(delivery.OUTBOX, "max_attempts", 3)
        receiver.answers = [500, 500, 500, 500]
        make_comment()
        for _ in range(3):
            _all_due()
            assert delivery.deliver_due() == 1
        row = Delivery.objects.get()
        assert (row.status, row.attempts, row.last_status_code) == ("failed", 3, 500)
        _all_due()
        assert delivery.deliver_due() == 0
        assert len(receiver.requests) == 3

    def test_a_delivery_whose_worker_died_every_time_is_given_up(self, webhook, make_comment):
        make_comment()
        Delivery.objects.update(attempts=delivery.OUTBOX.max_attempts, claimed_by="gone-worker")
        assert delivery.deliver_due() == 0
        row = Delivery.objects.get()
        assert row.status == DeliveryStatus.FAILED
        assert "every attempt" in row.last_error

    def test_a_redirect_is_not_followed(self, webhook, receiver, make_comment):
        receiver.answers = [302]
        make_comment()
        delivery.deliver_due()
        row = Delivery.objects.get()
        assert (row.status, row.last_status_code) == ("pending", 302)
        assert len(receiver.requests) == 1

    @pytest.mark.parametrize(
        ("attempt", "seconds"),
        [(1, 30), (2, 120), (3, 480), (4, 1920), (5, 7680), (6, 21600), (7, 21600)],
    )
    def test_the_delay_grows_fourfold_up_to_six_hours(self, attempt, seconds):
        assert outbox.retry_delay(attempt, jitter=lambda: 0.0) == timedelta(seconds=seconds)
        assert outbox.retry_delay(attempt, jitter=lambda: 0.999) < timedelta(seconds=seconds * 1.2)
        assert outbox.retry_delay(attempt, jitter=lambda: 0.999) > timedelta(seconds=seconds * 1.19)


class TestClaims:
    def test_a_delivery_claimed_by_one_worker_is_not_sent_by_another(self, webhook, make_comment):
        make_comment()
        assert len(delivery.claim("worker-a")) == 1
        assert delivery.deliver_due("worker-b") == 0

    def test_a_claim_that_ran_out_is_taken_over_and_the_first_worker_records_nothing(
        self, webhook, receiver, make_comment
    ):
        make_comment()
        (pk,) = delivery.claim("worker-a")
        _all_due()  # worker-a's lease ran out
        assert delivery.deliver_due("worker-b") == 1
        stale = Delivery.objects.select_related("webhook").get(pk=pk)
        stale.attempts = 1
        receiver.answers = [500]
        delivery.attempt("worker-a", stale)
        row = Delivery.objects.get()
        assert (row.status, row.last_status_code) == ("delivered", 200)

    def test_an_inactive_webhooks_deliveries_wait(self, webhook, receiver, make_comment):
        make_comment()
        webhook.active = False
        webhook.save()
        assert delivery.deliver_due() == 0
        webhook.active = True
        webhook.save()
        assert delivery.deliver_due() == 1

    def test_a_pass_stops_at_its_time_budget_and_gives_back_the_rest(
        self, webhook, receiver, make_comment
    ):
        receiver.delay = 0.3
        for n in range(5):
            make_comment(f"Comment number {n}.")
        assert delivery.deliver_due(size=5, budget=0.5) == 2
        left = Delivery.objects.filter(status="pending")
        assert left.count() == 3
        assert {(d.attempts, d.claimed_by) for d in left} == {(0, "")}
        assert all(d.next_attempt_at <= timezone.now() for d in left)


@pytest.mark.django_db(transaction=True)
def test_the_assessment_worker_sends_due_deliveries(db, receiver, make_comment):
    from majlis.moderation.worker import Worker

    Webhook.objects.create(url=receiver.url, secret=SECRET, events=["comment.created"])
    make_comment("Will the night buses run during the closure?")
    Worker(interval=0).run(drain=True)
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


class TestAddresses:
    def test_an_ipv6_address_without_a_port_is_reached_on_port_80(self, monkeypatch):
        reached = {}

        class Recording:
            def __init__(self, host, port, timeout):
                reached.update(host=host, port=port, timeout=timeout)

            def request(self, method, target, body, headers):
                reached.update(method=method, target=target)

            def getresponse(self):
                return type("Answer", (), {"status": 204})()

            def close(self):
                pass

        monkeypatch.setattr(delivery.http.client, "HTTPConnection", Recording)
        status = delivery.post("http://[::1]/hooks?from=majlis", b"{}", {})
        assert status == 204
        assert reached == {
            "host": "::1",
            "port": 80,
            "timeout": delivery.TIMEOUT_SECONDS,
            "method": "POST",
            "target": "/hooks?from=majlis",
        }
