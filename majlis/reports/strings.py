"""The report form's words for the embed, from the same catalogues as the report page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from majlis.reports.forms import ReportFields
from majlis.reports.models import Reason
from majlis.reports.views import notice_help, received_message


def report_strings() -> dict:
    """Every string of the report form, in the active language."""
    fields = ReportFields.base_fields
    return {
        "legend": str(fields["reason"].label),
        "reasons": [{"value": value, "label": str(label)} for value, label in Reason.choices],
        "note": str(fields["note"].label),
        "notice_legend": _("Only for a notice of illegal content"),
        "notice_help": notice_help(),
        "name": str(fields["notifier_name"].label),
        "email": str(fields["notifier_email"].label),
        "email_help": str(fields["notifier_email"].help_text),
        "child_abuse": str(fields["concerns_child_abuse"].label),
        "good_faith": str(fields["good_faith"].label),
        "send": _("Send report"),
        "thanks": received_message(),
    }
