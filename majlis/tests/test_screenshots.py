"""The README's pictures (taken by the browser tests, `make screenshots`): every one it shows
is in docs/screenshots/, small enough for a README, and none lies there unshown."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "docs" / "screenshots"
MAX_BYTES = 150_000


def _shown() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"!\[[^\]]+\]\(docs/screenshots/([^)]+\.png)\)", readme))


def test_every_picture_the_readme_shows_is_there_and_small():
    shown = _shown()
    assert len(shown) >= 10
    for name in sorted(shown):
        path = FOLDER / name
        assert path.is_file(), f"README shows {name}, missing from docs/screenshots/"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert path.stat().st_size < MAX_BYTES, f"{name}: {path.stat().st_size} bytes"


def test_no_picture_lies_there_unshown():
    saved = {path.name for path in FOLDER.glob("*.png")}
    assert saved - _shown() == set()
