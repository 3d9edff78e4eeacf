"""The shipped classifiers: they load safely, score sensibly and explain with real spans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from majlis.moderation import classifiers
from majlis.moderation.classifier_features import ngram_spans, ngrams

TOXIC_AND_BENIGN = {
    "en": (
        "You are a stupid worthless idiot, shut the fuck up.",
        "Thank you for the careful reporting on the council budget.",
    ),
    "ar": ("انت حمار وغبي يا ابن الكلب", "شكرا على هذا المقال المفيد عن الاقتصاد"),
    "fa": ("خفه شو احمق بی شعور کثافت", "ممنون از گزارش خوبتان درباره اقتصاد"),
    "tr": (
        "Sen ne aptal bir gerizekalısın, siktir git",
        "Ekonomi hakkındaki bu güzel haber için teşekkürler",
    ),
}


def test_it_loads_every_model_in_the_manifest() -> None:
    for name in ("offensive-en", "offensive-ar", "offensive-fa", "offensive-tr", "promotion"):
        model = classifiers.load(name)
        assert model.heads
        assert model.version
        assert len(model.vocabulary) == model.coef.shape[0]


def test_it_refuses_a_tampered_artifact(tmp_path: Path) -> None:
    shutil.copy(classifiers.ARTIFACTS / "manifest.json", tmp_path / "manifest.json")
    original = (classifiers.ARTIFACTS / "promotion.npz").read_bytes()
    tampered = bytearray(original)
    tampered[len(tampered) // 2] ^= 0xFF
    (tmp_path / "promotion.npz").write_bytes(bytes(tampered))
    with pytest.raises(classifiers.ArtifactError, match="sha256"):
        classifiers.load("promotion", directory=tmp_path)


def test_it_refuses_a_model_missing_from_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"classifiers": {}}), "utf-8")
    with pytest.raises(classifiers.ArtifactError):
        classifiers.load("promotion", directory=tmp_path)


@pytest.mark.parametrize("language", sorted(TOXIC_AND_BENIGN))
def test_it_ranks_a_clearly_toxic_comment_above_a_benign_one(language: str) -> None:
    toxic, benign = TOXIC_AND_BENIGN[language]
    scores = classifiers.predict([toxic, benign], language)["toxicity"]
    assert scores[0] > scores[1]
    assert scores[0] > 0.5 > scores[1]


def test_english_names_the_categories() -> None:
    scores = classifiers.predict(
        [
            "I will kill you and your family tonight",
            "Go back to your country, you filthy immigrants",
            "Great article, thanks",
        ],
        "en",
    )
    assert set(scores) == {
        "toxicity",
        "profanity",
        "vulgarity",
        "threat",
        "personal_attack",
        "identity_attack",
        "promotion",
    }
    assert scores["threat"][0] > scores["threat"][2]
    assert scores["identity_attack"][1] > scores["identity_attack"][2]
    for values in scores.values():
        assert np.all((values >= 0) & (values <= 1))


def test_promotion_is_scored_in_every_language() -> None:
    spam = "Check out my channel and subscribe!!! http://bit.ly/free-gift-cards"
    for language in ("en", "ar", "ckb", "kmr", "other"):
        scores = classifiers.predict([spam, "I disagree with the minister."], language)
        assert scores["promotion"][0] > 0.5 > scores["promotion"][1]
    assert set(classifiers.predict(["slav"], "ckb")) == {"promotion"}


def test_a_batch_scores_like_one_at_a_time() -> None:
    texts = ["", "   ", "idiot", "A long and civil comment. " * 40, *TOXIC_AND_BENIGN["en"]]
    batch = classifiers.predict(texts, "en")
    for i, text in enumerate(texts):
        single = classifiers.predict([text], "en")
        for key, values in batch.items():
            assert single[key][0] == pytest.approx(values[i], abs=1e-12)


def test_explain_returns_spans_inside_the_text() -> None:
    text = "Well, you are a total IDIOT and a moron."
    spans = classifiers.explain(text, "en", "personal_attack", top_k=3)
    assert 0 < len(spans) <= 3
    for start, end, gram in spans:
        assert 0 <= start < end <= len(text)
        assert gram
    assert any("idiot" in text[s:e].lower() or "moron" in text[s:e] for s, e, _ in spans)
    assert classifiers.explain(text, "ckb", "personal_attack") == []
    assert classifiers.explain(text, "en", "no_such_category") == []


def test_spans_and_ngrams_agree() -> None:
    text = "İstanbul'da   ŞOK!!  می‌خواهم  مُحَمَّد  soooo   www.example.com ١٢٣"
    assert sorted(g for g, _, _ in ngram_spans(text)) == sorted(ngrams(text))
    for _, start, end in ngram_spans(text):
        assert 0 <= start <= end <= len(text)


def test_versions_name_every_model() -> None:
    assert set(classifiers.versions()) >= {"classifier:offensive-en", "classifier:promotion"}


def test_inference_matches_scikit_learn() -> None:
    """The numpy featuriser and scorer read an artifact exactly as scikit-learn would."""
    text_module = pytest.importorskip("sklearn.feature_extraction.text")
    texts = [
        "You are a stupid idiot!!!",
        "Thanks for the article.",
        "",
        "fuuuuck this",
        "Visit www.cheap-pills.example now 50% off",
        "انت غبي",
        "Sen aptalsın",
    ]
    for name in ("offensive-en", "offensive-tr", "promotion"):
        model = classifiers.load(name)
        vocabulary = [""] * len(model.vocabulary)
        for gram, j in model.vocabulary.items():
            vocabulary[j] = gram
        vectorizer = text_module.TfidfVectorizer(
            analyzer=ngrams,
            sublinear_tf=True,
            lowercase=False,
            vocabulary={g: j for j, g in enumerate(vocabulary)},
        )
        vectorizer.fit([""])
        vectorizer.idf_ = model.idf
        x = vectorizer.transform(texts)
        expected = 1.0 / (1.0 + np.exp(-(x @ model.coef + model.intercept)))
        got = model.predict(texts)
        for h, head in enumerate(model.heads):
            np.testing.assert_allclose(got[head], expected[:, h], rtol=0, atol=1e-6)
