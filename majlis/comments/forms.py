"""The public comment form: one definition of a valid comment, for the page and the API."""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from majlis.articles.models import Article
from majlis.comments.models import Comment, Status
from majlis.lib.text import is_blank, validate_email_address

_SALT = "majlis.comments.form"


def form_token(article: Article) -> str:
    """A fresh signed token for a comment on `article`: the page's form and the API's article
    hand it out, and both check it with `CommentForm.clean_token`."""
    # The nonce makes every served form its own, even two served in the same second: a
    # submission is known by its token (see `submission_parts`).
    return signing.dumps({"article": article.pk, "n": secrets.token_urlsafe(6)}, salt=_SALT)


def served_form(token: str, salt: str) -> dict:
    """What the signed token of a form Majlis served says, or the ValidationError a reader
    sees when it is too old or was never served. The comment and report forms share it."""
    try:
        return signing.loads(token, salt=salt, max_age=settings.MAJLIS["FORM_MAX_AGE"])
    except signing.SignatureExpired:
        raise forms.ValidationError(
            _("This form is too old. Please reload the page and post again.")
        ) from None
    except signing.BadSignature:
        raise forms.ValidationError(_("This form was not served by this site.")) from None


def clean_name(name: str) -> str:
    """A commenter's name as stored, runs of spaces folded; ValidationError when nothing
    would show. The form's name and a signed-in reader's name claim both pass through it."""
    name = " ".join(name.split())
    if is_blank(name):
        raise forms.ValidationError(_("Please give your name."))
    return name


class StrictEmailField(forms.EmailField):
    # Stricter than Django's validator and saying the same words: one message, not two.
    default_validators = [validate_email_address]


class CommentFields(forms.Form):
    """What a reader submits. The API validates its JSON with this same form."""

    author_name = forms.CharField(
        label=_("Name"),
        max_length=settings.MAJLIS["NAME_MAX_LENGTH"],
        error_messages={
            "required": _("Please give your name."),
            # Our own words: Django's catalogue has no Kurmanji.
            "max_length": _("A name has at most %(limit_value)d characters."),
        },
    )
    author_email = StrictEmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Never shown to anyone but the moderators."),
        error_messages={
            "required": _("Please give your email address."),
            "invalid": _("Please give a valid email address."),
        },
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=settings.MAJLIS["COMMENT_MAX_LENGTH"],
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        error_messages={
            "required": _("Please write a comment."),
            "max_length": _(
                "A comment has at most %(limit_value)d characters; this one has %(show_value)d."
            ),
        },
    )
    parent_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    notify_replies = forms.BooleanField(label=_("Tell me when someone replies"), required=False)

    def __init__(self, *args, article: Article, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["author_name"].widget.attrs.update(autocomplete="name", dir="auto")
        self.fields["author_email"].widget.attrs.update(autocomplete="email", dir="ltr")

    def clean_author_name(self) -> str:
        return clean_name(self.cleaned_data["author_name"])

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if is_blank(body):
            raise forms.ValidationError(_("Please write a comment."))
        return body

    def clean_parent_id(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent_id")
        if parent_id is None:
            return None
        parent = Comment.objects.filter(
            pk=parent_id, article=self.article, status=Status.APPROVED
        ).first()
        if parent is None:
            raise forms.ValidationError(_("You can only reply to a published comment here."))
        return parent

    def comment(self) -> dict:
        """The valid comment as `actions.submit` takes it (after `is_valid()`)."""
        data = self.cleaned_data
        return {
            "author_name": data["author_name"],
            "author_email": data["author_email"],
            "body": data["body"],
            "parent": data["parent_id"],
            "notify_replies": bool(data.get("notify_replies")),
        }

    def clean(self):
        cleaned = super().clean()
        if not self.article.comments_open:
            raise forms.ValidationError(_("Comments are closed on this article."), code="closed")
        return cleaned


class CommentForm(CommentFields):
    """The page's form: the fields plus a signed timestamp and a honeypot.

    The signature ties the form to its article and to the time it was served, so a script
    cannot post without fetching the page first, nor replay an old form forever. Bots fill in
    every field; people never see the honeypot.
    """

    token = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("This form was not served by this site.")},
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, article: Article, served: bool = True, **kwargs) -> None:
        super().__init__(*args, article=article, **kwargs)
        if not served:
            # A caller with an API token, a server of the newsroom, posts without a form;
            # the honeypot still holds.
            del self.fields["token"]
        elif not self.is_bound:
            self.initial["token"] = form_token(article)

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if served_form(token, _SALT).get("article") != self.article.pk:
            raise forms.ValidationError(_("This form belongs to another article."))
        return token

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def submission_parts(self) -> tuple[str, ...]:
        """What names this submission: the served token and what was written with it, so a
        form sent twice is one comment, and the same words from a new form are another."""
        data = self.cleaned_data
        parent = data["parent_id"]
        return (
            "form",
            data.get("token", ""),
            data["author_name"],
            data["author_email"],
            data["body"],
            str(parent.pk if parent else ""),
        )
