"""Articles the newsroom publishes, and the tags that group them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            # A name of symbols alone slugifies to nothing: fall back to a stable digest.
            self.slug = (
                slugify(self.name, allow_unicode=True)
                or hashlib.sha256(self.name.encode()).hexdigest()[:12]
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", args=[self.slug])

    @classmethod
    def for_names(cls, names: list[str]) -> list[Tag]:
        """The tags with these names, created where missing."""
        tags = []
        for name in dict.fromkeys(n.strip() for n in names if n.strip()):
            tag = cls.objects.filter(name__iexact=name).first() or cls.objects.create(name=name)
            tags.append(tag)
        return tags


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(published_at__lte=timezone.now())

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")


class Article(models.Model):
    # The publisher's own identifier: the CMS's slug or id, so the API can upsert by it.
    key = models.SlugField(_("key"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    byline = models.CharField(_("byline or source"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    url = models.URLField(_("canonical URL"), max_length=500, blank=True)
    body = models.TextField(_("body"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    comments_open = models.BooleanField(_("comments open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When a comment here was last approved or rejected (set by comments.actions): with
    # updated_at, the version of the public thread that read caches are keyed on.
    comments_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:article", args=[self.key])

    @property
    def thread_version(self) -> str:
        """Changes whenever what the article page shows can change: an edit or a decision."""
        changed = self.comments_changed_at.timestamp() if self.comments_changed_at else 0
        return f"{self.updated_at.timestamp():.6f}-{changed:.6f}"

    @property
    def thread_changed_at(self):
        """When the article or its published thread last changed."""
        return max(filter(None, (self.updated_at, self.comments_changed_at)))

    @property
    def is_rtl(self) -> bool:
        return self.language in settings.LANGUAGES_BIDI
