"""The admin shows comments and decisions read-only: decisions are taken on the desk."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from majlis.accounts.admin import RecordAdmin, RoleRequiredAdmin
from majlis.accounts.models import Role
from majlis.comments import actions
from majlis.comments.models import Comment, Decision, Guideline, Withdrawal


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = ("created_at", "verdict", "moderator", "automatic_version", "categories", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(RoleRequiredAdmin):
    list_display = ("id", "article", "author_name", "status", "language", "created_at", "desk")
    list_filter = ("status", "language")
    search_fields = ("author_name", "author_email", "body")
    list_select_related = ("article",)
    date_hierarchy = "created_at"
    inlines = (DecisionInline,)
    actions = ("approve_selected",)

    def get_readonly_fields(self, request, obj=None):
        # Every field: there is no edit box for a comment anywhere.
        return [f.name for f in self.model._meta.fields] + ["desk"]

    @admin.display(description="decide")
    def desk(self, obj: Comment) -> str:
        return format_html('<a href="{}">on the desk</a>', reverse("desk:comment", args=[obj.pk]))

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Approve the selected comments")
    def approve_selected(self, request, queryset) -> None:
        done = 0
        for comment in queryset:
            try:
                done += actions.approve(comment, actor=request.user) is not None
            except actions.DecisionError as error:
                self.message_user(request, str(error), messages.ERROR)
                return
        self.message_user(request, f"Approved {done} comment(s).")


@admin.register(Decision)
class DecisionAdmin(RecordAdmin):
    list_display = ("created_at", "comment", "verdict", "actor_label", "categories")
    list_filter = ("verdict", "automatic_version")
    list_select_related = ("comment", "moderator")


@admin.register(Guideline)
class GuidelineAdmin(RoleRequiredAdmin):
    required_role = Role.ADMIN
    list_display = ("language", "updated_at")


@admin.register(Withdrawal)
class WithdrawalAdmin(RecordAdmin):
    """That an author withdrew a comment, and when: what it said is gone."""

    list_display = ("comment", "created_at")
