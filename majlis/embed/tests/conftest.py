"""A newsroom's site with its origin, and its articles, for the embed's tests."""

from __future__ import annotations

import json

import pytest

from majlis.articles.models import Article
from majlis.sites.models import Site

NEWS = "https://news.example"
OTHER = "https://other.example"


@pytest.fixture
def news(db) -> Site:
    site = Site.objects.create(key="news", name="The News", auto_register=True, language="ar")
    site.set_origins([NEWS])
    return site


@pytest.fixture
def other_site(db) -> Site:
    site = Site.objects.create(key="other", name="Other paper")
    site.set_origins([OTHER])
    return site


@pytest.fixture
def story(news) -> Article:
    return Article.objects.create(site=news, key="bridge", title="The bridge", language="en")


@pytest.fixture
def post_json(client):
    def post(url: str, data, **headers):
        return client.post(url, json.dumps(data), content_type="application/json", **headers)

    return post
