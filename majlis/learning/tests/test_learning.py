"""`learn_site`: a site's own head per language, from its people's decisions only."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from majlis.comments import actions
from majlis.learning import fitting
from majlis.learning.decisions import examples
from majlis.learning.fitting import learn_site
from majlis.learning.models import LearnedModel
from majlis.learning.tests.conftest import INSULT_CKB
from majlis.moderation import learned
from majlis.moderation.engine import assess
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


def _site() -> Site:
    return Site.default()


class TestItLearns:
    def test_kurdish_gets_a_model_from_its_moderators(self, ckb_article, decide_many):
        decide_many(ckb_article, 300)
        result, *_ = learn_site(_site())
        assert result.language == "ckb"
        assert result.outcome == "activated"
        assert result.current_auc is None  # no shipped model for Kurdish
        assert result.candidate_auc > 0.95
        model = LearnedModel.objects.get(active=True, head="toxicity")
        assert (model.language, model.version) == ("ckb", 1)
        card = model.card
        assert card["decisions"]["total"] == 300
        assert card["decisions"]["training"] + card["decisions"]["held_out"] == 300
        assert card["decisions"]["held_out"] == 60
        assert card["dates"]["first"] < card["dates"]["held_out_from"] <= card["dates"]["last"]
        assert card["metrics"]["held_out_auc"] == round(result.candidate_auc, 4)
        assert card["sha256"] == model.sha256

    def test_the_learned_score_moves_the_right_way(self, ckb_article, decide_many):
        decide_many(ckb_article, 300)
        learn_site(_site())
        heads = {"ckb": {"toxicity": LearnedModel.objects.get(active=True, head="toxicity").load()}}
        insult = f"ئەمڕۆ پرد {INSULT_CKB} شار"
        plain = "ئەمڕۆ پرد و شار باش"
        before = assess(insult, language="ckb").scores["toxicity"]
        after = assess(insult, language="ckb", learned_heads=heads)
        assert after.scores["toxicity"] > 0.7 > before
        assert assess(plain, language="ckb", learned_heads=heads).scores["toxicity"] < 0.3
        assert after.versions["learned"] == "main/ckb v1"

    def test_it_is_deterministic(self, ckb_article, decide_many):
        decide_many(ckb_article, 250)
        found = examples(_site())["ckb"]
        grams = [e.text.split() for e in found]
        labels = [e.rejected for e in found]
        first = learned.fit(grams, labels)
        again = learned.fit(grams, labels)
        assert first.to_bytes() == again.to_bytes()

    def test_english_learns_beside_the_shipped_model(self, article, decide_many):
        decide_many(article, 300, language="en")
        result, *_ = learn_site(_site())
        assert result.current == "shipped offensive-en"
        assert result.current_auc is not None
        assert result.outcome == "activated"
        assert result.candidate_auc > result.current_auc + fitting.MARGIN


class TestCategoryHeads:
    def test_a_category_named_in_enough_rejections_gets_its_own_head(
        self, ckb_article, decide_many
    ):
        decide_many(ckb_article, 300)
        general, attack = learn_site(_site())
        assert (general.head, attack.head) == ("toxicity", "personal_attack")
        assert attack.outcome == "activated"
        assert attack.line().startswith("ckb/personal_attack: 300 decisions")
        model = LearnedModel.objects.get(active=True, head="personal_attack")
        assert model.label == "main/ckb personal_attack v1"
        assert model.card["scores"].endswith("for personal_attack")
        assert 0 < model.card["thresholds"]["reject_at"] < 1
        assert not model.card["trusted"]  # only the general head may let the machine approve
        insult = f"ئەمڕۆ پرد {INSULT_CKB} شار"
        heads = {"ckb": {"personal_attack": model.load()}}
        before = assess(insult, language="ckb").scores["personal_attack"]
        after = assess(insult, language="ckb", learned_heads=heads).scores["personal_attack"]
        assert after > 0.7 > before

    def test_rejections_for_another_category_are_left_out_of_its_head(
        self, ckb_article, decide_many
    ):
        decide_many(ckb_article, 300)
        decide_many(ckb_article, 40, categories=("threat",), seed=11)
        results = {r.head: r for r in learn_site(_site())}
        found = examples(_site())["ckb"]
        expected = sum(1 for e in found if not e.rejected or "personal_attack" in e.categories)
        assert expected < len(found)
        assert results["personal_attack"].decisions == expected
        assert results["toxicity"].decisions == len(found)
        assert results["threat"].outcome == "skipped"
        assert "rejected for threat" in results["threat"].reason
        assert not LearnedModel.objects.filter(head="threat").exists()

    def test_the_categories_of_a_rejection_are_kept_with_it(self, ckb_article, decide_many):
        decide_many(ckb_article, 20, categories=("threat", "personal_attack"))
        found = examples(_site())["ckb"]
        assert {e.categories for e in found if e.rejected} == {("threat", "personal_attack")}
        assert {e.categories for e in found if not e.rejected} == {()}


class TestItRefuses:
    def test_a_candidate_no_better_than_the_active_one_is_refused(self, ckb_article, decide_many):
        decide_many(ckb_article, 300)
        learn_site(_site())
        first = LearnedModel.objects.get(active=True, head="toxicity")
        # The same decisions again: the same candidate, so not better by the margin.
        result, *_ = learn_site(_site())
        assert result.outcome == "refused"
        assert result.current == "learned v1"
        assert LearnedModel.objects.get(active=True, head="toxicity") == first
        refused = LearnedModel.objects.get(version=2, head="toxicity")
        assert (refused.outcome, refused.active, bytes(refused.weights)) == ("refused", False, b"")
        assert refused.card["metrics"]["current_auc"] == refused.card["metrics"]["held_out_auc"]

    def test_a_worse_candidate_keeps_the_current_model(self, ckb_article, decide_many, monkeypatch):
        decide_many(ckb_article, 300)
        learn_site(_site())

        real_candidate = learned.candidate

        def knows_nothing(train, y_train, held, y_held, **options):
            found = real_candidate(train, y_train, held, y_held, **options)
            head = dataclasses.replace(
                found.head,
                weights=np.zeros_like(found.head.weights),
                bias=0.0,
                stack_weights=tuple(0.0 for _ in found.head.stack_weights),
            )
            scores = head.predict(held, options.get("shipped_held"))
            return dataclasses.replace(
                found, head=head, held_out_scores=scores, auc=learned.roc_auc(y_held, scores)
            )

        monkeypatch.setattr(learned, "candidate", knows_nothing)
        result, *_ = learn_site(_site())
        assert result.outcome == "refused"
        assert result.candidate_auc == pytest.approx(0.5)
        assert result.current_auc > 0.95
        assert LearnedModel.objects.get(active=True, head="toxicity").version == 1

    def test_nothing_in_use_and_nothing_learned_is_refused(self, ckb_article, decide_many):
        decide_many(ckb_article, 300, noise=True)
        result, *_ = learn_site(_site())
        assert result.outcome == "refused"
        assert not LearnedModel.objects.filter(active=True).exists()


class TestWhoseDecisions:
    def test_the_machines_decisions_change_nothing(self, ckb_article, decide_many):
        decide_many(ckb_article, 300, actor=actions.AutomaticModerator("1.0.0"))
        assert examples(_site()) == {}
        assert learn_site(_site()) == []
        assert not LearnedModel.objects.exists()

    def test_machine_decisions_among_peoples_are_left_out(self, ckb_article, decide_many):
        decide_many(ckb_article, 250)
        decide_many(ckb_article, 100, actor=actions.AutomaticModerator("1.0.0"), seed=8)
        result, *_ = learn_site(_site())
        assert result.decisions == 250

    def test_a_person_overturning_the_machine_is_learned(self, ckb_article, moderator):
        from majlis.comments.models import Comment

        comment = Comment.objects.create(
            article=ckb_article, author_name="R", author_email="r@example.org", body="x"
        )
        actions.approve(comment, actor=actions.AutomaticModerator("1.0.0"))
        actions.reject(comment, actor=moderator, categories=["personal_attack"])
        [example] = examples(_site())[comment.language or "other"]
        assert (example.comment_id, example.rejected) == (comment.pk, 1)

    def test_imports_count_only_when_a_person_took_them(self, ckb_article, decide_many):
        decide_many(ckb_article, 250, actor=actions.Importer("disqus"))
        assert examples(_site()) == {}
        decide_many(ckb_article, 250, actor=actions.Importer("majlis: mona"), seed=9)
        assert len(examples(_site())["ckb"]) == 250

    def test_another_sites_decisions_are_not_this_sites(self, ckb_article, decide_many):
        decide_many(ckb_article, 300)
        other = Site.objects.create(key="sport", name="Sport")
        assert learn_site(other) == []


class TestMinimumCounts:
    def test_too_few_decisions_give_no_model(self, ckb_article, decide_many):
        decide_many(ckb_article, 150)
        result, *_ = learn_site(_site())
        assert result.outcome == "skipped"
        assert "150 decisions" in result.reason
        assert not LearnedModel.objects.exists()

    def test_too_few_of_one_verdict_give_no_model(self, ckb_article, decide_many):
        decide_many(ckb_article, 300, rejected=0.05)
        result, *_ = learn_site(_site())
        assert result.outcome == "skipped"
        assert not LearnedModel.objects.exists()

    def test_a_dry_run_stores_nothing(self, ckb_article, decide_many):
        decide_many(ckb_article, 300)
        result, *_ = learn_site(_site(), dry_run=True)
        assert result.outcome == "would be activated"
        assert not LearnedModel.objects.exists()
