"""The compact toggle: remembered in the session and rendered from the first byte."""

from __future__ import annotations

import pytest


def _body_class(response) -> str:
    import re

    return re.search(r'<body class="([^"]*)"', response.content.decode()).group(1)


@pytest.mark.django_db
class TestCompactMode:
    def test_it_is_off_at_first(self, desk, make_comment):
        make_comment()
        assert _body_class(desk.get("/desk/")) == "desk"

    def test_switching_it_on_is_remembered_until_switched_off(self, desk, make_comment):
        make_comment()
        response = desk.post("/desk/compact/", {"compact": "1", "next": "/desk/?order=newest"})
        assert response.status_code == 302
        assert response["Location"] == "/desk/?order=newest"
        page = desk.get("/desk/")
        assert _body_class(page) == "desk compact"
        assert 'aria-pressed="true"' in page.content.decode()
        desk.post("/desk/compact/", {"compact": "0"})
        assert _body_class(desk.get("/desk/")) == "desk"

    def test_it_answers_a_script_in_json(self, desk):
        response = desk.post("/desk/compact/", HTTP_ACCEPT="application/json")
        assert response.json() == {"compact": True}

    def test_it_is_for_moderators_only(self, client, outsider):
        client.force_login(outsider)
        assert client.post("/desk/compact/", {"compact": "1"}).status_code == 403

    def test_filters_fold_in_a_details_open_only_while_one_is_chosen(self, desk):
        assert '<details class="desk-filters-fold">' in desk.get("/desk/").content.decode()
        html = desk.get("/desk/?language=fa").content.decode()
        assert '<details class="desk-filters-fold" open>' in html
