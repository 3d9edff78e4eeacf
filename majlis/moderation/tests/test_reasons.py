"""The machine's reasons are codes with values, whose English line reads back to them."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from majlis.moderation import policy
from majlis.moderation.reasons import TEMPLATES, Reason, parse, split

# A value of the right shape for each slot a template has.
SAMPLE = {
    "category": "personal_attack",
    "language": "ckb",
    "article_language": "en",
    "score": "0.81",
    "bound": "0.50",
    "chance": "40%",
    "confidence": "0.42",
    "similarity": "0.97",
    "count": "6",
    "rejected": "2",
    "decided": "5",
    "approved": "9",
    "kind": "phone",
    "value": "0750 000 0000",
    "kinds": "price, phone",
    "words": "bridge, river",
    "term": "idiot",
    "scope": "address",
    "note": "sells watches",
    "reason": "link: http://example.com",
}


@pytest.mark.parametrize("code", list(TEMPLATES))
def test_every_reason_reads_back_to_its_code_and_values(code):
    slots = [part[1:-1] for part in __import__("re").findall(r"\{\w+\}", TEMPLATES[code])]
    reason = Reason(code, **{slot: SAMPLE[slot] for slot in slots})
    again = parse(str(reason))
    assert (again.code, again.params) == (code, reason.params)


def test_a_copy_keeps_the_code():
    reason = Reason("too_short", count=3)
    assert copy.deepcopy(reason).code == "too_short"
    assert copy.deepcopy(reason) == "too short for the model to judge (3 words)"


def test_a_note_of_reasons_splits_back_into_them():
    lines = [
        Reason("at_or_over", category="threat", score="0.90", bound="0.60"),
        Reason("breaks_guideline", chance="40%", bound="20%"),  # a "; " of its own
        Reason("advert", reason=Reason("found", kind="phone", value="0750 000 0000")),
    ]
    assert split("; ".join(lines)) == lines
    assert [parse(line).code for line in split("; ".join(lines))] == [
        "at_or_over",
        "breaks_guideline",
        "advert",
    ]


def test_a_moderators_own_words_are_no_reason():
    assert parse("Looks fine to me") is None
    assert split("Looks fine to me") == ["Looks fine to me"]


def test_the_policy_gives_codes():
    held = policy.suggest({"threat": 0.99}, language="en")
    assert [r.code for r in held.reasons] == ["at_or_over", "no_calibrated_model"]
    assert held.reasons[0].params == {"category": "threat", "score": "0.99", "bound": "0.60"}
    assert held.reasons[1].params == {"language": "en"}


def test_the_reasons_stay_free_of_django():
    source = (Path(__file__).resolve().parent.parent / "reasons.py").read_text()
    assert "import django" not in source
    assert "from django" not in source
