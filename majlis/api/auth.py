"""Bearer tokens for the API, and the role each endpoint needs."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
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


def bearer_user(request: HttpRequest) -> User | None:
    """The user whose token the request carries (any role), None without one; a token that
    is sent but not valid is a 401, not an anonymous request."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    user = ApiToken.objects.user_for(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise AuthenticationError
    request.user = user
    return user
