"""Bearer tokens for the API, and the role each endpoint needs."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from majlis.accounts.models import ApiToken, Role, User


class TokenAuth(HttpBearer):
    """Accepts a valid token of a user holding `role` (or a higher one).

    No token or a bad one is 401; a good token without the role is 403. Either way the reply
    says nothing about the resource asked for.
    """

    def __init__(self, role: Role) -> None:
        super().__init__()
        self.role = role

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = ApiToken.objects.user_for(token)
        if user is None:
            return None
        if not user.has_role(self.role):
            raise HttpError(403, "This token's user may not do this.")
        request.user = user
        return user


moderator = TokenAuth(Role.MODERATOR)
editor = TokenAuth(Role.EDITOR)
