from __future__ import annotations

import pytest


@pytest.mark.django_db
class TestAdminFollowsRoles:
    def test_an_editor_manages_articles_and_tags(self, client, editor):
        client.force_login(editor)
        for url in (
            "/admin/articles/article/",
            "/admin/articles/article/add/",
            "/admin/articles/tag/",
        ):
            assert client.get(url).status_code == 200, url

    def test_an_editor_cannot_manage_people_or_guidelines(self, client, editor):
        client.force_login(editor)
        assert client.get("/admin/accounts/user/").status_code == 403
        assert client.get("/admin/comments/guideline/").status_code == 403

    def test_an_admin_edits_the_guidelines(self, client, admin_user):
        client.force_login(admin_user)
        assert client.get("/admin/comments/guideline/add/").status_code == 200

    def test_a_moderator_has_no_admin(self, client, moderator):
        client.force_login(moderator)
        response = client.get("/admin/articles/article/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
