"""The sender of a notice of illegal content is told (DSA art. 16(4) and (5)): a receipt with
a reference when it arrives, the decision with its reasons and redress when it is taken."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article
from majlis.comments import actions
from majlis.notices.models import Mail, Unsubscribed
from majlis.reports.models import Report

pytestmark = pytest.mark.django_db

NOTIFIER = {
    "notifier_name": "Sara Ahmed",
    "notifier_email": "sara@example.org",
    "good_faith": True,
}


def _notice(comment, reporter="r1", **fields) -> Report:
    fields = {**NOTIFIER, **fields}
    report, _created = actions.report(
        comment, reason="illegal", reporter=reporter, note="It defames a person.", **fields
    )
    return report


def _mail(kind: str) -> list[Mail]:
    return list(Mail.objects.filter(kind=kind).order_by("pk"))


def _to_notifiers() -> list[Mail]:
    return list(Mail.objects.filter(kind__startswith="notice_").order_by("pk"))


def test_a_notice_is_acknowledged_with_its_reference(make_comment):
    comment = make_comment("The mayor stole the funds.", status="approved")
    report = _notice(comment)
    (receipt,) = _mail("notice_received")
    assert receipt.to == "sara@example.org"
    assert report.reference in receipt.subject
    assert report.reference in receipt.text
    assert "The mayor stole the funds." in receipt.text
    assert "Old bridge to close for repairs" in receipt.text
    assert report.reference in receipt.html


def test_an_ordinary_report_mails_no_one(make_comment):
    comment = make_comment(status="approved")
    actions.report(comment, reason="off_topic", reporter="r1")
    assert _to_notifiers() == []


def test_a_notice_without_an_address_is_acknowledged_to_no_one(make_comment):
    comment = make_comment(status="approved")
    _notice(comment, notifier_name="", notifier_email="", concerns_child_abuse=True)
    assert _to_notifiers() == []


def test_a_repeated_notice_is_acknowledged_once(make_comment):
    comment = make_comment(status="approved")
    _notice(comment)
    _notice(comment)
    assert len(_mail("notice_received")) == 1


def test_upholding_tells_the_notifier_it_was_removed_and_why(make_comment, moderator):
    comment = make_comment("The mayor stole the funds.", status="approved")
    report = _notice(comment)
    actions.uphold_reports(comment, actor=moderator, categories=["personal_attack"])
    (outcome,) = _mail("notice_decided")
    assert outcome.to == "sara@example.org"
    assert report.reference in outcome.subject
    text = outcome.text
    assert "statement of reasons" in text
    assert "removed" in text
    assert "Personal attack" in text
    assert "by a moderator, a person" in text
    assert "out-of-court dispute settlement" in text
    # The commenter is told separately, of their own rejection.
    (rejection,) = _mail("rejected")
    assert rejection.to == comment.author_email


def test_dismissing_tells_the_notifier_it_stays_and_why(make_comment, moderator):
    comment = make_comment(status="approved")
    report = _notice(comment)
    _notice(comment, reporter="r2", notifier_email="omar@example.org")
    actions.report(comment, reason="off_topic", reporter="r3")
    actions.dismiss_reports(comment, actor=moderator)
    outcomes = _mail("notice_decided")
    assert [m.to for m in outcomes] == ["sara@example.org", "omar@example.org"]
    assert report.reference in outcomes[0].subject
    assert "stays published" in outcomes[0].text
    assert "removed" not in outcomes[0].subject


def test_the_mails_are_in_the_articles_language(make_comment, moderator):
    article = Article.objects.create(key="jisr", title="الجسر القديم", language="ar", body="…")
    comment = make_comment(article=article, status="approved")
    _notice(comment)
    actions.dismiss_reports(comment, actor=moderator)
    receipt, outcome = _to_notifiers()
    assert "بلاغ" in receipt.subject
    assert 'lang="ar" dir="rtl"' in receipt.html
    assert 'lang="ar" dir="rtl"' in outcome.html


def test_an_address_that_unsubscribed_hears_no_outcome(make_comment, moderator):
    comment = make_comment(status="approved")
    _notice(comment)
    Unsubscribed.add("sara@example.org")
    actions.dismiss_reports(comment, actor=moderator)
    assert _mail("notice_decided") == []


def test_the_notifiers_address_is_not_on_the_public_page(client, make_comment):
    comment = make_comment(status="approved")
    _notice(comment)
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert "sara@example.org" not in page
    assert "Sara Ahmed" not in page
