"""Each site keeps its own articles: the same key in two sites is two articles, each reached
at its own address, through the API by `site` or by the page's origin."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from majlis.articles.models import Article
from majlis.comments import actions
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    site = Site.objects.create(key="ckb", name="Kurdish edition", language="ckb")
    site.set_origins(["https://ckb.news.example"])
    return site


@pytest.fixture
def twins(edition):
    main = Article.objects.create(key="budget-2027", title="The budget", language="en")
    other = Article.objects.create(site=edition, key="budget-2027", title="بودجە", language="ckb")
    return main, other


def test_articles_made_without_a_site_belong_to_the_default_one(article):
    assert article.site == Site.default()
    assert article.site.is_default
    assert article.site.key == "main"


def test_a_key_is_unique_within_a_site_not_across_sites(twins):
    main, other = twins
    assert main.site != other.site
    with pytest.raises(IntegrityError):
        Article.objects.create(site=other.site, key="budget-2027", title="Again", language="ckb")


def test_each_twin_has_its_own_page(client, twins):
    main, other = twins
    assert main.get_absolute_url() == "/articles/budget-2027/"
    assert other.get_absolute_url() == "/sites/ckb/articles/budget-2027/"
    assert "The budget" in client.get(main.get_absolute_url()).content.decode()
    page = client.get(other.get_absolute_url()).content.decode()
    assert "بودجە" in page
    # Its form posts to its own site's article, not the default site's twin.
    assert 'action="/sites/ckb/articles/budget-2027/comments/"' in page
    assert client.get("/sites/nowhere/articles/budget-2027/").status_code == 404


def test_a_comment_posted_on_a_twin_page_lands_on_that_twin(client, twins):
    main, other = twins
    page = client.get(other.get_absolute_url())
    token = page.context["form"]["token"].value()
    response = client.post(
        other.get_post_url(),
        {
            "author_name": "Reader",
            "author_email": "reader@example.org",
            "body": "A fair point about the budget.",
            "token": token,
        },
    )
    assert response.status_code == 303
    assert other.comments.count() == 1
    assert main.comments.count() == 0


@pytest.mark.usefixtures("twins")
def test_the_api_finds_the_article_by_site_key_by_origin_or_in_the_default_site(client):
    url = "/api/v1/articles/budget-2027"
    assert client.get(url).json()["title"] == "The budget"
    assert client.get(url).json()["site"] == "main"
    assert client.get(url, {"site": "ckb"}).json()["title"] == "بودجە"
    embedded = client.get(url, HTTP_ORIGIN="https://ckb.news.example")
    assert embedded.json()["site"] == "ckb"
    assert client.get(url, {"site": "nowhere"}).status_code == 404


def test_the_comment_list_is_the_sites_own(client, twins, django_user_model):
    _, other = twins
    moderator = django_user_model.objects.create_user("mod", role="moderator")
    comment = actions.submit(
        other, author_name="Reader", author_email="r@example.org", body="Good to see."
    )
    actions.approve(comment, actor=moderator)
    listed = client.get("/api/v1/articles/budget-2027/comments", {"site": "ckb"}).json()
    assert [c["body"] for c in listed["items"]] == ["Good to see."]
    assert client.get("/api/v1/articles/budget-2027/comments").json()["items"] == []


def test_upserting_names_the_site_and_an_unknown_site_is_a_400(client, editor, token_for, edition):
    article = {"key": "roads", "title": "Roads", "language": "ckb"}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(editor)}"}
    made = client.post(
        "/api/v1/articles?site=ckb", article, content_type="application/json", **headers
    )
    assert made.status_code == 201
    assert made.json()["site"] == "ckb"
    assert Article.objects.get(key="roads").site == edition
    refused = client.post(
        "/api/v1/articles?site=nowhere", article, content_type="application/json", **headers
    )
    assert refused.status_code == 400
    assert "site" in refused.json()["errors"]
