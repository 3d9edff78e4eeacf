"""The toxic-spans gold and metric (training/spans.py) on posts small enough to check by hand."""

from __future__ import annotations

import pytest
from spans import build_gold, f1, majority, mean_f1, offsets

TEXT = "You are a pathetic liar"  # "pathetic" 10-18, "liar" 19-23


def _annotation(number: int, worker: str, all_toxic: bool = False, not_toxic: bool = False):
    return {
        "annotation": str(number),
        "comment_id": "1",
        "worker": worker,
        "all toxic": str(all_toxic),
        "not toxic": str(not_toxic),
    }


def _span(number: int, kind: str, start: int, end: int):
    return {"annotation": str(number), "type": kind, "start": str(start), "end": str(end)}


class TestMetric:
    def test_a_perfect_prediction_scores_one(self):
        assert f1({1, 2, 3}, {1, 2, 3}) == 1.0

    def test_both_empty_scores_one_and_one_empty_scores_zero(self):
        assert f1(set(), set()) == 1.0
        assert f1({4}, set()) == 0.0
        assert f1(set(), {4}) == 0.0

    def test_no_overlap_scores_zero(self):
        assert f1({1, 2}, {5, 6}) == 0.0

    def test_a_partial_overlap_is_the_harmonic_mean(self):
        # Predicted 4 characters, 2 of them gold; gold has 8: precision 1/2, recall 1/4.
        assert f1({0, 1, 2, 3}, {2, 3, 4, 5, 6, 7, 8, 9}) == pytest.approx(1 / 3)

    def test_the_figure_is_the_mean_over_posts(self):
        assert mean_f1([{1}, set(), {1, 2}], [{1}, {3}, {2}]) == pytest.approx((1 + 0 + 2 / 3) / 3)

    def test_predictions_and_gold_must_pair_up(self):
        with pytest.raises(ValueError, match="one prediction per gold post"):
            mean_f1([{1}], [{1}, {2}])

    def test_spans_become_offsets(self):
        assert offsets([(0, 2), (1, 3), (7, 8)]) == {0, 1, 2, 7}


class TestGold:
    def test_a_character_is_gold_when_half_the_raters_marked_it(self):
        # Two of four raters is half: gold. One of three is not.
        assert majority([{1, 2}, {2, 3}], 4) == {2}
        assert majority([{1, 2}, {1, 2, 3}], 3) == {1, 2}
        assert majority([{1}], 3) == frozenset()

    def test_two_of_three_raters_make_the_gold_and_the_third_counts(self):
        gold = build_gold(
            {"1": TEXT},
            [_annotation(0, "a"), _annotation(1, "b"), _annotation(2, "c", not_toxic=True)],
            [_span(0, "Insult", 10, 18), _span(1, "Insult", 10, 23)],
        )["1"]
        assert gold.raters == 3
        assert "".join(TEXT[i] for i in sorted(gold.offsets)) == "pathetic"
        assert gold.by_type["Insult"] == gold.offsets
        assert gold.by_type["Threat"] == frozenset()

    def test_an_all_toxic_rater_who_highlighted_nothing_marks_every_character(self):
        gold = build_gold(
            {"1": TEXT},
            [_annotation(0, "a", all_toxic=True), _annotation(1, "b"), _annotation(2, "c")],
            [_span(1, "Insult", 19, 23)],
        )["1"]
        assert "".join(TEXT[i] for i in sorted(gold.offsets)) == "liar"

    def test_a_row_that_ticks_both_all_and_not_toxic_is_no_rater(self):
        gold = build_gold(
            {"1": TEXT},
            [_annotation(0, "a"), _annotation(1, "b", all_toxic=True, not_toxic=True)],
            [_span(0, "Insult", 19, 23)],
        )["1"]
        assert gold.raters == 1
        assert "".join(TEXT[i] for i in sorted(gold.offsets)) == "liar"

    def test_each_type_has_its_own_majority(self):
        gold = build_gold(
            {"1": TEXT},
            [_annotation(0, "a"), _annotation(1, "b"), _annotation(2, "c")],
            [
                _span(0, "Insult", 10, 18),
                _span(1, "Profane/Obscene", 10, 18),
                _span(2, "Insu", 19, 23),  # an upstream typo of Insult
                _span(1, "Insult", 19, 23),
            ],
        )["1"]
        # Any type: two raters marked "pathetic" and two "liar".
        assert "".join(TEXT[i] for i in sorted(gold.offsets)) == "patheticliar"
        # As an insult, "pathetic" has one rater; "liar" has two.
        assert "".join(TEXT[i] for i in sorted(gold.by_type["Insult"])) == "liar"
        assert gold.by_type["Profane/Obscene"] == frozenset()

    def test_spans_past_the_end_and_posts_not_asked_for_are_dropped(self):
        gold = build_gold(
            {"1": TEXT},
            [_annotation(0, "a"), {**_annotation(1, "a"), "comment_id": "2"}],
            [_span(0, "Insult", 19, 40), _span(1, "Insult", 0, 3)],
        )
        assert set(gold) == {"1"}
        assert max(gold["1"].offsets) == len(TEXT) - 1
