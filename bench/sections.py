"""One document, several writers: each benchmark replaces only its own section.

`make bench`, `make loadtest` and `make faults` all report into docs/performance.md. Each
owns the text between `<!-- begin: NAME -->` and `<!-- end: NAME -->`; a section not there
yet is appended, and whatever lies outside the markers is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

TITLE = "# Performance\n\nEach section below is written by the command it names.\n"


def replace_section(path: Path, name: str, body: str) -> None:
    """Write `body` as section `name` of the document at `path`."""
    begin, end = f"<!-- begin: {name} -->", f"<!-- end: {name} -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else TITLE
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
