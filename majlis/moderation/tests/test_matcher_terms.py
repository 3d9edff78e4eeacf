"""Word-list lines are checked when they are read, and a bad one names its line."""

from __future__ import annotations

import pytest

from majlis.moderation.matcher import Term, parse_lexicon


def test_it_reads_terms_and_skips_comments_and_blank_lines() -> None:
    lines = ["# written by the team\n", "\n", "idiot\tpersonal_attack\t0.6\tbanned\n"]
    assert parse_lexicon(lines, "en") == [Term("idiot", "personal_attack", "en", 0.6, "banned")]


@pytest.mark.parametrize(
    "line",
    [
        "idiot\tinsult\t0.6\tbanned",  # not a guideline category
        "idiot\toff_topic\t0.6\tbanned",  # relevance is not a word list's business
        "idiot\tpersonal_attack\t1.5\tbanned",
        "idiot\tpersonal_attack\t0.6\tmaybe",
        "idiot\tpersonal_attack\t0.6",
        "*\tpersonal_attack\t0.6\tbanned",
    ],
)
def test_it_rejects_a_bad_line_naming_where_it_is(line: str) -> None:
    with pytest.raises(ValueError, match=r"en.tsv:2"):
        parse_lexicon(["# header", line], "en", source="en.tsv")
