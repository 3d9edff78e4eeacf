"""Phrase rules: guideline-breaking constructions that no single word gives away.

"I know where the reporter lives", "you will pay for this", "sen tam bir aptalsın", "X are
vermin": every word is harmless alone; the construction is the threat or the insult. A rule
file (``lexicons/<language>.rules``) writes such constructions as small patterns over the
normalised comment, with guards for the two ways a harmless comment holds the same words:

* **negation** in the words just before the phrase, in its clause ("I would never say X are
  vermin"), or just after it where a language negates after the predicate (Turkish "değil",
  Persian "نیستند"): the match is dropped;
* **distance** anywhere in the comment (counter-speech, quotation, reporting: "...; that is
  disgraceful", "the police are investigating") or quotation marks around the phrase: the
  match stays but its weight is cut to a fraction, so a person still sees the comment and
  nothing is rejected or flagged for it.

A file has four kinds of tab-separated lines (``#`` starts a comment)::

    define          NAME       alternative | alternative | ...
    proclitics      و|ف        (letters that may cling to a phrase's first word, as in Arabic)
    groups          pattern    (how the comment names a group of people: see below)
    negation        pattern
    negation-after  pattern
    distance        pattern
    category  weight     kind        pattern

A threat in a comment that names a group (``groups``) is an attack on people for who they
are as well: the match is reported a second time, as an identity attack.

A pattern is words separated by spaces (any run of spaces and commas between words in the
comment), ``@NAME`` for a defined list, ``(a|b)`` for alternatives and ``(...)?`` for an
optional part, ``~`` for a gap of up to three words, ``$`` for the end of a clause, and ``*``
at either side of a word (or after a group) for any continuation on that side (``aptal*``).
Words are folded as the comment is (see normalize.py), so they are written in ordinary
spelling; Arabic-script letters that keyboards swap (``ڕ``/``ر``, ``ڵ``/``ل``, ``ۆ``/``و``,
``ێ``/``ی``), ``l``/``i`` (leetspeak ``1``) and Turkish ``ı``/``i`` match either way. A match
covers whole words and is reported on the reader's own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from majlis.moderation.categories import CATEGORIES, IDENTITY_ATTACK, OFF_TOPIC, THREAT
from majlis.moderation.normalize import Normalized, normalize

__all__ = ["PhraseMatch", "Rule", "RuleSet", "load_rules", "parse_rules"]

#: What a match keeps of its weight when the comment keeps its distance from the phrase.
DISTANCE_FACTOR = 0.3
#: How many words before a phrase a negation may stand in.
NEGATION_WORDS = 6
#: How many words after it (Turkish, Persian, Kurdish put the negated copula there).
NEGATION_AFTER_WORDS = 2
GAP_WORDS = 3

_WORD = r"[^\W_]"
_SEPARATOR = r"[\s,،'\"«»“”‘’()\-–—]+"
_GAP = rf"(?:[^\W_][\w'’]*{_SEPARATOR}){{0,{GAP_WORDS}}}"
# Where a clause ends: a negation before it does not reach a phrase after it.
_CLAUSE_END = re.compile(r"[.!?;:؛؟\n]|\bbut\b|\bama\b|\bولكن\b|\bاما\b|\bبەڵام\b|\blê\b")
_PHRASE_END = re.compile(r"[.!?;:؛؟,،\n]")
_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}
_SWAPS = {
    "ڕ": "ڕر",
    "ر": "رڕ",
    "ڵ": "ڵل",
    "ۆ": "ۆو",
    "ێ": "ێی",
    "l": "li",
    "ı": "ıi",
}
_TOKEN = re.compile(r"@\w+|[()|?~$ ]|[^()|?~$ @]+")
# "$": the clause ends here (verb-final languages put the predicate last).
_END = r"(?=[\s\"'»”’)]*(?:[.!?;:,،؛؟\n]|$))"
KINDS = ("banned", "suspect")
#: As for word lists: relevance to an article is not a matter of phrases.
RULE_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != OFF_TOPIC)


@dataclass(frozen=True, slots=True)
class Rule:
    category: str
    weight: float
    kind: str
    pattern: re.Pattern[str]
    source: str  # file:line, for the evidence
    # Words the comment must hold for the pattern to have a chance: one of each set, looked
    # up as substrings of the comment's skeleton (see _skeleton) before the pattern runs.
    needs: tuple[frozenset[str], ...] = ()

    def may_match(self, skeleton: str) -> bool:
        return all(any(word in skeleton for word in options) for options in self.needs)


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A rule that fired; ``start``/``end`` are offsets in the original text."""

    phrase: str
    category: str
    language: str
    weight: float
    kind: str
    start: int
    end: int
    guarded: bool


@dataclass(frozen=True)
class RuleSet:
    language: str
    rules: tuple[Rule, ...]
    negations: tuple[re.Pattern[str], ...]
    distances: tuple[re.Pattern[str], ...]
    negations_after: tuple[re.Pattern[str], ...] = ()
    groups: re.Pattern[str] | None = None

    def find(self, normalized: Normalized) -> list[PhraseMatch]:
        text = normalized.text
        skeleton = _skeleton(text)
        distant = self.distant(text)
        found: list[PhraseMatch] = []
        for rule in self.rules:
            if not rule.may_match(skeleton):
                continue
            for match in rule.pattern.finditer(text):
                start, end = match.span()
                if self.negated(text, start, end):
                    continue
                guarded = distant or _quoted(text, start, end)
                a, b = normalized.to_original(start, end)
                weight = rule.weight * DISTANCE_FACTOR if guarded else rule.weight
                categories = [rule.category]
                if rule.category == THREAT and self.groups and self.groups.search(text):
                    categories.append(IDENTITY_ATTACK)
                found.extend(
                    PhraseMatch(
                        match.group().strip(),
                        category,
                        self.language,
                        round(weight, 4),
                        "suspect" if guarded else rule.kind,
                        a,
                        b,
                        guarded,
                    )
                    for category in categories
                )
        return found

    def distant(self, text: str) -> bool:
        """Whether the (folded) comment keeps its distance: condemns, reports, quotes."""
        return any(p.search(text) for p in self.distances)

    def guard(self, text: str, start: int, end: int, distant: bool | None = None) -> float | None:
        """What is left of a weight found at [start, end) of the folded text: None when the
        phrase is negated, a fraction when the comment keeps its distance, else 1.
        ``distant``: `distant(text)`, when the caller has it already."""
        if self.negated(text, start, end):
            return None
        if distant is None:
            distant = self.distant(text)
        return DISTANCE_FACTOR if distant or _quoted(text, start, end) else 1.0

    def negated(self, text: str, start: int, end: int) -> bool:
        """Whether a negation stands in the few words before [start, end) in the same clause,
        or (where the language has such negations) in the words just after it."""
        before = text[:start]
        ends = list(_CLAUSE_END.finditer(before))
        clause = before[ends[-1].end() :] if ends else before
        window = " ".join(clause.split()[-NEGATION_WORDS:])
        if any(p.search(window) for p in self.negations):
            return True
        if not self.negations_after:
            return False
        after = _PHRASE_END.split(text[end:], maxsplit=1)[0]
        window = " ".join(after.split()[:NEGATION_AFTER_WORDS])
        return any(p.search(window) for p in self.negations_after)


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether the span lies between an opening quotation mark and its closing one."""
    for opening, closing in _QUOTES.items():
        left = text.rfind(opening, 0, start)
        if left < 0:
            continue
        if opening == closing and text.count(opening, 0, left) % 2:
            continue  # that mark closes an earlier quotation
        right = text.find(closing, end)
        if right >= 0 and text.find(closing, left + 1, start) < 0:
            return True
    return False


def _fold_word(word: str) -> str:
    prefix, suffix = word.startswith("*"), word.endswith("*")
    # "'ll" after "i": the apostrophe is a separator, as in the comment's "i'll".
    core = normalize(word.strip("*").lstrip("'’")).text
    if not core:
        raise ValueError(f"a pattern word needs a letter: {word!r}")
    body = "".join(f"[{re.escape(_SWAPS[ch])}]" if ch in _SWAPS else re.escape(ch) for ch in core)
    return (rf"{_WORD}*" if prefix else "") + body + (r"[\w'’]*" if suffix else "")


_SKELETON = str.maketrans({"ڕ": "ر", "ڵ": "ل", "ۆ": "و", "ێ": "ی", "ı": "i", "l": "i"})


def _skeleton(text: str) -> str:
    """The folded text with the letters `_SWAPS` lets stand for each other made one."""
    return text.translate(_SKELETON)


def _needs(source: str, defines: dict[str, str], depth: int = 0) -> list[frozenset[str]]:
    """The words a match of ``source`` must contain: for each set, at least one of them (a
    cheap test that spares most comments the regular expression)."""
    if depth > 8:
        return []
    tokens = [t for t in _TOKEN.findall(" ".join(source.split())) if t != " "]
    needs: list[frozenset[str]] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if token == "(":
            level, end = 1, k + 1
            while level:
                level += {"(": 1, ")": -1}.get(tokens[end], 0)
                end += 1
            inner = " ".join(tokens[k + 1 : end - 1])
            optional = end < len(tokens) and tokens[end] == "?"
            if not optional:
                needs += _any_of(_top_level(inner), defines, depth)
            k = end
            continue
        if token.startswith("@") and token[1:] in defines:
            needs += _any_of(_top_level(defines[token[1:]]), defines, depth)
        elif token not in ("~", "$", "?", "*", "|", ")"):
            core = normalize(token.strip("*").lstrip("'’")).text
            if core:
                needs.append(frozenset({_skeleton(core)}))
        k += 1
    return needs


def _any_of(alternatives: list[str], defines: dict[str, str], depth: int) -> list[frozenset[str]]:
    """One set for an alternation: the strongest need of each alternative, or none at all
    when some alternative needs nothing."""
    words: set[str] = set()
    for alternative in alternatives:
        needs = _needs(alternative, defines, depth + 1)
        if not needs:
            return []
        words |= max(needs, key=lambda options: min(len(w) for w in options))
    return [frozenset(words)]


def _top_level(alternatives: str) -> list[str]:
    """Split a definition at the ``|`` that no parenthesis encloses."""
    parts, depth, current = [], 0, []
    for ch in alternatives:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    return [p for p in (*parts, "".join(current)) if p.strip()]


def _compile(source: str, defines: dict[str, str], depth: int = 0) -> str:
    """A pattern's regular expression, without the word edges around it."""
    if depth > 8:
        raise ValueError("definitions nest too deep (a definition names itself?)")
    tokens = _TOKEN.findall(" ".join(source.split()))
    out: list[str] = []
    opened: list[int] = []  # where each open group starts in `out`
    last_group = -1
    skip_space = False
    for k, token in enumerate(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else ""
        if token == " ":
            if not skip_space:
                out.append(_SEPARATOR)
            skip_space = False
            continue
        skip_space = False
        if token == "~":
            # The words of the gap bring their own separators; the next space is its.
            out.append(_GAP)
            skip_space = following == " "
        elif token == "(":
            opened.append(len(out))
            out.append("(?:")
        elif token == ")":
            if not opened:
                raise ValueError("a ) closes no (")
            last_group = opened.pop()
            out.append(")")
        elif token == "|":
            out.append("|")
        elif token == "?":
            if out and out[-1] == ")" and following == " ":
                # "(a|an)? idiot": the space after an optional part is optional with it.
                out[last_group] = "(?:(?:"
                out[-1] = ")" + _SEPARATOR + ")"
                skip_space = True
            out.append("?")
        elif token == "$":
            out.append(_END)
        elif token == "*" and out and out[-1].endswith(")"):
            out.append(r"[\w'’]*")  # "(aptal|salak)*": any continuation of the group
        elif token.startswith("@"):
            name = token[1:]
            if name not in defines:
                raise ValueError(f"unknown list @{name}")
            alternatives = (_compile(a, defines, depth + 1) for a in _top_level(defines[name]))
            out.append("(?:" + "|".join(alternatives) + ")")
        else:
            out.append(_fold_word(token))
    if opened:
        raise ValueError("a ( is never closed")
    return "".join(out)


def parse_rules(lines: Iterable[str], language: str, source: str = "<rules>") -> RuleSet:
    defines: dict[str, str] = {}
    rules: list[Rule] = []
    negations: list[re.Pattern[str]] = []
    negations_after: list[re.Pattern[str]] = []
    distances: list[re.Pattern[str]] = []
    guards = {"negation": negations, "negation-after": negations_after, "distance": distances}
    proclitic = ""
    groups: re.Pattern[str] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{source}:{number}"
        fields = [f.strip() for f in line.rstrip("\n").split("\t") if f.strip()]
        try:
            if fields[0] == "define" and len(fields) == 3:
                defines[fields[1]] = fields[2]
            elif fields[0] == "groups" and len(fields) == 2:
                groups = re.compile(rf"(?<![\w']){proclitic}{_compile(fields[1], defines)}")
            elif fields[0] == "proclitics" and len(fields) == 2:
                letters = "|".join(re.escape(normalize(p).text) for p in fields[1].split("|"))
                proclitic = f"(?:{letters})?"
            elif fields[0] in guards and len(fields) == 2:
                pattern = _compile(fields[1], defines)
                tail = "" if fields[1].endswith("*") else r"(?![\w'])"
                guards[fields[0]].append(re.compile(rf"(?<![\w']){pattern}{tail}"))
            elif len(fields) == 4:
                category, weight, kind, text = fields
                if category not in RULE_CATEGORIES:
                    raise ValueError(f"unknown category {category!r}")
                if kind not in KINDS:
                    raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
                if not 0.0 < float(weight) <= 1.0:
                    raise ValueError(f"weight must be in (0, 1], not {weight}")
                body = _compile(text, defines)
                tail = "" if text.endswith("*") else r"(?![\w'])"
                head = "" if text.startswith("*") else r"(?<![\w'])" + proclitic
                pattern = re.compile(head + body + tail)
                # Rarest (longest) words first: most comments fail the test at once.
                needs = tuple(sorted(_needs(text, defines), key=lambda o: -min(len(w) for w in o)))
                rules.append(Rule(category, float(weight), kind, pattern, where, needs))
            else:
                raise ValueError(f"cannot read {fields!r}")
        except (ValueError, re.error) as error:
            raise ValueError(f"{where}: {error}") from error
    return RuleSet(
        language, tuple(rules), tuple(negations), tuple(distances), tuple(negations_after), groups
    )


@lru_cache(maxsize=8)
def load_rules(language: str) -> RuleSet:
    """The shipped rules of one language (none where it has no file), compiled once."""
    resource = resources.files("majlis.moderation").joinpath("lexicons", f"{language}.rules")
    if not resource.is_file():
        return RuleSet(language, (), (), ())
    with resource.open(encoding="utf-8") as lines:
        return parse_rules(lines, language, source=f"lexicons/{language}.rules")
