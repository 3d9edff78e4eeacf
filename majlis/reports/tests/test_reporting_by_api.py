"""POST /api/v1/comments/{id}/reports: a reader reports a published comment, once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from majlis.comments import actions
from majlis.readers.tests.tokens import sign
from majlis.reports.models import Report
from majlis.reports.tests.conftest import NOTICE

pytestmark = pytest.mark.django_db
READER = "r" * 24


class TestReporting:
    def test_it_stores_the_report_and_answers_202(self, post_report, published):
        response = post_report(published.pk, {"reason": "personal_attack", "note": "Insults me"})
        assert response.status_code == 202
        assert response.json()["comment_id"] == published.pk
        assert "Thank you" in response.json()["message"]
        report = Report.objects.get()
        assert (report.comment, report.reason, report.note) == (
            published,
            "personal_attack",
            "Insults me",
        )
        assert report.resolution is None
        assert report.client_hash

    def test_a_repeat_by_the_same_reader_answers_202_and_stores_nothing(
        self, post_report, published
    ):
        first = post_report(published.pk, {"reason": "threat", "reader_id": READER})
        again = post_report(published.pk, {"reason": "profanity", "reader_id": READER})
        assert (first.status_code, again.status_code) == (202, 202)
        assert Report.objects.get().reason == "threat"

    def test_readers_behind_one_address_each_report_once(self, post_report, published):
        post_report(published.pk, {"reason": "threat", "reader_id": READER})
        post_report(published.pk, {"reason": "threat", "reader_id": "s" * 24})
        post_report(published.pk, {"reason": "threat", "reader_id": "s" * 24})
        assert Report.objects.count() == 2

    def test_another_address_is_another_reader(self, post_report, published):
        post_report(published.pk, {"reason": "threat"})
        post_report(published.pk, {"reason": "threat"}, REMOTE_ADDR="10.1.2.3")
        assert Report.objects.count() == 2

    def test_a_signed_in_reader_reports_once_by_account_from_anywhere(self, post_report, published):
        secret = published.article.site.sso_secret
        post_report(published.pk, {"reason": "threat", "sso": sign(secret)})
        again = post_report(
            published.pk, {"reason": "threat", "sso": sign(secret)}, REMOTE_ADDR="10.9.9.9"
        )
        assert again.status_code == 202
        report = Report.objects.get()
        assert (report.reader.sub, report.reader.site) == ("acct-1001", published.article.site)

    def test_a_refused_sign_in_is_a_400_naming_sso(self, post_report, published):
        response = post_report(published.pk, {"reason": "threat", "sso": sign("wrong" * 10)})
        assert response.status_code == 400
        assert "sso" in response.json()["errors"]
        assert not Report.objects.exists()

    def test_an_unknown_reason_is_a_400_naming_it(self, post_report, published):
        response = post_report(published.pk, {"reason": "boring"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["reason"]
        assert not Report.objects.exists()

    def test_a_long_note_is_a_400_naming_it(self, post_report, published):
        response = post_report(published.pk, {"reason": "threat", "note": "x" * 1001})
        assert response.status_code == 400
        assert "note" in response.json()["errors"]

    def test_the_honeypot_holds(self, post_report, published):
        response = post_report(published.pk, {"reason": "threat", "website": "http://spam"})
        assert response.status_code == 400
        assert "website" in response.json()["errors"]
        assert not Report.objects.exists()

    def test_a_bad_reader_id_is_a_400_naming_it(self, post_report, published):
        response = post_report(published.pk, {"reason": "threat", "reader_id": "<script>"})
        assert response.status_code == 400
        assert "reader_id" in response.json()["errors"]


class TestOnlyPublishedComments:
    @pytest.mark.parametrize("status", ["pending", "rejected"])
    def test_an_unpublished_comment_is_a_409_saying_so(self, post_report, make_comment, status):
        comment = make_comment(status=status)
        response = post_report(comment.pk, {"reason": "threat"})
        assert response.status_code == 409
        assert "Only published comments can be reported" in response.json()["detail"]
        assert not Report.objects.exists()

    def test_no_such_comment_is_a_404(self, post_report, db):
        assert post_report(999, {"reason": "threat"}).status_code == 404

    def test_the_action_refuses_too(self, make_comment):
        with pytest.raises(actions.NotReportable):
            actions.report(make_comment(), reason="threat", reporter="x")

    def test_the_answer_is_in_the_articles_language(self, post_report, make_comment, article):
        article.language = "tr"
        article.save()
        pending = make_comment()
        detail = post_report(pending.pk, {"reason": "threat"}).json()["detail"]
        assert "Only published comments" not in detail


class TestNoticesOfIllegalContent:
    def test_a_full_notice_is_stored_with_its_sender(self, post_report, published):
        assert post_report(published.pk, NOTICE).status_code == 202
        report = Report.objects.get()
        assert report.is_notice
        assert (report.notifier_name, report.notifier_email, report.good_faith) == (
            "Sara Ahmed",
            "sara@example.org",
            True,
        )

    @pytest.mark.parametrize("missing", ["note", "notifier_name", "notifier_email", "good_faith"])
    def test_each_required_part_is_named_when_missing(self, post_report, published, missing):
        data = {k: v for k, v in NOTICE.items() if k != missing}
        response = post_report(published.pk, data)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [missing]
        assert not Report.objects.exists()

    def test_child_abuse_material_needs_no_name_nor_email(self, post_report, published):
        data = {**NOTICE, "notifier_name": "", "notifier_email": "", "concerns_child_abuse": True}
        assert post_report(published.pk, data).status_code == 202
        assert Report.objects.get().concerns_child_abuse

    def test_a_bad_email_is_named(self, post_report, published):
        response = post_report(published.pk, {**NOTICE, "notifier_email": "sara@"})
        assert list(response.json()["errors"]) == ["notifier_email"]

    def test_other_reports_keep_no_email(self, post_report, published):
        data = {**NOTICE, "reason": "threat"}
        assert post_report(published.pk, data).status_code == 202
        report = Report.objects.get()
        assert (report.notifier_name, report.notifier_email, report.good_faith) == ("", "", False)

    def test_no_email_in_the_answer_nor_the_public_thread(self, post_report, published, client):
        response = post_report(published.pk, NOTICE)
        assert "sara@example.org" not in response.content.decode()
        thread = client.get("/api/v1/articles/bridge-repairs/comments").content.decode()
        page = client.get("/articles/bridge-repairs/").content.decode()
        assert "sara@example.org" not in thread + page
        assert "Sara Ahmed" not in thread + page


class TestRateLimit:
    def test_a_client_is_stopped_after_its_rate(self, post_report, published):
        with override_settings(MAJLIS={**settings.MAJLIS, "REPORT_RATE_PER_CLIENT": "2/m"}):
            codes = [
                post_report(published.pk, {"reason": "threat", "reader_id": f"{n}" * 20})
                for n in range(3)
            ]
        assert [r.status_code for r in codes] == [202, 202, 429]
        assert codes[-1]["Retry-After"]
        assert "Too many reports" in codes[-1].json()["detail"]
        assert Report.objects.count() == 2
