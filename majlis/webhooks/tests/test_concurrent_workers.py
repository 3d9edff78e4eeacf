"""Two workers sending at once never send one delivery twice. (PostgreSQL: SQLite lets one
writer in at a time, so its claims cannot overlap.)"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from majlis.webhooks import delivery
from majlis.webhooks.models import Delivery, DeliveryStatus, Webhook
from majlis.webhooks.tests.conftest import SECRET

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
    pytest.mark.django_db(transaction=True),
]


def test_two_workers_share_the_due_deliveries(receiver, make_comment):
    Webhook.objects.create(url=receiver.url, secret=SECRET, events=["comment.created"])
    for n in range(12):
        make_comment(f"Comment number {n}.")
    receiver.delay = 0.05
    errors: list[BaseException] = []

    def work(worker_id: str) -> None:
        try:
            delivery.deliver_due(worker_id, size=3, budget=30)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sent = Counter(r.headers["X-Majlis-Delivery"] for r in receiver.requests)
    assert len(sent) == 12
    assert set(sent.values()) == {1}
    assert set(Delivery.objects.values_list("status", "attempts")) == {
        (DeliveryStatus.DELIVERED, 1)
    }
