"""An https receiver's certificate is checked: one no authority signed is not sent to."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from majlis.webhooks import delivery
from majlis.webhooks.models import Delivery, DeliveryStatus, Webhook
from majlis.webhooks.tests.conftest import SECRET

OPENSSL = shutil.which("openssl")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(OPENSSL is None, reason="needs openssl to make a certificate"),
]


@pytest.fixture
def https_receiver(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603 - a fixed command line, no input from outside
        [
            OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}/hook", cert, received
    server.shutdown()
    server.server_close()


def test_an_unknown_certificate_is_refused_and_retried(https_receiver, make_comment):
    url, _, received = https_receiver
    Webhook.objects.create(url=url, secret=SECRET)
    make_comment()
    assert delivery.deliver_due() == 1
    row = Delivery.objects.get()
    assert row.status == DeliveryStatus.PENDING
    assert "CERTIFICATE_VERIFY_FAILED" in row.last_error
    assert received == []


def test_a_trusted_certificate_is_delivered_to(https_receiver, make_comment, monkeypatch):
    url, cert, received = https_receiver
    trusting = ssl.create_default_context(cafile=cert)
    monkeypatch.setattr(delivery.ssl, "create_default_context", lambda: trusting)
    Webhook.objects.create(url=url, secret=SECRET)
    make_comment()
    delivery.deliver_due()
    row = Delivery.objects.get()
    assert (row.status, row.last_status_code) == (DeliveryStatus.DELIVERED, 204)
    assert received == [row.body.encode()]
