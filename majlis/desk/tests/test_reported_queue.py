"""The desk's Reported queue: published comments with open reports, most reported and oldest
first; upholding rejects, dismissing keeps; both are logged."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.comments.models import Decision, Status
from majlis.reports.models import Outcome, Report, ReportResolution

pytestmark = pytest.mark.django_db


def report(comment, *reasons, **fields):
    for n, reason in enumerate(reasons):
        actions.report(comment, reason=reason, reporter=f"{comment.pk}-{n}", **fields)


@pytest.fixture
def reported(make_comment):
    once = make_comment("Reported once, first.", status="approved")
    twice = make_comment("Reported twice.", status="approved")
    report(once, "off_topic")
    report(twice, "threat", "personal_attack")
    return once, twice


class TestTheQueue:
    def test_it_lists_most_reported_first_then_oldest(self, desk, reported, make_comment):
        once, twice = reported
        later = make_comment("Reported once, later.", status="approved")
        report(later, "promotion")
        page = desk.get("/desk/reported/")
        assert [c.pk for c in page.context["items"]] == [twice.pk, once.pk, later.pk]
        html = page.content.decode()
        assert html.index("Reported twice.") < html.index("Reported once, first.")

    def test_it_shows_the_reasons_and_notes(self, desk, make_comment):
        comment = make_comment("Buy my pills.", status="approved")
        report(comment, "promotion", "promotion", "off_topic", note="Spam link")
        html = desk.get("/desk/reported/").content.decode()
        assert "Promotion × 2" in html
        assert "Off-topic × 1" in html
        assert "Spam link" in html
        assert "3 open reports" in html

    def test_the_most_reported_category_is_chosen_by_default(self, desk, reported):
        _once, twice = reported
        actions.report(twice, reason="personal_attack", reporter="third")
        html = desk.get("/desk/reported/").content.decode()
        form = html[html.index(f"/desk/comments/{twice.pk}/reports/") :]
        form = form[: form.index("</form>")]
        assert 'value="personal_attack" checked' in form
        assert 'value="threat" checked' not in form

    def test_notices_of_illegal_content_are_marked_with_their_sender(self, desk, make_comment):
        comment = make_comment("Defamation.", status="approved")
        actions.report(
            comment,
            reason="illegal",
            reporter="n",
            note="Accuses a named person of fraud.",
            notifier_name="Sara",
            notifier_email="sara@example.org",
            good_faith=True,
        )
        html = desk.get("/desk/reported/").content.decode()
        assert "data-dsa-notice" in html
        assert "sara@example.org" in html  # moderators must answer the notifier
        assert "good faith stated" in html

    def test_pending_rejected_and_resolved_comments_are_not_listed(self, desk, reported, moderator):
        once, twice = reported
        actions.dismiss_reports(once, actor=moderator)
        actions.reject(twice, actor=moderator, categories=["threat"])
        page = desk.get("/desk/reported/")
        assert page.context["items"] == []
        assert "No reported comments" in page.content.decode()

    def test_the_nav_links_it(self, desk, db):
        assert 'href="/desk/reported/"' in desk.get("/desk/").content.decode()

    def test_it_is_for_moderators_only(self, client, outsider):
        assert client.get("/desk/reported/").status_code == 302
        client.force_login(outsider)
        assert client.get("/desk/reported/").status_code == 403
        assert client.post("/desk/comments/1/reports/", {"verdict": "dismiss"}).status_code == 403


class TestResolving:
    def test_uphold_rejects_and_logs(self, desk, reported, moderator):
        _once, twice = reported
        response = desk.post(
            f"/desk/comments/{twice.pk}/reports/",
            {"verdict": "uphold", "categories": ["threat"], "note": "Threat."},
        )
        assert response.status_code == 302
        twice.refresh_from_db()
        assert twice.status == Status.REJECTED
        assert Decision.objects.filter(comment=twice, verdict="reject", moderator=moderator)
        assert ReportResolution.objects.get().outcome == Outcome.UPHELD
        log = desk.get("/desk/reported/log/").content.decode()
        assert "Upheld: comment rejected" in log
        assert f"#{twice.pk}" in desk.get("/desk/log/").content.decode()

    def test_dismiss_keeps_it_published_and_logs(self, desk, reported, client):
        once, _twice = reported
        response = desk.post(
            f"/desk/comments/{once.pk}/reports/",
            {"verdict": "dismiss", "note": "Fair comment."},
            HTTP_ACCEPT="application/json",
        )
        assert response.json() == {"id": once.pk, "status": "approved"}
        once.refresh_from_db()
        assert once.status == Status.APPROVED
        assert not Report.objects.filter(comment=once).open().exists()
        log = desk.get("/desk/reported/log/?outcome=dismissed").content.decode()
        assert "Dismissed: comment kept" in log
        assert "Fair comment." in log
        assert "Reported once, first." in client.get("/articles/bridge-repairs/").content.decode()

    def test_an_uphold_without_category_is_a_400_and_changes_nothing(self, desk, reported):
        _once, twice = reported
        response = desk.post(
            f"/desk/comments/{twice.pk}/reports/",
            {"verdict": "uphold"},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 400
        assert "category" in response.json()["detail"]
        twice.refresh_from_db()
        assert twice.status == Status.APPROVED

    def test_an_unknown_verdict_is_a_400(self, desk, reported):
        once, _ = reported
        response = desk.post(
            f"/desk/comments/{once.pk}/reports/", {"verdict": "x"}, HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 400


def test_the_comments_page_lists_its_reports_and_their_outcome(desk, reported, moderator):
    once, _twice = reported
    actions.dismiss_reports(once, actor=moderator)
    html = desk.get(f"/desk/comments/{once.pk}/").content.decode()
    assert "data-comment-reports" in html
    assert "Off-topic" in html
    assert "Dismissed: comment kept (<bdi>mona</bdi>)" in html
