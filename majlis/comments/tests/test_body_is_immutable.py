from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from majlis.comments.models import Comment, ImmutableError


@pytest.mark.django_db
class TestBodyIsImmutable:
    def test_save_refuses_a_changed_body(self, make_comment):
        comment = Comment.objects.get(pk=make_comment("Original words").pk)
        comment.body = "Words put in the reader's mouth"
        with pytest.raises(ImmutableError):
            comment.save()
        assert Comment.objects.get(pk=comment.pk).body == "Original words"

    def test_queryset_update_refuses_the_body(self, make_comment):
        comment = make_comment("Original words")
        with pytest.raises(ImmutableError):
            Comment.objects.filter(pk=comment.pk).update(body="changed")

    def test_status_may_still_change_through_save(self, make_comment):
        comment = Comment.objects.get(pk=make_comment().pk)
        comment.language = "tr"
        comment.save()
        assert Comment.objects.get(pk=comment.pk).language == "tr"

    def test_the_database_refuses_raw_sql(self, make_comment):
        comment = make_comment("Original words")
        # SQLite raises IntegrityError, PostgreSQL InternalError: both are DatabaseErrors.
        with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE comments_comment SET body = %s WHERE id = %s", ["x", comment.pk])
        assert "never edited" in str(caught.value) or isinstance(caught.value, IntegrityError)
        assert Comment.objects.get(pk=comment.pk).body == "Original words"


@pytest.mark.django_db
class TestTheAdminHasNoEditBox:
    def test_the_change_page_shows_the_body_read_only(self, client, editor, make_comment):
        comment = make_comment("Original <b>words</b>")
        client.force_login(editor)
        page = client.get(f"/admin/comments/comment/{comment.pk}/change/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Original &lt;b&gt;words&lt;/b&gt;" in html
        assert '<textarea name="body"' not in html
        assert 'name="author_name"' not in html
        assert 'name="author_email"' not in html

    def test_a_post_to_the_change_page_changes_nothing(self, client, editor, make_comment):
        comment = make_comment("Original words")
        client.force_login(editor)
        response = client.post(
            f"/admin/comments/comment/{comment.pk}/change/",
            {
                "body": "Words put in the reader's mouth",
                "author_name": "Someone else",
                "status": "approved",
                "decisions-TOTAL_FORMS": "0",
                "decisions-INITIAL_FORMS": "0",
                "decisions-MIN_NUM_FORMS": "0",
                "decisions-MAX_NUM_FORMS": "1000",
            },
        )
        assert response.status_code in (200, 302)
        stored = Comment.objects.get(pk=comment.pk)
        assert (stored.body, stored.author_name, stored.status) == (
            "Original words",
            "Reader",
            "pending",
        )
        assert stored.decisions.count() == 0

    def test_the_admin_cannot_add_or_delete_comments(self, client, admin_user, make_comment):
        comment = make_comment()
        client.force_login(admin_user)
        assert client.get("/admin/comments/comment/add/").status_code == 403
        assert (
            client.post(
                f"/admin/comments/comment/{comment.pk}/delete/", {"post": "yes"}
            ).status_code
            == 403
        )
        assert Comment.objects.filter(pk=comment.pk).exists()

    def test_the_admins_approve_action_logs_a_decision(self, client, editor, make_comment):
        comment = make_comment()
        client.force_login(editor)
        response = client.post(
            "/admin/comments/comment/",
            {"action": "approve_selected", "_selected_action": [comment.pk]},
        )
        assert response.status_code == 302
        assert Comment.objects.get(pk=comment.pk).status == "approved"
        assert comment.decisions.get().moderator == editor
