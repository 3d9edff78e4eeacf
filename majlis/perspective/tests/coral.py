"""Requests as Coral Talk 9.11 sends them to an external moderation phase."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json

CORAL = "/coral/moderation"
SECRET = "empsec_5b1f0c7e9a2d4c6b8e0f1a3c5d7e9b2a4c6e8f0a1b3d5c7e"

#: The "new comment on a story" example of Coral's guide, in its field order.
EXAMPLE = {
    "action": "NEW",
    "comment": {"body": "Here's a comment!", "parentID": None},
    "author": {"id": "baf4e943-3594-4fcc-b2ba-3e8de7a76352", "role": "COMMENTER"},
    "story": {
        "id": "245b3856-b0a0-4d2f-a6bb-58c71f18d6a6",
        "url": "http://localhost:1313/posts/a-story-url/",
    },
    "site": {"id": "a4bede88-2d2c-4424-bc18-4322a9e285a6"},
    "tenantID": "19ba5794-7eeb-4d46-a81b-c00c61672501",
    "tenantDomain": "localhost",
}


def coral_request(body: str = "Here's a comment!", **fields) -> dict:
    request = copy.deepcopy(EXAMPLE)
    request["comment"]["body"] = body
    request.update(fields)
    return request


def coral_bytes(request: dict) -> bytes:
    # Coral sends JSON.stringify(request, null, 2): two-space indents, UTF-8, no escapes.
    return json.dumps(request, indent=2, ensure_ascii=False).encode()


def signature(raw: bytes, *secrets: str) -> str:
    return ",".join(
        "sha256=" + hmac.new(s.encode(), raw, hashlib.sha256).hexdigest() for s in secrets
    )
