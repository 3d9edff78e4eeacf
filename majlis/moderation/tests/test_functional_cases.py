# ruff: noqa: E501 -- whole sentences in six languages, one per line, read better unbroken.
"""Threats, insults and identity attacks without a swear word, in all six languages.

Sentences from the tune half of the team's functional cases (training/data/functional_*.tsv)
and the two the project owners measured: each is caught in its category with the words that
carry it highlighted, and their harmless look-alikes (counter-speech, quotation, criticism of
the newsroom) are never rejected nor flagged.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from majlis.moderation import policy
from majlis.moderation.categories import LANGUAGES
from majlis.moderation.engine import assess

TRAINING = Path(__file__).resolve().parents[3] / "training"


def _functional_cases():
    spec = importlib.util.spec_from_file_location(
        "functional_cases", TRAINING / "functional_cases.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("functional_cases", module)
    spec.loader.exec_module(module)
    return module


fc = _functional_cases()

ATTACKS = [
    # The owners' two sentences.
    ("en", "I know where the reporter lives and I will make her pay", "threat", "where the reporter lives"),
    ("en", "I know where the reporter lives and I will make her pay", "threat", "make her pay"),
    ("tr", "Sen tam bir aptalsın", "personal_attack", "aptalsın"),
    ("en", "Somebody needs to teach that columnist a lesson.", "threat", "teach that columnist a lesson"),
    ("en", "People like you end up in the river.", "threat", "end up in the river"),
    ("en", "Watch your back, journalist.", "threat", "Watch your back"),
    ("en", "You are a clueless, spineless hypocrite.", "personal_attack", "hypocrite"),
    ("en", "Muslims are rats spreading disease wherever they go.", "identity_attack", "Muslims are rats"),
    ("ar", "أعرف أين يسكن الصحفي، وسأجعله يدفع الثمن.", "threat", "أعرف أين يسكن"),
    ("ar", "على الكاتب أن ينتبه لنفسه وهو عائد إلى بيته الليلة.", "threat", "ينتبه لنفسه"),
    ("ar", "أنت جاهل ومنافق ولا تفهم شيئًا.", "personal_attack", "جاهل"),
    ("ar", "الأكراد حشرات وليسوا بشرًا.", "identity_attack", "حشرات"),
    ("fa", "می‌دانم کجا زندگی می‌کنی و می‌دانم کی سر کار می‌روی.", "threat", "کجا زندگی"),
    ("fa", "یکی باید یک درس حسابی به خبرنگار بدهد که هیچ‌وقت یادش نرود.", "threat", "درس"),
    ("fa", "به نویسنده بگویید حواسش را جمع کند، وگرنه ممکن است بلایی سرش بیاید.", "threat", "بلایی سرش بیاید"),
    ("fa", "حسابت را می‌رسم، صبر کن.", "threat", "حسابت را می‌رسم"),
    ("fa", "تو آدم بی‌سواد و دورویی هستی و هیچ چیز نمی‌فهمی.", "personal_attack", "بی‌سواد"),
    ("fa", "مهاجران بیشتر به حیوان شبیه‌اند تا به انسان.", "identity_attack", "حیوان"),
    ("tr", "Muhabir nerede oturuyor biliyorum, bunun bedelini ödeyecek.", "threat", "bedelini ödeyecek"),
    ("tr", "Muhabir bu gece eve dönerken arkasını kollasa iyi olur.", "threat", "arkasını kollasa"),
    ("tr", "Yazar yalancının, korkağın teki.", "personal_attack", "korkağın teki"),
    ("tr", "Aleviler gittikleri her yere hastalık taşıyan fareler.", "identity_attack", "fareler"),
    ("ckb", "دەزانم پەیامنێرەکە لە کوێ دەژی، وا دەکەم باجی ئەمە بدات.", "threat", "لە کوێ دەژی"),
    ("ckb", "کەسانی وەک نووسەرەکە کۆتاییان لە ناو ڕووبارەکەدا دەبێت.", "threat", "ڕووبارەکەدا"),
    ("ckb", "تۆ گێلێکی تەواویت.", "personal_attack", "گێلێکی"),
    ("ckb", "کۆچبەران وەک مشک لە هەر شوێنێک بن نەخۆشی بڵاو دەکەنەوە.", "identity_attack", "مشک"),
    ("kmr", "Nûçegihan dê bedela vê nivîsê bide, ez soz didim.", "threat", "bedela vê nivîsê bide"),
    ("kmr", "Hay ji xwe hebe, rojnamevan.", "threat", "Hay ji xwe hebe"),
    ("kmr", "Tu bêaqilekî temam î.", "personal_attack", "bêaqilekî"),
    ("kmr", "Koçber kêzik in, ne mirov in.", "identity_attack", "kêzik in"),
]  # fmt: skip

HARMLESS = [
    ("en", "counter", "Telling a journalist to watch her back is intimidation, and it is unacceptable."),
    ("en", "quotation", "The councillor wrote that Muslims are a disease; he was condemned and resigned."),
    ("en", "negated", "I would never say immigrants are vermin, and nobody here should."),
    ("en", "criticism", "Your reporter did not check the figures, and the editor should be ashamed of this page."),
    ("ar", "counter", "وصف الغجر بالحشرات، كما فعل ذلك السياسي، أمر مشين وعليه أن يعتذر."),
    ("ar", "quotation", "قال الوزير إن السود وباء؛ هذا كلام مخزٍ وعليه أن يستقيل."),
    ("ar", "criticism", "تجاهل التقرير ما قاله الأكراد أنفسهم؛ على الصحيفة أن تحاورهم في المرة القادمة."),
    ("fa", "counter", "کامنت‌هایی که می‌گویند بهایی‌ها انگل‌اند نفرت‌پراکنی است و باید پاک شوند."),
    ("fa", "quotation", "در گزارش از معترضی نقل شده که فریاد می‌زد عرب‌ها باید بروند؛ پلیس او را بازداشت کرد."),
    ("fa", "criticism", "سردبیر نامه‌های خوانندگان درباره‌ی اتوبوس‌ها را نادیده می‌گیرد؛ لطفاً جواب بدهید."),
    ("tr", "counter", "O siyasetçinin yaptığı gibi Ermeniler için haşere demek utanç verici, özür dilemeli."),
    ("tr", "quotation", 'Yazar dün telefonda "bedelini ödeyeceksin" diye tehdit edilmiş; polis soruşturma başlattı.'),
    ("tr", "criticism", "Gazete bu başlıktan utanmalı; okuru oylama konusunda yanıltıyor."),
    ("ckb", "counter", "ناونانی عەرەبەکان بە مێروو، وەک ئەو سیاسەتمەدارە کردی، شەرمەزارییە و دەبێت داوای لێبوردن بکات."),
    ("ckb", "quotation", "لە هەواڵەکەدا هاتووە خۆپیشاندەرێک هاواری کردووە کە دەبێت کۆچبەران بڕۆن؛ پۆلیس دەستگیری کرد."),
    ("ckb", "criticism", "ڕۆژنامەکە دەبێت لەم ناونیشانە شەرم بکات؛ خوێنەران سەبارەت بە دەنگدانەکە چەواشە دەکات."),
    ("kmr", "counter", "Ew şîroveyên ku dibêjin Ermenî parazît in nefretê belav dikin û divê bên jêbirin."),
    ("kmr", "quotation", 'Yekî bi telefonê gef li nivîskar xwariye û gotiye "tu yê bedelê bidî"; polîs lêkolînê dike.'),
    ("kmr", "criticism", "Divê rojname ji vê sernavê şerm bike; ew xwendevanan derbarê dengdanê de dixapîne."),
]  # fmt: skip

FLAGGED = 0.5


@pytest.mark.parametrize(("language", "text", "category", "key"), ATTACKS)
def test_an_attack_without_swear_words_is_caught_with_its_words(language, text, category, key):
    result = assess(text, language=language)
    assert result.scores[category] >= FLAGGED, result.scores
    assert result.suggestion != policy.APPROVE
    spans = [
        text[e.start : e.end]
        for e in result.evidence
        if e.category == category and e.source == "lexicon"
    ]
    assert any(key in span for span in spans), spans


@pytest.mark.parametrize(("language", "functionality", "text"), HARMLESS)
def test_the_harmless_look_alikes_are_neither_rejected_nor_flagged(language, functionality, text):
    result = assess(text, language=language)
    assert result.suggestion != policy.REJECT
    for category in ("threat", "personal_attack", "identity_attack"):
        rule = policy.Policy().rule(category, language)
        assert rule.reject_at is None or result.scores[category] < rule.reject_at
        assert result.scores[category] < FLAGGED, (functionality, category, result.scores)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_cases_of_every_functionality(language):
    templates, groups, persons = fc.read(language)
    assert len(groups) >= 6
    assert len(persons) >= 3
    assert {t.functionality for t in templates} >= set(fc.FUNCTIONALITIES)
    assert len(fc.cases(language)) >= 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_case_is_labelled_and_filled(language):
    for case in fc.cases(language):
        assert "{G}" not in case.text
        assert "{P}" not in case.text
        assert case.category in fc.CATEGORIES
        assert case.attack == (case.category != "none")
        assert case.half in (fc.TUNE, fc.REPORT)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_split_is_deterministic_and_gives_each_half_most_functionalities(language):
    first = {t.id: t.half for t in fc.read(language)[0]}
    assert first == {t.id: t.half for t in fc.read(language)[0]}
    templates = fc.read(language)[0]
    for functionality in {t.functionality for t in templates}:
        halves = {t.half for t in templates if t.functionality == functionality}
        count = sum(t.functionality == functionality for t in templates)
        assert halves == ({fc.TUNE, fc.REPORT} if count >= 2 else {fc.REPORT})


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_file_says_who_wrote_it_and_under_which_licence(language):
    header = [line for line in fc.path(language).read_text("utf-8").splitlines() if line[:1] == "#"]
    text = "\n".join(header)
    assert "Written by the Majlis team" in text
    assert "AGPL-3.0-or-later" in text
    assert "TUNE half" in text
    assert "REPORT half" in text


def test_a_malformed_line_is_refused_with_its_place(tmp_path, monkeypatch):
    monkeypatch.setattr(fc, "DATA", tmp_path)
    (tmp_path / "functional_en.tsv").write_text("en-01\tinsult\tthreat\tno\tYou!\n", "utf-8")
    with pytest.raises(ValueError, match=r"functional_en.tsv:1: attack must be yes"):
        fc.read("en")
