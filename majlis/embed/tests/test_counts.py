"""GET /api/v1/embed/counts: approved-comment counts for an article list, in one request."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article
from majlis.embed.tests.conftest import NEWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(news, story, make_comment):
    pird = Article.objects.create(site=news, key="pird", title="پرد", language="ckb")
    for n in range(3):
        make_comment(f"Seen {n}.", status="approved", article=story)
    make_comment("Waiting.", article=story)
    make_comment("Refused.", status="rejected", article=story)
    make_comment("یەک.", status="approved", article=pird)
    return story, pird


def test_it_counts_approved_comments_by_key(client, articles):
    response = client.get("/api/v1/embed/counts?keys=bridge,pird,nowhere", HTTP_ORIGIN=NEWS)
    assert response.status_code == 200
    assert response.json() == {
        "counts": {
            "bridge": {"count": 3, "label": "3 comments"},
            "pird": {"count": 1, "label": "1 لێدوان"},
        }
    }


def test_labels_in_the_language_asked_for(client, articles):
    data = client.get("/api/v1/embed/counts?keys=bridge,pird&language=ar", HTTP_ORIGIN=NEWS).json()
    assert data["counts"]["bridge"]["label"] == "3 تعليقات"
    assert data["counts"]["pird"]["label"] == "تعليق واحد"


def test_only_the_sites_articles_are_counted(client, articles, article, make_comment):
    make_comment("On the default site.", status="approved")
    assert client.get("/api/v1/embed/counts?keys=bridge-repairs", HTTP_ORIGIN=NEWS).json() == {
        "counts": {}
    }
    default = client.get("/api/v1/embed/counts?keys=bridge-repairs").json()
    assert default["counts"]["bridge-repairs"]["count"] == 1


def test_it_is_cacheable_and_revalidated(client, articles):
    first = client.get("/api/v1/embed/counts?keys=bridge", HTTP_ORIGIN=NEWS)
    assert "public" in first["Cache-Control"]
    again = client.get(
        "/api/v1/embed/counts?keys=bridge", HTTP_ORIGIN=NEWS, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "keys",
    ["", ",,", ",".join(f"k{n}" for n in range(101)), "a,<script>", "a b", "x" * 201],
)
def test_bad_keys_are_a_400_naming_keys(client, news, keys):
    response = client.get("/api/v1/embed/counts", {"keys": keys}, HTTP_ORIGIN=NEWS)
    assert response.status_code == 400
    assert "keys" in response.json()["errors"]


def test_a_hundred_keys_are_fine(client, articles):
    keys = ",".join(["bridge", *(f"k{n}" for n in range(99))])
    response = client.get("/api/v1/embed/counts", {"keys": keys}, HTTP_ORIGIN=NEWS)
    assert response.status_code == 200


def test_a_page_of_another_origin_is_refused(client, articles):
    response = client.get(
        "/api/v1/embed/counts?keys=bridge&site=news", HTTP_ORIGIN="https://x.example"
    )
    assert response.status_code == 403
