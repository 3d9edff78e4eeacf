"""The approval guard: the machine approves only what calibrated, unshaky scores back."""

from __future__ import annotations

import json

import numpy as np
import pytest

from majlis.moderation import calibration
from majlis.moderation.categories import CATEGORIES
from majlis.moderation.classifiers import ArtifactError
from majlis.moderation.engine import assess
from majlis.moderation.policy import APPROVE, REVIEW, Policy, suggest

CLEAN = dict.fromkeys(CATEGORIES, 0.01)
SURE = {"toxicity": 0.001, "identity_attack": 0.001, "threat": 0.001}
POLICY = Policy(approval_bounds={"en": 0.05, "tr": 0.05}, category_bounds={"threat": 0.02})


def guarded(calibrated=SURE, doubts=(), language="en", **kwargs):
    return suggest(
        CLEAN, language=language, policy=POLICY, calibrated=calibrated, doubts=doubts, **kwargs
    )


def test_a_clean_comment_with_calibrated_scores_is_approved():
    assert guarded().verdict == APPROVE


def test_a_language_without_calibration_is_held_with_its_reason():
    result = guarded(calibrated=None)
    assert result.verdict == REVIEW
    assert result.reasons == ("no calibrated model for en: a person decides",)


def test_a_language_without_an_approval_bound_is_held():
    result = guarded(language="fa")
    assert result.verdict == REVIEW
    assert "no approval bound set for fa" in result.reasons[0]


def test_a_category_above_its_bound_is_held_and_named():
    result = guarded(calibrated={**SURE, "threat": 0.03})
    assert result.verdict == REVIEW
    assert result.reasons == ("threat: 3% likely, approval needs below 2%",)


def test_the_overall_probability_above_the_bound_is_held():
    result = guarded(calibrated={**SURE, "toxicity": 0.08})
    assert result.verdict == REVIEW
    assert result.reasons == ("breaks a guideline with probability 8%; approval needs below 5%",)


def test_each_doubt_holds_the_comment_as_its_own_reason():
    doubts = ("a link or contact details in the comment: a person decides", "too short")
    result = guarded(doubts=doubts)
    assert result.verdict == REVIEW
    assert result.reasons == doubts


def test_an_unsure_language_is_held():
    result = guarded(language_confidence=0.2)
    assert result.verdict == REVIEW
    assert result.reasons == ("language unsure (en 0.20)",)


@pytest.mark.parametrize("language", ["ckb", "kmr"])
def test_kurdish_is_never_approved_without_a_learned_head(language):
    result = assess("Gelek spas bo vê nûçeya baş û bi hûrgilî", language=language)
    assert result.suggestion == REVIEW
    assert result.calibrated is None
    assert any("a person decides" in r for r in result.reasons)


def test_the_engine_holds_a_comment_with_a_link_and_says_why():
    text = "Thank you for the careful report on the new school, more at https://example.org/x"
    result = assess(text, language="en")
    assert result.suggestion == REVIEW
    assert "a link or contact details in the comment: a person decides" in result.reasons


def test_the_engine_holds_a_comment_too_short_to_judge():
    result = assess("Thanks", language="en")
    assert result.suggestion == REVIEW
    assert "too short for the model to judge (1 words)" in result.reasons


def test_the_engine_approves_an_ordinary_comment_in_a_calibrated_language():
    text = "Merhaba, bu haber için teşekkürler, okulun yeni binası hakkında güzel bir yazı olmuş"
    result = assess(text, language="tr")
    assert result.calibrated is not None
    assert result.suggestion == APPROVE, result.reasons


def test_the_shipped_maps_are_monotone_and_rest_on_enough_rows():
    shipped = calibration.load()
    for language in ("en", "ar", "fa", "tr"):
        assert shipped.trusted(language)
        for head in shipped.maps[language].values():
            assert np.all(np.diff(head.x) >= 0)
            assert np.all(np.diff(head.y) >= 0)
            assert 0.0 <= head.y[0] <= head.y[-1] <= 1.0
    assert not shipped.trusted("ckb")
    assert not shipped.trusted("kmr")


def _write(folder, data: dict, sha256: str | None = None) -> None:
    import hashlib

    text = json.dumps(data)
    (folder / "calibration.json").write_text(text, "utf-8")
    digest = sha256 or hashlib.sha256(text.encode()).hexdigest()
    (folder / "manifest.json").write_text(
        json.dumps({"calibration": {"file": "calibration.json", "sha256": digest}}), "utf-8"
    )


MAP = {"x": [0.0, 0.5, 1.0], "y": [0.0, 0.2, 0.9], "rows": 1000, "positives": 300}


def test_a_calibration_is_read_as_json_and_applied_by_interpolation(tmp_path):
    data = {"format": calibration.CALIBRATION_FORMAT, "version": "t", "languages": {}}
    data["languages"]["en"] = {"toxicity": MAP}
    _write(tmp_path, data)
    loaded = calibration.load(tmp_path)
    assert loaded.calibrate({"toxicity": 0.25}, "en") == {"toxicity": 0.1}
    assert loaded.calibrate({"toxicity": 0.25}, "fa") is None


def test_a_decreasing_map_is_refused(tmp_path):
    bad = {**MAP, "y": [0.0, 0.5, 0.4]}
    data = {"format": calibration.CALIBRATION_FORMAT, "version": "t", "languages": {}}
    data["languages"]["en"] = {"toxicity": bad}
    _write(tmp_path, data)
    with pytest.raises(ArtifactError, match="non-decreasing"):
        calibration.load(tmp_path)


def test_an_altered_calibration_is_refused(tmp_path):
    data = {"format": calibration.CALIBRATION_FORMAT, "version": "t", "languages": {}}
    _write(tmp_path, data, sha256="0" * 64)
    with pytest.raises(ArtifactError, match="sha256"):
        calibration.load(tmp_path)


def test_a_map_on_too_few_rows_is_not_trusted(tmp_path):
    data = {"format": calibration.CALIBRATION_FORMAT, "version": "t", "languages": {}}
    data["languages"]["en"] = {"toxicity": {**MAP, "rows": 100, "positives": 30}}
    _write(tmp_path, data)
    assert calibration.load(tmp_path).calibrate({"toxicity": 0.1}, "en") is None


def test_the_default_policy_approves_within_the_bound_on_a_small_fixture():
    """Ordinary comments and attacks: of what the default policy approves, at most 3 %
    (here: none) break the guidelines, and it approves some of the ordinary ones."""
    ordinary = [
        "Thank you for this report, the council should publish the budget every year",
        "I walked past the new library yesterday and it looks wonderful inside",
        "The article explains the water shortage well, I hope the city acts soon",
        "My grandmother lived in that street for forty years, lovely to see it restored",
        "Could the paper follow up on what happened to the bus route changes?",
        "Good interview, the mayor answered more questions than I expected",
        "Thanks for the update, I have added the source to the article and fixed the dates.",
        "I have added a reference to the census figures in the second paragraph.",
    ]
    attacks = [
        "You are a stupid idiot and everyone here hates you",
        "All immigrants are vermin and should be thrown out",
        "Shut up you worthless piece of shit",
        "I will find you and hurt you, you filthy pig",
    ]
    verdicts = [assess(t, language="en").suggestion for t in ordinary + attacks]
    approved = [i for i, v in enumerate(verdicts) if v == APPROVE]
    broke = [i for i in approved if i >= len(ordinary)]
    assert approved
    assert len(broke) <= 0.03 * len(approved)


def test_kurdish_with_a_learned_head_waits_for_the_sites_rule():
    learned = {"toxicity": 0.2}
    held = suggest(CLEAN, language="ckb", calibrated=learned, learned=True)
    assert held.verdict == REVIEW
    lifted = Policy(review_languages=frozenset({"kmr", "other"}))
    assert suggest(CLEAN, language="ckb", policy=lifted, calibrated=learned).verdict == REVIEW
    approved = suggest(CLEAN, language="ckb", policy=lifted, calibrated=learned, learned=True)
    assert approved.verdict == APPROVE
