"""The embed reports from the newsroom's pages: CORS answers the sites' origins on the
reports path, and a page of any other origin is refused, as posting a comment is."""

from __future__ import annotations

import pytest

from majlis.reports.models import Report

pytestmark = pytest.mark.django_db
NEWS = "https://news.example"


@pytest.fixture
def news_site(article):
    article.site.set_origins([NEWS])
    return article.site


class TestOrigins:
    def test_a_page_of_the_site_may_report_and_read_the_answer(
        self, post_report, published, news_site
    ):
        response = post_report(published.pk, {"reason": "threat"}, HTTP_ORIGIN=NEWS)
        assert response.status_code == 202
        assert response["Access-Control-Allow-Origin"] == NEWS

    def test_the_preflight_is_answered_for_the_sites_origin(self, client, published, news_site):
        response = client.options(
            f"/api/v1/comments/{published.pk}/reports",
            HTTP_ORIGIN=NEWS,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
        )
        assert response["Access-Control-Allow-Origin"] == NEWS
        assert "POST" in response["Access-Control-Allow-Methods"]

    def test_a_foreign_page_is_refused_with_its_origin_named(
        self, post_report, published, news_site
    ):
        response = post_report(
            published.pk, {"reason": "threat"}, HTTP_ORIGIN="https://evil.example"
        )
        assert response.status_code == 403
        assert "https://evil.example" in response.json()["detail"]
        assert "Access-Control-Allow-Origin" not in response
        assert not Report.objects.exists()

    def test_the_moderators_comment_path_stays_without_cors(self, client, published, news_site):
        response = client.get(f"/api/v1/comments/{published.pk}", HTTP_ORIGIN=NEWS)
        assert "Access-Control-Allow-Origin" not in response
