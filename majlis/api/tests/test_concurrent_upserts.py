"""Two editors' systems sending one new article at the same moment: one creates it, the other
updates it, and neither gets a 500. (PostgreSQL: SQLite lets only one writer in at a time.)"""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from majlis.articles.models import Article, Tag

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_upserts_of_one_new_key_give_201_and_200(editor, token_for, monkeypatch):
    token = token_for(editor)
    barrier = threading.Barrier(2, timeout=10)
    waited: set[int] = set()
    real_save = Article.save

    def save_together(self, *args, **kwargs):
        # Both requests have looked the key up and found nothing before either inserts.
        if threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            barrier.wait()
        return real_save(self, *args, **kwargs)

    statuses, errors = [], []

    def send(title: str) -> None:
        try:
            response = Client(raise_request_exception=False).post(
                "/api/v1/articles",
                json.dumps({"key": "race", "title": title, "language": "en", "tags": ["Budget"]}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            statuses.append(response.status_code)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    monkeypatch.setattr(Article, "save", save_together)
    threads = [threading.Thread(target=send, args=(t,)) for t in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(statuses) == [200, 201]
    article = Article.objects.get()
    assert article.title in ("First", "Second")
    assert [t.name for t in article.tags.all()] == ["Budget"]
    assert Tag.objects.count() == 1
