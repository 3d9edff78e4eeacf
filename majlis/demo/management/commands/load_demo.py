"""`majlis load_demo`: demo articles and comments, and, in demo mode only, the demo accounts
with their public passwords, which take the demo comments' decisions. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from majlis.accounts.models import Role, User
from majlis.articles.models import Article, Tag
from majlis.comments import actions
from majlis.comments.models import Comment, Guideline
from majlis.demo.content import ARTICLES, GUIDELINES

DEMO_ACCOUNTS = (
    ("moderator", "moderator", Role.MODERATOR),
    ("admin", "admin", Role.ADMIN),
)


class Command(BaseCommand):
    help = "Load the demo articles, comments and accounts (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        moderator = self._demo_accounts() if settings.MAJLIS_DEMO else None
        if moderator is None:
            self.stdout.write(
                "Not in demo mode (MAJLIS_DEMO=1): no demo accounts created, "
                "and the demo comments wait for your moderators."
            )
        for language, text in GUIDELINES.items():
            Guideline.objects.get_or_create(language=language, defaults={"text": text})

        now = timezone.now()
        for spec in ARTICLES:
            article, created = Article.objects.get_or_create(
                key=spec["key"],
                defaults={
                    "title": spec["title"],
                    "byline": spec["byline"],
                    "language": spec["language"],
                    "body": spec["body"],
                    "published_at": now - timedelta(days=spec["days_ago"]),
                },
            )
            if not created:
                continue
            article.tags.set(Tag.for_names(spec["tags"]))
            first = None
            for name, email, body, state, reasons in spec["comments"]:
                parent = None
                if body.startswith("> "):
                    body, parent = body[2:], first
                comment = actions.submit(
                    article, author_name=name, author_email=email, body=body, parent=parent
                )
                first = first or comment
                if moderator is None:
                    continue
                if state == "approved":
                    actions.approve(comment, actor=moderator)
                elif state == "rejected":
                    actions.reject(comment, actor=moderator, categories=reasons)
        self.stdout.write(
            f"Demo content ready: {Article.objects.count()} articles, "
            f"{Comment.objects.count()} comments."
        )

    def _demo_accounts(self) -> User:
        """The demo logins printed by `make run`; returns the demo moderator."""
        for username, password, role in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username, defaults={"role": role})
            if created:
                user.set_password(password)
                user.save()
        return User.objects.get(username=DEMO_ACCOUNTS[0][0])
