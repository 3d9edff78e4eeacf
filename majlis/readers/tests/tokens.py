"""Sign-in tokens as a newsroom's server makes them, and the broken ones it must not."""

from __future__ import annotations

import base64
import json
import time

import jwt

LAYLA = {"sub": "acct-1001", "name": "Layla Ahmed", "email": "layla@example.org"}


def sign(secret: str, *, alg: str = "HS256", lifetime: float = 600, **claims) -> str:
    """A token for `claims` (Layla's by default), expiring in `lifetime` seconds; a claim
    given as None is left out."""
    payload = {**LAYLA, "exp": int(time.time() + lifetime), **claims}
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(payload, secret, algorithm=alg)


def unsigned(alg: str, **claims) -> str:
    """A token whose header names `alg` and whose signature is whatever it is: what an
    attacker sends to make the server pick a weaker or a public-key check."""
    payload = {**LAYLA, "exp": int(time.time() + 600), **claims}

    def part(data: dict) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    signature = "" if alg == "none" else part({"not": "a signature"})
    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(payload)}.{signature}"
