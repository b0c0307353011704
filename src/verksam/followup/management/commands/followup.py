"""``verksam followup export|import``: outcomes and årsmål in Excel (xlsx) or CSV.

    verksam followup export --unit ID --period ID [--period ID …] [--format xlsx|csv] -o FILE
    verksam followup export --plan ID [--format xlsx|csv] -o FILE
    verksam followup import FILE --user USERNAME

``export --unit`` writes the outcomes of the unit and every unit beneath it (``--only-unit``: the
unit alone) in the given periods; ``export --plan`` the plan's årsmål. ``import`` reads an .xlsx
or .csv file with the sheets/headers of the export and writes it as USERNAME, all or nothing,
through the same actions as the web pages. Success prints "N nya, M ändrade, K oförändrade";
any error prints "Fel: …" and each refused cell ("Blad Utfall, rad 7, kolumn Utfall: …") on
stderr, exits with status 1 and writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _

from verksam.core.errors import DomainError
from verksam.followup.exchange import export
from verksam.followup.exchange.importer import ImportRefused, import_file
from verksam.followup.models import Period
from verksam.organisation.models import Unit
from verksam.planning.models import Plan


class Command(BaseCommand):
    """The ``followup`` command with its subcommands ``export`` and ``import``."""

    help = "Uppföljning: ”followup export” och ”followup import” av utfall och årsmål (xlsx eller csv)."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{export,import}")
        exporter = subcommands.add_parser(
            "export", help="Exportera utfall (--unit, --period) eller årsmål (--plan) till en fil.",
            description="Exportera utfall för en enhet och period, eller en plans årsmål, till xlsx eller csv.")
        exporter.add_argument("--unit", type=int, help="Enhetens id (utfall för enheten och enheterna under den).")
        exporter.add_argument("--period", type=int, action="append", default=[],
                              help="Periodens id; kan anges flera gånger.")
        exporter.add_argument("--only-unit", action="store_true", help="Bara enheten, inte enheterna under den.")
        exporter.add_argument("--plan", type=int, help="Planens id (årsmål).")
        exporter.add_argument("--format", choices=export.FORMATS, default=None,
                              help="xlsx eller csv (standard: av filnamnets ändelse, annars xlsx).")
        exporter.add_argument("-o", "--output", required=True, metavar="FILE", help="Filen att skriva ('-' = stdout).")
        importer = subcommands.add_parser(
            "import", help="Importera utfall och/eller årsmål från en xlsx- eller csv-fil.",
            description="Importera en fil med samma blad och rubriker som exporten; allt eller inget.")
        importer.add_argument("file", metavar="FILE", help="Sökväg till .xlsx- eller .csv-filen.")
        importer.add_argument("--user", required=True, metavar="USERNAME", help="Användaren som importerar.")

    def handle(self, *args, **options):
        try:
            if options["subcommand"] == "export":
                self._export(options)
            else:
                self._import(options)
        except DatabaseError:
            self._fail(_("Databasen är inte uppsatt. Kör först ”verksam migrate” (eller ”verksam demo”)."))

    def _fail(self, message, lines=()) -> None:
        self.stderr.write(_("Fel: %(message)s") % {"message": message})
        for line in lines:
            self.stderr.write(f"  {line}")
        raise SystemExit(1)

    def _export(self, options) -> None:
        output = options["output"]
        fmt = options["format"] or ("csv" if output.lower().endswith(".csv") else "xlsx")
        if options["plan"] is not None:
            if options["unit"] is not None or options["period"]:
                self._fail(_("Ange antingen --plan (årsmål) eller --unit och --period (utfall), inte båda."))
            plan = Plan.objects.select_related("unit").filter(pk=options["plan"]).first()
            if plan is None:
                self._fail(_("Det finns ingen plan med id %(id)d.") % {"id": options["plan"]})
            data, what = export.export_targets(plan, fmt=fmt), _("årsmål för %(plan)s") % {"plan": plan.title}
        else:
            if options["unit"] is None or not options["period"]:
                self._fail(_("Ange --unit och minst en --period (eller --plan för årsmål)."))
            unit = Unit.objects.filter(pk=options["unit"]).first()
            if unit is None:
                self._fail(_("Det finns ingen enhet med id %(id)d.") % {"id": options["unit"]})
            periods = []
            for period_id in options["period"]:
                period = Period.objects.filter(pk=period_id, municipality_id=unit.municipality_id).first()
                if period is None:
                    self._fail(_("Det finns ingen period med id %(id)d i enhetens kommun.") % {"id": period_id})
                periods.append(period)
            data = export.export_outcomes(unit, periods, fmt=fmt, include_descendants=not options["only_unit"])
            what = _("utfall för %(unit)s") % {"unit": unit.name}
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        try:
            Path(output).write_bytes(data)
        except OSError as err:
            self._fail(_("Kunde inte skriva %(file)s: %(error)s") % {"file": output, "error": err.strerror})
        self.stdout.write(_("Skrev %(what)s till %(file)s.") % {"what": what, "file": output})

    def _import(self, options) -> None:
        path = Path(options["file"])
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not user.is_active:
            self._fail(_("Det finns ingen aktiv användare ”%(user)s”.") % {"user": options["user"]})
        try:
            data = path.read_bytes()
        except OSError as err:
            self._fail(_("Kunde inte läsa %(file)s: %(error)s") % {"file": path, "error": err.strerror})
        verbose = options.get("verbosity", 1) >= 2

        def progress(done, total, message):
            if verbose:
                self.stderr.write(f"{message} {done}/{total}" if total else str(message))

        try:
            result = import_file(data, filename=path.name, acting_user=user, progress=progress)
        except ImportRefused as refused:
            self._fail(refused.message, refused.lines)
        except DomainError as err:
            self._fail(err.message)
        self.stdout.write(result.text)
