"""POST /api/v1/articles/{key}/comments with `sso`: a reader signed in by the newsroom posts
without typing a name and email, and the comment is tied to their account. A token that
does not sign them in is a 400 naming `sso`, and nothing is stored."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from majlis.articles.models import Article
from majlis.comments.models import Comment
from majlis.readers.models import Reader
from majlis.readers.tests.tokens import sign, unsigned
from majlis.sites.models import Site

URL = "/api/v1/articles/bridge-repairs/comments"
TEXT = {"body": "Six weeks is long for the only bridge."}

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(article) -> str:
    return article.site.sso_secret


class TestASignedInReader:
    def test_posts_without_name_or_email_and_the_comment_is_tied_to_their_account(
        self, post_json, article, secret
    ):
        response = post_json(URL, {**TEXT, "sso": sign(secret)})
        assert response.status_code == 202, response.content
        comment = Comment.objects.get()
        reader = Reader.objects.get()
        assert response.json() == {"id": comment.pk, "status": "pending"}
        assert (reader.site, reader.sub, reader.name, reader.email) == (
            article.site,
            "acct-1001",
            "Layla Ahmed",
            "layla@example.org",
        )
        assert comment.reader == reader
        assert (comment.author_name, comment.author_email) == ("Layla Ahmed", "layla@example.org")

    def test_a_second_post_reuses_the_account_and_takes_its_new_name(self, post_json, secret):
        post_json(URL, {**TEXT, "sso": sign(secret)})
        first = Reader.objects.get()
        response = post_json(
            URL,
            {
                "body": "And the detour is worse.",
                "sso": sign(secret, name="Layla A.", email="layla@news.example"),
            },
        )
        assert response.status_code == 202, response.content
        reader = Reader.objects.get()
        assert reader.pk == first.pk
        assert (reader.name, reader.email) == ("Layla A.", "layla@news.example")
        assert reader.created_at == first.created_at
        assert reader.last_seen_at > first.last_seen_at
        older, newer = Comment.objects.order_by("pk")
        assert older.reader == newer.reader == reader
        # Each comment keeps the name it was posted under: comments are never edited.
        assert (older.author_name, newer.author_name) == ("Layla Ahmed", "Layla A.")

    def test_typed_name_and_email_give_way_to_the_account(self, post_json, secret):
        response = post_json(
            URL,
            {
                **TEXT,
                "author_name": "Someone Else",
                "author_email": "someone@example.org",
                "sso": sign(secret),
            },
        )
        assert response.status_code == 202, response.content
        comment = Comment.objects.get()
        assert (comment.author_name, comment.author_email) == ("Layla Ahmed", "layla@example.org")

    def test_the_same_account_on_another_site_is_another_reader(self, post_json, client, article):
        other = Site.objects.create(key="tr-edition", name="Turkish edition")
        Article.objects.create(site=other, key="bridge-repairs", title="Köprü", language="tr")
        post_json(URL, {**TEXT, "sso": sign(article.site.sso_secret)})
        form = client.get("/api/v1/articles/bridge-repairs?site=tr-edition").json()["form_token"]
        response = post_json(
            f"{URL}?site=tr-edition", {**TEXT, "sso": sign(other.sso_secret), "token": form}
        )
        assert response.status_code == 202, response.content
        assert sorted(Reader.objects.values_list("site__key", "sub")) == [
            ("main", "acct-1001"),
            ("tr-edition", "acct-1001"),
        ]

    def test_the_form_token_and_the_honeypot_still_hold(self, post_json, secret):
        without_form = post_json(URL, {**TEXT, "sso": sign(secret), "token": ""})
        assert without_form.status_code == 400
        assert list(without_form.json()["errors"]) == ["token"]
        honeypot = post_json(URL, {**TEXT, "sso": sign(secret), "website": "http://spam"})
        assert honeypot.status_code == 400
        assert list(honeypot.json()["errors"]) == ["website"]
        assert Comment.objects.count() == Reader.objects.count() == 0

    def test_a_bad_comment_leaves_no_reader_behind(self, post_json, secret):
        response = post_json(URL, {"body": "   ", "sso": sign(secret)})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["body"]
        assert Reader.objects.count() == 0

    def test_a_repeat_with_the_same_idempotency_key_is_the_same_comment(self, post_json, secret):
        token = sign(secret)
        first = post_json(URL, {**TEXT, "sso": token}, HTTP_IDEMPOTENCY_KEY="k-1")
        again = post_json(URL, {**TEXT, "sso": token}, HTTP_IDEMPOTENCY_KEY="k-1")
        assert first.status_code == again.status_code == 202
        assert first.json() == again.json()
        assert Comment.objects.count() == Reader.objects.count() == 1

    def test_the_key_reused_by_another_account_is_refused(self, post_json, secret):
        post_json(URL, {**TEXT, "sso": sign(secret)}, HTTP_IDEMPOTENCY_KEY="k-1")
        other = sign(secret, sub="acct-2002", name="Layla Ahmed", email="layla@example.org")
        response = post_json(URL, {**TEXT, "sso": other}, HTTP_IDEMPOTENCY_KEY="k-1")
        assert response.status_code == 422
        assert Comment.objects.count() == 1
        assert Reader.objects.count() == 1

    def test_the_answer_and_the_public_thread_carry_no_email(
        self, post_json, client, secret, moderator
    ):
        from majlis.comments import actions

        response = post_json(URL, {**TEXT, "sso": sign(secret)})
        assert "layla@example.org" not in response.content.decode()
        actions.approve(Comment.objects.get(), actor=moderator)
        thread = client.get(URL)
        assert thread.status_code == 200
        assert "Layla Ahmed" in thread.content.decode()
        assert "layla@" not in thread.content.decode()

    def test_posting_signed_in_takes_a_few_queries_more_than_posting_anonymously(
        self, post_json, secret
    ):
        with CaptureQueriesContext(connection) as anonymous:
            post_json(URL, {**TEXT, "author_name": "Ann", "author_email": "ann@example.org"})
        with CaptureQueriesContext(connection) as signed_in:
            post_json(URL, {"body": "Another point.", "sso": sign(secret)})
        with CaptureQueriesContext(connection) as returning:
            post_json(URL, {"body": "A third point.", "sso": sign(secret)})
        # The reader's look-up (locked) and its insert or update; nothing per comment posted.
        assert len(signed_in) - len(anonymous) <= 4, [q["sql"] for q in signed_in]
        assert len(returning) - len(anonymous) <= 4, [q["sql"] for q in returning]
        assert Comment.objects.count() == 3


class TestATokenThatDoesNotSignIn:
    @pytest.mark.parametrize(
        ("why", "make", "says"),
        [
            ("expired", lambda s: sign(s, lifetime=-300), "expired"),
            ("wrong secret", lambda s: sign("x" * 43), "not signed with this site's"),
            ("HS512", lambda s: sign(s, alg="HS512"), "HS256"),
            ("none", lambda s: unsigned("none"), "HS256"),
            ("RS256", lambda s: unsigned("RS256"), "HS256"),
            ("no sub", lambda s: sign(s, sub=None), "“sub”"),
            ("no email", lambda s: sign(s, email=None), "“email”"),
            ("no name", lambda s: sign(s, name=None), "“name”"),
            ("no exp", lambda s: sign(s, exp=None), "“exp”"),
            ("bad email", lambda s: sign(s, email="layla-at-example"), "“email”"),
            ("blank name", lambda s: sign(s, name="\u200b \u2800"), "“name”"),
            ("a year long", lambda s: sign(s, lifetime=365 * 86400), "more than a day"),
            ("garbage", lambda s: "not-a-token", "not a valid JWT"),
        ],
    )
    @pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")
    def test_is_a_400_naming_sso_and_nothing_is_stored(self, post_json, secret, why, make, says):
        response = post_json(
            URL,
            {**TEXT, "author_name": "Ann", "author_email": "ann@example.org", "sso": make(secret)},
        )
        assert response.status_code == 400, response.content
        body = response.json()
        assert list(body["errors"]) == ["sso"]
        assert says in body["errors"]["sso"][0]
        assert "sso" in body["detail"]
        assert Comment.objects.count() == Reader.objects.count() == 0

    def test_a_token_of_another_sites_secret_is_refused(self, post_json, article):
        other = Site.objects.create(key="tr-edition", name="Turkish edition")
        response = post_json(URL, {**TEXT, "sso": sign(other.sso_secret)})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["sso"]
        assert Comment.objects.count() == Reader.objects.count() == 0

    def test_a_token_too_long_to_be_one_is_refused_by_the_schema(self, post_json, article):
        response = post_json(URL, {**TEXT, "sso": "x" * 5000})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["sso"]


class TestWithoutAToken:
    @pytest.mark.parametrize("sso", [None, ""])
    def test_the_name_and_email_are_required_as_before(self, post_json, article, sso):
        data = {**TEXT} if sso is None else {**TEXT, "sso": sso}
        response = post_json(URL, data)
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"author_name", "author_email"}
        assert Comment.objects.count() == 0

    def test_a_typed_comment_has_no_reader(self, post_json, article):
        response = post_json(URL, {**TEXT, "author_name": "Ann", "author_email": "ann@ex.org"})
        assert response.status_code == 202
        assert Comment.objects.get().reader is None
        assert Reader.objects.count() == 0


class TestFloodLimits:
    def test_count_the_accounts_email(self, post_json, secret, settings):
        settings.MAJLIS = {**settings.MAJLIS, "RATE_PER_EMAIL": "2/m", "RATE_PER_CLIENT": "99/m"}
        for n in range(2):
            # Typed emails that differ each time do not spread the account's count.
            response = post_json(
                URL,
                {"body": f"Point {n}.", "author_email": f"x{n}@example.org", "sso": sign(secret)},
            )
            assert response.status_code == 202, response.content
        typed = post_json(
            URL, {"body": "Typed.", "author_name": "L", "author_email": "layla@example.org"}
        )
        assert typed.status_code == 429
        assert Comment.objects.count() == 2

    def test_a_refused_token_counts_against_the_client(self, post_json, secret, settings):
        settings.MAJLIS = {**settings.MAJLIS, "RATE_PER_CLIENT": "2/m"}
        for _ in range(2):
            assert post_json(URL, {**TEXT, "sso": "bad"}).status_code == 400
        assert post_json(URL, {**TEXT, "sso": sign(secret)}).status_code == 429


class TestForModerators:
    def test_the_comment_and_the_queue_name_the_account(
        self, post_json, client, bearer, moderator, secret
    ):
        signed = post_json(URL, {**TEXT, "sso": sign(secret)}).json()["id"]
        typed = post_json(
            URL, {**TEXT, "author_name": "Ann", "author_email": "ann@example.org"}
        ).json()["id"]
        headers = bearer(moderator)
        detail = client.get(f"/api/v1/comments/{signed}", **headers).json()
        assert detail["reader"] == {"site": "main", "sub": "acct-1001"}
        assert detail["author_email"] == "layla@example.org"
        queue = client.get("/api/v1/moderation/queue", **headers).json()["items"]
        assert {c["id"]: c["reader"] for c in queue} == {
            signed: {"site": "main", "sub": "acct-1001"},
            typed: None,
        }
