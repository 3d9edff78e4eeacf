"""Every page a reader, a commenter or a moderator reads, in each of the six languages.

A newsroom's worth of comments (every guideline category, the machine's and people's
decisions, reports, an escalation, an appeal, a phone number and ids in the text) is shown
on every page and in every mail, and the visible text is checked: no category or language
left as its code, no English sentence of the catalogue on a page in another language, no
English month, the Arabic date in its own order, and on right-to-left pages every id, phone
number and address isolated (`<bdi>`, or an element of its own direction) so that
"#8" does not read "8#" nor "0750 000 0000" read "0000 000 0750".
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from majlis.accounts.models import Role, User
from majlis.appeals.models import Appeal
from majlis.articles.models import Article
from majlis.commenters.actions import set_standing
from majlis.comments import actions
from majlis.comments.forms import form_token
from majlis.escalations.actions import escalate
from majlis.moderation import policy
from majlis.moderation.categories import CATEGORIES, LANGUAGES, RTL_LANGUAGES
from majlis.moderation.models import CommentAssessment
from majlis.moderation.tasks import run_assessment
from majlis.notices import mail as notices
from majlis.notices import outgoing
from majlis.notices.links import appeal_url, privacy_url, unsubscribe_url
from majlis.tests.test_translations import _catalogue, _messages

PHONE = "0750 000 0000"

# What readers write, in each language, with a phone number and a reference to a comment.
TEXT = {
    "en": f"I agree with the council. Ring {PHONE} or look at #8 above.",
    "ar": f"أوافق المجلس البلدي. اتصلوا على {PHONE} أو انظروا #8 أعلاه.",
    "fa": f"با شورای شهر موافقم. با {PHONE} تماس بگیرید یا #8 را ببینید.",
    "ckb": f"لەگەڵ شارەوانی ڕازیم. پەیوەندی بکەن بە {PHONE} یان سەیری #8 بکەن.",
    "kmr": f"Ez bi şaredariyê re razî me. Li {PHONE} bigerin an li #8 binêrin.",
    "tr": f"Belediyeye katılıyorum. {PHONE} numarasını arayın ya da #8 yorumuna bakın.",
}
TITLE = {
    "en": "The old bridge closes",
    "ar": "إغلاق الجسر القديم",
    "fa": "بسته شدن پل قدیمی",
    "ckb": "داخستنی پردە کۆنەکە",
    "kmr": "Pira kevn tê girtin",
    "tr": "Eski köprü kapanıyor",
}
NAME = {"en": "Dana", "ar": "ليلى", "fa": "سارا", "ckb": "ئاراس", "kmr": "Rojda", "tr": "Ayşe"}

CODES = re.compile(r"(?<![\w-])(off_topic|personal_attack|identity_attack)(?![\w-])")
BARE_CODES = re.compile(
    r"(?<![\w-])(profanity|vulgarity|threat|promotion|toxicity|approve|reject|review|pending)(?![\w-])"
)
LANGUAGE_CODE = re.compile(r"(?<![\w#@./:=-])(ar|fa|ckb|kmr|tr|en)(?![\w-])")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "a.m.",
    "p.m.",
]
ENGLISH_MONTH = re.compile(r"(?<![\w.])(" + "|".join(re.escape(m) for m in MONTHS) + r")(?!\w)")
ARABIC_MONTH = "يناير|فبراير|مارس|أبريل|إبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
ARABIC_US_ORDER = re.compile(rf"({ARABIC_MONTH})\s+\d{{1,2}}\s*[,،]")
KURMANJI_MONTHS = [
    "Çile",
    "Sibat",
    "Adar",
    "Nîsan",
    "Gulan",
    "Hezîran",
    "Tîrmeh",
    "Tebax",
    "Îlon",
    "Cotmeh",
    "Mijdar",
    "Kanûn",
]
# What must be isolated on a right-to-left page: ids, phone numbers, addresses.
NEEDS_ISOLATION = re.compile(r"#\d+|\+?\d[\d ]{6,}\d|[\w.+-]+@[\w-]+\.[\w.]+")
# Django's own English that shows on our pages when a language has no catalogue of Django's.
DJANGO_ENGLISH = (
    "This field is required",
    "Ensure this value has at most",
    "characters (it has",
    "minutes ago",
    "hours ago",
    "automatic moderator",
    "every category below its threshold",
    "import from",
)
# Names that stay as they are in every language.
BRANDS = {"Majlis", "CSV", "API", "JSON", "JWT", "RSS", "Sorani", "Kurmanji"}


class Visible(HTMLParser):
    """The text a person sees, each piece with whether something isolates its direction."""

    SKIPPED = {"script", "style"}
    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.pieces: list[tuple[str, bool, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        isolated = tag == "bdi" or attrs.get("dir") == "ltr"
        self.stack.append((tag, isolated))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if self.SKIPPED & set(tags) or not data.strip():
            return
        isolated = any(i for _, i in self.stack)
        self.pieces.append((data, isolated, tags[-1] if tags else ""))

    @classmethod
    def of(cls, html: str) -> Visible:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    @property
    def text(self) -> str:
        return " ".join(" ".join(p.split()) for p, _, _ in self.pieces)


def _fragments(msgid: str) -> list[str]:
    """The plain English pieces of a catalogue entry, long enough to be told apart."""
    pieces = re.split(r"%\(\w+\)[sd]|%[sd]|[“”\"():;…·—–]|\s-\s", msgid)
    found = []
    for piece in pieces:
        piece = " ".join(piece.split()).strip(" .,?!'’")
        words = re.findall(r"[A-Za-z]+", piece)
        if not words or piece in BRANDS:
            continue
        if len(words) >= 2 or len(piece) >= 5:
            found.append(piece)
    return found


_ENGLISH: dict[str, list[re.Pattern]] = {}


def _english_for(lang: str) -> list[re.Pattern]:
    """Patterns of every catalogue entry that `lang` says differently from English."""
    if lang not in _ENGLISH:
        patterns = set()
        for entry in _messages(_catalogue(lang)):
            if all(text == entry.msgid for text in entry.msgstr.values()):
                continue
            sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
            for source in sources:
                patterns.update(_fragments(source))
        patterns.update(DJANGO_ENGLISH)
        _ENGLISH[lang] = [
            re.compile(r"(?<![\w])" + re.escape(p) + r"(?![\w])") for p in sorted(patterns)
        ]
    return _ENGLISH[lang]


def problems_of(html: str, lang: str, *, where: str, markup: bool = True) -> list[str]:
    """`markup`: False for a plain-text mail, which has no element to isolate a number in."""
    seen = Visible.of(html)
    text = seen.text
    found = [f"{where}: category code {m!r}" for m in set(CODES.findall(text))]
    codes = set(LANGUAGE_CODE.findall(text)) - ({"en"} if lang == "tr" else set())
    # (Turkish writes "en", most, as a word.)
    found += [f"{where}: language code {m!r}" for m in codes]
    if lang != "en":
        found += [f"{where}: code {m!r}" for m in set(BARE_CODES.findall(text))]
        found += [f"{where}: English month {m!r}" for m in set(ENGLISH_MONTH.findall(text))]
        words = re.sub(r"https?://\S+", " ", text)  # addresses are not words
        for pattern in _english_for(lang):
            match = pattern.search(words)
            if match:
                at = words[max(0, match.start() - 30) : match.end() + 30]
                found.append(f"{where}: English {match.group(0)!r} in …{at}…")
    if lang == "ar":
        found += [f"{where}: Arabic date in English order" for _ in ARABIC_US_ORDER.findall(text)]
    if lang in RTL_LANGUAGES and markup:
        for piece, isolated, tag in seen.pieces:
            if tag in ("title", "option", "textarea") or isolated:
                continue
            for match in NEEDS_ISOLATION.finditer(piece):
                found.append(f"{where}: {match.group(0)!r} not isolated in {piece.strip()!r}")
    return found


def _user(username: str, role: str) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery")
    user.role = role
    user.save()
    return user


def _newsroom() -> dict:
    """Comments on an article in every language, in every state the desk shows."""
    mona, eddie = _user("mona", Role.MODERATOR), _user("eddie", Role.EDITOR)
    chief = _user("chief", Role.ADMIN)
    made: dict = {"moderator": mona, "editor": eddie, "chief": chief, "by_language": {}}
    for n, lang in enumerate(LANGUAGES):
        article = Article.objects.create(
            key=f"walk-{lang}", title=TITLE[lang], byline=NAME[lang], language=lang, body="…"
        )

        def comment(suffix: str, *, parent=None, email=None, article=article, lang=lang, n=n):
            return actions.submit(
                article,
                author_name=NAME[lang],
                author_email=email or f"reader{n}{suffix}@example.org",
                body=f"{TEXT[lang]} {suffix}",
                parent=parent,
            )

        top = comment("1")
        actions.approve(top, actor=mona, note=TEXT[lang])
        reply = comment("2", parent=top)
        actions.approve(reply, actor=mona)
        reported = comment("3")
        actions.approve(reported, actor=mona)
        actions.report(reported, reason="promotion", reporter=f"r{n}", note=TEXT[lang])
        actions.report(reported, reason="personal_attack", reporter=f"s{n}")
        rejected = comment("4")
        reject = actions.reject(rejected, actor=mona, categories=list(CATEGORIES), note="…")
        appealed = Appeal.objects.create(comment=rejected, decision=reject, note=TEXT[lang])
        escalated = comment("5")
        escalate(escalated, actor=mona, note=TEXT[lang])
        # The machine's reading with every category's evidence and the policy's own reasons.
        pending = comment("6", email=f"banned{n}@example.org")
        scores = {c: 0.1 + 0.1 * i for i, c in enumerate((*CATEGORIES, policy.TOXICITY))}
        suggestion = policy.suggest(scores, language=lang, language_confidence=0.4)
        body = pending.body
        CommentAssessment.objects.create(
            comment=pending,
            language=lang,
            language_confidence=0.4,
            scores=scores,
            evidence=[
                {"category": c, "start": i, "end": i + 3, "source": "lexicon", "detail": ""}
                for i, c in enumerate(CATEGORIES)
            ]
            + [
                {
                    "category": "promotion",
                    "start": body.index(PHONE),
                    "end": body.index(PHONE) + len(PHONE),
                    "source": "signals",
                    "detail": "phone",
                }
            ],
            suggestion=suggestion.verdict,
            categories=list(suggestion.categories),
            reasons=list(suggestion.reasons),
            risk=0.8,
            versions={"engine": "0.1.0"},
            duration_ms=2.5,
        )
        set_standing(
            pending,
            scope="email",
            standing="banned",
            actor=mona,
            note=TEXT[lang],
            category="promotion",
        )
        # The real engine, and its automatic decision, on one comment.
        machine = comment("7")
        run_assessment(machine.pk)
        made["by_language"][lang] = {
            "article": article,
            "comments": [top, reply, reported, rejected, escalated, pending, machine],
            "reported": reported,
            "appeal": appealed,
            "rejection": reject,
            "pending": pending,
            "approval": top.decisions.get(),
        }
    return made


def _path(url: str) -> str:
    return urlparse(url).path


def _pages(client: Client, made: dict, lang: str) -> dict[str, str]:
    """Every page in `lang`, by name."""
    mine = made["by_language"][lang]
    article = mine["article"]
    pages = {}

    def get(name: str, path: str, *, status: int = 200, **params) -> None:
        response = client.get(path, params)
        assert response.status_code == status, f"{lang} {name}: {response.status_code}"
        pages[name] = response.content.decode()

    get("article", article.get_absolute_url())
    get("article, a reply's form", article.get_absolute_url(), reply=mine["comments"][0].pk)
    too_long = client.post(
        article.get_absolute_url() + "comments/",
        {
            "token": form_token(article),
            "author_name": "",
            "author_email": "not an address",
            "body": "x" * 20_000,
        },
    )
    pages["comment form with errors"] = too_long.content.decode()
    get("report form", f"/comments/{mine['reported'].pk}/report/")
    get("appeal", _path(appeal_url(mine["rejection"].pk)))
    get("privacy", "/privacy/", lang=lang)
    get("privacy data", _path(privacy_url(mine["comments"][0].author_email)), lang=lang)
    get("unsubscribe", _path(unsubscribe_url(mine["comments"][0].author_email)), lang=lang)
    get("404", "/no-such-page/", status=404, lang=lang)
    with translation.override(lang):
        pages["500"] = render_to_string("500.html")

    client.force_login(made["chief"])
    desk = {
        "queue": "/desk/",
        "log": "/desk/log/",
        "log search": "/desk/log/?q=0750",
        "automatic log": "/desk/log/?actor=automatic",
        "reported": "/desk/reported/",
        "resolved reports": "/desk/reported/log/",
        "appeals": "/desk/appeals/",
        "escalated": "/desk/escalated/",
        "dashboard": "/desk/dashboard/",
    }
    for comment in mine["comments"]:
        desk[f"comment #{comment.pk}"] = f"/desk/comments/{comment.pk}/"
    desk["commenter"] = f"/desk/comments/{mine['pending'].pk}/commenter/"
    desk["cluster"] = f"/desk/comments/{mine['pending'].pk}/cluster/"
    for name, path in desk.items():
        get(name, path, lang=lang)
    client.logout()
    return pages


def _mails(made: dict, lang: str) -> dict[str, str]:
    mine = made["by_language"][lang]
    outgoing.send_due()  # what the newsroom's making queued, sent and set aside
    mail.outbox.clear()
    notices.decisions([mine["rejection"].pk, mine["approval"].pk])
    notices.privacy_link(mine["comments"][0].author_email, lang)
    # A notice of illegal content: its sender's receipt, then the outcome (DSA art. 16).
    noticed = mine["comments"][0]
    actions.report(
        noticed,
        reason="illegal",
        reporter=f"notifier-{lang}",
        note=TEXT[lang],
        notifier_name="Nadia",
        notifier_email="nadia@example.org",
        good_faith=True,
    )
    actions.dismiss_reports(noticed, actor=made["chief"])
    outgoing.send_due()  # mail is queued with its event and sent by the worker
    found = {}
    for n, message in enumerate(mail.outbox):
        html = message.alternatives[0][0] if message.alternatives else ""
        found[f"mail {n} ({message.subject})"] = html
        found[f"mail {n} text"] = f"<pre>{message.subject}\n{message.body}</pre>"
    assert len(found) >= 10, f"{lang}: {len(found) // 2} mails"
    return found


@pytest.fixture
def newsroom(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return _newsroom()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_speaks_the_readers_language(newsroom, lang):
    pages = {**_pages(Client(), newsroom, lang), **_mails(newsroom, lang)}
    found = []
    for name, html in pages.items():
        found += problems_of(html, lang, where=name, markup=not name.endswith(" text"))
    assert not found, f"{lang}: {len(found)} problems\n" + "\n".join(sorted(set(found)))


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_are_written_as_the_language_writes_them(newsroom, lang):
    client = Client()
    client.force_login(newsroom["chief"])
    comment = newsroom["by_language"][lang]["comments"][0]
    text = Visible.of(client.get(f"/desk/comments/{comment.pk}/", {"lang": lang}).content.decode())
    month = comment.created_at.month
    if lang == "kmr":
        assert KURMANJI_MONTHS[month - 1] in text.text
    if lang == "ar":
        assert re.search(rf"\d{{1,2}} ({ARABIC_MONTH}) \d{{4}}", text.text)
    if lang != "en":
        assert not ENGLISH_MONTH.search(text.text)


# The checks themselves: each catches what it is for.


def test_the_checks_catch_codes_english_and_unisolated_numbers():
    page = (
        '<html dir="rtl"><body><p>off_topic · ar · Reported comments · ديسمبر 1, 2026</p>'
        f"<p>{PHONE} #8</p><p><bdi>#9</bdi> <span dir=ltr>a@b.org</span></p>"
        "<script>off_topic</script><p title='personal_attack'>ok</p></body></html>"
    )
    found = "\n".join(problems_of(page, "ar", where="page"))
    assert "category code 'off_topic'" in found
    assert "language code 'ar'" in found
    assert "'Reported comments'" in found
    assert "Arabic date in English order" in found
    assert f"'{PHONE}' not isolated" in found
    assert "'#8' not isolated" in found
    assert "#9" not in found
    assert "a@b.org" not in found
    assert "personal_attack" not in found


def test_the_checks_pass_a_clean_page():
    page = (
        '<html dir="rtl"><body><p>تعليق <bdi>#8</bdi> · 1 ديسمبر 2026 · العربية</p></body></html>'
    )
    assert problems_of(page, "ar", where="page") == []
