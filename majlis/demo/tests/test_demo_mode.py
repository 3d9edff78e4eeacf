"""The demo accounts (moderator/moderator, admin/admin) exist only in demo mode."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from majlis.accounts.models import User
from majlis.articles.models import Article
from majlis.comments.models import Comment


@pytest.mark.django_db
class TestDemoAccountsOnlyInDemoMode:
    def test_outside_demo_mode_no_demo_account_is_created_and_it_says_so(self, settings):
        settings.MAJLIS_DEMO = False
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert not User.objects.filter(username__in=["moderator", "admin"]).exists()
        assert "MAJLIS_DEMO" in out.getvalue()
        # The articles and comments still load, for a staging site's moderators to work on.
        assert Article.objects.exists()
        assert Comment.objects.exists()

    def test_outside_demo_mode_the_demo_comments_wait_for_a_person(self, settings):
        settings.MAJLIS_DEMO = False
        call_command("load_demo", stdout=StringIO())
        assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}

    def test_in_demo_mode_the_demo_accounts_can_sign_in(self, settings, client):
        settings.MAJLIS_DEMO = True
        call_command("load_demo", stdout=StringIO())
        # Through the sign-in form: django-axes refuses a sign-in without a request to count.
        signed_in = client.post("/accounts/login/", {"username": "admin", "password": "admin"})
        assert signed_in.status_code == 302
