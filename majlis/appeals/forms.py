from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from majlis.comments.actions import NOTE_MAX_LENGTH
from majlis.lib.text import unstorable_reason


class AppealForm(forms.Form):
    note = forms.CharField(
        label=_("Why should we look again?"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        reason = unstorable_reason(note)
        if reason:
            raise forms.ValidationError(reason)
        return note
