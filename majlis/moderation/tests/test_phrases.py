"""Phrase rules: the pattern language, the guards, and where a match points."""

from __future__ import annotations

import pytest

from majlis.moderation.categories import LANGUAGES
from majlis.moderation.matcher import load_lexicon
from majlis.moderation.normalize import normalize
from majlis.moderation.phrases import DISTANCE_FACTOR, load_rules, parse_rules

RULES = """\
define\tWHO\tyou|him|the (reporter|author)
define\tGROUP\twomen|immigrants
groups\t@GROUP
negation\tnever|not
negation-after\tdeğil
distance\tdisgraceful|police
threat\t0.9\tbanned\ti (will|'ll) make @WHO pay
threat\t0.8\tbanned\tknow where ~ lives
personal_attack\t0.8\tbanned\tyou are (a|an)? idiot*
identity_attack\t0.8\tbanned\t@GROUP are vermin$
identity_attack\t0.7\tbanned\thaşere (gibi)? aptalsın
"""


def _rules(text: str = RULES, language: str = "en"):
    return parse_rules(text.splitlines(), language, source="test.rules")


def _found(text: str, rules=None) -> list[tuple[str, str, float]]:
    rules = rules or _rules()
    return [(m.category, text[m.start : m.end], m.weight) for m in rules.find(normalize(text))]


class TestThePatternLanguage:
    def test_lists_alternatives_and_optional_words(self):
        assert _found("I'll make the author pay") == [("threat", "I'll make the author pay", 0.9)]
        assert _found("you are idiots") == [("personal_attack", "you are idiots", 0.8)]
        assert _found("You are an idiot") == [("personal_attack", "You are an idiot", 0.8)]

    def test_a_gap_takes_up_to_three_words(self):
        assert (
            _found("I know where the new reporter lives")[0][1]
            == "know where the new reporter lives"
        )
        assert _found("I know where the very new local reporter lives") == []

    def test_a_dollar_ends_the_clause(self):
        assert _found("women are vermin.")[0][1] == "women are vermin"
        assert _found("immigrants are vermin, honestly")[0][1] == "immigrants are vermin"
        assert _found("women are vermin control experts") == []

    def test_words_match_whole_words_only(self):
        assert _found("I will make youpay") == []
        assert _found("ayou are an idiot") == []

    def test_evasions_are_undone_before_matching(self):
        text = "I w1ll m4ke y0u pay"
        assert _found(text) == [("threat", text, 0.9)]
        assert _found("you are an i d i o t")[0][0] == "personal_attack"

    def test_turkish_dotless_i_matches_either_way(self):
        rules = _rules(language="tr")
        assert _found("haşere gibi aptalsin", rules)[0][0] == "identity_attack"

    def test_sorani_letters_match_their_keyboard_stand_ins(self):
        rules = _rules("threat\t0.8\tbanned\tڕۆژەکانت ژمێردراون\n", "ckb")
        # ڕ typed as ر, ۆ as و, ە as ه: what an Arabic or Persian keyboard gives.
        assert _found("روژهکانت ژمێردراون", rules)[0][0] == "threat"

    def test_arabic_proclitics_may_cling_to_the_first_word(self):
        rules = _rules("proclitics\tو|ف\nthreat\t0.9\tbanned\tسأجعلك تدفع\n", "ar")
        text = "وسأجعلك تدفع الثمن"
        assert _found(text, rules) == [("threat", "وسأجعلك تدفع", 0.9)]

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            ("threat\t0.9\tbanned\t(you", r"test.rules:1: a \( is never closed"),
            ("threat\t0.9\tbanned\t@NOBODY", r"test.rules:1: unknown list @NOBODY"),
            ("threat\t2\tbanned\tyou", r"test.rules:1: weight must be in"),
            ("off_topic\t0.5\tbanned\tyou", r"test.rules:1: unknown category"),
            ("threat\t0.5\tmaybe\tyou", r"test.rules:1: kind must be one of"),
            ("nonsense", r"test.rules:1: cannot read"),
        ],
    )
    def test_a_malformed_line_is_refused_with_its_place(self, line, message):
        with pytest.raises(ValueError, match=message):
            _rules(line)


class TestTheGuards:
    def test_a_negation_before_the_phrase_drops_it(self):
        assert _found("I would never say women are vermin.") == []
        assert _found("I have never said it. Women are vermin.")[0][0] == "identity_attack"

    def test_a_negation_after_the_phrase_drops_it_where_the_language_has_one(self):
        rules = _rules(language="tr")
        assert _found("haşere aptalsın değil", rules) == []

    def test_distance_in_the_comment_weakens_the_phrase(self):
        found = _found("He wrote that women are vermin; disgraceful.")
        assert found == [("identity_attack", "women are vermin", round(0.8 * DISTANCE_FACTOR, 4))]

    def test_quotation_marks_around_the_phrase_weaken_it(self):
        (found,) = _found('The caller said "I will make you pay" and hung up.')
        assert found[2] == round(0.9 * DISTANCE_FACTOR, 4)
        assert _found('"Hello," he wrote. I will make you pay.')[0][2] == 0.9

    def test_a_threat_in_a_comment_that_names_a_group_attacks_it_too(self):
        found = _found("Immigrants beware, I will make you pay")
        assert {c for c, _, _ in found} == {"threat", "identity_attack"}

    def test_the_guards_also_hold_for_suspect_words_of_the_lists(self):
        lexicon = load_lexicon(["en"])
        plain = lexicon.find(normalize("they are vermin"))
        negated = lexicon.find(normalize("I would never call them vermin"))
        condemned = lexicon.find(normalize("calling them vermin is disgraceful"))
        assert [m.weight for m in plain if m.term == "vermin"] == [0.4]
        assert [m for m in negated if m.term == "vermin"] == []
        assert [m.weight for m in condemned if m.term == "vermin"] == [0.4 * DISTANCE_FACTOR]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_ships_rules_of_the_three_categories(language):
    rules = load_rules(language)
    assert {r.category for r in rules.rules} == {"threat", "personal_attack", "identity_attack"}
    assert rules.negations
    assert rules.distances
    assert rules.groups is not None


def test_matches_come_back_from_the_lexicon_with_the_words():
    text = "I know where the reporter lives."
    found = [(m.category, text[m.start : m.end]) for m in load_lexicon().find(normalize(text))]
    assert ("threat", "I know where the reporter lives") in found
