"""The month names dates are written with, in the interface catalogue.

Django writes a date's month (`F`) with its own catalogue, which has no Kurmanji; listing the
names here keeps them in ours, where Kurmanji has them (Çile … Kanûn) and the other
languages say them as Django does. Nothing calls this module: makemessages reads it.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
