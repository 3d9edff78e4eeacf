"""Normalise a comment for matching and scoring, keeping the way back to what the reader wrote.

Commenters who want past a word list write ``s h i t``, ``f*ck``, ``$h1t``, ``fuuuuck``,
``ѕhit`` (Cyrillic ѕ) or hide zero-width characters inside a word. ``normalize`` undoes
those tricks and returns the folded text together with an offset map, so that a match found
in the folded text can be highlighted in the original comment for the moderator.

The folded text is for machines only: it is never shown, and it deliberately loses
information (diacritics, letter case, the ZWNJ of Persian and Kurdish words).

Folding choices, in order of application:

1. Per character: NFKC; drop format controls (zero-width, bidi overrides, soft hyphen,
   ZWNJ: matching "می‌خوام" and "میخوام" alike), combining marks (Latin accents, Arabic
   harakat, U+0670, emoji variation selectors) and emoji skin-tone modifiers, so
   ``ş``/``ç``/``ê`` fold to ``s``/``c``/``e``: commenters in Turkish and Kurmanji often
   type without them; casefold; any decimal digit becomes ASCII;
   any whitespace becomes a space. Turkish dotless ``ı`` stays: ``şık`` (elegant) must
   not become a swear word (upper-case ``I`` still casefolds to ``i``: the locale is unknown).
2. Arabic script: alef variants to ``ا``; ``ي ى ی ئ`` to ``ی``; ``ك ک ڪ`` to ``ک``;
   ``ة ە ھ ۀ`` to ``ه``; tatweel removed. ``ە`` is a real Sorani letter (the vowel *e*),
   but Sorani typed on Persian or Arabic keyboards writes it ``ه``, and ``ھ`` (Sorani *h*)
   is often typed ``ه`` too; folding all of them to ``ه`` lets one dictionary spelling match
   every keyboard's. The cost is that Sorani *h* and *e* become one letter for matching.
3. Runs of whitespace become one space.
4. Three or more single letters joined by single spaces, dots, hyphens or underscores
   (``s h i t``, ``f.u.c.k``) are joined into one word.
5. Cyrillic and Greek look-alikes fold to Latin in words that hold a Latin letter or are
   made only of look-alikes (``ѕhit``, ``рогn``), never in ordinary Cyrillic or Greek words.
6. Leetspeak and masks, only in words holding a Latin letter: ``0→o 1→i 3→e 4→a 5→s 7→t``,
   ``$→s @→a !→i`` inside a word (and ``$``/``@`` leading one), ``#``/``*`` inside a word
   become ``*``, a one-letter wildcard the matcher understands.
7. Runs of three or more of the same letter shrink to two (``fuuuuck → fuuck``); the
   matcher treats a doubled letter as matching a single or a double one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalized", "normalize"]


@dataclass(frozen=True, slots=True)
class Normalized:
    """A comment's folded text and, per folded character, the span of the original it came from."""

    original: str
    text: str
    # starts[i], ends[i]: the original span behind text[i]; both non-decreasing.
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span [start, end) of ``text`` to the span of ``original`` it was made from."""
        size = len(self.text)
        start = min(max(start, 0), size)
        end = min(max(end, start), size)
        if start == end:
            point = self.starts[start] if start < size else len(self.original)
            return point, point
        return self.starts[start], self.ends[end - 1]


# --- step 1 and 2: per character -------------------------------------------------------------

_ARABIC_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ي": "ی", "ى": "ی", "ئ": "ی", "ې": "ی", "ۍ": "ی",
    "ك": "ک", "ڪ": "ک",
    "ة": "ه", "ە": "ه", "ھ": "ه", "ۀ": "ه", "ہ": "ه",
    "ؤ": "و",
    "ـ": "",  # tatweel: stretches a word, means nothing
}  # fmt: skip

# Emoji skin-tone modifiers (🖕🏻 is 🖕): a symbol means the same in every tone. Variation
# selectors are marks (Mn) and go with them.
_SKIN_TONES = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
# Dropped, but part of the character before them: highlighted with it.
_MODIFIERS = _SKIN_TONES | frozenset(chr(c) for c in range(0xFE00, 0xFE10))

# Letter-like punctuation commenters use inside words and phrases ("i’ll").
_PUNCT_FOLD = {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "–": "-"}

# The cache is bounded so that a stream of exotic characters cannot grow it without end.
_CACHE_LIMIT = 1 << 16
_char_cache: dict[str, str] = {}


def _fold_once(char: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", char):
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf", "Cs", "Co", "Cn") or ch in _SKIN_TONES:
            continue
        if ch.isspace():
            out.append(" ")
            continue
        if category == "Cc":
            continue
        if category == "Nd":
            out.append(str(unicodedata.digit(ch)))
            continue
        ch = _PUNCT_FOLD.get(ch, ch)
        ch = _ARABIC_FOLD.get(ch, ch)
        for low in ch.casefold():
            stripped = "".join(
                c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c)
            )
            # Only take the decomposed form when it dropped an accent: Hangul syllables
            # decompose into jamo without marks and must stay whole.
            out.append(unicodedata.normalize("NFC", stripped) if stripped != low else low)
    return "".join(out)


def _fold_char(char: str) -> str:
    folded = _fold_once(char)
    # Fold to a fixed point, so that normalising folded text changes nothing.
    for _ in range(4):
        again = "".join(_fold_once(c) for c in folded)
        if again == folded:
            break
        folded = again
    if len(_char_cache) < _CACHE_LIMIT:
        _char_cache[char] = folded
    return folded


for _code in range(128):
    _fold_char(chr(_code))


def _fold_characters(original: str) -> tuple[str, list[int], list[int]]:
    get = _char_cache.get
    parts = [get(c) for c in original]
    if None not in parts:
        text = "".join(parts)  # type: ignore[arg-type]
        size = len(original)
        if len(text) == size and "" not in parts:
            # The common case: every character folds to exactly one.
            return text, list(range(size)), list(range(1, size + 1))
    starts: list[int] = []
    ends: list[int] = []
    chunks: list[str] = []
    for index, char in enumerate(original):
        part = parts[index]
        if part is None:
            part = _fold_char(char)
        if part:
            chunks.append(part)
            starts.extend([index] * len(part))
            ends.extend([index + 1] * len(part))
        elif ends and (unicodedata.combining(char) or char in _MODIFIERS):
            # An accent or haraka belongs to the letter before it, a skin tone to its emoji:
            # highlight them together (every letter that letter expanded to).
            k = len(ends) - 1
            source = starts[k]
            while k >= 0 and starts[k] == source:
                ends[k] = index + 1
                k -= 1
    return "".join(chunks), starts, ends


# --- steps 3 to 7: rewrites over the folded text ----------------------------------------------

_Piece = tuple[str, int, int]  # replacement text, span [a, b) of the input it stands for


def _rewrite(
    text: str,
    starts: list[int],
    ends: list[int],
    pattern: re.Pattern[str],
    replace: object,
) -> tuple[str, list[int], list[int]]:
    """Apply ``replace(match) -> list[_Piece] | None`` to every match, carrying the offsets."""
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    done = 0
    changed = False
    for match in pattern.finditer(text):
        pieces = replace(match)  # type: ignore[operator]
        if pieces is None:
            continue
        changed = True
        a = match.start()
        out.append(text[done:a])
        new_starts.extend(starts[done:a])
        new_ends.extend(ends[done:a])
        for piece, i, j in pieces:
            for ch in piece:
                out.append(ch)
                new_starts.append(starts[i])
                new_ends.append(ends[j - 1])
        done = match.end()
    if not changed:
        return text, starts, ends
    out.append(text[done:])
    new_starts.extend(starts[done:])
    new_ends.extend(ends[done:])
    return "".join(out), new_starts, new_ends


def _substitute(text: str, spans: list[tuple[int, str]]) -> str:
    """Replace single characters in place: lengths, hence offsets, are unchanged."""
    if not spans:
        return text
    chars = list(text)
    for index, ch in spans:
        chars[index] = ch
    return "".join(chars)


_WHITESPACE_RUN = re.compile(r" {2,}")
_WORD_SYMBOLS = "$@!*#"
_SPACED_LETTERS = re.compile(r"(?<![\w$@!*#])[\w$@!*#](?:[ ._\-][\w$@!*#]){2,}(?![\w$@!*#])")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[\w$@!*#]+")
_LEET_CANDIDATE = re.compile(r"[0134579$@!*#]")
_LATIN = re.compile(r"[a-z]")
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s", "@": "a", "!": "i"}
_MASKS = "*#"
_FOREIGN_WORD = re.compile(r"\w*[\u0370-\u03ff\u0400-\u04ff]\w*")
_HOMOGLYPHS = {
    # Cyrillic (lower case: folding has already casefolded).
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q",
    "ԝ": "w", "ь": "b", "г": "r", "п": "n", "и": "u", "ї": "i", "ӏ": "l",
    # Greek.
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "μ": "u", "σ": "o",
}  # fmt: skip
# Letters that look exactly like a Latin one in common fonts: a word made only of these is
# an evasion ("рор" is "pop"); a word using others as well is ordinary Cyrillic or Greek.
_EXACT_HOMOGLYPHS = frozenset("аеорсхуіѕјԁһԛԝӏοαικν")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")


def _collapse_spaced(match: re.Match[str]) -> list[_Piece] | None:
    run = match.group()
    if len(_HAS_LETTER.findall(run)) < 2:
        return None  # "1.2.3" and "- - -" are not hidden words
    base = match.start()
    return [(run[k], base + k, base + k + 1) for k in range(0, len(run), 2)]


def _leet_spans(text: str) -> list[tuple[int, str]]:
    spans: list[tuple[int, str]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if not _LEET_CANDIDATE.search(word) or not _LATIN.search(word):
            continue
        base = match.start()
        # Where the letters and digits start and end: symbols outside are punctuation
        # ("hello!", "#tag", "**bold**"), except a leading $ or @ ("$hit", "@ss") and
        # trailing $ ("a$$").
        inner = [k for k, ch in enumerate(word) if ch not in _WORD_SYMBOLS]
        if not inner:
            continue
        first, last = inner[0], inner[-1]
        # The $ and @ read as letters widen the word, so that what they enclose is masked
        # now and not on a second pass ("@#a" is "a*a"): normalising is idempotent.
        lead = next((k for k in range(first) if word[k] in "$@"), first)
        tail = max((k for k in range(last + 1, len(word)) if word[k] == "$"), default=last)
        for k, ch in enumerate(word):
            if k < first and ch in "$@":
                new = _LEET[ch]
            elif k > last and ch == "$":
                new = "s"
            elif ch.isdigit() or lead < k < tail:
                new = _LEET.get(ch, "*" if ch in _MASKS else ch)
            else:
                continue
            if new != ch:
                spans.append((base + k, new))
    return spans


def _homoglyph_spans(text: str) -> list[tuple[int, str]]:
    spans: list[tuple[int, str]] = []
    for match in _FOREIGN_WORD.finditer(text):
        word = match.group()
        foreign = [ch for ch in word if "\u0370" <= ch <= "\u04ff"]
        if not _LATIN.search(word) and not all(ch in _EXACT_HOMOGLYPHS for ch in foreign):
            continue  # an ordinary Cyrillic or Greek word
        base = match.start()
        spans.extend((base + k, _HOMOGLYPHS[ch]) for k, ch in enumerate(word) if ch in _HOMOGLYPHS)
    return spans


def _shrink_repeats(match: re.Match[str]) -> list[_Piece]:
    a, b = match.span()
    letter = match.group(1)
    return [(letter, a, a + 1), (letter, a + 1, b)]


# The engine folds each comment once (`prepared.prepare`) and hands the result to every part
# that reads it: no cache is needed here to keep them from folding it again.
def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; see the module's docstring for what is folded and why."""
    folded, starts, ends = _fold_characters(text)
    if "  " in folded:
        folded, starts, ends = _rewrite(
            folded, starts, ends, _WHITESPACE_RUN, lambda m: [(" ", m.start(), m.end())]
        )
    folded, starts, ends = _rewrite(folded, starts, ends, _SPACED_LETTERS, _collapse_spaced)
    # Look-alikes first: leetspeak is only read in words that look Latin.
    folded = _substitute(folded, _homoglyph_spans(folded))
    leet = _leet_spans(folded)
    if leet:
        # A symbol read as a letter can join a look-alike to a Latin word ("a@μ" reads
        # "aaμ"): look again, so that a second pass finds nothing more (idempotent).
        folded = _substitute(folded, leet)
        folded = _substitute(folded, _homoglyph_spans(folded))
    folded, starts, ends = _rewrite(folded, starts, ends, _REPEATS, _shrink_repeats)
    return Normalized(original=text, text=folded, starts=tuple(starts), ends=tuple(ends))
