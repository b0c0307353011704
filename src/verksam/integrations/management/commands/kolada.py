"""``verksam kolada sync --year YYYY [--municipality 0180] [--user NAME] [--dry-run]``.

Fills the verksamhetsberättelse outcomes (utfall) of the year's indicators bound to a Kolada
KPI through ``verksam.integrations.kolada_sync.sync_year`` and prints, in Swedish, one line
naming the year and municipality, one line of counts ("Utfall: 2 nya, 0 ändrade,
1 oförändrade, 1 problem."), one line per problem, the credit with the fetch time and, for
``--dry-run``, "Provkörning: inget sparades.".

The writes are recorded for the system user "kolada" (created when missing, see
``kolada_sync``) unless ``--user`` names another user, whose roles then apply. Exit code 1 with
"Fel: …" on stderr when Kolada cannot be read (nothing is changed) or the input is refused;
exit code 0 otherwise, also when some records were reported as problems.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _

from verksam.core.errors import DomainError
from verksam.integrations.kolada import KoladaError
from verksam.integrations.kolada_sync import sync_year


class Command(BaseCommand):
    """The ``kolada`` command with its subcommands (now: ``sync``)."""

    help = "Kolada: ”kolada sync --year 2024” hämtar årsvärden för indikatorer som är kopplade till ett nyckeltal."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{sync}")
        sync = subcommands.add_parser(
            "sync", help="Hämta årets värden från Kolada till verksamhetsberättelsens utfall.",
            description="Hämta årsvärden från Kolada för alla indikatorer med nyckeltal i årets planer "
                        "och spara dem som utfall i verksamhetsberättelsen (per 31 december).",
        )
        sync.add_argument("--year", type=int, required=True, metavar="ÅÅÅÅ", help="Planåret, t.ex. 2024.")
        sync.add_argument("--municipality", default=None, metavar="KOD",
                          help="Kommunens kod (t.ex. 0180) när databasen har flera kommuner.")
        sync.add_argument("--user", default=None, metavar="ANVÄNDARE",
                          help="Registrera utfallen i denna användares namn (i stället för systemanvändaren kolada).")
        sync.add_argument("--dry-run", action="store_true",
                          help="Visa vad som skulle ändras utan att spara något.")

    def handle(self, *args, **options):
        if options["subcommand"] == "sync":
            return self._sync(options)
        return None

    def _fail(self, message) -> None:
        self.stderr.write(_("Fel: %(message)s") % {"message": message})
        raise SystemExit(1)

    def _sync(self, options) -> None:
        try:
            acting_user = None
            if options["user"]:
                acting_user = get_user_model().objects.filter(username=options["user"]).first()
                if acting_user is None:
                    self._fail(_("Användaren %(user)s finns inte.") % {"user": options["user"]})
            report = sync_year(options["year"], acting_user=acting_user,
                               municipality=options["municipality"], dry_run=options["dry_run"])
        except KoladaError as exc:
            self._fail(exc.message)
        except DomainError as exc:
            self._fail(exc.message)
        except DatabaseError:
            self._fail(_("Databasen är inte uppsatt. Kör först ”verksam migrate” (eller ”verksam demo”)."))
        for line in report.summary_lines():
            self.stdout.write(line)
