"""The machine's reasons and decisions, said in the moderator's language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from majlis.comments import actions
from majlis.comments.actions import AutomaticModerator
from majlis.comments.models import Decision
from majlis.desk.reasons import SAID, say, say_note
from majlis.moderation.reasons import TEMPLATES, Reason
from majlis.moderation.tests.test_reasons import SAMPLE

LATIN = re.compile(r"[A-Za-z]")


def _sample(code: str) -> Reason:
    slots = re.findall(r"\{(\w+)\}", TEMPLATES[code])
    return Reason(code, **{slot: SAMPLE[slot] for slot in slots})


def test_every_code_is_said():
    assert set(SAID) == set(TEMPLATES)


@pytest.mark.parametrize("lang", ["ar", "fa", "ckb"])
@pytest.mark.parametrize("code", list(TEMPLATES))
def test_a_reason_reads_in_a_right_to_left_language_with_only_its_values_isolated(lang, code):
    with translation.override(lang):
        html = str(say(str(_sample(code))))
    # What is left outside the isolated values is the language's own words.
    outside = re.sub(r"<bdi[^>]*>.*?</bdi>", "", html)
    assert not LATIN.search(outside), html


def test_the_category_and_language_are_named():
    line = str(Reason("always_reviewed", category="identity_attack", language="kmr"))
    with translation.override("tr"):
        said = str(say(line))
    assert "identity_attack" not in said
    assert "kmr" not in said


def test_other_text_is_escaped_as_written():
    assert str(say("<b>mine</b> #8")) == "&lt;b&gt;mine&lt;/b&gt; <bdi>#8</bdi>"


@pytest.mark.django_db
def test_the_machines_note_is_said_and_a_persons_kept(desk, moderator, make_comment):
    comment = make_comment("Buy cheap watches")
    note = "; ".join([Reason("advert_offer", kinds="price, phone"), Reason("too_long")])
    actions.reject(comment, actor=AutomaticModerator("0.4"), categories=["promotion"], note=note)
    actions.approve(comment, actor=moderator, note="no advert, a joke")
    with translation.override("kmr"):
        said = str(say_note(Decision.objects.filter(automatic_version="0.4").get().note))
    assert said.startswith("reklam: ")
    page = desk.get(f"/desk/comments/{comment.pk}/", {"lang": "kmr"}).content.decode()
    assert said in page
    assert "no advert, a joke" in page
    assert "Automatic moderator" not in page
