"""A commenter is mailed each decision on their comment: published with its link, or not,
with the DSA's statement of reasons (facts, grounds, automated or not, redress)."""

from __future__ import annotations

import re
import smtplib

import pytest
from django.core import mail

from majlis.articles.models import Article
from majlis.comments import actions
from majlis.comments.models import Comment, Decision, Status
from majlis.notices import links
from majlis.notices.models import Unsubscribed

pytestmark = pytest.mark.django_db

MACHINE = actions.AutomaticModerator("9.9.9")


def _html(message) -> str:
    return message.alternatives[0][0]


def test_an_approval_tells_the_commenter_with_the_comments_link(
    make_comment, moderator, committed, outbox
):
    comment = make_comment(author_email="layla@example.org")
    with committed():
        actions.approve(comment, actor=moderator)
    (message,) = outbox
    assert message.to == ["layla@example.org"]
    assert "published" in message.subject
    assert "Old bridge to close for repairs" in message.subject
    link = f"/articles/bridge-repairs/?comment={comment.pk}#comment-{comment.pk}"
    assert link in message.body
    assert link in _html(message)
    assert "by a moderator, a person" in message.body


def test_a_rejection_gives_the_reasons_the_guidelines_and_an_appeal_link(
    make_comment, moderator, committed, outbox
):
    comment = make_comment("Buy cheap watches at my shop")
    with committed():
        actions.reject(comment, actor=moderator, categories=["promotion", "off_topic"])
    (message,) = outbox
    assert "was not published" in message.subject
    body = message.body
    assert "statement of reasons" in body
    assert "Buy cheap watches at my shop" in body
    assert "Promotion, Off-topic" in body
    assert "by a moderator, a person" in body
    assert "out-of-court dispute settlement" in body
    (url,) = re.findall(r"http\S+/appeal/\S+/", body)
    decision = Decision.objects.get(comment=comment)
    token = url.rsplit("/", 2)[1]
    assert links.appealed_decision(token) == decision.pk


def test_an_automatic_decision_says_automated_means_were_used(make_comment, committed, outbox):
    comment = make_comment()
    with committed():
        actions.decide_automatically([(comment, "reject", ["vulgarity"], "")], actor=MACHINE)
    (message,) = outbox
    assert "automated means" in message.body
    assert "Vulgarity" in message.body


def test_the_mail_is_in_the_articles_language(make_comment, moderator, committed, outbox):
    article = Article.objects.create(key="jisr", title="الجسر القديم", language="ar", body="…")
    comment = make_comment(article=article)
    with committed():
        actions.reject(comment, actor=moderator, categories=["threat"])
    (message,) = outbox
    assert message.subject == "لم يُنشر تعليقك على «الجسر القديم»"
    assert "بيان الأسباب" in message.body
    assert 'lang="ar" dir="rtl"' in _html(message)


def test_the_comment_is_escaped_in_the_html_part(make_comment, moderator, committed, outbox):
    comment = make_comment("<script>alert(1)</script> & more")
    with committed():
        actions.reject(comment, actor=moderator, categories=["off_topic"])
    html = _html(outbox[0])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    # The text part is text: as written.
    assert "<script>alert(1)</script> & more" in outbox[0].body


def test_every_message_can_be_unsubscribed_in_one_click(make_comment, moderator, committed, outbox):
    comment = make_comment()
    with committed():
        actions.approve(comment, actor=moderator)
    headers = outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://\S+/mail/unsubscribe/\S+/>", headers["List-Unsubscribe"])
    assert headers["List-Unsubscribe"][1:-1] in outbox[0].body


def test_no_mail_goes_to_an_address_that_unsubscribed(make_comment, moderator, committed, outbox):
    Unsubscribed.add("Layla@Example.org")
    comment = make_comment(author_email="layla@example.ORG")
    with committed():
        actions.approve(comment, actor=moderator)
    assert outbox == []


def test_imported_verdicts_mail_no_one(make_comment, committed, outbox):
    comment = make_comment()
    with committed():
        actions.approve(comment, actor=actions.Importer("disqus"))
    assert outbox == []


def test_nothing_is_sent_by_the_deciding_request(make_comment, moderator, outbox):
    # The worker sends it (test_outbox): a slow mail server never holds up a decision.
    actions.approve(make_comment(), actor=moderator)
    assert outbox == []


def test_a_failing_mail_server_does_not_undo_the_decision(
    make_comment, moderator, committed, outbox, monkeypatch, caplog
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    comment = make_comment()
    with committed():
        decision = actions.reject(comment, actor=moderator, categories=["threat"])
    assert Comment.objects.get(pk=comment.pk).status == Status.REJECTED
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert "SMTPServerDisconnected" in caplog.text
    assert "reader@example.org" not in caplog.text
