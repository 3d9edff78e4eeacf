"""Who may use the desk: signed-in people holding the moderator role or above."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def moderator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.can_moderate:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
