"""A commenter asks for their data by email: the page says the same whoever asks; the signed
link downloads only their comments, or withdraws them: gone from every public page, their
name and email erased, the log keeping that it happened."""

from __future__ import annotations

import json
import re

import pytest
from django.db import DatabaseError, connection, transaction

from majlis.commenters.models import CommenterStanding
from majlis.comments import actions
from majlis.comments.models import Comment, Decision, ImmutableError, Status, Withdrawal
from majlis.notices import links
from majlis.notices.models import ReplySubscription
from majlis.readers.models import Reader
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db

LAYLA = "layla@example.org"


@pytest.fixture
def theirs(make_comment, moderator):
    published = make_comment("Layla's published words", author_name="Layla", author_email=LAYLA)
    actions.approve(published, actor=moderator)
    rejected = make_comment(
        "Layla's rejected words", author_name="Layla", author_email="Layla@Example.org"
    )
    actions.reject(rejected, actor=moderator, categories=["off_topic"])
    return published, rejected


@pytest.fixture
def others(make_comment, moderator, theirs):
    reply = make_comment(
        "Omar's reply", parent=theirs[0], author_name="Omar", author_email="omar@example.org"
    )
    actions.approve(reply, actor=moderator)
    return reply


def _path(email: str) -> str:
    return links.privacy_url(email).removeprefix("http://127.0.0.1:8000")


def test_the_request_page_answers_the_same_and_mails_only_an_address_with_comments(
    client, theirs, outbox, committed
):
    with committed():
        with_comments = client.post("/privacy/", {"email": LAYLA})
        without = client.post("/privacy/", {"email": "nobody@example.org"})
    assert with_comments.status_code == without.status_code == 200
    assert with_comments.content == without.content
    (message,) = outbox
    assert message.to == [LAYLA]
    (url,) = re.findall(r"http://\S+/privacy/\S+/", message.body)
    assert links.privacy_email(url.rsplit("/", 2)[1]) == LAYLA


def test_asking_again_within_the_hour_sends_no_second_link(client, theirs, outbox, committed):
    with committed():
        client.post("/privacy/", {"email": LAYLA})
        client.post("/privacy/", {"email": LAYLA})
    assert len(outbox) == 1


def test_a_bad_address_is_a_400_naming_the_field(client):
    response = client.post("/privacy/", {"email": "not an address"})
    assert response.status_code == 400
    assert b"email" in response.content


def test_the_download_holds_their_comments_and_decisions_and_nothing_of_others(
    client, theirs, others, moderator
):
    response = client.get(_path(LAYLA) + "my-comments.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    bodies = [c["body"] for c in data["comments"]]
    assert bodies == ["Layla's published words", "Layla's rejected words"]
    rejected = data["comments"][1]
    assert [d["verdict"] for d in rejected["decisions"]] == ["reject"]
    assert rejected["decisions"][0]["by"] == "person"
    assert rejected["decisions"][0]["categories"] == ["off_topic"]
    text = response.content.decode()
    assert "Omar" not in text
    assert "omar@example.org" not in text
    assert moderator.username not in text


def test_the_download_holds_their_signed_in_accounts_and_their_standings(
    client, theirs, moderator, make_comment
):
    site = Site.default()
    account = Reader.objects.create(
        site=site, sub="acct-7", name="Layla", email="Layla@example.org"
    )
    Reader.objects.create(site=site, sub="acct-8", name="Omar", email="omar@example.org")
    CommenterStanding.objects.create(
        scope="reader", reader=account, standing="trusted", set_by=moderator
    )
    CommenterStanding.objects.create(
        scope="email", value=LAYLA, standing="premoderate", note="Watch for links", set_by=moderator
    )
    CommenterStanding.objects.create(
        scope="email",
        value="omar@example.org",
        standing="banned",
        category="threat",
        note="Threatened a reporter",
        set_by=moderator,
    )
    data = json.loads(client.get(_path(LAYLA) + "my-comments.json").content)
    assert data["accounts"] == [
        {
            "site": site.key,
            "account": "acct-7",
            "name": "Layla",
            "email": "Layla@example.org",
            "first_comment_at": account.created_at.isoformat(),
            "last_comment_at": account.last_seen_at.isoformat(),
        }
    ]
    assert sorted((s["applies_to"], s["standing"], s["note"]) for s in data["standings"]) == [
        ("email", "premoderate", "Watch for links"),
        ("reader", "trusted", ""),
    ]
    text = json.dumps(data)
    assert "omar" not in text.lower()
    assert "Threatened" not in text
    assert moderator.username not in text


def test_a_forged_or_expired_link_opens_nothing(client, theirs, settings):
    assert client.get("/privacy/forged/").status_code == 404
    path = _path(LAYLA)
    settings.MAJLIS_MAIL = {**settings.MAJLIS_MAIL, "PRIVACY_LINK_HOURS": -1}
    assert client.get(path + "my-comments.json").status_code == 404
    assert client.post(path + "withdraw/", {"confirm": "yes"}).status_code == 404
    assert not Withdrawal.objects.exists()


def test_withdrawing_needs_the_box_ticked(client, theirs):
    response = client.post(_path(LAYLA) + "withdraw/")
    assert response.status_code == 400
    assert not Withdrawal.objects.exists()


def test_withdrawing_erases_them_and_the_log_records_it(client, theirs, others, article):
    published, rejected = theirs
    page_before = client.get(article.get_absolute_url()).content.decode()
    assert "Layla&#x27;s published words" in page_before
    response = client.post(_path(LAYLA) + "withdraw/", {"confirm": "yes"})
    assert response.status_code == 200
    for comment in (published, rejected):
        stored = Comment.objects.get(pk=comment.pk)
        assert stored.status == Status.WITHDRAWN
        assert (stored.body, stored.author_name, stored.author_email) == ("", "", "")
    assert set(Withdrawal.objects.values_list("comment_id", flat=True)) == {
        published.pk,
        rejected.pk,
    }
    # The decisions stay in the log.
    assert Decision.objects.filter(comment__in=[published, rejected]).count() == 2
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Layla" not in page
    # The reply by someone else stays, standing at the top level, and says what it answered.
    assert "Omar&#x27;s reply" in page
    assert page.count("data-after-withdrawn") == 1
    assert "data-after-withdrawn" not in page_before
    thread = client.get(f"/api/v1/articles/{article.key}/comments").json()
    assert [c["body"] for c in thread["items"]] == ["Omar's reply"]
    assert not Comment.objects.by_email(LAYLA).exists()


def test_withdrawing_erases_their_signed_in_accounts_name_and_email(client, theirs):
    site = Site.default()
    Reader.objects.create(site=site, sub="acct-7", name="Layla", email="Layla@example.org")
    Reader.objects.create(site=site, sub="acct-8", name="Omar", email="omar@example.org")
    client.post(_path(LAYLA) + "withdraw/", {"confirm": "yes"})
    # The account stays (its comments' rows still point at it), nameless and without address.
    assert Reader.objects.get(sub="acct-7").name == ""
    assert Reader.objects.get(sub="acct-7").email == ""
    assert Reader.objects.get(sub="acct-8").email == "omar@example.org"


def test_a_withdrawn_comment_is_decided_on_no_more(client, theirs, moderator):
    client.post(_path(LAYLA) + "withdraw/", {"confirm": "yes"})
    with pytest.raises(actions.DecisionError, match="withdrew"):
        actions.approve(theirs[1], actor=moderator)


def test_withdrawal_stops_reply_notices(client, make_comment):
    comment = make_comment(author_email=LAYLA, notify_replies=True)
    client.post(_path(LAYLA) + "withdraw/", {"confirm": "yes"})
    assert not ReplySubscription.objects.filter(comment=comment).exists()


class TestErasureIsNotEditing:
    """The trigger allows blanking everything at once, once; never an edit."""

    def _sql(self, sql, params):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)

    def test_the_trigger_refuses_a_new_text_even_with_the_withdrawn_status(self, theirs):
        with pytest.raises(DatabaseError, match="never edited"):
            self._sql(
                "UPDATE comments_comment SET body = %s, author_name = '', author_email = '',"
                " status = 'withdrawn' WHERE id = %s",
                ["Edited words", theirs[0].pk],
            )

    def test_the_trigger_refuses_blanking_only_part_of_it(self, theirs):
        with pytest.raises(DatabaseError, match="never edited"):
            self._sql(
                "UPDATE comments_comment SET body = '', status = 'withdrawn' WHERE id = %s",
                [theirs[0].pk],
            )

    def test_the_trigger_refuses_bringing_a_withdrawn_comment_back(self, client, theirs):
        client.post(_path(LAYLA) + "withdraw/", {"confirm": "yes"})
        with pytest.raises(DatabaseError, match="never edited"):
            self._sql(
                "UPDATE comments_comment SET status = 'approved' WHERE id = %s", [theirs[0].pk]
            )

    def test_the_orm_still_refuses_edits(self, theirs):
        with pytest.raises(ImmutableError):
            Comment.objects.filter(pk=theirs[0].pk).update(body="")
