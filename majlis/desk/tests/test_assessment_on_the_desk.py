"""The desk shows the machine's reading of each comment: scores, the suggestion, and the
evidence highlighted in the comment, escaped; and it can order the queue by risk."""

from __future__ import annotations

import re

import pytest

from majlis.moderation.models import CommentAssessment


def _assess(comment, *, risk: float, evidence=(), suggestion="review", categories=()):
    scores = {"toxicity": risk, "personal_attack": risk, "promotion": 0.0}
    return CommentAssessment.objects.create(
        comment=comment,
        language="en",
        language_confidence=0.99,
        scores=scores,
        evidence=[
            {"category": c, "start": s, "end": e, "source": "lexicon", "detail": ""}
            for c, s, e in evidence
        ],
        suggestion=suggestion,
        categories=list(categories),
        reasons=[f"personal_attack {risk:.2f} ≥ 0.20"],
        risk=risk,
        versions={"engine": "test"},
        duration_ms=1.5,
    )


def _queued_ids(response) -> list[int]:
    return [int(n) for n in re.findall(r'data-comment="(\d+)"', response.content.decode())]


@pytest.mark.django_db
class TestEvidenceOnTheDesk:
    def test_the_evidence_is_highlighted_where_the_reader_wrote_it(self, desk, make_comment):
        body = "Only an idiot would close the bridge in winter."
        comment = make_comment(body)
        start = body.index("idiot")
        _assess(
            comment,
            risk=0.8,
            evidence=[("personal_attack", start, start + 5)],
            categories=["personal_attack"],
        )
        page = desk.get("/desk/").content.decode()
        mark = r'<mark class="evidence" data-categories="personal_attack"[^>]*>idiot</mark>'
        assert re.search(mark, page)
        assert "Only an " in page
        assert " would close the bridge in winter." in page

    def test_the_suggestion_scores_and_reasons_are_shown(self, desk, make_comment):
        comment = make_comment("Only an idiot would close the bridge in winter.")
        _assess(comment, risk=0.8, categories=["personal_attack"])
        page = desk.get(f"/desk/comments/{comment.pk}/").content.decode()
        assert "suggestion-review" in page
        assert 'value="0.800"' in page
        # The reason from its code: the category by its label, the figures isolated.
        assert "Personal attack <bdi>0.80</bdi> ≥ <bdi>0.20</bdi>" in page

    def test_highlighting_never_unescapes_the_comment(self, desk, make_comment):
        body = "<script>alert('x')</script> you idiot <b>bold</b>"
        comment = make_comment(body)
        start = body.index("idiot")
        _assess(comment, risk=0.9, evidence=[("personal_attack", 0, start + 5)])
        page = desk.get("/desk/").content.decode()
        assert "<script>alert" not in page
        assert "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page

    def test_evidence_beyond_the_text_is_clipped_not_an_error(self, desk, make_comment):
        comment = make_comment("short")
        _assess(comment, risk=0.3, evidence=[("profanity", 2, 400)])
        page = desk.get("/desk/").content.decode()
        assert "sh<mark" in page

    def test_a_comment_not_yet_assessed_says_so(self, desk, make_comment):
        make_comment("Where will the buses go?")
        assert "Not assessed yet" in desk.get("/desk/").content.decode()


@pytest.mark.django_db
class TestOrderingByRisk:
    def test_riskiest_and_safest_first(self, desk, make_comment):
        low, high, unassessed, mid = (make_comment(f"comment {i}") for i in range(4))
        _assess(low, risk=0.1)
        _assess(high, risk=0.9)
        _assess(mid, risk=0.5)
        risky = _queued_ids(desk.get("/desk/?order=risk"))
        assert risky == [high.pk, mid.pk, low.pk, unassessed.pk]
        safe = _queued_ids(desk.get("/desk/?order=safest"))
        assert safe == [low.pk, mid.pk, high.pk, unassessed.pk]

    def test_an_unknown_order_falls_back_to_oldest_first(self, desk, make_comment):
        first, second = make_comment("one"), make_comment("two")
        _assess(second, risk=0.9)
        assert _queued_ids(desk.get("/desk/?order=sideways")) == [first.pk, second.pk]


@pytest.mark.django_db
class TestOverdueAssessments:
    def test_the_desk_warns_when_comments_wait_without_an_assessment(
        self, desk, make_comment, settings
    ):
        make_comment("Where will the buses go?")
        assert "data-overdue" not in desk.get("/desk/").content.decode()
        # The grace period passes.
        settings.MAJLIS = {**settings.MAJLIS, "ASSESS_GRACE_SECONDS": 0}
        page = desk.get("/desk/").content.decode()
        assert "data-overdue" in page
        assert "majlis worker" in page
