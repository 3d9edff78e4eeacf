"""A batch's signals are each comment's own: the commenter's record and the recent comments,
read for the whole batch in a few queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from majlis.comments.models import Comment, Status
from majlis.moderation.context import RATE_WINDOW, signals_for_batch


def _tally(comments) -> tuple[int, int, int]:
    found = comments.aggregate(
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        recent=Count("pk", filter=Q(created_at__gte=timezone.now() - RATE_WINDOW)),
    )
    return found["approved"], found["rejected"], found["recent"]


def _records_one_by_one(comment: Comment) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The records as one query per comment reads them: the commenter's (same email, any
    case), and the other commenters' from the same client address."""
    others = Comment.objects.exclude(pk=comment.pk)
    mine = others.filter(author_email__iexact=comment.author_email)
    address = others.none()
    if comment.client_hash:
        address = others.filter(client_hash=comment.client_hash).exclude(
            author_email__iexact=comment.author_email
        )
    return _tally(mine), _tally(address)


@pytest.mark.django_db
def test_each_record_is_counted_once_whatever_matches(make_comment):
    # One person under one address from two clients, others sharing a client with them.
    make_comment("Old approved one", status="approved", author_email="Ana@Example.org")
    make_comment("Old rejected one", status="rejected", author_email="ana@example.org")
    make_comment(
        "From the same client",
        status="approved",
        client_address="10.0.0.1",
        author_email="other-ana@example.org",
    )
    make_comment(
        "Same client and email",
        status="rejected",
        client_address="10.0.0.1",
        author_email="ana@example.org",
    )
    make_comment(
        "A neighbour behind the same proxy",
        status="rejected",
        client_address="10.0.0.1",
        author_email="dee@example.org",
    )
    make_comment("A stranger", status="approved", author_email="bo@example.org")
    batch = [
        make_comment("New one", author_email="ANA@example.org", client_address="10.0.0.1"),
        make_comment("New two", author_email="ana@example.org"),
        make_comment("New three", author_email="bo@example.org", client_address="10.0.0.2"),
        make_comment("First time here", author_email="cy@example.org"),
        make_comment("Proxy again", author_email="ed@example.org", client_address="10.0.0.1"),
    ]
    signals = signals_for_batch(Comment.objects.filter(pk__in=[c.pk for c in batch]))
    for comment in batch:
        got = signals[comment.pk]
        mine, address = _records_one_by_one(comment)
        assert (got.author_approved, got.author_rejected, got.author_recent_count) == mine, (
            comment.body
        )
        assert (got.address_approved, got.address_rejected, got.address_recent_count) == (
            address
        ), comment.body
    # Behind the proxy, the neighbours' rejections are theirs, not this newcomer's.
    proxied = signals[batch[4].pk]
    assert proxied.author_rejected == 0
    assert proxied.address_rejected == 2
    assert signals[batch[3].pk].author_first_seen_days is None
    assert signals[batch[0].pk].author_first_seen_days >= 0


@pytest.mark.django_db
def test_old_comments_count_in_the_record_but_not_in_the_rate(make_comment):
    make_comment("Long ago", status="approved")
    new = make_comment("Now")
    later = timezone.now() + RATE_WINDOW + timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        got = signals_for_batch([new])[new.pk]
    assert (got.author_approved, got.author_recent_count) == (1, 0)
    assert got.author_first_seen_days == pytest.approx(11 / 1440, abs=0.01)


@pytest.mark.django_db
def test_waiting_comments_are_compared_by_their_stored_sketch(make_comment):
    advert = "Earn money from home, message me for the details of this great offer {}"
    waiting = [make_comment(advert.format(n), author_email=f"r{n}@example.org") for n in range(3)]
    signals = signals_for_batch(waiting, {})
    hits = signals[waiting[0].pk].recent_index.query(waiting[0].body, exclude=waiting[0].pk)
    assert {key for key, _ in hits} == {waiting[1].pk, waiting[2].pk}
