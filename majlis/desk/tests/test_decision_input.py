"""What a moderator types on the desk is checked like any input: a note too long or holding
text no database stores is refused with a message, and nothing is logged."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.comments.models import Comment, Decision

JSON = {"HTTP_ACCEPT": "application/json"}


def _url(comment) -> str:
    return f"/desk/comments/{comment.pk}/decide/"


@pytest.mark.django_db
class TestTheNote:
    def test_a_note_over_the_limit_is_refused_with_a_message(self, desk, make_comment):
        comment = make_comment()
        note = "n" * (actions.NOTE_MAX_LENGTH + 1)
        response = desk.post(_url(comment), {"verdict": "approve", "note": note}, follow=True)
        assert f"at most {actions.NOTE_MAX_LENGTH} characters" in response.content.decode()
        assert Decision.objects.count() == 0
        assert Comment.objects.get(pk=comment.pk).status == "pending"

    def test_a_two_megabyte_note_is_400_in_json(self, desk, make_comment):
        comment = make_comment()
        response = desk.post(_url(comment), {"verdict": "approve", "note": "n" * 2_000_000}, **JSON)
        assert response.status_code == 400
        assert "at most" in response.json()["detail"]
        assert Decision.objects.count() == 0

    def test_a_note_at_the_limit_is_kept(self, desk, make_comment):
        comment = make_comment()
        note = "n" * actions.NOTE_MAX_LENGTH
        desk.post(_url(comment), {"verdict": "approve", "note": note})
        assert Decision.objects.get().note == note

    def test_a_nul_in_the_note_is_400_on_every_database(self, desk, make_comment):
        comment = make_comment()
        response = desk.post(_url(comment), {"verdict": "approve", "note": "a\x00b"}, **JSON)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["note"]
        assert Decision.objects.count() == 0

    def test_actions_refuse_a_bad_note_whoever_calls(self, moderator, make_comment):
        # The admin and the automatic moderator reach the log through actions, not a form.
        comment = make_comment()
        for note in ["n" * (actions.NOTE_MAX_LENGTH + 1), "a\x00b", "a\ud800"]:
            with pytest.raises(actions.DecisionError) as raised:
                actions.approve(comment, actor=moderator, note=note)
            assert raised.value.field == "note"
        assert Decision.objects.count() == 0


@pytest.mark.django_db
class TestTheQueueFilters:
    @pytest.mark.parametrize("query", ["article=%00", "language=e%00n", "page=%00"])
    def test_a_nul_in_a_filter_is_400_on_every_database(self, desk, make_comment, query):
        make_comment()
        response = desk.get(f"/desk/?{query}")
        assert response.status_code == 400
        assert "Null characters" in response.content.decode()


@pytest.mark.django_db
class TestTheNoteBox:
    @pytest.mark.parametrize("page", ["queue", "comment"])
    def test_it_allows_what_the_server_takes(self, desk, make_comment, page):
        comment = make_comment()
        url = "/desk/" if page == "queue" else f"/desk/comments/{comment.pk}/"
        html = desk.get(url).content.decode()
        assert 'name="note" placeholder' in html
        assert f'maxlength="{actions.NOTE_MAX_LENGTH}"' in html
