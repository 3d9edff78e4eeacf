"""Headers of the static files (WhiteNoise calls this for each one it serves)."""

from __future__ import annotations


def static_headers(headers, path: str, url: str) -> None:
    # The embed links its stylesheets into pages of the newsroom's origins; a page isolated
    # by Cross-Origin-Embedder-Policy takes them only if they say any origin may.
    headers["Cross-Origin-Resource-Policy"] = "cross-origin"
