"""The words of the embedded thread, in the article's language, from the same catalogues as
the article page: the script carries none of its own.

Most are the article page's and the form's own msgids, so a translation made for the page
serves the embed too; the few that only the embed says are new entries in the catalogues.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from majlis.comments.forms import CommentForm
from majlis.comments.views import awaiting_message
from majlis.lib import relative_time
from majlis.reports.strings import report_strings


def comment_count_label(count: int) -> str:
    """ "3 comments", as the article page's heading says it, in the active language."""
    return ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}


def relative_times(language: str) -> dict[str, object]:
    """The article page's "5 minutes ago" wordings in `language`, for the script."""
    with translation.override(language):
        return relative_time.words()


def embed_strings(language: str, comment_count: int) -> dict[str, str]:
    """Every string the embed shows, in `language`. `commenting_as` keeps its `%(name)s` for
    the script to fill in as text."""
    fields = CommentForm.base_fields
    with translation.override(language):
        return {
            "heading": comment_count_label(comment_count),
            "oldest_first": _("Oldest first"),
            "newest_first": _("Newest first"),
            "reply": _("Reply"),
            "replying_to": _("Replying to"),
            "cancel": _("Cancel"),
            "load_more": _("Load more comments"),
            "pages": _("Pages of comments"),
            "join": _("Join the discussion"),
            "moderated": _(
                "Every comment is read by a moderator before it is published, and no comment "
                "is ever edited: it is either approved or rejected."
            ),
            "thanks": awaiting_message(),
            "closed": _("Comments are closed on this article."),
            "name": str(fields["author_name"].label),
            "email": str(fields["author_email"].label),
            "email_help": str(fields["author_email"].help_text),
            "comment": str(fields["body"].label),
            "honeypot": str(fields["website"].label),
            "post": _("Post comment"),
            "smaller": _("Smaller text"),
            "larger": _("Larger text"),
            "text_size": _("Text size"),
            "reset": _("Reset"),
            "correct_form": _("Please correct the form."),
            "commenting_as": _("Commenting as %(name)s"),
            "failed": _("Something went wrong on the way. Please try again."),
            "report": _("Report"),
            "report_form": report_strings(),
        }
