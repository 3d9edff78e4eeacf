"""Codes said in the page's language, and readers' text with its numbers isolated."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import linebreaks

from majlis.lib.readable import category_label, isolate, isolated_paragraphs, language_name
from majlis.moderation.categories import CATEGORIES, LANGUAGES

ENGLISH_NAMES = {"English", "Arabic", "Persian", "Turkish", "Central Kurdish (Sorani)"}


@pytest.mark.parametrize("reader", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_is_named_in_the_readers_language(reader):
    with translation.override(reader):
        names = {code: language_name(code) for code in LANGUAGES}
    assert not set(names.values()) & (ENGLISH_NAMES | {"Northern Kurdish (Kurmanji)"})
    assert not set(names.values()) & set(LANGUAGES)
    assert len(set(names.values())) == len(LANGUAGES)


def test_the_kurdish_languages_name_themselves():
    with translation.override("ckb"):
        assert language_name("ckb").startswith("کوردیی ناوەندی")
    with translation.override("kmr"):
        assert "Kurmancî" in language_name("kmr")


def test_categories_are_labelled():
    with translation.override("ar"):
        labels = [category_label(c) for c in (*CATEGORIES, "toxicity")]
    assert not set(labels) & {*CATEGORIES, "toxicity"}
    assert category_label("personal_attack") == "Personal attack"


def test_phone_numbers_ids_links_and_addresses_are_isolated_and_escaped():
    text = "<b>call</b> 0750 000 0000, see #8, mail a@b.org or https://x.org/?a=1&b=2; 5 cats"
    assert str(isolate(text)) == (
        "&lt;b&gt;call&lt;/b&gt; <bdi>0750 000 0000</bdi>, see <bdi>#8</bdi>, mail "
        "<bdi>a@b.org</bdi> or <bdi>https://x.org/?a=1&amp;b=2;</bdi> 5 cats"
    )


def test_paragraphs_are_as_linebreaks_makes_them():
    text = "one\ntwo\n\nthree & <four>"
    assert str(isolated_paragraphs(text)) == linebreaks(text, autoescape=True)


def test_the_filters_are_in_every_template():
    template = Template(
        "{{ 'ar'|language_label }} {{ codes|categories }} {{ body|isolated }} {{ n|isolated }}"
    )
    with translation.override("ar"):
        html = template.render(
            Context({"codes": ["off_topic", "threat"], "body": "#8 <i>", "n": None})
        )
    assert html == "العربية خارج الموضوع، تهديد <bdi>#8</bdi> &lt;i&gt; "
