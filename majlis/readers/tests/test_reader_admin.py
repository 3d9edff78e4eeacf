"""The admin lists signed-in readers, finds them by name, account id or email, counts their
comments, and edits nothing."""

from __future__ import annotations

import pytest

from majlis.readers.models import Reader
from majlis.readers.sso import Claims

pytestmark = pytest.mark.django_db

LIST = "/admin/readers/reader/"


@pytest.fixture
def readers(article, make_comment):
    layla = Reader.objects.signed_in(article.site, Claims("acct-1001", "Layla", "l@example.org"))
    omid = Reader.objects.signed_in(article.site, Claims("acct-2002", "Omid", "o@example.net"))
    for n in range(3):
        make_comment(f"point {n}", reader=layla)
    return layla, omid


def test_it_lists_readers_with_their_comment_counts(client, editor, readers):
    layla, omid = readers
    client.force_login(editor)
    html = client.get(LIST).content.decode()
    assert "acct-1001" in html
    assert "acct-2002" in html
    assert f'?reader__id__exact={layla.pk}">3</a>' in html
    assert f'?reader__id__exact={omid.pk}">0</a>' in html


@pytest.mark.parametrize("query", ["Omid", "acct-2002", "o@example.net"])
def test_it_finds_a_reader_by_name_account_or_email(client, editor, readers, query):
    client.force_login(editor)
    html = client.get(LIST, {"q": query}).content.decode()
    assert "acct-2002" in html
    assert "acct-1001" not in html


def test_the_count_links_to_the_readers_comments(client, editor, readers, make_comment):
    layla, _ = readers
    make_comment("typed", author_name="Typed Name")
    client.force_login(editor)
    page = client.get("/admin/comments/comment/", {"reader__id__exact": layla.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 comments" in html
    assert "Typed Name" not in html


def test_nothing_is_added_changed_or_deleted(client, admin_user, readers):
    layla, _ = readers
    client.force_login(admin_user)
    assert client.get("/admin/readers/reader/add/").status_code == 403
    client.post(f"/admin/readers/reader/{layla.pk}/change/", {"name": "Someone", "sub": "x"})
    layla.refresh_from_db()
    assert (layla.name, layla.sub) == ("Layla", "acct-1001")
    assert client.post(f"/admin/readers/reader/{layla.pk}/delete/").status_code == 403
    assert Reader.objects.count() == 2


def test_a_moderator_without_the_editor_role_sees_no_readers(client, moderator, readers):
    moderator.is_staff = True
    moderator.save()
    client.force_login(moderator)
    assert client.get(LIST).status_code in (302, 403)
