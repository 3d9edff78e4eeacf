"""Events are queued in the transaction that makes them, for the webhooks that want them, and
cost nothing where there are no webhooks."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from majlis.articles.models import Article
from majlis.comments import actions
from majlis.comments.models import Comment
from majlis.sites.models import Site
from majlis.webhooks import delivery, events
from majlis.webhooks.models import Delivery, Webhook
from majlis.webhooks.tests.conftest import SECRET

pytestmark = pytest.mark.django_db

MACHINE = actions.AutomaticModerator("9.9.9")


def _bodies() -> list[dict]:
    return [json.loads(d.body) for d in Delivery.objects.order_by("pk")]


class TestWhatIsQueued:
    def test_a_comment_and_its_decision_each_queue_one_delivery_per_webhook(
        self, db, make_comment, moderator
    ):
        first = Webhook.objects.create(url="https://one.example.org/", secret=SECRET)
        second = Webhook.objects.create(url="https://two.example.org/", secret=SECRET)
        comment = make_comment()
        actions.approve(comment, actor=moderator)
        queued = Delivery.objects.order_by("pk").values_list("webhook_id", "event")
        assert sorted(queued) == sorted(
            [
                (first.pk, "comment.created"),
                (second.pk, "comment.created"),
                (first.pk, "comment.decided"),
                (second.pk, "comment.decided"),
            ]
        )

    def test_a_webhook_hears_only_the_events_it_asked_for(self, db, make_comment, moderator):
        Webhook.objects.create(
            url="https://desk.example.org/", secret=SECRET, events=["comment.decided"]
        )
        comment = make_comment()
        assert not Delivery.objects.exists()
        actions.approve(comment, actor=moderator)
        assert list(Delivery.objects.values_list("event", flat=True)) == ["comment.decided"]

    def test_an_inactive_webhook_hears_nothing(self, db, make_comment):
        Webhook.objects.create(url="https://off.example.org/", secret=SECRET, active=False)
        make_comment()
        assert not Delivery.objects.exists()

    def test_a_webhook_added_in_this_process_hears_the_next_event(self, db, make_comment):
        make_comment()  # the list of webhooks (none) is now remembered
        Webhook.objects.create(url="https://new.example.org/", secret=SECRET)
        make_comment()
        assert Delivery.objects.count() == 1

    def test_repeating_a_verdict_queues_nothing(self, webhook, make_comment, moderator):
        comment = make_comment(status="approved", moderator=moderator)
        before = Delivery.objects.count()
        assert actions.approve(comment, actor=moderator) is None
        assert Delivery.objects.count() == before

    def test_automatic_decisions_are_queued_as_automatic(self, webhook, make_comment):
        good = make_comment("Thanks for the clear report.")
        bad = make_comment("Buy watches at cheap-watch-deals.biz")
        actions.decide_automatically(
            [(good, "approve", (), "clean"), (bad, "reject", ["promotion"], "an advert")],
            actor=MACHINE,
        )
        decided = {
            b["comment"]["id"]: b["decision"] for b in _bodies() if b["event"] == "comment.decided"
        }
        assert decided[good.pk]["status"] == "approved"
        assert decided[bad.pk]["status"] == "rejected"
        assert decided[bad.pk]["categories"] == ["promotion"]
        assert decided[bad.pk]["actor"] == {
            "kind": "automatic",
            "name": "automatic moderator 9.9.9",
        }
        assert decided[bad.pk]["automatic"] is True
        assert decided[bad.pk]["id"] is not None

    def test_imported_comments_and_their_verdicts_are_not_events(self, webhook, article):
        importer = actions.Importer("disqus")
        comment = actions.submit(
            article,
            author_name="Old reader",
            author_email="old@example.org",
            body="From the old system.",
            created_at=timezone.now() - timedelta(days=400),
        )
        actions.approve(comment, actor=importer)
        assert not Delivery.objects.exists()

    def test_majlis_import_sends_nothing(self, webhook, tmp_path):
        from django.core.management import call_command

        from majlis.porting.tests.test_disqus import EXPORT

        export = tmp_path / "disqus.xml"
        export.write_text(EXPORT, encoding="utf-8")
        call_command("import", "disqus", str(export), stdout=StringIO(), stderr=StringIO())
        assert Comment.objects.exists()
        assert Comment.objects.exclude(status="pending").exists()
        assert not Delivery.objects.exists()

    def test_a_decision_carried_over_with_its_date_is_not_an_event(self, webhook, article):
        comment = actions.submit(
            article,
            author_name="Old reader",
            author_email="old@example.org",
            body="From another Majlis.",
            created_at=timezone.now() - timedelta(days=3),
        )
        earlier = timezone.now() - timedelta(days=2)
        actions.reject(comment, actor=MACHINE, categories=["promotion"], decided_at=earlier)
        assert not Delivery.objects.exists()

    def test_the_payload_describes_the_comment_and_its_article(self, webhook, make_comment):
        parent = make_comment("The first word.")
        reply = make_comment("A reply to it.", parent=parent)
        body = _bodies()[-1]
        assert set(body) == {"event", "created_at", "comment", "decision", "article"}
        assert body["comment"] == {
            "id": reply.pk,
            "article_key": "bridge-repairs",
            "parent_id": parent.pk,
            "author_name": "Reader",
            "body": "A reply to it.",
            "status": "pending",
            "language": "en",
            "created_at": reply.created_at.isoformat().replace("+00:00", "Z"),
        }
        assert body["article"] == {
            "key": "bridge-repairs",
            "title": "Old bridge to close for repairs",
            "url": "http://127.0.0.1:8000/articles/bridge-repairs/",
            "site": "main",
        }

    def test_the_payload_keeps_text_as_it_is(self, webhook, make_comment):
        make_comment('کۆمێنتێک <b>"quoted"</b> \\ end')
        (row,) = Delivery.objects.all()
        assert 'کۆمێنتێک <b>\\"quoted\\"</b> \\\\ end' in row.body
        assert json.loads(row.body)["comment"]["body"] == 'کۆمێنتێک <b>"quoted"</b> \\ end'


class TestNoEmailIsEverSent:
    def test_no_payload_carries_an_email(self, webhook, make_comment, moderator):
        emails = ["first.reader@example.org", "Second.Reader@Example.ORG", "third@example.net"]
        comments = [make_comment(f"Comment {n}", author_email=e) for n, e in enumerate(emails)]
        actions.approve(comments[0], actor=moderator)
        actions.reject(comments[1], actor=moderator, categories=["profanity"])
        actions.decide_automatically([(comments[2], "approve", (), "")], actor=MACHINE)
        bodies = list(Delivery.objects.values_list("body", flat=True))
        assert len(bodies) == 6
        for body in bodies:
            assert "@" not in body
            assert "email" not in body
            for email in emails:
                assert email.lower() not in body.lower()


def _then_fail(work) -> None:
    """Do `work` in a transaction that something after it breaks."""
    with transaction.atomic():
        work()
        raise RuntimeError("something after it failed")


class TestTheOutbox:
    def test_a_rolled_back_comment_sends_nothing(self, webhook, receiver, article):
        def submit():
            actions.submit(article, author_name="R", author_email="r@example.org", body="Hi")

        with pytest.raises(RuntimeError):
            _then_fail(submit)
        assert not Comment.objects.exists()
        assert not Delivery.objects.exists()
        assert delivery.deliver_due() == 0
        assert receiver.requests == []

    def test_a_rolled_back_decision_sends_nothing(self, webhook, receiver, make_comment, moderator):
        comment = make_comment()
        with pytest.raises(RuntimeError):
            _then_fail(lambda: actions.approve(comment, actor=moderator))
        assert list(Delivery.objects.values_list("event", flat=True)) == ["comment.created"]

    def test_a_delivery_that_cannot_be_queued_stores_no_comment(
        self, webhook, article, monkeypatch
    ):
        def broken(*args, **kwargs):
            raise RuntimeError("the outbox could not be written")

        monkeypatch.setattr(Delivery.objects, "bulk_create", broken)
        with pytest.raises(RuntimeError):
            actions.submit(article, author_name="R", author_email="r@example.org", body="Hi")
        assert not Comment.objects.exists()


def _count(work) -> int:
    with CaptureQueriesContext(connection) as queries:
        work()
    return len(queries)


class TestQueryCounts:
    """A site without webhooks pays nothing for them; one with webhooks pays one insert."""

    def _silenced(self, monkeypatch) -> None:
        monkeypatch.setattr(events, "_enqueue", lambda event, items: None)

    def test_without_webhooks_a_comment_costs_what_it_did(self, db, make_comment, monkeypatch):
        make_comment()  # reads (and remembers) that there are no webhooks
        with_events = _count(make_comment)
        self._silenced(monkeypatch)
        assert _count(make_comment) == with_events

    def test_without_webhooks_a_decision_costs_what_it_did(
        self, db, make_comment, moderator, monkeypatch
    ):
        first, second, third = make_comment(), make_comment(), make_comment()
        with_events = _count(lambda: actions.approve(first, actor=moderator))
        self._silenced(monkeypatch)
        assert _count(lambda: actions.approve(second, actor=moderator)) == with_events
        assert actions.approve(third, actor=moderator) is not None

    def test_without_webhooks_a_batch_of_automatic_decisions_costs_what_it_did(
        self, db, make_comment, monkeypatch
    ):
        batches = [[make_comment(f"Comment {b}-{n}") for n in range(5)] for b in range(2)]

        def decide(batch):
            return lambda: actions.decide_automatically(
                [(c, "approve", (), "") for c in batch], actor=MACHINE
            )

        with_events = _count(decide(batches[0]))
        self._silenced(monkeypatch)
        assert _count(decide(batches[1])) == with_events

    def test_with_webhooks_a_batch_costs_one_insert_more(self, db, make_comment, monkeypatch):
        Webhook.objects.create(url="https://one.example.org/", secret=SECRET)
        Webhook.objects.create(url="https://two.example.org/", secret=SECRET)
        made = [make_comment(f"Comment {n}") for n in range(10)]
        loaded = list(Comment.objects.select_related("article").filter(pk__in=[c.pk for c in made]))

        def decide(batch):
            return lambda: actions.decide_automatically(
                [(c, "approve", (), "") for c in batch], actor=MACHINE
            )

        with_events = _count(decide(loaded[:5]))
        assert Delivery.objects.filter(event="comment.decided").count() == 10
        self._silenced(monkeypatch)
        assert _count(decide(loaded[5:])) == with_events - 1

    def test_comments_without_their_article_loaded_cost_one_read_for_all(
        self, db, make_comment, monkeypatch
    ):
        Webhook.objects.create(url="https://one.example.org/", secret=SECRET)
        made = [make_comment(f"Comment {n}") for n in range(10)]
        bare = list(Comment.objects.filter(pk__in=[c.pk for c in made]))

        def decide(batch):
            return lambda: actions.decide_automatically(
                [(c, "approve", (), "") for c in batch], actor=MACHINE
            )

        with_events = _count(decide(bare[:5]))
        self._silenced(monkeypatch)
        assert _count(decide(bare[5:])) == with_events - 2


class TestSites:
    @pytest.fixture
    def edition(self, db) -> Article:
        site = Site.objects.create(key="sorani", name="Sorani edition", language="ckb")
        return Article.objects.create(
            site=site, key="bridge-repairs", title="پردەکە دادەخرێت", language="ckb"
        )

    def test_a_webhook_for_one_site_hears_only_its_articles(self, make_comment, edition):
        everywhere = Webhook.objects.create(url="https://all.example.org/", secret=SECRET)
        sorani = Webhook.objects.create(
            url="https://ckb.example.org/", secret=SECRET, site=edition.site
        )
        on_main = make_comment("On the main site.")
        on_edition = make_comment("On the edition.", article=edition)
        heard = {
            (hook, json.loads(body)["comment"]["id"])
            for hook, body in Delivery.objects.values_list("webhook_id", "body")
        }
        assert heard == {
            (everywhere.pk, on_main.pk),
            (everywhere.pk, on_edition.pk),
            (sorani.pk, on_edition.pk),
        }

    def test_the_payload_names_the_site_and_the_articles_address_on_it(self, make_comment, edition):
        Webhook.objects.create(url="https://all.example.org/", secret=SECRET)
        make_comment("On the edition.", article=edition)
        article = _bodies()[0]["article"]
        assert article["site"] == "sorani"
        assert article["url"] == "http://127.0.0.1:8000" + edition.get_absolute_url()
        assert "/sorani/" in article["url"]

    def test_a_site_made_by_another_process_since_the_webhooks_were_read_is_found(
        self, db, make_comment
    ):
        Webhook.objects.create(url="https://all.example.org/", secret=SECRET)
        make_comment()  # the webhooks and the sites are now remembered
        # bulk_create sends no signal: this process does not hear of it, as if elsewhere.
        (site,) = Site.objects.bulk_create([Site(key="late", name="A late edition")])
        article = Article.objects.create(site=site, key="late-news", title="Late", language="en")
        fresh = Comment.objects.get(pk=make_comment("Late.", article=article).pk)
        actions.decide_automatically([(fresh, "approve", (), "")], actor=MACHINE)
        assert _bodies()[-1]["article"]["site"] == "late"
