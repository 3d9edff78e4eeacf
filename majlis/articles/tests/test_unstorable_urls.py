"""A NUL in a page's URL or query is a 400 on every database (PostgreSQL refuses NUL in a
query parameter, which was a 500), on the reader's pages and in the admin alike."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
class TestUnstorableUrls:
    @pytest.mark.parametrize(
        "url", ["/tags/a%00b/", "/?page=%00", "/articles/bridge-repairs/?reply=%00"]
    )
    def test_reader_pages_answer_400(self, client, article, url):
        response = client.get(url)
        assert response.status_code == 400
        assert "Null characters" in response.content.decode()

    @pytest.mark.parametrize(
        "url", ["/admin/articles/article/?q=%00", "/admin/comments/comment/?status=%00"]
    )
    def test_the_admin_answers_400(self, client, admin_user, url):
        client.force_login(admin_user)
        assert client.get(url).status_code == 400
