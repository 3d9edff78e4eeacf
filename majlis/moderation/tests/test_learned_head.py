"""A learned head is stacked on the shipped scores: it starts from them and corrects them."""

from __future__ import annotations

import io
import json

import numpy as np

from majlis.moderation import learned
from majlis.moderation.classifier_features import FEATURIZER_VERSION

WORDS = [f"w{i}" for i in range(60)]


def _desk(n: int, seed: int, *, word_matters: bool):
    """n comments of random words with a shipped score each; a rejection follows the shipped
    score, and (``word_matters``) also a word the shipped model ignores, "zorblax"."""
    rng = np.random.default_rng(seed)
    items, shipped, labels = [], [], []
    for _ in range(n):
        words = list(rng.choice(WORDS, size=8))
        score = float(rng.uniform(0.02, 0.98))
        marked = word_matters and rng.random() < 0.3
        if marked:
            words.append("zorblax")
        chance = 0.9 if marked else score
        items.append(words)
        shipped.append(score)
        labels.append(int(rng.random() < chance))
    return items, {"toxicity": np.array(shipped)}, np.array(labels)


def _candidate(n: int, seed: int, *, word_matters: bool):
    items, shipped, y = _desk(n, seed, word_matters=word_matters)
    cut = n - n // 5
    found = learned.candidate(
        items[:cut],
        y[:cut],
        items[cut:],
        y[cut:],
        shipped_train={k: v[:cut] for k, v in shipped.items()},
        shipped_held={k: v[cut:] for k, v in shipped.items()},
    )
    later_items, later_shipped, later_y = _desk(2000, seed + 1, word_matters=word_matters)
    learned_auc = learned.roc_auc(later_y, found.head.predict(later_items, later_shipped))
    shipped_auc = learned.roc_auc(later_y, later_shipped["toxicity"])
    return found, learned_auc, shipped_auc


def test_it_learns_what_the_shipped_model_ignores():
    found, learned_auc, shipped_auc = _candidate(1000, 1, word_matters=True)
    assert found.form == learned.STACKED
    assert learned_auc > shipped_auc + 0.05


def test_with_nothing_to_learn_it_stays_with_the_shipped_scores():
    found, learned_auc, shipped_auc = _candidate(1000, 2, word_matters=False)
    # Random words say nothing: the head must rank about as the shipped score does.
    assert learned_auc > shipped_auc - 0.01
    assert found.head.stack_weights[0] > 0.5


def test_the_shrinkage_is_chosen_on_newer_decisions_than_it_learns_from():
    found, _, _ = _candidate(600, 3, word_matters=True)
    assert found.l2 in learned.L2_CHOICES
    assert set(found.inner) == {str(v) for v in learned.L2_CHOICES}


def test_without_shipped_scores_the_n_grams_carry_it_alone():
    items, _, y = _desk(400, 4, word_matters=True)
    found = learned.candidate(items[:320], y[:320], items[320:], y[320:])
    assert found.form == learned.ALONE
    assert found.head.stacked == ()
    assert "None" not in found.inner  # "no n-grams" would be nothing at all


def test_a_stacked_score_it_is_not_given_reads_as_no_opinion():
    found, _, _ = _candidate(600, 5, word_matters=True)
    items = [["w1", "w2"]]
    alone = found.head.predict(items)
    neutral = found.head.predict(items, {"toxicity": np.array([0.5])})
    assert np.allclose(alone, neutral)


def test_weights_round_trip_with_what_they_stack():
    found, _, _ = _candidate(600, 6, word_matters=True)
    data = found.head.to_bytes()
    again = learned.LearnedHead.from_bytes(data, expected_sha256=learned.LearnedHead.sha256(data))
    items, shipped, _ = _desk(50, 7, word_matters=True)
    assert again.stacked == ("toxicity",)
    assert np.allclose(found.head.predict(items, shipped), again.predict(items, shipped))


def test_a_first_format_model_loads_as_the_same_scores():
    # Format 1: a × (n-grams' logit) + b × shipped toxicity's logit + c.
    bucket = learned.BUCKETS - 5
    header = {
        "format": learned.FORMAT_1,
        "featurizer": FEATURIZER_VERSION,
        "buckets": learned.BUCKETS,
        "uses_shipped": True,
    }
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
        buckets=np.array([bucket], dtype=np.int32),
        idf=np.array([2.0], dtype=np.float32),
        weights=np.array([1.5], dtype=np.float32),
        scalars=np.array([-0.2, 0.8, 0.6, 0.1]),
    )
    data = buffer.getvalue()
    head = learned.LearnedHead.from_bytes(data, expected_sha256=learned.LearnedHead.sha256(data))
    own = head.logits([["x"]]) - head.logits([["x"]], {"toxicity": np.array([0.5])})
    assert np.allclose(own, 0.0)
    tox = np.array([0.9])
    expected_logit = 0.8 * (-0.2) + 0.6 * np.log(0.9 / 0.1) + 0.1  # "x" hashes elsewhere
    assert np.allclose(head.logits([["x"]], {"toxicity": tox}), expected_logit)


def test_a_margin_shown_by_luck_on_few_decisions_does_not_replace_the_model_in_use():
    rng = np.random.default_rng(12)
    y = rng.integers(0, 2, 40)
    current = rng.uniform(size=40)
    # Noise that happens to rank these 40 a little better than the model in use.
    for _ in range(200):
        lucky = rng.uniform(size=40)
        if learned.roc_auc(y, current) + 0.02 <= learned.roc_auc(y, lucky) <= 0.62:
            break
    assert learned.roc_auc(y, lucky) >= learned.roc_auc(y, current) + learned.MARGIN
    assert not learned.replaces(y, lucky, current)


def test_a_clearly_better_candidate_replaces_the_model_in_use():
    rng = np.random.default_rng(13)
    y = rng.integers(0, 2, 60)
    current = rng.uniform(size=60)
    better = y + rng.normal(0, 0.5, 60)
    assert learned.replaces(y, better, current)
    assert learned.replaces(y, better, None)  # nothing in use: the floor
    assert not learned.replaces(y, current * 0 + 0.5, None)  # chance is below the floor
