from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management.base import CommandError

from majlis.articles.models import Article
from majlis.comments.models import Comment, Decision, Status

pytestmark = pytest.mark.django_db

# The shape of a Disqus export (threads, then posts pointing at them by dsq:id), with
# made-up content.
EXPORT = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <category dsq:id="11"><forum>dailynews</forum><title>General</title></category>
  <thread dsq:id="501">
    <id>story-501</id>
    <forum>dailynews</forum>
    <category dsq:id="11"/>
    <link>https://news.example.org/2020/05/river-bridge-reopens/</link>
    <title>River bridge reopens</title>
    <createdAt>2020-05-01T08:00:00Z</createdAt>
    <isClosed>false</isClosed>
    <isDeleted>false</isDeleted>
  </thread>
  <thread dsq:id="502">
    <link>https://news.example.org/2020/06/market-day/</link>
    <title>Market day &amp; fair</title>
    <createdAt>2020-06-02T09:30:00Z</createdAt>
  </thread>
  <post dsq:id="9001">
    <id/>
    <message><![CDATA[<p>Finally! I cross it <b>every</b> day.</p>
<p>Second&nbsp;paragraph.</p>]]></message>
    <createdAt>2020-05-01T10:15:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author>
      <email>reader@example.com</email><name>Rana</name>
      <isAnonymous>false</isAnonymous><username>rana</username>
    </author>
    <thread dsq:id="501"/>
  </post>
  <post dsq:id="9003">
    <message><![CDATA[<p>Me too &lt;3</p>]]></message>
    <createdAt>2020-05-01T12:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Guest</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="501"/>
    <parent dsq:id="9002"/>
  </post>
  <post dsq:id="9002">
    <message><![CDATA[<p>Was it safe before?</p>]]></message>
    <createdAt>2020-05-01T11:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><email>other@example.com</email><name>Karwan</name></author>
    <thread dsq:id="501"/>
    <parent dsq:id="9001"/>
  </post>
  <post dsq:id="9004">
    <message><![CDATA[<p>Cheap watches at example.net</p>]]></message>
    <createdAt>2020-06-02T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>true</isSpam>
    <author><email>spam@example.net</email><name>Deals</name></author>
    <thread dsq:id="502"/>
  </post>
  <post dsq:id="9005">
    <message></message>
    <createdAt>2020-06-02T11:00:00Z</createdAt>
    <isDeleted>true</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Gone</name></author>
    <thread dsq:id="502"/>
  </post>
</disqus>
"""


class TestDisqusImport:
    def test_threads_become_articles_and_posts_comments(self, run_import):
        lines = run_import("disqus", EXPORT)
        assert lines[-1] == "imported 4 comments in 2 articles (1 skipped)"
        bridge = Article.objects.get(url="https://news.example.org/2020/05/river-bridge-reopens/")
        assert bridge.title == "River bridge reopens"
        assert bridge.key.startswith("river-bridge-reopens-")
        assert bridge.language == "en"
        assert Article.objects.get(url__contains="market-day").title == "Market day & fair"

    def test_replies_keep_their_parents_and_comments_their_dates(self, run_import):
        run_import("disqus", EXPORT)
        first = Comment.objects.get(author_name="Rana")
        reply = Comment.objects.get(author_name="Karwan")
        answer = Comment.objects.get(author_name="Guest")
        assert (first.parent, reply.parent, answer.parent) == (None, first, reply)
        assert first.created_at == datetime(2020, 5, 1, 10, 15, tzinfo=UTC)
        assert first.author_email == "reader@example.com"

    def test_html_becomes_plain_text(self, run_import):
        run_import("disqus", EXPORT)
        assert Comment.objects.get(author_name="Rana").body == (
            "Finally! I cross it every day.\n\nSecond paragraph."
        )
        assert Comment.objects.get(author_name="Guest").body == "Me too <3"

    def test_a_missing_email_gets_an_address_that_cannot_be_mailed(self, run_import):
        run_import("disqus", EXPORT)
        email = Comment.objects.get(author_name="Guest").author_email
        assert email.startswith("imported+")
        assert email.endswith("@invalid")

    def test_published_arrive_approved_and_spam_rejected_by_the_import(self, run_import):
        run_import("disqus", EXPORT)
        assert Comment.objects.filter(status=Status.APPROVED).count() == 3
        spam = Comment.objects.get(author_name="Deals")
        assert spam.status == Status.REJECTED
        labels = {d.actor_label for d in Decision.objects.all()}
        assert labels == {"import from disqus"}
        assert spam.decisions.get().categories == ["promotion"]
        assert not Comment.objects.filter(author_name="Gone").exists()

    def test_importing_again_adds_nothing(self, run_import):
        run_import("disqus", EXPORT)
        lines = run_import("disqus", EXPORT)
        assert lines[-1] == "imported 0 comments in 0 articles (5 skipped)"
        assert Comment.objects.count() == 4
        assert Article.objects.count() == 2
        assert Decision.objects.count() == 4

    def test_a_dry_run_counts_and_stores_nothing(self, run_import):
        lines = run_import("disqus", EXPORT, "--dry-run")
        assert lines[-1] == "imported 4 comments in 2 articles (1 skipped)"
        assert Comment.objects.count() == 0
        assert Article.objects.count() == 0

    def test_articles_take_the_language_given(self, run_import):
        run_import("disqus", EXPORT, "--language", "ckb")
        assert set(Article.objects.values_list("language", flat=True)) == {"ckb"}

    def test_a_thread_already_here_at_the_same_url_gets_the_comments(self, run_import):
        Article.objects.create(
            key="bridge",
            title="Bridge",
            language="en",
            url="https://news.example.org/2020/05/river-bridge-reopens/",
        )
        run_import("disqus", EXPORT)
        assert Article.objects.get(key="bridge").comments.count() == 3


class TestMalformedDisqusFile:
    def test_broken_xml_is_refused_naming_the_line_and_nothing_is_stored(self, run_import):
        broken = EXPORT.replace("<title>Market day &amp; fair</title>", "<title>Market</tilte>")
        line = EXPORT.splitlines().index("    <title>Market day &amp; fair</title>") + 1
        with pytest.raises(CommandError, match=rf"line {line}, column \d+"):
            run_import("disqus", broken)
        assert Comment.objects.count() == 0

    def test_a_bad_record_late_in_the_file_leaves_nothing_stored(self, run_import):
        broken = EXPORT.replace("2020-06-02T10:00:00Z", "yesterday")
        with pytest.raises(CommandError, match=r"post 9004.*not a date"):
            run_import("disqus", broken)
        assert Comment.objects.count() == 0
        assert Article.objects.count() == 0

    def test_a_reply_to_a_post_not_in_the_file_is_refused(self, run_import):
        with pytest.raises(CommandError, match="comment 9002: its parent 1234 is not in"):
            run_import(
                "disqus", EXPORT.replace('<parent dsq:id="9001"/>', '<parent dsq:id="1234"/>')
            )
        assert Comment.objects.count() == 0

    def test_another_xml_file_is_not_taken_for_an_export(self, run_import):
        with pytest.raises(CommandError, match="not a Disqus export"):
            run_import("disqus", "<rss><channel/></rss>")

    def test_an_entity_expansion_bomb_is_refused(self, run_import):
        bomb = (
            '<?xml version="1.0"?>\n<!DOCTYPE disqus [\n<!ENTITY a "aaaaaaaaaa">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
            '<disqus xmlns="http://disqus.com">&c;</disqus>\n'
        )
        with pytest.raises(CommandError, match="refused"):
            run_import("disqus", bomb)
