"""The interface catalogues: complete, compiled, and actually used.

Each language's `django.po` must have every entry translated (no empty or fuzzy entry), keep
every placeholder of its source string, carry the right plural rule, and the shipped
`django.mo` must say exactly what the `.po` says (that is, it was compiled after the last
edit). Pure Python: no gettext tools needed. Refresh the catalogues with `make messages`.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from majlis.articles.models import Article

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ["ckb", "kmr", "ar", "fa", "tr"]

# The plural rules Django itself uses for these languages (CLDR's, where gettext has one).
PLURAL_FORMS = {
    "ckb": "nplurals=2; plural=(n != 1);",
    "kmr": "nplurals=2; plural=(n != 1);",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 && n%100<=99 ? 4 : 5;"
    ),
    "fa": "nplurals=2; plural=(n > 1);",
    "tr": "nplurals=2; plural=(n > 1);",
}

# A key string of the reader's page, as each language says it.
POST_COMMENT = {
    "ckb": "ناردنی لێدوان",
    "kmr": "Şîroveyê bişîne",
    "ar": "إرسال التعليق",
    "fa": "ارسال نظر",
    "tr": "Yorumu gönder",
}

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(token: str, where: str) -> str:
    if not (len(token) >= 2 and token[0] == '"' and token[-1] == '"'):
        raise ValueError(f"{where}: not a quoted string: {token!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), token[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small, strict reader for the subset of the PO format that makemessages writes."""
    entries: list[Entry] = []
    entry = Entry()
    key: tuple[str, int] | None = None
    seen_keyword = False

    def finish() -> None:
        nonlocal entry, key, seen_keyword
        if seen_keyword:
            entries.append(entry)
        entry, key, seen_keyword = Entry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.parent.parent.name}:{number}"
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue  # an obsolete entry: not compiled
        if line.startswith("#,"):
            if seen_keyword:
                finish()
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            if seen_keyword:
                finish()
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
        if match:
            word, index, token = match.groups()
            if word in ("msgctxt", "msgid") and seen_keyword and key and key[0] == "msgstr":
                finish()
            seen_keyword = True
            entry.line = entry.line or number
            text = _unquote(token, where)
            if word == "msgstr":
                key = ("msgstr", int(index or 0))
                entry.msgstr[key[1]] = text
            else:
                key = (word, 0)
                setattr(entry, word, text)
            continue
        if line.startswith('"') and key is not None:
            text = _unquote(line, where)
            if key[0] == "msgstr":
                entry.msgstr[key[1]] += text
            else:
                setattr(entry, key[0], getattr(entry, key[0]) + text)
            continue
        raise ValueError(f"{where}: cannot read {raw!r}")
    finish()
    return entries


def _header(entries: list[Entry]) -> dict[str, str]:
    assert entries, "the catalogue is empty"
    assert entries[0].msgid == "", "the catalogue starts with its header"
    pairs = (line.split(":", 1) for line in entries[0].msgstr[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def _placeholders(text: str) -> set[str]:
    return {m.group(0) if m.group(1) is None else m.group(1) for m in PLACEHOLDER.finditer(text)}


def _catalogue(lang: str) -> list[Entry]:
    return parse_po(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po")


def _messages(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.msgid != ""]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    entries = _catalogue(lang)
    nplurals = int(re.search(r"nplurals=(\d+)", _header(entries)["Plural-Forms"]).group(1))
    assert "fuzzy" not in entries[0].flags, f"{lang}: the header is still marked fuzzy"
    problems = []
    for entry in _messages(entries):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        expected = list(range(nplurals)) if entry.msgid_plural is not None else [0]
        if sorted(entry.msgstr) != expected:
            problems.append(f"forms {sorted(entry.msgstr)} instead of {expected}: {entry.msgid!r}")
        if any(not text.strip() for text in entry.msgstr.values()):
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)
    assert len(_messages(entries)) > 50


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_names_the_language_and_its_plural_rule(lang):
    header = _header(_catalogue(lang))
    assert header["Language"] == lang
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"] == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang):
    problems = []
    for entry in _messages(_catalogue(lang)):
        wanted = _placeholders(entry.msgid)
        if entry.msgid_plural is None:
            if _placeholders(entry.msgstr[0]) != wanted:
                problems.append(f"{entry.msgid!r} -> {entry.msgstr[0]!r}")
            continue
        wanted |= _placeholders(entry.msgid_plural)
        for index, text in entry.msgstr.items():
            # A form may spell its number out ("تعليقان"), but never invent a placeholder;
            # the form for "many" always shows the number.
            got = _placeholders(text)
            if not got <= wanted or (index == max(entry.msgstr) and got != wanted):
                problems.append(f"{entry.msgid!r}[{index}] -> {text!r}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_written_in_the_right_script(lang):
    rtl = lang in ("ckb", "ar", "fa")
    problems = []
    for entry in _messages(_catalogue(lang)):
        for text in entry.msgstr.values():
            words = PLACEHOLDER.sub("", text)
            # Keys, acronyms and key names (API, URL, Enter, Esc) stay in Latin letters, and so
            # do protocol names a newsroom's developer must read literally: the signing
            # algorithm, a header, a URL scheme, and token claims quoted as “sub”.
            words = re.sub(
                r"(?<![A-Za-z])(API|URL|Enter|Esc|HTTP|JWT|HS256|X-Majlis-Signature|https?://)(?![A-Za-z])",
                "",
                words,
            )
            words = re.sub(r"“[a-z]+”", "", words)
            if rtl and (LATIN_LETTER.search(words) or not ARABIC_SCRIPT.search(words)):
                problems.append(text)
            if not rtl and ARABIC_SCRIPT.search(words):
                problems.append(text)
            if lang in ("ckb", "fa") and re.search("[\u064a\u0643]", text):
                problems.append(f"Arabic ي/ك instead of ی/ک: {text}")
            if lang == "ar" and re.search("[\u06cc\u06a9]", text):
                problems.append(f"Persian ی/ک in Arabic: {text}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_its_source(lang):
    entries = _catalogue(lang)
    mo_path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{lang}: django.mo is missing; run `make messages`"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _messages(entries):
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        for index, text in entry.msgstr.items():
            key = (msgid, index) if entry.msgid_plural is not None else msgid
            if compiled._catalog.get(key) != text:
                stale.append(entry.msgid)
    assert not stale, f"{lang}: django.mo is older than django.po; run `make messages`: {stale}"
    assert compiled.info()["plural-forms"] == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gettext_and_templates_use_the_catalogue(lang):
    # Source strings go through variables so that makemessages does not list this file.
    msgid = "Post comment"
    with translation.override(lang):
        assert translation.gettext(msgid) == POST_COMMENT[lang]
        rendered = Template('{% load i18n %}{% translate "Post comment" %}').render(Context())
        assert rendered == POST_COMMENT[lang]
        counted = Template(
            "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} comment"
            "{% plural %}{{ counter }} comments{% endblocktranslate %}"
        ).render(Context({"n": 5}))
        assert "comment" not in counted


def test_arabic_plural_forms():
    singular, plural = "%(counter)s comment", "%(counter)s comments"
    with translation.override("ar"):
        forms = {
            n: translation.ngettext(singular, plural, n) % {"counter": n}
            for n in (0, 1, 2, 3, 11, 100)
        }
    assert forms == {
        0: "لا تعليقات",
        1: "تعليق واحد",
        2: "تعليقان",
        3: "3 تعليقات",
        11: "11 تعليقًا",
        100: "100 تعليق",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_page_speaks_the_article_language(lang):
    article = Article.objects.create(
        key=f"translation-{lang}", title="Majlis", byline="Desk", language=lang, body="..."
    )
    page = Client().get(article.get_absolute_url()).content.decode()
    assert POST_COMMENT[lang] in page
    assert "Post comment" not in page
    assert ('dir="rtl"' in page) == (lang in ("ckb", "ar", "fa"))
