"""/embed.js and /count.js at the root, and the stylesheets, loadable from any origin."""

from __future__ import annotations

import pytest

from majlis.embed.views import STATIC


@pytest.mark.parametrize("name", ["embed.js", "count.js"])
def test_the_scripts_are_served_at_the_root(client, name):
    response = client.get(f"/{name}", HTTP_ORIGIN="https://news.example")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response.content == (STATIC / name).read_bytes()
    # One script for every reader: not varied by their language.
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_scripts_are_read_only(client):
    assert client.post("/embed.js").status_code == 405


@pytest.mark.parametrize("path", ["/static/embed/embed.css", "/static/majlis/site.css"])
def test_the_stylesheets_it_links_may_load_cross_origin(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_the_script_uses_no_eval_inline_style_or_html_parsing():
    source = (STATIC / "embed.js").read_text() + (STATIC / "count.js").read_text()
    for forbidden in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "eval(",
        "new Function",
        "document.write",
        ".style.cssText",
        'setAttribute("style"',
        "<style",
    ]:
        assert forbidden not in source, forbidden
