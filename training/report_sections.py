"""docs/evaluation.md is written a section at a time: each `evaluate.py --only` part puts its
own section in place and leaves the others as they were."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def replace_section(
    report: Path,
    lines: Sequence[str],
    *,
    heading: str,
    until: str | None = None,
    before: str = "## Speed",
) -> str:
    """Write `lines` (which start with `heading`) over that section of `report`: up to the
    `until` heading, or the next one. A report without it gets it before the `before`
    heading, or at its end. Returns the section as written."""
    text = report.read_text("utf-8") if report.exists() else ""
    block = "\n".join(lines).rstrip("\n") + "\n"
    if heading in text:
        start = text.index(heading)
        end = text.find(f"\n{until or '## '}", start + len(heading))
        rest = text[end + 1 :] if end >= 0 else ""
    else:
        start = text.find(before)
        if start < 0:
            text = text.rstrip("\n") + "\n\n" if text else ""
            start = len(text)
        rest = text[start:]
    report.write_text(text[:start] + block + ("\n" + rest if rest else ""), "utf-8")
    return block
