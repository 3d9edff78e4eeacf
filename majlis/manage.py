"""The `majlis` command: Django's manage.py, installed as a console script."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A setting to fix, e.g. SECRET_KEY in production: say which, not a traceback.
        sys.exit(f"majlis: {error}")


if __name__ == "__main__":
    main()
