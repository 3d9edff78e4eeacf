"""The dashboard page: who sees it, what it says, and what its CSV tables say."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from majlis.dashboard import figures as figures_module
from majlis.dashboard.tests.conftest import MACHINE, NOW, at

WEEK = "?from=2026-03-02&to=2026-03-08"


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    monkeypatch.setattr(figures_module, "_now", lambda: NOW)


@pytest.fixture
def desk(client, moderator):
    client.force_login(moderator)
    return client


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_moderator_sees_it(desk, week):
    response = desk.get("/desk/dashboard/" + WEEK)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert "<script" not in page
    assert response.context["figures"].received == 10


def test_anonymous_people_are_sent_to_sign_in(client, week):
    for address in ("/desk/dashboard/", "/desk/dashboard/volume.csv"):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_an_account_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get("/desk/dashboard/").status_code == 403
    assert client.get("/desk/dashboard/volume.csv").status_code == 403


def test_the_page_writes_the_figures(desk, week):
    page = desk.get("/desk/dashboard/" + WEEK).content.decode()
    # The automation rate (3 of 7), the overturn rate (1 of 3), times people took.
    assert "42.9%" in page
    assert "33.3%" in page
    assert "2 h 0 min" in page
    assert "3 h 0 min" in page
    assert "3 d 0 h" in page  # the oldest pending comment's wait
    assert "03/02/2026" in page  # the first day, in English's short date format
    assert ">mona<" in page
    assert ">sami<" in page


def test_the_csv_tables_say_what_the_page_says(desk, week):
    shown = desk.get("/desk/dashboard/" + WEEK + "&site=main").context["figures"]
    tables = {
        table: _csv(desk.get(f"/desk/dashboard/{table}.csv{WEEK}&site=main"))
        for table in (
            "volume",
            "backlog",
            "time-to-decision",
            "categories",
            "languages",
            "automation",
            "moderators",
        )
    }
    assert tables["volume"] == [
        ["date", "comments"],
        *([day.isoformat(), str(n)] for day, n in shown.volume),
    ]
    assert [n for _, n in shown.volume] == [2, 2, 1, 1, 0, 1, 1]
    assert tables["backlog"] == [
        ["pending", "oldest_pending_seconds", "median_pending_seconds"],
        ["2", "194400", "43260"],
    ]
    assert tables["time-to-decision"] == [
        ["decided_by", "first_decisions", "median_seconds", "p90_seconds"],
        ["people", "3", "7200", "10800"],
        ["machine", "3", "120", "300"],
    ]
    assert dict(tables["categories"][1:]) == {k: str(n) for k, n in shown.by_category}
    assert tables["categories"][0] == ["category", "rejections"]
    assert tables["languages"] == [["language", "rejections"], ["en", "3"], ["ar", "1"]]
    assert tables["automation"][1] == ["6", "3", "0.5000", "3", "1", "0.3333"]
    assert tables["moderators"] == [
        ["moderator", "automatic", "decisions", "approvals", "rejections", "median_seconds"],
        ["mona", "0", "3", "2", "1", "7200"],
        ["sami", "0", "1", "0", "1", "10800"],
        ["", "1", "3", "1", "2", "120"],
    ]


def test_an_unknown_table_is_not_found(desk, week):
    assert desk.get("/desk/dashboard/everything.csv").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=2026-03-02", "to"),
        ("?from=yesterday&to=2026-03-08", "from"),
        ("?from=2026-03-02&to=2026-3-8", "to"),
        ("?from=2026-03-08&to=2026-03-02", "to"),
        ("?from=2020-01-01&to=2026-03-02", "to"),
        ("?days=12", "days"),
        ("?site=nowhere", "site"),
    ],
)
def test_bad_input_is_refused_naming_the_field(desk, week, query, field):
    response = desk.get("/desk/dashboard/" + query)
    assert response.status_code == 400
    assert f"{field}: " in response.content.decode()
    answer = desk.get("/desk/dashboard/volume.csv" + query)
    assert answer.status_code == 400
    assert answer.content.decode().startswith(f"{field}: ")


def test_the_last_days_end_today(desk, week):
    response = desk.get("/desk/dashboard/?days=7")
    period = response.context["asked"].period
    assert len(period.days) == 7
    assert response.context["asked"].params() == {"days": "7"}


def test_the_queries_do_not_grow_with_the_comments(desk, week, make_comment, moderator):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert desk.get("/desk/dashboard/" + WEEK).status_code == 200
        return len(queries)

    before = count()
    from majlis.comments import actions

    for n in range(12):
        made = actions.submit(
            week["article"],
            author_name="Reader",
            author_email=f"r{n}@example.org",
            body=f"One more, number {n}.",
            created_at=at(4, 10),
        )
        actor = MACHINE if n % 2 else moderator
        actions.reject(made, actor=actor, categories=["threat"], decided_at=at(4, 11))
    assert count() == before
    assert before <= 20


def test_a_username_is_never_a_spreadsheet_formula(desk, week, make_comment):
    from majlis.accounts.models import Role, User
    from majlis.comments import actions

    sly = User.objects.create_user(username="=cmd", password="correct horse battery")
    sly.role = Role.MODERATOR
    sly.save()
    made = actions.submit(
        week["article"],
        author_name="Reader",
        author_email="reader@example.org",
        body="Something to decide.",
        created_at=at(6, 10),
    )
    actions.approve(made, actor=sly, decided_at=at(6, 11))
    rows = _csv(desk.get("/desk/dashboard/moderators.csv" + WEEK))
    assert ["'=cmd", "0", "1", "1", "0", "3600"] in rows
