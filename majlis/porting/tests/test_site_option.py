"""`majlis import FORMAT FILE --site KEY`: the articles created belong to that site."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from majlis.articles.models import Article
from majlis.comments.models import Comment
from majlis.porting.tests.test_disqus import EXPORT
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db

BRIDGE = "https://news.example.org/2020/05/river-bridge-reopens/"


@pytest.fixture
def sport() -> Site:
    return Site.objects.create(key="sport", name="Sport", language="ar")


class TestTheSiteOption:
    def test_without_it_articles_go_to_the_default_site(self, run_import, sport):
        run_import("disqus", EXPORT)
        assert set(Article.objects.values_list("site", flat=True)) == {Site.default().pk}

    def test_with_it_they_go_to_that_site_in_its_language(self, run_import, sport):
        lines = run_import("disqus", EXPORT, "--site", "sport")
        assert lines[-1] == "imported 4 comments in 2 articles (1 skipped)"
        assert set(Article.objects.values_list("site__key", "language")) == {("sport", "ar")}

    def test_the_language_given_wins_over_the_sites(self, run_import, sport):
        run_import("disqus", EXPORT, "--site", "sport", "--language", "en")
        assert set(Article.objects.values_list("language", flat=True)) == {"en"}

    def test_an_article_at_the_same_url_in_another_site_is_not_joined(self, run_import, sport):
        Article.objects.create(key="bridge", title="Bridge", language="en", url=BRIDGE)
        run_import("disqus", EXPORT, "--site", "sport")
        assert Article.objects.get(key="bridge").comments.count() == 0
        assert Article.objects.get(site=sport, url=BRIDGE).comments.count() == 3

    def test_importing_again_into_the_same_site_adds_nothing(self, run_import, sport):
        run_import("disqus", EXPORT, "--site", "sport")
        lines = run_import("disqus", EXPORT, "--site", "sport")
        assert lines[-1] == "imported 0 comments in 0 articles (5 skipped)"

    def test_an_unknown_site_is_refused_naming_the_option(self, run_import):
        with pytest.raises(CommandError, match="--site: no site has the key 'nowhere'"):
            run_import("disqus", EXPORT, "--site", "nowhere")
        assert Comment.objects.count() == 0
