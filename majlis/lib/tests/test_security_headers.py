"""Every page carries a Content-Security-Policy without inline script; private pages are
never stored by a cache; HTTPS settings follow SECURE_COOKIES."""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser

import pytest

import majlis.settings

PRIVATE = "private, no-store"


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class _InlineFinder(HTMLParser):
    """Collects what a strict policy would block: inline scripts, handlers and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self._in_script = True
        if tag == "style":
            self.found.append("<style>")
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script {data.strip()[:40]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def _inline(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


@pytest.fixture
def pages(client, moderator, make_comment, article):
    """The site's pages, as an anonymous reader and as a signed-in moderator sees them."""
    comment = make_comment()
    article.tags.create(name="City", slug="city")
    public = ["/", "/tags/city/", "/articles/bridge-repairs/", "/accounts/login/", "/admin/login/"]
    desk = ["/desk/", "/desk/log/", f"/desk/comments/{comment.pk}/"]
    return public, desk


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_every_page_has_a_strict_policy_and_no_inline_code(
        self, client, moderator, admin_user, pages
    ):
        public, desk = pages
        responses = [(url, client.get(url)) for url in public]
        client.force_login(moderator)
        responses += [(url, client.get(url)) for url in desk]
        client.force_login(admin_user)
        admin = ["/admin/", "/admin/comments/comment/", "/admin/articles/article/add/"]
        responses += [(url, client.get(url)) for url in admin]
        for url, response in responses:
            assert response.status_code == 200, url
            policy = _policy(response)
            assert policy.get("default-src") == ["'self'"], url
            script = policy.get("script-src", policy["default-src"])
            assert "'unsafe-inline'" not in script, url
            assert "'unsafe-eval'" not in script, url
            assert policy.get("frame-ancestors") == ["'none'"], url
            assert policy.get("object-src") == ["'none'"], url
            assert _inline(response.content.decode()) == [], url

    def test_the_api_documentation_keeps_a_policy(self, client):
        response = client.get("/api/v1/docs")
        assert response.status_code == 200
        policy = _policy(response)
        script = policy.get("script-src", policy.get("default-src", []))
        assert script == ["'self'"]
        assert policy.get("frame-ancestors") == ["'none'"]

    def test_json_answers_carry_it_too(self, client, article):
        response = client.get("/api/v1/articles/bridge-repairs")
        assert _policy(response).get("default-src") == ["'self'"]


@pytest.mark.django_db
class TestPrivateResponsesAreNeverCached:
    def test_the_desk_is_private(self, client, moderator, pages):
        _, desk = pages
        client.force_login(moderator)
        for url in desk:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Cache-Control"] == PRIVATE, url

    def test_a_desk_decision_is_private(self, client, moderator, make_comment):
        comment = make_comment()
        client.force_login(moderator)
        response = client.post(
            f"/desk/comments/{comment.pk}/decide/",
            {"verdict": "approve"},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 200
        assert response["Cache-Control"] == PRIVATE

    def test_the_sign_in_pages_and_the_admin_are_private(self, client, admin_user):
        for url in ("/accounts/login/", "/admin/login/"):
            assert client.get(url)["Cache-Control"] == PRIVATE, url
        client.force_login(admin_user)
        for url in ("/admin/", "/admin/comments/comment/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Cache-Control"] == PRIVATE, url

    def test_every_moderator_api_answer_is_private(
        self, client, token_for, moderator, make_comment
    ):
        comment = make_comment(author_email="private@example.org")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(moderator)}"}
        answers = [
            client.get("/api/v1/moderation/queue", **headers),
            client.get(f"/api/v1/comments/{comment.pk}", **headers),
            client.post(
                f"/api/v1/comments/{comment.pk}/decisions",
                {"verdict": "approve"},
                content_type="application/json",
                **headers,
            ),
        ]
        assert [a.status_code for a in answers] == [200, 200, 201]
        assert "private@example.org" in answers[0].content.decode()
        for answer in answers:
            assert answer["Cache-Control"] == PRIVATE

    def test_public_pages_stay_cacheable(self, client, pages):
        readers = [url for url in pages[0] if "login" not in url]
        assert readers == ["/", "/tags/city/", "/articles/bridge-repairs/"]
        for url in readers:
            response = client.get(url)
            assert "private" not in response.get("Cache-Control", ""), url
            assert "no-store" not in response.get("Cache-Control", ""), url
        api = client.get("/api/v1/articles/bridge-repairs/comments")
        assert "private" not in api.get("Cache-Control", "")

    def test_a_signed_in_reader_of_a_public_page_gets_a_private_copy(
        self, client, moderator, pages
    ):
        # The page greets them with the desk link: not for a shared cache.
        client.force_login(moderator)
        assert client.get("/articles/bridge-repairs/")["Cache-Control"] == PRIVATE


def _settings_with(monkeypatch, **env):
    """majlis/settings.py evaluated afresh under `env`, beside the suite's own settings."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("majlis_settings_probe", majlis.settings.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestHttpsSettings:
    def test_secure_cookies_secure_every_cookie_and_turn_on_hsts(self, monkeypatch):
        s = _settings_with(monkeypatch, SECURE_COOKIES="1")
        assert s.SESSION_COOKIE_SECURE
        assert s.CSRF_COOKIE_SECURE
        assert s.LANGUAGE_COOKIE_SECURE
        assert s.SECURE_HSTS_SECONDS == 365 * 24 * 60 * 60
        assert s.SECURE_PROXY_SSL_HEADER is None

    def test_hsts_is_tunable(self, monkeypatch):
        s = _settings_with(monkeypatch, SECURE_COOKIES="1", SECURE_HSTS_SECONDS="300")
        assert s.SECURE_HSTS_SECONDS == 300

    def test_the_proxy_switch_trusts_x_forwarded_proto(self, monkeypatch):
        s = _settings_with(monkeypatch, SECURE_COOKIES="1", SECURE_PROXY_SSL="1")
        assert s.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")

    def test_plain_http_development_has_none_of_it(self, monkeypatch):
        for name in ("SECURE_COOKIES", "SECURE_PROXY_SSL", "SECURE_HSTS_SECONDS"):
            monkeypatch.delenv(name, raising=False)
        s = _settings_with(monkeypatch)
        assert not getattr(s, "LANGUAGE_COOKIE_SECURE", False)
        assert not getattr(s, "SECURE_HSTS_SECONDS", 0)
        assert getattr(s, "SECURE_PROXY_SSL_HEADER", None) is None

    @pytest.mark.django_db
    def test_the_language_cookie_set_by_lang_is_secure_under_https(
        self, client, moderator, settings
    ):
        settings.LANGUAGE_COOKIE_SECURE = True
        client.force_login(moderator)
        response = client.get("/desk/?lang=ar")
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["secure"]


def test_hsts_header_is_sent_over_https(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert re.match(r"max-age=31536000", response["Strict-Transport-Security"])
