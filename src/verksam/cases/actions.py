"""Case actions (ärendeåtgärder): deciding a case, editing and deleting it before the decision.

Every action checks the acting user's permission on the case's unit (``decide_plan``: held by
controllers and administrators — see ``verksam.core.permissions``), refuses changes to a
decided case with ``CaseLockedError`` and writes the change with its history rows in one
transaction. Importing lives in ``verksam.cases.importer``.

Deciding a case (``decide_case``) records one Decision per point and, for the point that adopts
the plan ("Verksamhetsplan 2024 för kommunstyrelsen … godkänns"), decides that plan through
``verksam.planning.actions.decide_plan`` — so the plan page reads "Beslutad av kommunstyrelsen
17 januari 2024, KS 2023/1237, punkt 1". Points approving a resultatenhet or
omslutningsförändringar become ProfitCentre and TurnoverChange rows on the board's budget year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.cases.importer import find_plan
from verksam.cases.models import (
    Case, CaseLockedError, CaseStatus, Decision, HandlingStep, Meeting, ProfitCentre, Proposal, Stage,
    TurnoverChange,
)
from verksam.core import permissions as perms
from verksam.core.audit import check_version, delete_audited, save_audited
from verksam.core.errors import DomainError
from verksam.organisation.models import UnitKind
from verksam.planning import actions as planning_actions
from verksam.planning.models import PlanStatus

#: Permission needed to decide, edit or delete a case on its unit.
CASE_PERMISSION = perms.DECIDE_PLAN

ADOPTS_PLAN = re.compile(r"\bverksamhetsplan\b.*\bgodkänn(?:s|er)\b", re.IGNORECASE | re.DOTALL)
PROFIT_CENTRE = re.compile(r"^(?P<name>.+?)\s+får\s+utgöra\s+en\s+resultatenhet\b", re.IGNORECASE | re.DOTALL)
TURNOVER_CHANGE = re.compile(r"\bomslutningsförändring(?:ar|en|arna)?\b", re.IGNORECASE)
DEFAULT_OUTCOME = "Bifall till förslaget."

EDITABLE_FIELDS = ("title", "summary", "rotel", "rapporteur_role", "prepared_by", "date", "notes",
                   "responsible_unit", "plan")


def _require(acting_user, case: Case, unit=None) -> None:
    perms.require(acting_user, CASE_PERMISSION, case.responsible_unit or unit)


def _locked(case: Case) -> CaseLockedError:
    return CaseLockedError(_("Ärendet %(ref)s är beslutat och kan inte ändras.") % {"ref": case.reference})


def _stage_of(unit) -> str:
    return {UnitKind.COUNCIL: Stage.COUNCIL, UnitKind.EXECUTIVE_BOARD: Stage.EXECUTIVE,
            UnitKind.ADMINISTRATION: Stage.ADMINISTRATION,
            UnitKind.PREPARATORY_BODY: Stage.PREPARATION}.get(unit.kind, Stage.BOARD)


def budget_year(case: Case, decided_on: dt.date) -> int:
    """The budget year a case's budget decisions belong to: the adopted plan's year, else the
    year in the title ("Verksamhetsplan 2024 …"), else the year of the decision."""
    if case.plan_id:
        return case.plan.year
    match = re.search(r"\b(20[0-9]{2})\b", case.title or "")
    return int(match.group(1)) if match else decided_on.year


@transaction.atomic
def update_case(case: Case, *, acting_user, expected_version: int | None = None, **values) -> bool:
    """Change fields of an undecided case (``EDITABLE_FIELDS``); returns False when nothing
    changed. Raises ``CaseLockedError`` for a decided case, ``NotAllowedError``,
    ``ConcurrentEditError`` and ``DomainError`` (field set) for a blank title."""
    _require(acting_user, case)
    if Case.objects.filter(pk=case.pk, status=CaseStatus.DECIDED).exists():
        raise _locked(case)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Okänt fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "title" in values and not (values["title"] or "").strip():
        raise DomainError(_("Ärendet måste ha en rubrik."), field="title")
    if values.get("responsible_unit") is not None:
        perms.require(acting_user, CASE_PERMISSION, values["responsible_unit"])
    check_version(case, expected_version)
    for name, value in values.items():
        setattr(case, name, value)
    return save_audited(case, acting_user=acting_user)


@transaction.atomic
def delete_case(case: Case, *, acting_user) -> None:
    """Delete an undecided case with everything in it (history keeps deletion rows)."""
    _require(acting_user, case)
    if case.is_decided:
        raise _locked(case)
    for statement in case.statements.all():
        for child in [*statement.points.all(), *statement.proposed_activities.all()]:
            delete_audited(child, acting_user=acting_user)
        statement._history_user = acting_user
        statement.persons.clear()
    for related in ("steps", "statements", "decisions", "proposals", "attachments", "documents"):
        for row in getattr(case, related).all():
            delete_audited(row, acting_user=acting_user)
    delete_audited(case, acting_user=acting_user)


def _normalise_points(case: Case, points: Iterable | None) -> list[Proposal]:
    proposals = {p.number: p for p in Proposal.objects.filter(case=case).order_by("number")}
    if points is None:
        chosen = list(proposals)
    else:
        chosen = []
        for point in points:
            try:
                number = int(point)
            except (TypeError, ValueError):
                raise DomainError(_("”%(p)s” är inget nummer på en beslutspunkt.") % {"p": point}, field="points")
            if number not in proposals:
                raise DomainError(_("Ärendet %(ref)s har ingen beslutspunkt %(n)s.")
                                  % {"ref": case.reference, "n": number}, field="points")
            if number not in chosen:
                chosen.append(number)
    if not chosen:
        raise DomainError(_("Ärendet har inga beslutspunkter att besluta om."), field="points")
    return [proposals[n] for n in sorted(chosen)]


def _meeting_and_step(case: Case, body, decided_on: dt.date, *, item_number: str, is_example: bool,
                      acting_user) -> Meeting:
    meeting = Meeting.objects.filter(municipality=case.municipality, body_name=body.name, date=decided_on).first()
    if meeting is None:
        meeting = Meeting(municipality=case.municipality, body=body, body_name=body.name, date=decided_on,
                          is_example=is_example)
        save_audited(meeting, acting_user=acting_user, reason=case.reference, created=True)
    step = HandlingStep.objects.filter(case=case, body=body).order_by("-order").first()
    if step is None:
        last = HandlingStep.objects.filter(case=case).order_by("-order").first()
        step = HandlingStep(case=case, order=(last.order + 1) if last else 1, stage=_stage_of(body), body=body,
                            body_name=body.name)
    step.date, step.meeting, step.item_number, step.date_is_example = decided_on, meeting, item_number, is_example
    save_audited(step, acting_user=acting_user, reason=case.reference, created=step.pk is None)
    return meeting


@transaction.atomic
def decide_case(case: Case, *, body, decided_on: dt.date, points: Iterable | None = None, acting_user,
                outcomes: dict | None = None, item_number: str = "", is_example: bool = False) -> list[Decision]:
    """Record the decision of ``body`` (a Unit, e.g. kommunstyrelsen) on ``decided_on`` on the
    case's ``points`` (proposal numbers; None: all), making the case decided and immutable.

    ``outcomes`` maps a point number to its outcome in words (default "Bifall till
    förslaget."). ``item_number`` is the paragraph in the minutes ("§ 5"); ``is_example`` marks
    the meeting date as example data. The point that adopts the plan decides ``case.plan`` (or
    the plan found by reference/title) through ``planning.actions.decide_plan`` — submitting it
    first when it is an utkast. Points on resultatenheter and omslutningsförändringar create
    ProfitCentre and TurnoverChange rows for the board's budget year.

    Raises ``NotAllowedError``, ``CaseLockedError`` (already decided), ``PlanLockedError`` (the
    plan is already decided) and ``DomainError`` (future date, unknown point) — nothing is
    written then.
    """
    _require(acting_user, case, body)
    case = Case.objects.select_for_update(of=("self",)).select_related("plan", "responsible_unit").get(pk=case.pk)
    if case.is_decided:
        raise CaseLockedError(_("Ärendet %(ref)s är redan beslutat.") % {"ref": case.reference})
    if decided_on > timezone.localdate():
        raise DomainError(_("Beslutsdatum kan inte ligga i framtiden."), field="decided_on")
    if body.municipality_id != case.municipality_id:
        raise DomainError(_("Det beslutande organet hör till en annan kommun."), field="body")
    proposals = _normalise_points(case, points)
    outcomes = {int(k): v for k, v in (outcomes or {}).items()}
    meeting = _meeting_and_step(case, body, decided_on, item_number=item_number, is_example=is_example,
                                acting_user=acting_user)
    plan = case.plan or find_plan(case.municipality, reference=case.reference, title=case.title,
                                  unit=case.responsible_unit)
    year = plan.year if plan is not None else budget_year(case, decided_on)
    board = case.responsible_unit or body
    decisions = []
    for proposal in proposals:
        decision = Decision(case=case, proposal=proposal, body=body, body_name=body.name, meeting=meeting,
                            decided_on=decided_on, point_number=str(proposal.number),
                            outcome=outcomes.get(proposal.number, DEFAULT_OUTCOME), is_example=is_example)
        if plan is not None and ADOPTS_PLAN.search(proposal.text):
            if plan.status == PlanStatus.DRAFT:
                planning_actions.submit_plan(plan, acting_user=acting_user)
            planning_actions.decide_plan(plan, decided_on=decided_on, decided_by=body,
                                         decision_reference=case.reference, decision_point=str(proposal.number),
                                         acting_user=acting_user)
            decision.plan = plan
        save_audited(decision, acting_user=acting_user, reason=case.reference, created=True)
        _budget_decisions(decision, proposal, board=board, year=year, acting_user=acting_user)
        decisions.append(decision)
    case.status, case.decided_on = CaseStatus.DECIDED, decided_on
    if plan is not None and case.plan_id is None:
        case.plan = plan
    save_audited(case, acting_user=acting_user, reason=_("Beslut %(date)s") % {"date": decided_on.isoformat()})
    return decisions


def _budget_decisions(decision: Decision, proposal: Proposal, *, board, year: int, acting_user) -> None:
    """Structured budget decisions from a point's text: "X får utgöra en resultatenhet" and
    "omslutningsförändringar om 746,2 mnkr godkänns"."""
    match = PROFIT_CENTRE.search(proposal.text.strip())
    if match:
        name = " ".join(match.group("name").split())
        name = name[:1].upper() + name[1:]
        if ProfitCentre.objects.filter(unit=board, year=year, name=name).exists():
            raise DomainError(_("%(name)s är redan beslutad som resultatenhet för %(year)s.")
                              % {"name": name, "year": year}, field="points")
        centre = ProfitCentre(unit=board, year=year, name=name, decision=decision)
        save_audited(centre, acting_user=acting_user, reason=decision.case.reference, created=True)
    if TURNOVER_CHANGE.search(proposal.text) and proposal.amount_sek is not None:
        change = TurnoverChange(unit=board, year=year, amount_sek=proposal.amount_sek, decision=decision)
        save_audited(change, acting_user=acting_user, reason=decision.case.reference, created=True)
