from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management.base import CommandError

from majlis.articles.models import Article
from majlis.comments.models import Comment, Decision, Status

pytestmark = pytest.mark.django_db

# The shape of a WordPress export (WXR 1.2), with made-up content.
EXPORT = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>City Gazette</title>
  <wp:wxr_version>1.2</wp:wxr_version>
  <item>
    <title>Council votes on the park</title>
    <link>https://gazette.example.org/council-votes-on-the-park/</link>
    <wp:post_id>42</wp:post_id>
    <wp:post_date>2021-03-04 11:00:00</wp:post_date>
    <wp:post_date_gmt>2021-03-04 09:00:00</wp:post_date_gmt>
    <wp:post_type>post</wp:post_type>
    <wp:comment>
      <wp:comment_id>7</wp:comment_id>
      <wp:comment_author><![CDATA[Shirin]]></wp:comment_author>
      <wp:comment_author_email>shirin@example.com</wp:comment_author_email>
      <wp:comment_date>2021-03-04 12:30:00</wp:comment_date>
      <wp:comment_date_gmt>2021-03-04 10:30:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Good news for the children.<br />
And for the trees.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>8</wp:comment_id>
      <wp:comment_author><![CDATA[]]></wp:comment_author>
      <wp:comment_author_email></wp:comment_author_email>
      <wp:comment_date>2021-03-04 13:00:00</wp:comment_date>
      <wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Which trees?]]></wp:comment_content>
      <wp:comment_approved>0</wp:comment_approved>
      <wp:comment_type></wp:comment_type>
      <wp:comment_parent>7</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>9</wp:comment_id>
      <wp:comment_author><![CDATA[Another Blog]]></wp:comment_author>
      <wp:comment_date_gmt>2021-03-05 08:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[[...] as the Gazette reported [...]]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>pingback</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>10</wp:comment_id>
      <wp:comment_author><![CDATA[Pills]]></wp:comment_author>
      <wp:comment_author_email>pills at example dot net</wp:comment_author_email>
      <wp:comment_date_gmt>2021-03-05 09:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[buy now]]></wp:comment_content>
      <wp:comment_approved>spam</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>11</wp:comment_id>
      <wp:comment_author><![CDATA[Binned]]></wp:comment_author>
      <wp:comment_date_gmt>2021-03-05 10:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[removed]]></wp:comment_content>
      <wp:comment_approved>trash</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
  </item>
  <item>
    <title>About us</title>
    <link>https://gazette.example.org/about/</link>
    <wp:post_id>2</wp:post_id>
    <wp:post_type>page</wp:post_type>
  </item>
</channel>
</rss>
"""


class TestWordPressImport:
    def test_posts_with_comments_become_articles(self, run_import):
        lines = run_import("wordpress", EXPORT)
        assert lines[-1] == "imported 3 comments in 1 articles (2 skipped)"
        article = Article.objects.get()
        assert article.title == "Council votes on the park"
        assert article.url == "https://gazette.example.org/council-votes-on-the-park/"
        assert article.published_at == datetime(2021, 3, 4, 9, 0, tzinfo=UTC)

    def test_comments_keep_parents_dates_authors_and_states(self, run_import):
        run_import("wordpress", EXPORT)
        first = Comment.objects.get(author_name="Shirin")
        assert first.created_at == datetime(2021, 3, 4, 10, 30, tzinfo=UTC)
        assert first.body == "Good news for the children.\nAnd for the trees."
        assert first.status == Status.APPROVED
        reply = Comment.objects.get(parent=first)
        assert reply.author_name == "Anonymous"
        assert reply.author_email.endswith("@invalid")
        assert reply.status == Status.PENDING
        spam = Comment.objects.get(author_name="Pills")
        assert spam.status == Status.REJECTED
        assert spam.author_email.endswith("@invalid")

    def test_pingbacks_and_trashed_comments_are_skipped(self, run_import):
        run_import("wordpress", EXPORT)
        names = set(Comment.objects.values_list("author_name", flat=True))
        assert names == {"Shirin", "Anonymous", "Pills"}

    def test_the_decisions_say_they_came_from_wordpress(self, run_import):
        run_import("wordpress", EXPORT)
        assert [d.actor_label for d in Decision.objects.all()] == ["import from wordpress"] * 2

    def test_importing_again_adds_nothing(self, run_import):
        run_import("wordpress", EXPORT)
        lines = run_import("wordpress", EXPORT)
        assert lines[-1] == "imported 0 comments in 0 articles (5 skipped)"
        assert Comment.objects.count() == 3

    def test_an_unknown_approval_state_is_refused_and_nothing_stored(self, run_import):
        broken = EXPORT.replace("<wp:comment_approved>spam", "<wp:comment_approved>maybe")
        with pytest.raises(CommandError, match="comment 10: unknown wp:comment_approved"):
            run_import("wordpress", broken)
        assert Comment.objects.count() == 0

    def test_a_disqus_file_is_not_taken_for_a_wordpress_export(self, run_import):
        with pytest.raises(CommandError, match="not a WordPress export"):
            run_import("wordpress", '<disqus xmlns="http://disqus.com"/>')
