"""``verksam case import FILE [--json]``: read a memo (plain text or PDF) into a case.

FILE is a .txt (UTF-8) or .pdf (text layer) memo such as ``../shared/seeds/000_af22ac8c55b35c9f.txt``.
The case is created — or updated in place when its diarienummer already exists — in one
transaction through ``verksam.cases.importer``. ``--json`` then prints the parsed case as the
import JSON (issue 3) on stdout, and the summary line goes to stderr. A file that cannot be
read gives a Swedish error on stderr, exit code 1 and nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _, ngettext

from verksam.cases.importer import import_case, parse_text, read_memo
from verksam.core.errors import DomainError
from verksam.organisation.models import Municipality
from verksam.organisation.queries import municipality as default_municipality


class Command(BaseCommand):
    """The ``case`` command with its subcommands (now: ``import``)."""

    help = "Ärenden: ”case import FILE [--json]” läser in ett PM, utlåtande eller tjänsteutlåtande."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{import}")
        importer = subcommands.add_parser(
            "import", help="Läs in ett ärende från en textfil (.txt) eller PDF.",
            description="Läs in ett ärende från en textfil (.txt, UTF-8) eller en PDF med textlager.",
        )
        importer.add_argument("file", metavar="FILE", help="Sökväg till promemorian (.txt eller .pdf).")
        importer.add_argument("--json", action="store_true",
                              help="Skriv ut det inlästa ärendet som JSON (importformatet) efter inläsningen.")
        importer.add_argument("--kommunkod", default=None,
                              help="Kommunens kod (t.ex. 0180) när databasen har flera kommuner.")

    def handle(self, *args, **options):
        if options["subcommand"] == "import":
            return self._import(options)
        return None

    def _fail(self, message) -> None:
        self.stderr.write(_("Fel: %(message)s") % {"message": message})
        raise SystemExit(1)

    def _import(self, options) -> None:
        code = options.get("kommunkod")
        path = options["file"]
        try:
            # Read and parse before touching the database, so a bad file is reported as such.
            text = read_memo(path)
            data = parse_text(text)
        except DomainError as exc:
            self._fail(exc.message)
        try:
            municipality = Municipality.objects.filter(code=code).first() if code else default_municipality()
        except DatabaseError:
            self._fail(_("Databasen är inte uppsatt. Kör först ”verksam migrate” (eller ”verksam demo”)."))
        if municipality is None:
            self._fail(_("Ingen kommun finns i databasen%(code)s. Kör först ”verksam demo” eller lägg upp "
                         "kommunen i administrationen.") % {"code": f" med kod {code}" if code else ""})
        try:
            result = import_case(data, municipality=municipality, source_text=text,
                                 source_filename=Path(path).name)
        except DomainError as exc:
            self._fail(exc.message)
        case = result.case
        state = _("skapat") if result.created else (_("uppdaterat") if result.changed else _("oförändrat"))
        counts = ", ".join([
            ngettext("%(n)s beslutspunkt", "%(n)s beslutspunkter", len(data["proposals"])) % {"n": len(data["proposals"])},
            ngettext("%(n)s bilaga", "%(n)s bilagor", len(data["attachments"])) % {"n": len(data["attachments"])},
            ngettext("%(n)s yttrande", "%(n)s yttranden", len(data["statements"])) % {"n": len(data["statements"])},
        ])
        summary = _("Ärendet %(ref)s ”%(title)s” %(state)s: %(counts)s.") % {
            "ref": case.reference, "title": case.title, "state": state, "counts": counts}
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            self.stderr.write(summary)
        else:
            self.stdout.write(summary)
