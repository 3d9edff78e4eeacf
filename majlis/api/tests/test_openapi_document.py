"""The OpenAPI document lists every endpoint, and real responses match its schemas."""

from __future__ import annotations

import re

import pytest

from majlis.api.tests.openapi_check import problems, resolve, response_schema
from majlis.comments.actions import NOTE_MAX_LENGTH
from majlis.comments.models import Category
from majlis.readers.sso import TOKEN_MAX_LENGTH

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def document(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
class TestTheDocument:
    def test_it_lists_every_endpoint_of_the_contract(self, document):
        paths = {path: set(ops) for path, ops in document["paths"].items()}
        assert paths["/api/v1/articles"] >= {"post"}
        assert paths["/api/v1/articles/{key}"] >= {"get"}
        assert paths["/api/v1/articles/{key}/comments"] >= {"get", "post"}
        assert paths["/api/v1/moderation/queue"] >= {"get"}
        assert paths["/api/v1/comments/{comment_id}"] >= {"get", "put", "patch", "delete"}
        assert paths["/api/v1/comments/{comment_id}/decisions"] >= {"post"}
        assert paths["/api/v1/embed/articles/{key}"] >= {"get"}
        assert paths["/api/v1/embed/articles"] >= {"post"}
        assert paths["/api/v1/embed/counts"] >= {"get"}

    def test_the_protected_endpoints_declare_bearer_auth(self, document):
        for path, method in [
            ("/api/v1/articles", "post"),
            ("/api/v1/moderation/queue", "get"),
            ("/api/v1/comments/{comment_id}", "get"),
            ("/api/v1/comments/{comment_id}/decisions", "post"),
        ]:
            assert document["paths"][path][method].get("security"), (path, method)
        assert "security" not in document["paths"]["/api/v1/articles/{key}/comments"]["post"]

    def test_public_shapes_have_no_email_and_the_document_names_no_address(self, document):
        for path, method in [
            ("/api/v1/articles/{key}", "get"),
            ("/api/v1/articles/{key}/comments", "get"),
            ("/api/v1/embed/articles/{key}", "get"),
            ("/api/v1/embed/counts", "get"),
        ]:
            schema = response_schema(document, path, method, 200)
            assert "author_email" not in str(_expand(document, schema))
        assert EMAIL.findall(str(document)) == []


def _expand(document, schema, depth=0):
    schema = resolve(document, schema)
    if depth > 5 or not isinstance(schema, dict):
        return schema
    return {
        k: (
            _expand(document, v, depth + 1)
            if isinstance(v, dict)
            else [_expand(document, i, depth + 1) for i in v]
            if isinstance(v, list)
            else v
        )
        for k, v in schema.items()
    }


@pytest.mark.django_db
class TestResponsesMatchTheDocument:
    def _check(self, document, path, method, response):
        schema = response_schema(document, path, method, response.status_code)
        assert problems(document, schema, response.json()) == []

    def test_the_checker_catches_a_drifting_response(self, document):
        schema = response_schema(document, "/api/v1/articles/{key}/comments", "get", 200)
        drifted = {"items": [{"id": "1", "author_email": "x"}], "count": 1, "next": None}
        found = problems(document, schema, drifted)
        assert any("undocumented author_email" in p for p in found)
        assert any("expected integer" in p for p in found)
        assert any("missing body" in p for p in found)

    def test_public_responses(self, client, post_json, document, make_comment):
        parent = make_comment(status="approved")
        make_comment(status="approved", parent=parent)
        self._check(
            document, "/api/v1/articles/{key}", "get", client.get("/api/v1/articles/bridge-repairs")
        )
        self._check(
            document,
            "/api/v1/articles/{key}/comments",
            "get",
            client.get("/api/v1/articles/bridge-repairs/comments"),
        )
        token = client.get("/api/v1/articles/bridge-repairs").json()["form_token"]
        posted = post_json(
            "/api/v1/articles/bridge-repairs/comments",
            {"author_name": "A", "author_email": "a@example.org", "body": "b", "token": token},
        )
        assert posted.status_code == 202
        self._check(document, "/api/v1/articles/{key}/comments", "post", posted)
        bad = post_json("/api/v1/articles/bridge-repairs/comments", {"author_name": "A"})
        assert bad.status_code == 400
        self._check(document, "/api/v1/articles/{key}/comments", "post", bad)
        missing = client.get("/api/v1/articles/nope")
        assert missing.status_code == 404
        self._check(document, "/api/v1/articles/{key}", "get", missing)

    def test_moderator_and_editor_responses(
        self, client, post_json, bearer, document, moderator, editor, outsider, make_comment
    ):
        comment = make_comment()
        headers = bearer(moderator)
        self._check(
            document,
            "/api/v1/moderation/queue",
            "get",
            client.get("/api/v1/moderation/queue", **headers),
        )
        decided = post_json(
            f"/api/v1/comments/{comment.pk}/decisions",
            {"verdict": "reject", "reasons": ["threat"]},
            **headers,
        )
        assert decided.status_code == 201
        self._check(document, "/api/v1/comments/{comment_id}/decisions", "post", decided)
        self._check(
            document,
            "/api/v1/comments/{comment_id}",
            "get",
            client.get(f"/api/v1/comments/{comment.pk}", **headers),
        )
        created = post_json(
            "/api/v1/articles",
            {"key": "k", "title": "T", "language": "en", "tags": ["a"]},
            **bearer(editor),
        )
        assert created.status_code == 201
        self._check(document, "/api/v1/articles", "post", created)
        for status, response in [
            (401, client.get("/api/v1/moderation/queue")),
            (403, client.get("/api/v1/moderation/queue", **bearer(outsider))),
            (405, client.put(f"/api/v1/comments/{comment.pk}")),
        ]:
            assert response.status_code == status
            path = "/api/v1/comments/{comment_id}" if status == 405 else "/api/v1/moderation/queue"
            self._check(document, path, "put" if status == 405 else "get", response)


@pytest.mark.django_db
class TestTheDocumentStatesWhatTheServerEnforces:
    def _props(self, document, name):
        return document["components"]["schemas"][name]["properties"]

    def test_the_comment_fields_limits(self, document, settings):
        props = self._props(document, "CommentIn")
        # Name and email may be left out (or null) when a sign-in token speaks for them.
        [name] = [s for s in props["author_name"]["anyOf"] if s["type"] == "string"]
        [email] = [s for s in props["author_email"]["anyOf"] if s["type"] == "string"]
        assert name["maxLength"] == settings.MAJLIS["NAME_MAX_LENGTH"]
        assert props["body"]["maxLength"] == settings.MAJLIS["COMMENT_MAX_LENGTH"]
        assert email["maxLength"] == 254
        assert email["format"] == "email"
        assert props["sso"]["maxLength"] == TOKEN_MAX_LENGTH
        assert "sso" not in document["components"]["schemas"]["CommentIn"].get("required", [])
        [integer] = [s for s in props["parent_id"]["anyOf"] if s["type"] == "integer"]
        assert integer["minimum"] == 1

    def test_the_article_fields_limits(self, document):
        props = self._props(document, "ArticleIn")
        assert props["key"]["pattern"] == "^[-a-zA-Z0-9_]+$"
        assert props["key"]["maxLength"] == 200
        assert props["title"]["maxLength"] == 300
        assert props["tags"]["items"]["maxLength"] == 64
        assert sorted(props["language"]["enum"]) == sorted(["en", "ckb", "kmr", "ar", "fa", "tr"])

    def test_the_decision_fields_enums(self, document):
        props = self._props(document, "DecisionIn")
        assert props["verdict"]["enum"] == ["approve", "reject"]
        assert set(props["reasons"]["items"]["enum"]) == set(Category.values)
        assert props["note"]["maxLength"] == NOTE_MAX_LENGTH

    def test_every_error_answer_is_documented_in_one_shape(self, document):
        expected = {
            ("/api/v1/articles", "post"): {400, 401, 403, 415},
            ("/api/v1/articles/{key}", "get"): {400, 404},
            ("/api/v1/articles/{key}/comments", "get"): {400, 404},
            ("/api/v1/articles/{key}/comments", "post"): {400, 403, 404, 415, 429},
            ("/api/v1/embed/articles/{key}", "get"): {400, 403},
            ("/api/v1/embed/articles", "post"): {400, 403, 404, 415, 429},
            ("/api/v1/embed/counts", "get"): {400, 403, 404},
            ("/api/v1/moderation/queue", "get"): {400, 401, 403},
            ("/api/v1/comments/{comment_id}", "get"): {400, 401, 403, 404},
            ("/api/v1/comments/{comment_id}", "put"): {400, 405},
            ("/api/v1/comments/{comment_id}/decisions", "post"): {400, 401, 403, 404, 415},
        }
        for (path, method), codes in expected.items():
            responses = document["paths"][path][method]["responses"]
            errors = {int(code) for code in responses if int(code) >= 400}
            assert errors >= codes, (path, method)
            for code in errors:
                schema = responses[str(code)]["content"]["application/json"]["schema"]
                # The embed's unknown article also says whether it may register itself.
                shape = (
                    "EmbedMissingOut"
                    if path == "/api/v1/embed/articles/{key}" and code == 404
                    else "ErrorOut"
                )
                assert resolve(document, schema)["title"] == shape

    def test_the_page_parameter_is_documented(self, document):
        for path in ["/api/v1/articles/{key}/comments", "/api/v1/moderation/queue"]:
            [page] = [
                p for p in document["paths"][path]["get"]["parameters"] if p["name"] == "page"
            ]
            assert page["schema"]["minimum"] == 1
