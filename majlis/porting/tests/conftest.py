from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def run_import(tmp_path):
    """Write `text` to a file and import it; the command's stdout lines come back."""

    def run(format: str, text: str | bytes, *options: str) -> list[str]:
        path = tmp_path / f"export.{format}"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        out = StringIO()
        call_command("import", format, str(path), *options, stdout=out, stderr=StringIO())
        return out.getvalue().splitlines()

    return run
