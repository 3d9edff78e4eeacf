"""X-Majlis-Signature: t=UNIX_TIME,v1=HMAC-SHA256("{t}.{body}"), checked within a tolerance."""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path

import pytest

import majlis
from majlis.webhooks.signature import sign, verify

SECRET = "whsec-0123456789abcdef"
BODY = '{"event":"comment.created","comment":{"body":"کۆمێنت"}}'.encode()
NOW = 1_800_000_000


class TestSigning:
    def test_the_header_is_the_hmac_of_the_timestamp_and_the_body(self):
        expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256)
        assert sign(SECRET, BODY, timestamp=NOW) == f"t={NOW},v1={expected.hexdigest()}"

    def test_a_signature_verifies_with_its_secret_and_body(self):
        assert verify(SECRET, sign(SECRET, BODY, timestamp=NOW), BODY, now=NOW + 10)

    def test_without_a_timestamp_it_signs_now(self):
        assert verify(SECRET, sign(SECRET, BODY), BODY)


class TestVerifying:
    def test_another_secret_fails(self):
        assert not verify(
            "whsec-another-one-entirely", sign(SECRET, BODY, timestamp=NOW), BODY, now=NOW
        )

    def test_a_changed_body_fails(self):
        header = sign(SECRET, BODY, timestamp=NOW)
        assert not verify(SECRET, header, BODY + b" ", now=NOW)

    def test_a_changed_timestamp_fails(self):
        digest = sign(SECRET, BODY, timestamp=NOW).partition(",")[2]
        assert not verify(SECRET, f"t={NOW + 1},{digest}", BODY, now=NOW)

    @pytest.mark.parametrize("skew", [-301, 301, 10_000])
    def test_a_timestamp_outside_the_tolerance_fails(self, skew):
        assert not verify(SECRET, sign(SECRET, BODY, timestamp=NOW), BODY, now=NOW + skew)

    def test_the_tolerance_can_be_chosen(self):
        header = sign(SECRET, BODY, timestamp=NOW)
        assert verify(SECRET, header, BODY, now=NOW + 3000, tolerance=3600)
        assert not verify(SECRET, header, BODY, now=NOW + 30, tolerance=10)

    def test_any_of_several_signatures_may_match(self):
        good = sign(SECRET, BODY, timestamp=NOW).partition(",")[2]
        assert verify(SECRET, f"t={NOW},v1={'0' * 64},{good}", BODY, now=NOW)

    @pytest.mark.parametrize(
        "header",
        ["", "garbage", f"t={NOW}", "v1=abc", f"t=,v1={'0' * 64}", f"t=١٢٣,v1={'0' * 64}"],
    )
    def test_a_malformed_header_fails(self, header):
        assert not verify(SECRET, header, BODY, now=NOW)

    def test_two_timestamps_fail(self):
        good = sign(SECRET, BODY, timestamp=NOW)
        assert not verify(SECRET, f"t={NOW + 1},{good}", BODY, now=NOW)


class TestTheReadmesReceiver:
    """The few lines the README gives receivers agree with `verify`."""

    @pytest.fixture
    def signed_by_majlis(self):
        readme = (Path(majlis.__file__).resolve().parent.parent / "README.md").read_text()
        section = readme.partition("### Webhooks")[2]
        code = section.partition("```python\n")[2].partition("```")[0]
        assert "def signed_by_majlis" in code
        namespace: dict = {}
        exec(code, namespace)  # noqa: S102 - our own README's example
        return namespace["signed_by_majlis"]

    def test_it_accepts_a_fresh_signature(self, signed_by_majlis):
        assert signed_by_majlis(SECRET, sign(SECRET, BODY), BODY)

    def test_it_refuses_what_verify_refuses(self, signed_by_majlis):
        now = int(time.time())
        assert not signed_by_majlis("whsec-another-one", sign(SECRET, BODY), BODY)
        assert not signed_by_majlis(SECRET, sign(SECRET, BODY), BODY + b"x")
        assert not signed_by_majlis(SECRET, sign(SECRET, BODY, timestamp=now - 600), BODY)
        for header in ("", "garbage", f"t={now}", "v1=00", f"t=١٢٣,v1={'0' * 64}"):
            assert not signed_by_majlis(SECRET, header, BODY)
