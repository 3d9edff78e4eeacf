"""Find word-list terms in a normalised comment, in time linear in the comment's length.

A ``Lexicon`` compiles every term once into an Aho–Corasick automaton over *squeezed*
spellings (each run of one letter written once), so a comment is scanned once whatever the
size of the lists. A candidate is then checked against the letter runs it spans: a term's
double letter needs at least a double in the comment (``ass`` is not found in ``as``), while
a comment's double matches a term's single (``fuuck``, which is how ``fuuuuck`` normalises,
is found as ``fuck``).

Terms match whole words: ``ass`` is not found in ``class`` nor ``cunt`` in ``Scunthorpe``.
A term may open a side with ``*``: ``fuck*`` also finds ``fucking``, ``*fucker`` also finds
``motherfucker``, which is how inflecting languages (Turkish suffixes, Arabic and Persian
clitics) are listed without enumerating every form.

Masked words (``f*ck``, ``sh**t``, where the normaliser left a ``*`` inside a word) are
looked up whole in a table of every single-word term with one or two letters masked.

Beside its words, a language may have phrase rules (``lexicons/<language>.rules``, see
phrases.py): constructions such as "I know where X lives" that no single word gives away.
Their matches come back with the words', in the same shape.

A ``Lexicon`` is immutable once built, so one instance serves every thread.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from majlis.moderation.categories import (
    CATEGORIES,
    IDENTITY_ATTACK,
    LANGUAGES,
    OFF_TOPIC,
    PERSONAL_ATTACK,
    THREAT,
)
from majlis.moderation.normalize import Normalized, normalize
from majlis.moderation.phrases import RuleSet, load_rules

__all__ = ["KINDS", "NEUTRAL", "Lexicon", "Match", "Term", "load_lexicon", "parse_lexicon"]

#: A banned term decides alone; a suspect one only adds weight to the other evidence.
KINDS: tuple[str, ...] = ("banned", "suspect")
#: The categories a word list may name: relevance to an article is not a matter of words.
LEXICON_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != OFF_TOPIC)
#: The categories whose suspect words obey the phrase guards (negation, distance).
GUARDED: frozenset[str] = frozenset({THREAT, PERSONAL_ATTACK, IDENTITY_ATTACK})
#: The list that belongs to no language (emoji and gestures): loaded and matched with every
#: selection of languages, since a middle finger reads the same in all six.
NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class Term:
    """One line of a word list."""

    term: str
    category: str
    language: str
    weight: float
    kind: str = "banned"

    def __post_init__(self) -> None:
        if self.category not in LEXICON_CATEGORIES:
            raise ValueError(f"unknown category {self.category!r} for term {self.term!r}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if not 0.0 < self.weight <= 1.0:
            raise ValueError(f"weight must be in (0, 1], not {self.weight!r}")
        if not self.term.strip("* "):
            raise ValueError("a term needs at least one letter")


@dataclass(frozen=True, slots=True)
class Match:
    """A term found in a comment; ``start``/``end`` are offsets in the original text."""

    term: str
    category: str
    language: str
    weight: float
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Pattern:
    squeezed: str
    runs: tuple[int, ...]  # how many times the term writes each squeezed letter
    entry: int
    open_before: bool
    open_after: bool


def _squeeze(text: str) -> tuple[str, list[int], list[int]]:
    """Write each run of one character once; return the runs' lengths and start offsets."""
    chars: list[str] = []
    runs: list[int] = []
    starts: list[int] = []
    for key, group in itertools.groupby(text):
        length = sum(1 for _ in group)
        starts.append(starts[-1] + runs[-1] if starts else 0)
        chars.append(key)
        runs.append(length)
    return "".join(chars), runs, starts


def _is_word_char(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    ch = text[index]
    if ch.isalnum():
        return True
    # A mask counts as a letter only inside a word ("sh*t"), not around one ("**bold**").
    return (
        ch == "*"
        and 0 < index < len(text) - 1
        and (text[index - 1].isalnum() or text[index + 1].isalnum())
    )


def _whole_word(text: str, pattern: _Pattern, start: int, end: int) -> tuple[int, int]:
    """Widen an open-sided match to its whole word: the moderator sees "fucking", not "fuck"."""
    if pattern.open_before:
        while _is_word_char(text, start - 1):
            start -= 1
    if pattern.open_after:
        while _is_word_char(text, end):
            end += 1
    return start, end


_MASKED_WORD = re.compile(r"[^\W_]*(?:\*+[^\W_]+)+\**|[^\W_]+\*+")


class Lexicon:
    """Word lists compiled for matching; build once, share freely."""

    def __init__(self, entries: Iterable[Term], rules: Iterable[RuleSet] = ()) -> None:
        self.entries: tuple[Term, ...] = tuple(entries)
        self.rules: tuple[RuleSet, ...] = tuple(rules)
        goto: list[dict[str, int]] = [{}]
        outputs: list[list[_Pattern]] = [[]]
        masked: dict[str, list[tuple[int, bool]]] = {}
        for index, entry in enumerate(self.entries):
            raw = entry.term.strip()
            open_before, open_after = raw.startswith("*"), raw.endswith("*")
            folded = normalize(raw.strip("*").strip()).text
            for spelling in self._spellings(folded):
                squeezed, runs, _ = _squeeze(spelling)
                # A term that starts or ends in a symbol ("earn $") has no word edge there.
                pattern = _Pattern(
                    squeezed,
                    tuple(runs),
                    index,
                    open_before or not _is_word_char(squeezed, 0),
                    open_after or not _is_word_char(squeezed, len(squeezed) - 1),
                )
                node = 0
                for ch in squeezed:
                    node = goto[node].setdefault(ch, len(goto))
                    if node == len(goto):
                        goto.append({})
                        outputs.append([])
                outputs[node].append(pattern)
                if " " not in spelling:
                    for key in self._masked_keys(spelling):
                        masked.setdefault(key, []).append((index, open_after))
        self._goto = tuple(goto)
        self._fail, self._outputs = self._link(goto, outputs)
        self._masked = {k: tuple(v) for k, v in masked.items()}
        self._masked_prefix_lengths = tuple(
            sorted({len(k) for k, v in masked.items() if any(after for _, after in v)})
        )

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def _spellings(folded: str) -> set[str]:
        # The normaliser reads "1" as "i", never as "l", and keeps Turkish "ı": index the
        # spellings under which "k1ll" and a dotless-less "sıç" are written as well.
        spellings = {folded, folded.replace("l", "i"), folded.replace("ı", "i")}
        return {s for s in spellings if s}

    @staticmethod
    def _masked_keys(word: str) -> set[str]:
        letters = [k for k, ch in enumerate(word) if ch.isalpha()]
        if len(letters) < 3:
            return set()
        keys: set[str] = set()
        for count in (1, 2):
            if len(letters) - count < 2 or (count == 2 and len(letters) < 4):
                continue
            for chosen in itertools.combinations(letters, count):
                chars = list(word)
                for k in chosen:
                    chars[k] = "*"
                keys.add("".join(chars))
        return keys

    @staticmethod
    def _link(
        goto: list[dict[str, int]], outputs: list[list[_Pattern]]
    ) -> tuple[tuple[int, ...], tuple[tuple[_Pattern, ...], ...]]:
        """Breadth-first failure links, with each node's outputs merged from its fail chain."""
        fail = [0] * len(goto)
        merged = [list(o) for o in outputs]
        queue = list(goto[0].values())
        for node in queue:  # the list grows while we walk it: breadth-first order
            for ch, child in goto[node].items():
                queue.append(child)
                state = fail[node]
                while state and ch not in goto[state]:
                    state = fail[state]
                target = goto[state].get(ch, 0)
                fail[child] = target if target != child else 0
                merged[child].extend(merged[fail[child]])
        return tuple(fail), tuple(tuple(m) for m in merged)

    def find(self, normalized: Normalized, languages: Iterable[str] | None = None) -> list[Match]:
        """Every term in the comment, left to right; ``languages`` limits the lists used."""
        wanted = frozenset(languages) if languages is not None else None
        text = normalized.text
        squeezed, runs, offsets = _squeeze(text)
        found: dict[tuple[int, int, int], None] = {}
        goto, fail, outputs = self._goto, self._fail, self._outputs
        node = 0
        for i, ch in enumerate(squeezed):
            while node and ch not in goto[node]:
                node = fail[node]
            node = goto[node].get(ch, 0)
            for pattern in outputs[node]:
                start = i - len(pattern.squeezed) + 1
                if self._fits(pattern, squeezed, runs, start, i):
                    span = _whole_word(text, pattern, offsets[start], offsets[i] + runs[i])
                    found[(pattern.entry, *span)] = None
        if "*" in text:
            for match in _MASKED_WORD.finditer(text):
                for entry, start, end in self._find_masked(match):
                    found[(entry, start, end)] = None
        matches = self._to_matches(normalized, self._guarded(normalized.text, found), wanted)
        for rules in self.rules:
            if wanted is None or rules.language in wanted:
                matches.extend(
                    Match(p.phrase, p.category, p.language, p.weight, p.kind, p.start, p.end)
                    for p in rules.find(normalized)
                )
        return _drop_covered(matches)

    @staticmethod
    def _fits(pattern: _Pattern, squeezed: str, runs: list[int], start: int, last: int) -> bool:
        if not pattern.open_before and _is_word_char(squeezed, start - 1):
            return False
        if not pattern.open_after and _is_word_char(squeezed, last + 1):
            return False
        return all(runs[start + k] >= min(t, 2) for k, t in enumerate(pattern.runs))

    def _find_masked(self, match: re.Match[str]) -> Iterable[tuple[int, int, int]]:
        word, start = match.group(), match.start()
        for entry, _ in self._masked.get(word, ()):
            yield entry, start, match.end()
        for length in self._masked_prefix_lengths:
            if length >= len(word):
                break
            for entry, open_after in self._masked.get(word[:length], ()):
                if open_after:
                    yield entry, start, match.end()

    def _guarded(
        self, text: str, found: dict[tuple[int, int, int], None]
    ) -> dict[tuple[int, int, int], float]:
        """Each found term with the share of its weight it keeps. A suspect word of threat or
        attack ("vermin", "kill") obeys its language's phrase guards: dropped when negated
        ("I would never say they are vermin"), weakened in counter-speech and quotation. A
        banned word keeps its weight whatever surrounds it."""
        by_language = {rules.language: rules for rules in self.rules}
        distant: dict[str, bool] = {}
        kept: dict[tuple[int, int, int], float] = {}
        for key in found:
            entry_index, start, end = key
            entry = self.entries[entry_index]
            rules = by_language.get(entry.language)
            share = 1.0
            if rules is not None and entry.kind == "suspect" and entry.category in GUARDED:
                if rules.language not in distant:
                    distant[rules.language] = rules.distant(text)
                share = rules.guard(text, start, end, distant[rules.language])
                if share is None:
                    continue
            kept[key] = share
        return kept

    def _to_matches(
        self,
        normalized: Normalized,
        found: dict[tuple[int, int, int], float],
        wanted: frozenset[str] | None,
    ) -> list[Match]:
        matches = []
        for (entry_index, start, end), share in found.items():
            entry = self.entries[entry_index]
            if wanted is not None and entry.language not in wanted and entry.language != NEUTRAL:
                continue
            a, b = normalized.to_original(start, end)
            weight = round(entry.weight * share, 4)
            matches.append(
                Match(entry.term, entry.category, entry.language, weight, entry.kind, a, b)
            )
        return matches


def _drop_covered(matches: list[Match]) -> list[Match]:
    """Drop a match lying inside a weightier one of its category: one insult, one hint.

    ("kill" inside "I will kill you" adds nothing to the phrase.)
    """
    matches.sort(key=lambda m: (m.start, -m.end, -m.weight))
    kept: list[Match] = []
    for match in matches:
        covered = any(
            other.category == match.category
            and other.start <= match.start
            and match.end <= other.end
            and other.weight >= match.weight
            and other != match
            for other in kept
        )
        if not covered:
            kept.append(match)
    return kept


def parse_lexicon(lines: Iterable[str], language: str, source: str = "<lexicon>") -> list[Term]:
    """Read a word list: ``term<TAB>category<TAB>weight<TAB>kind``; ``#`` starts a comment."""
    terms = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 4:
            raise ValueError(f"{source}:{number}: expected 4 tab-separated fields, got {fields}")
        term, category, weight, kind = (f.strip() for f in fields)
        try:
            terms.append(Term(term, category, language, float(weight), kind))
        except ValueError as error:
            raise ValueError(f"{source}:{number}: {error}") from error
    return terms


@lru_cache(maxsize=16)
def _load(languages: frozenset[str]) -> Lexicon:
    folder = resources.files("majlis.moderation").joinpath("lexicons")
    terms: list[Term] = []
    for language in (*sorted(languages), NEUTRAL):
        resource = folder.joinpath(f"{language}.tsv")
        with resource.open(encoding="utf-8") as lines:
            terms.extend(parse_lexicon(lines, language, source=f"lexicons/{language}.tsv"))
    return Lexicon(terms, [load_rules(language) for language in sorted(languages)])


def load_lexicon(languages: Iterable[str] | None = None) -> Lexicon:
    """The shipped word lists and phrase rules of ``languages`` (default: all six) and the
    neutral list, compiled once and cached."""
    chosen = frozenset(LANGUAGES if languages is None else languages)
    unknown = chosen - set(LANGUAGES)
    if unknown:
        raise ValueError(f"no word lists for {sorted(unknown)}")
    return _load(chosen)
