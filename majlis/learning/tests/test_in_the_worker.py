"""The worker and `majlis assess` read the site's active learned models."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from majlis.comments import actions
from majlis.learning.fitting import learn_site
from majlis.learning.models import LearnedModel, LearningLease
from majlis.learning.schedule import due, learn_due_sites
from majlis.learning.tests.conftest import INSULT_CKB
from majlis.moderation import tasks
from majlis.moderation.models import CommentAssessment, PolicyRule
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db

INSULT = f"ئەمڕۆ پرد {INSULT_CKB} شار"
PLAIN = "ئەمڕۆ پرد و شار باش"
# The moderators named personal attacks in their rejections: that category gets a head too.
BOTH = "main/ckb v1, main/ckb personal_attack v1"


@pytest.fixture
def learned_ckb(ckb_article, decide_many) -> LearnedModel:
    decide_many(ckb_article, 300)
    learn_site(Site.default())
    return LearnedModel.objects.get(active=True, head="toxicity")


def _assessed(article, body: str) -> CommentAssessment:
    comment = actions.submit(
        article, author_name="Reader", author_email="new@example.org", body=body
    )
    tasks.run_assessment(comment.pk)
    return CommentAssessment.objects.get(comment=comment)


class TestTheWorker:
    def test_it_uses_the_sites_active_model(self, learned_ckb, ckb_article):
        insult = _assessed(ckb_article, INSULT)
        plain = _assessed(ckb_article, PLAIN)
        assert insult.versions["learned"] == BOTH
        assert insult.scores["toxicity"] > 0.7
        assert plain.scores["toxicity"] < 0.3

    def test_another_sites_comments_do_not_use_it(self, learned_ckb):
        from majlis.articles.models import Article

        other = Site.objects.create(key="sport", name="Sport", language="ckb")
        article = Article.objects.create(key="yari", title="یاری", language="ckb", site=other)
        found = _assessed(article, INSULT)
        assert "learned" not in found.versions
        assert found.scores["toxicity"] < 0.5

    def test_kurdish_still_goes_to_people_until_thresholds_are_applied(
        self, learned_ckb, ckb_article
    ):
        assert learned_ckb.trusted
        assert _assessed(ckb_article, PLAIN).suggestion == "review"
        out = StringIO()
        call_command("learn", "--apply-thresholds", stdout=out)
        assert "thresholds applied to the policy for: ckb" in out.getvalue()
        rule = PolicyRule.objects.get(category="toxicity", language="ckb")
        assert 0 < rule.approve_below < 1
        assert _assessed(ckb_article, PLAIN + " ماڵ").suggestion == "approve"
        # The category's head, with its proposed reject_at applied, names what people did.
        insult = _assessed(ckb_article, INSULT + " ماڵ")
        assert (insult.suggestion, insult.categories) == ("reject", ["personal_attack"])
        rule = PolicyRule.objects.get(category="personal_attack", language="ckb")
        assert 0 < rule.approve_below <= rule.reject_at < 1


class TestTheCommands:
    def test_learn_prints_what_it_did_per_language(self, ckb_article, decide_many):
        decide_many(ckb_article, 300)
        out = StringIO()
        call_command("learn", "--site", "main", stdout=out)
        line = out.getvalue()
        assert line.startswith("main/ckb: 300 decisions (60 newest held out)")
        assert "activated as v1" in line
        out = StringIO()
        call_command("learn", stdout=out)
        assert "refused" in out.getvalue()
        assert "learned v1" in out.getvalue()

    def test_learn_names_an_unknown_site(self, db):
        with pytest.raises(CommandError, match="--site: no site 'nowhere'"):
            call_command("learn", "--site", "nowhere")

    def test_learn_waits_for_another_learner(self, ckb_article, decide_many):
        decide_many(ckb_article, 300)
        assert LearningLease.acquire(Site.default(), "someone-else")
        with pytest.raises(CommandError, match="another process is learning"):
            call_command("learn")
        assert not LearnedModel.objects.exists()

    def test_assess_uses_the_sites_models(self, learned_ckb):
        out = StringIO()
        call_command("assess", INSULT, "--site", "main", "--language", "ckb", stdout=out)
        data = json.loads(out.getvalue())
        assert data["versions"]["learned"] == BOTH
        assert data["scores"]["toxicity"] > 0.7
        # The only site is the default.
        out = StringIO()
        call_command("assess", INSULT, "--language", "ckb", stdout=out)
        assert json.loads(out.getvalue())["versions"]["learned"] == BOTH

    def test_assess_csv_uses_the_sites_models(self, learned_ckb, tmp_path):
        source = tmp_path / "in.csv"
        source.write_text(f"text\n{INSULT}\n{PLAIN}\n", encoding="utf-8")
        target = tmp_path / "out.csv"
        call_command(
            "assess",
            "--csv",
            str(source),
            "--text-column",
            "text",
            "--out",
            str(target),
            "--language",
            "ckb",
            "--site",
            "main",
        )
        rows = target.read_text(encoding="utf-8").splitlines()[1:]
        toxicity = [float(row.split(",")[1]) for row in rows]
        assert toxicity[0] > 0.7 > 0.3 > toxicity[1]

    def test_assess_names_an_unknown_site(self, db):
        with pytest.raises(CommandError, match="--site: no site 'nowhere'"):
            call_command("assess", "hello", "--site", "nowhere")


class TestTheSchedule:
    def test_a_site_is_due_after_enough_new_decisions(
        self, ckb_article, decide_many, settings, moderator
    ):
        settings.MAJLIS = {**settings.MAJLIS, "LEARN_MIN_NEW_DECISIONS": 50}
        decide_many(ckb_article, 300)
        assert due(Site.default())
        assert set(learn_due_sites("w1")) == {"main"}
        assert not due(Site.default())
        assert learn_due_sites("w1") == {}
        # A person's decisions taken after the last run count towards the next.
        for comment in decide_many(ckb_article, 50, seed=3, actor=actions.Importer("disqus")):
            assert not due(Site.default())
            # A person overturns the imported verdict, now.
            if comment.status == "rejected":
                actions.approve(comment, actor=moderator)
            else:
                actions.reject(comment, actor=moderator, categories=["personal_attack"])
        assert due(Site.default())

    def test_the_machines_decisions_never_make_a_site_due(self, ckb_article, decide_many):
        decide_many(ckb_article, 300, actor=actions.AutomaticModerator("1.0.0"))
        assert not due(Site.default())

    def test_a_site_another_worker_is_learning_is_skipped(self, ckb_article, decide_many):
        decide_many(ckb_article, 300)
        assert LearningLease.acquire(Site.default(), "w2")
        assert learn_due_sites("w1") == {}
        LearningLease.release(Site.default(), "w2")
        assert set(learn_due_sites("w1")) == {"main"}


class TestTheDesk:
    def test_the_desk_names_the_learned_model_behind_an_assessment(
        self, learned_ckb, ckb_article, client, moderator
    ):
        found = _assessed(ckb_article, INSULT)
        client.force_login(moderator)
        page = client.get(f"/desk/comments/{found.comment_id}/").content.decode()
        assert "learned model main/ckb v1" in page
