"""``verksam serve``: migrate, load the demo into an empty database, and serve on 127.0.0.1.

The port comes from ``--port`` or the ``PORT`` environment variable (default 8000). Django's
development server serves the pages and, with ``VERKSAM_DEBUG`` on, the static files, and
restarts on code changes; with ``VERKSAM_DEBUG=0`` it runs without the reloader (use a real
WSGI server such as gunicorn behind a proxy for production).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from verksam.organisation.models import Municipality
from verksam.portal.demo.users import demo_users_by_default


class Command(BaseCommand):
    """Migrate, load the demo when there is no municipality, then run the development server."""

    help = "Migrerar, läser in demon om databasen är tom och startar webbservern på 127.0.0.1:$PORT."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"),
                            help="Port (standard: miljövariabeln PORT eller 8000).")
        parser.add_argument("--no-demo", action="store_true", help="Läs inte in demon i en tom databas.")

    def handle(self, *args, port: str, no_demo: bool = False, **options):
        if not str(port).isdigit() or not 0 < int(port) < 65536:
            raise CommandError(f"Ogiltig port: {port!r}. Ange ett tal mellan 1 och 65535.")
        debug = demo_users_by_default()
        # The autoreloader starts this command again in a child process (RUN_MAIN=true):
        # the set-up has been done by then.
        if os.environ.get("RUN_MAIN") != "true":
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("Databasen är migrerad.")
            if not no_demo and not Municipality.objects.exists():
                try:
                    call_command("demo", stdout=self.stdout, interactive=False)
                except CommandError as error:
                    self.stderr.write(f"Demon lästes inte in: {error}")
            self.stdout.write(f"Verksam: http://127.0.0.1:{port}/  (avsluta med Ctrl-C)")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=debug and settings.DEBUG,
                     use_threading=True)
