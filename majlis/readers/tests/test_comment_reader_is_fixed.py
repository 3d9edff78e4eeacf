"""A comment's account is set at insert and never changes, like its author: the queryset
and the database trigger both refuse."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from majlis.comments.models import Comment, ImmutableError
from majlis.readers.models import Reader
from majlis.readers.sso import Claims

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_readers(article):
    return (
        Reader.objects.signed_in(article.site, Claims("a-1", "Ann", "ann@example.org")),
        Reader.objects.signed_in(article.site, Claims("b-2", "Bea", "bea@example.org")),
    )


def test_the_queryset_refuses_to_change_the_reader(make_comment, two_readers):
    ann, bea = two_readers
    comment = make_comment(reader=ann)
    with pytest.raises(ImmutableError):
        Comment.objects.filter(pk=comment.pk).update(reader=bea)
    assert Comment.objects.get(pk=comment.pk).reader == ann


@pytest.mark.parametrize("value", ["other", "null"])
def test_the_database_refuses_raw_sql(make_comment, two_readers, value):
    ann, bea = two_readers
    comment = make_comment(reader=ann)
    new = bea.pk if value == "other" else None
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE comments_comment SET reader_id = %s WHERE id = %s", [new, comment.pk]
        )
    assert Comment.objects.get(pk=comment.pk).reader == ann


def test_the_database_refuses_tying_a_typed_comment_to_an_account(make_comment, two_readers):
    ann, _ = two_readers
    comment = make_comment()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE comments_comment SET reader_id = %s WHERE id = %s", [ann.pk, comment.pk]
        )
    assert Comment.objects.get(pk=comment.pk).reader is None


def test_the_status_still_changes(make_comment, two_readers, moderator):
    from majlis.comments import actions

    comment = make_comment(reader=two_readers[0])
    actions.approve(comment, actor=moderator)
    assert Comment.objects.get(pk=comment.pk).status == "approved"
