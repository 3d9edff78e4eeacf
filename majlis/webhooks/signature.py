"""The `X-Majlis-Signature` header: `t=UNIX_TIME,v1=HEX`, where HEX is the HMAC-SHA256 of
`"{t}.{body}"` (the body's exact bytes) keyed with the webhook's secret.

The timestamp is signed with the body, so a receiver that refuses an old `t` refuses a
replayed delivery too. `verify` is what a receiver written in Python does; the README shows
the same check in a few lines for receivers that do not have Majlis installed.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Majlis-Signature"
# A receiver accepts a signature this many seconds either side of its own clock.
TOLERANCE_SECONDS = 300


def digest(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    """The header's value for `body`, sent now (or at `timestamp`)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={digest(secret, t, body)}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Whether `header` signs `body` with `secret`, at a time within `tolerance` seconds of
    `now`. Any `v1` in the header may match (a header may carry several)."""
    parts = [part.strip().partition("=") for part in header.split(",")]
    stamps = [value for key, _, value in parts if key == "t"]
    signatures = [value for key, _, value in parts if key == "v1"]
    if len(stamps) != 1 or not (stamps[0].isascii() and stamps[0].isdigit()) or not signatures:
        return False
    t = int(stamps[0])
    if abs((time.time() if now is None else now) - t) > tolerance:
        return False
    expected = digest(secret, t, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
