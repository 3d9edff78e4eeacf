"""GET /api/v1/articles/{key}/comments pages the thread as the article page does."""

from __future__ import annotations

import pytest

URL = "/api/v1/articles/bridge-repairs/comments"


@pytest.fixture
def threads(make_comment, settings):
    settings.MAJLIS = {**settings.MAJLIS, "PAGE_SIZE": 2}
    made = [make_comment(f"thread {n}", status="approved") for n in range(3)]
    reply = make_comment("reply to 0", status="approved", parent=made[0])
    make_comment("reply to the reply", status="approved", parent=reply)
    make_comment("reply to 2", status="approved", parent=made[2])
    return made


def _bodies(data: dict) -> list[tuple[str, int]]:
    return [(c["body"], c["depth"]) for c in data["items"]]


@pytest.mark.django_db
class TestCommentPagesInTheApi:
    def test_a_page_holds_top_level_comments_each_with_all_its_replies(self, client, threads):
        data = client.get(URL).json()
        assert _bodies(data) == [
            ("thread 0", 0),
            ("reply to 0", 1),
            ("reply to the reply", 2),
            ("thread 1", 0),
        ]
        assert data["items"][1]["parent_id"] == threads[0].pk
        assert (data["count"], data["threads"], data["page"], data["pages"]) == (6, 3, 1, 2)
        assert (data["order"], data["previous"]) == ("oldest", None)
        assert data["next"] == "http://testserver" + URL + "?page=2&order=oldest"

    def test_the_next_link_leads_to_the_rest_and_back(self, client, threads):
        second = client.get(client.get(URL).json()["next"]).json()
        assert _bodies(second) == [("thread 2", 0), ("reply to 2", 1)]
        assert second["next"] is None
        assert second["previous"] == "http://testserver" + URL + "?page=1&order=oldest"

    def test_newest_first_reverses_the_top_level_and_keeps_replies_oldest_first(
        self, client, threads
    ):
        data = client.get(URL, {"order": "newest"}).json()
        assert _bodies(data) == [("thread 2", 0), ("reply to 2", 1), ("thread 1", 0)]
        assert data["order"] == "newest"
        assert data["next"].endswith("?page=2&order=newest")
        last = client.get(data["next"]).json()
        assert [b for b, _ in _bodies(last)] == ["thread 0", "reply to 0", "reply to the reply"]

    def test_the_links_carry_no_parameter_but_page_and_order(self, client, threads):
        data = client.get(URL, {"order": "newest", "utm_source": "x"}).json()
        assert "utm_source" not in data["next"]

    def test_an_unknown_order_is_a_400_naming_order(self, client, threads):
        response = client.get(URL, {"order": "random"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["order"]

    def test_a_page_past_the_end_is_empty_not_an_error(self, client, threads):
        data = client.get(URL, {"page": "999"}).json()
        assert (data["items"], data["count"], data["next"]) == ([], 6, None)

    def test_a_page_beyond_what_the_document_allows_is_a_400_naming_page(self, client, threads):
        response = client.get(URL, {"page": "9" * 30})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["page"]
