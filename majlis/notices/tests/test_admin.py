"""The admin shows who unsubscribed (by digest), appeals and withdrawals, and changes none."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.notices.models import Unsubscribed

pytestmark = pytest.mark.django_db


def test_the_records_are_listed_read_only(client, admin_user, make_comment):
    admin_user.is_staff = True
    admin_user.save()
    Unsubscribed.add("layla@example.org")
    make_comment(author_email="gone@example.org")
    actions.withdraw("gone@example.org")
    client.force_login(admin_user)
    for name in ("notices/unsubscribed", "comments/withdrawal", "appeals/appeal"):
        assert client.get(f"/admin/{name}/").status_code == 200
        assert client.get(f"/admin/{name}/add/").status_code == 403
    page = client.get("/admin/notices/unsubscribed/").content.decode()
    assert "layla@example.org" not in page
