"""The report form: one definition of a valid report, for the page and the API."""

from __future__ import annotations

import secrets

from django import forms
from django.core import signing
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from majlis.comments.forms import served_form
from majlis.comments.models import Comment
from majlis.lib.text import is_blank, unstorable_reason, validate_email_address
from majlis.reports.models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, Reason

_SALT = "majlis.reports.form"
# The random id a reader's browser keeps for Majlis (see `models.reporter_key`).
LOCAL_ID = RegexValidator(
    r"^[A-Za-z0-9_-]{16,64}$", _("A reader id is 16 to 64 letters or digits.")
)


def report_token(comment: Comment) -> str:
    """A signed token for the page's report form, tied to the comment and the time served."""
    return signing.dumps({"comment": comment.pk, "n": secrets.token_urlsafe(6)}, salt=_SALT)


def _storable(value: str) -> str:
    reason = unstorable_reason(value)
    if reason:
        raise forms.ValidationError(reason)
    return value


class ReportFields(forms.Form):
    """What a reader sends. For a notice of illegal content (the EU Digital Services Act,
    Article 16), an explanation, the notifier's name and email and a statement of good faith
    are required; the name and email may be left out for child sexual abuse material, as the
    Act allows. Other reports keep none of these: no email is stored without need."""

    reason = forms.ChoiceField(
        label=_("Why should this comment be removed?"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a reason."),
            "invalid_choice": _("Please choose one of the reasons."),
        },
    )
    note = forms.CharField(
        label=_("Details (optional for a guideline, required for illegal content)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    notifier_name = forms.CharField(
        label=_("Your name"), required=False, max_length=NAME_MAX_LENGTH
    )
    notifier_email = forms.EmailField(
        label=_("Your email"),
        required=False,
        max_length=254,
        validators=[validate_email_address],
        help_text=_("Never shown to anyone but the moderators."),
        error_messages={"invalid": _("Please give a valid email address.")},
    )
    concerns_child_abuse = forms.BooleanField(
        label=_(
            "The content concerns the sexual abuse or exploitation of children "
            "(name and email are then optional)."
        ),
        required=False,
    )
    good_faith = forms.BooleanField(
        label=_(
            "I believe in good faith that the information in this notice is accurate and complete."
        ),
        required=False,
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    reader_id = forms.CharField(
        required=False, widget=forms.HiddenInput, validators=[LOCAL_ID], max_length=64
    )

    def clean_note(self) -> str:
        return _storable(self.cleaned_data["note"].strip())

    def clean_notifier_name(self) -> str:
        return _storable(" ".join(self.cleaned_data["notifier_name"].split()))

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        data = super().clean()
        if data.get("reason") != Reason.ILLEGAL:
            # Only a notice of illegal content names its sender.
            for name in ("notifier_name", "notifier_email"):
                data[name] = ""
            data["good_faith"] = data["concerns_child_abuse"] = False
            return data
        if is_blank(data.get("note", "")) and "note" not in self.errors:
            self.add_error("note", _("Please explain why this comment is illegal."))
        if not data.get("concerns_child_abuse"):
            if not data.get("notifier_name") and "notifier_name" not in self.errors:
                self.add_error("notifier_name", _("A notice of illegal content needs your name."))
            if not data.get("notifier_email") and "notifier_email" not in self.errors:
                self.add_error(
                    "notifier_email", _("A notice of illegal content needs your email address.")
                )
        if not data.get("good_faith"):
            self.add_error(
                "good_faith", _("A notice of illegal content needs your statement of good faith.")
            )
        return data

    def report(self) -> dict:
        """The valid report as `actions.report` takes it (after `is_valid()`)."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "reason",
                "note",
                "notifier_name",
                "notifier_email",
                "good_faith",
                "concerns_child_abuse",
            )
        }


class ReportForm(ReportFields):
    """The page's form: the fields plus a signed token, as the comment form has."""

    token = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("This form was not served by this site.")},
    )

    def __init__(self, *args, comment: Comment, **kwargs) -> None:
        # Ids of the comment's own: the article page may open several forms at once.
        kwargs.setdefault("auto_id", f"report-{comment.pk}-%s")
        super().__init__(*args, **kwargs)
        self.comment = comment
        if not self.is_bound:
            self.initial["token"] = report_token(comment)

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if served_form(token, _SALT).get("comment") != self.comment.pk:
            raise forms.ValidationError(_("This form belongs to another comment."))
        return token
