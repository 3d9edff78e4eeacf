"""The report form speaks the article's language: every word of it, on the page and in the
embed, is in each of the catalogues."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from majlis.reports.strings import report_strings
from majlis.reports.views import not_published_message


def _words(language: str) -> list[str]:
    with translation.override(language):
        strings = report_strings()
        reasons = [r["label"] for r in strings.pop("reasons")]
        return [*strings.values(), *reasons, not_published_message(), translation.gettext("Report")]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_word_of_the_form_is_translated(language):
    english = _words("en")
    same = [word for word, theirs in zip(english, _words(language), strict=True) if word == theirs]
    assert same == []
