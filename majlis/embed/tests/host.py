"""A newsroom's page on an origin of its own: a tiny HTTP server in a thread, serving HTML
pages under a strict Content-Security-Policy that allows nothing but Majlis's origin."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def strict_csp(majlis: str) -> str:
    return (
        f"default-src 'none'; script-src {majlis}; style-src {majlis}; "
        f"connect-src {majlis}; img-src {majlis}"
    )


class HostSite:
    """Pages by path; each served with the CSP header that names `majlis`."""

    def __init__(self, majlis: str) -> None:
        self.majlis = majlis
        self.pages: dict[str, str] = {}
        self.origin = ""

    def page(self, path: str, body: str, *, title: str = "The newsroom", head: str = "") -> str:
        self.pages[path] = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"{head}</head><body><h1>{title}</h1>{body}</body></html>"
        )
        return f"{self.origin}{path}"


@contextmanager
def host_site(majlis: str) -> Iterator[HostSite]:
    site = HostSite(majlis)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            html = site.pages.get(self.path.split("?")[0])
            if html is None:
                self.send_error(404)
                return
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", strict_csp(site.majlis))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
