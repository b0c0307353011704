"""The ``verksam`` command: Django's management commands under one name.

``verksam demo`` loads the demo, ``verksam serve`` migrates, loads the demo and serves,
``verksam case import FILE`` imports a memo; every other Django command works as with
``manage.py`` (``verksam migrate``, ``verksam createsuperuser`` …).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command; ``argv`` defaults to ``sys.argv``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "verksam"
    execute_from_command_line(args)


if __name__ == "__main__":  # pragma: no cover
    main()
