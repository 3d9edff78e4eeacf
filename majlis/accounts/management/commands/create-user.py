"""`majlis create-user NAME --role ROLE --password P [--print-token]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from majlis.accounts.models import ApiToken, Role, User


class Command(BaseCommand):
    help = "Create (or update) a desk user with a role; optionally print a new API token."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--print-token",
            action="store_true",
            help="issue an API token and print it as the last line",
        )

    @transaction.atomic
    def handle(self, *args, username: str, role: str, password: str, email: str, **options):
        if not password:
            raise CommandError("--password must not be empty")
        user, created = User.objects.get_or_create(username=username)
        user.role = role
        user.email = email or user.email
        user.set_password(password)
        user.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} {role} {username!r}.")
        if options["print_token"]:
            _, plain = ApiToken.objects.issue(user, name="create-user")
            self.stdout.write(plain)
