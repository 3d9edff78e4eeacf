"""`majlis load_demo`: demo articles in several languages, comments in every state, and a
demo moderator; running it twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from majlis.accounts.models import User
from majlis.articles.models import Article
from majlis.comments.models import Comment, Decision, Guideline


def _counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "decisions": Decision.objects.count(),
        "users": User.objects.count(),
        "guidelines": Guideline.objects.count(),
    }


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    settings.MAJLIS_DEMO = True


@pytest.mark.django_db
class TestLoadDemo:
    def test_it_is_idempotent(self):
        call_command("load_demo", stdout=StringIO())
        first = _counts()
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert _counts() == first
        assert f"{first['articles']} articles" in out.getvalue()

    def test_it_loads_comments_in_every_state_and_three_languages(self):
        call_command("load_demo", stdout=StringIO())
        assert set(Comment.objects.values_list("status", flat=True)) == {
            "pending",
            "approved",
            "rejected",
        }
        assert len(set(Article.objects.values_list("language", flat=True))) >= 3
        assert Comment.objects.filter(parent__isnull=False).exists()
        assert Decision.objects.filter(verdict="reject").exclude(categories=[]).exists()

    def test_the_demo_moderator_can_sign_in_and_use_the_desk(self, client):
        call_command("load_demo", stdout=StringIO())
        # Through the sign-in form, as a person does (django-axes counts every attempt).
        signed_in = client.post(
            "/accounts/login/", {"username": "moderator", "password": "moderator"}
        )
        assert signed_in.status_code == 302
        response = client.get("/desk/")
        assert response.status_code == 200
        assert "data-comment=" in response.content.decode()

    def test_the_demo_pages_render(self, client):
        call_command("load_demo", stdout=StringIO())
        assert client.get("/").status_code == 200
        for article in Article.objects.all():
            assert client.get(article.get_absolute_url()).status_code == 200
