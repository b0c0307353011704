"""Kolada sync as a background task (bakgrundsjobb) started from the web page.

DESIGN "Architecture": long work (imports, report generation, Kolada sync) runs as a background
task with progress shown. ``start_kolada_sync`` makes the cheap checks at once, in the request
(who may start it, a year that has ended, the municipality), then runs
``verksam.integrations.kolada_sync.sync_year`` — the same function ``verksam kolada sync``
calls — through ``verksam.followup.tasks.run_task``. The task (kind ``KOLADA_TASK_KIND``,
``params`` {"year": 2024, "municipality": "0180", "dry_run": false}) ends:

- done, ``message`` e.g. "3 värden hämtade: 1 nya, 1 ändrade, 1 oförändrade, 0 problem." and
  ``result`` {"text", "lines" (the command's summary lines), "created", "changed", "unchanged",
  "problems" (count)};
- failed with Kolada's Swedish message ("Kolada svarar inte (tidsgräns 20 s). Inget har
  ändrats.") when Kolada cannot be read — then nothing is changed (``sync_year`` fetches
  everything before its one write transaction).

Who may start it (``can_start_sync``): holders of ``approve_followup`` (controllers and
administrators) on the municipality's top unit or on its kommunstyrelse — the sync writes
outcomes of every board. The writes are recorded for the system user "kolada" (as the command
without ``--user``), whose editor role is checked by the outcome actions; the starting user is
the task's ``created_by``.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup.models import BackgroundTask
from verksam.followup.tasks import run_task
from verksam.integrations.kolada import KoladaClient, KoladaError
from verksam.integrations.kolada_sync import SyncReport, check_year, find_municipality, sync_year
from verksam.organisation.models import Municipality, Unit, UnitKind

KOLADA_TASK_KIND = "kolada_sync"


def sync_units(municipality: Municipality) -> list[Unit]:
    """The units on which starting the sync is checked: the municipality's top unit(s) and its
    kommunstyrelse (one query)."""
    return list(Unit.objects.filter(Q(parent__isnull=True) | Q(kind=UnitKind.EXECUTIVE_BOARD),
                                    municipality=municipality).order_by("path"))


def can_start_sync(user, municipality: Municipality | None, units: list[Unit] | None = None) -> bool:
    """True when ``user`` holds ``approve_followup`` on the top unit or the kommunstyrelse of
    ``municipality`` (False for anonymous users and without a municipality)."""
    if municipality is None or user is None or not user.is_authenticated:
        return False
    units = sync_units(municipality) if units is None else units
    return any(perms.has_perm(user, perms.APPROVE_FOLLOWUP, unit) for unit in units)


def result_text(report: SyncReport) -> str:
    """"3 värden hämtade: 1 nya, 1 ändrade, 1 oförändrade, 0 problem." (+ " Provkörning: inget
    sparades." for a dry run): the values fetched are the outcomes Kolada had a figure for."""
    text = _("%(fetched)s värden hämtade: %(created)s nya, %(changed)s ändrade, %(unchanged)s oförändrade, "
             "%(problems)s problem.") % {
        "fetched": report.created + report.changed + report.unchanged, "created": report.created,
        "changed": report.changed, "unchanged": report.unchanged, "problems": len(report.problems)}
    if report.dry_run:
        text += " " + _("Provkörning: inget sparades.")
    return text


def start_kolada_sync(year: int, *, acting_user, municipality: Municipality | str | None = None,
                      dry_run: bool = False, client: KoladaClient | None = None) -> BackgroundTask:
    """Start the Kolada sync of ``year`` as a background task and return the task (refreshed:
    when tasks run at once, as in tests, it is already done or failed).

    Raises at once ``NotAllowedError`` (see ``can_start_sync``) and ``DomainError`` for a year
    that has not ended or an unknown/ambiguous municipality — nothing is started then.
    ``client``: a ``KoladaClient`` (tests pass one with recorded answers).
    """
    municipality = find_municipality(municipality)
    if not can_start_sync(acting_user, municipality):
        raise NotAllowedError(_("Bara controller och administratörer för kommunstyrelsen eller "
                                "kommunfullmäktige kan hämta värden från Kolada."))
    check_year(year)
    task = BackgroundTask.objects.create(kind=KOLADA_TASK_KIND, created_by=acting_user, params={
        "year": year, "municipality": municipality.code, "dry_run": bool(dry_run)})

    def work(progress):
        try:
            report = sync_year(year, client=client, acting_user=None, municipality=municipality,
                               dry_run=dry_run, progress=progress)
        except KoladaError as exc:
            raise DomainError(exc.message) from exc
        return {"text": result_text(report), "lines": report.summary_lines(), "created": report.created,
                "changed": report.changed, "unchanged": report.unchanged, "problems": len(report.problems)}

    run_task(task, work)
    task.refresh_from_db()
    return task
