"""``verksam demo``: load the demo — Stockholms stad and kommunstyrelsens Verksamhetsplan 2024.

Idempotent: running it again leaves the same data and writes no history. ``--reset`` empties
the whole database first (all data, users included) and loads the demo again. Demo users (one
shared password, printed) are created when ``VERKSAM_DEBUG`` is on, or with ``--with-users``;
otherwise the changes are recorded under an existing superuser.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from verksam.portal.demo import load_demo
from verksam.portal.demo.users import demo_users_by_default


class Command(BaseCommand):
    """Load the demo data (demodata)."""

    help = "Läser in demodata: Stockholms stad och kommunstyrelsens verksamhetsplan 2024 (KS 2023/1237)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="Töm hela databasen (även användare) och läs in demon på nytt.")
        parser.add_argument("--with-users", action="store_true",
                            help="Skapa demoanvändarna även när VERKSAM_DEBUG=0.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Fråga inte före --reset.")

    def handle(self, *args, reset: bool = False, with_users: bool = False, interactive: bool = True, **options):
        debug = demo_users_by_default()
        if reset:
            if interactive and not debug:
                answer = input("Detta tömmer hela databasen, även användare. Skriv ”ja” för att fortsätta: ")
                if answer.strip().lower() != "ja":
                    raise CommandError("Avbrutet; inget ändrades.")
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Databasen tömd.")
        call_command("migrate", interactive=False, verbosity=0)  # a fresh data directory works too
        load_demo(with_users=with_users or debug, stdout=self.stdout)
