"""Articles the newsroom publishes, and the tags that group them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from majlis.lib.text import EARLIEST, LATEST, datetime_in_range, is_blank
from majlis.sites.models import Site, default_site_id


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
            self.slug = self.slug_for(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", args=[self.slug])

    @staticmethod
    def slug_for(name: str) -> str:
        # A name of symbols alone slugifies to nothing: fall back to a stable digest.
        return slugify(name, allow_unicode=True) or hashlib.sha256(name.encode()).hexdigest()[:12]

    @classmethod
    def for_names(cls, names: list[str]) -> list[Tag]:
        """The tags with these names, created where missing.

        A name finds its tag by name (in any case) or by slug: "Foo Bar" and "foo-bar", or
        "Ärger" and "ärger" (which SQLite's case-insensitive match misses), are one tag to a
        reader and share one tag page.
        """
        tags: list[Tag] = []
        for name in dict.fromkeys(" ".join(n.split()) for n in names if n.strip()):
            slug = cls.slug_for(name)
            tag = cls._find(name, slug) or cls._create(name, slug)
            if tag not in tags:
                tags.append(tag)
        return tags

    @staticmethod
    def _find(name: str, slug: str) -> Tag | None:
        return (
            Tag.objects.filter(name__iexact=name).first() or Tag.objects.filter(slug=slug).first()
        )

    @classmethod
    def _create(cls, name: str, slug: str) -> Tag:
        try:
            # A savepoint: losing a race must not spoil the caller's transaction.
            with transaction.atomic():
                return cls.objects.create(name=name, slug=slug)
        except IntegrityError:
            # Another request created it between our look-up and our insert: use theirs.
            found = cls._find(name, slug)
            if found is None:
                raise
            return found


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        # The lower bound keeps out a row whose date cannot be read back (PostgreSQL holds
        # dates before year 1, Python does not), so one bad row cannot take every page down.
        return self.filter(published_at__gte=EARLIEST, published_at__lte=timezone.now())

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def in_site(self, site: Site | str | None) -> ArticleQuerySet:
        """The articles of `site` (a Site or its key); of the default site for None.

        By key or default-ness rather than by a fetched Site, so a look-up by key costs one
        query with a join rather than two.
        """
        if site is None:
            return self.filter(site__is_default=True)
        if isinstance(site, Site):
            return self.filter(site=site)
        return self.filter(site__key=site)


class Article(models.Model):
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("site"),
        default=default_site_id,
    )
    # The publisher's own identifier, unique within its site: the CMS's slug or id, so the
    # API and the embed can find (or upsert) the article by it.
    key = models.SlugField(_("key"), max_length=200)
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
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], name="article_key_unique_in_site")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The default site's articles keep the short address; the others' name their site.
        if self.site.is_default:
            return reverse("articles:article", args=[self.key])
        return reverse("articles:site_article", args=[self.site.key, self.key])

    def get_post_url(self) -> str:
        """Where the page's comment form posts."""
        if self.site.is_default:
            return reverse("articles:post_comment", args=[self.key])
        return reverse("articles:site_post_comment", args=[self.site.key, self.key])

    def clean(self) -> None:
        # Checked here so that the admin's form and the API (full_clean) share the rules.
        errors = {}
        if self.title and is_blank(self.title):
            errors["title"] = _("A title that shows nothing is no title.")
        if self.published_at is not None and not datetime_in_range(self.published_at):
            errors["published_at"] = _("Give a date between %(earliest)s and %(latest)s (UTC).") % {
                "earliest": EARLIEST.date().isoformat(),
                "latest": LATEST.date().isoformat(),
            }
        if errors:
            raise ValidationError(errors)

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
