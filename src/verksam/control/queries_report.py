"""What a follow-up report needs from internal control (intern kontroll i tertialrapport och
verksamhetsberättelse).

Issue 5 item 3: the results of the internkontrollplan appear in the unit's T1, T2 and VB
(Stockholm reports them with traffic lights at T2 and VB; kommunallagen 6 kap. 6 §).
``report_internal_control(unit_ids, period)`` reads them in **four queries** whatever the number
of plans, controls, occasions and deviations, and returns one JSON-ready dict that
``verksam.followup.report_data`` puts under the key ``"internal_control"`` — so it appears in the
report page, the PDF, the DOCX and the frozen snapshot alike.

What a report of period P (year Y, per date ``P.as_of``) shows — decided here, in one place:

* the internkontrollplaner of year Y of the report's units (the report's unit and the units of
  its sections), in organisation order;
* of each plan, every kontrollmoment that **has an occasion due on or before P.as_of** or that
  is **reported in P's kind** (``Control.reported_in``). Controls whose occasions all lie later
  and that are reported later are left out (a yearly control in November is not in T1);
* of each control, **its occasions from the start of the year up to P.as_of** with their result:
  utan anmärkning, avvikelse or *ej registrerat* (no result yet — missing results stand out).
  So T2 repeats T1's occasions: a report is the picture of the year so far, and open deviations
  are followed until closed (an occasion's result belongs to the period covering its date, as
  ``actions_results.period_for`` says — the listing is cumulative, the belonging is not);
* each result's deviations with finding, actions, responsible, due date and status as they
  stand when the report is built (an approved report keeps them as they were then);
* each control's status in the period: *avvikelse* when a listed occasion found one, else *ej
  registrerat* when a listed occasion has no result, else *utan anmärkning*; *inget tillfälle
  ännu* when nothing is due yet (a control reported in P whose first occasion lies later);
* a summary counting controls by status and deviations by open/closed, e.g. "8 kontroller: 6
  utan anmärkning, 1 med avvikelse, 1 ej registrerad; 1 öppen avvikelse, 1 stängd avvikelse".

No permission filter: the report's own read rules apply (an approved report is a public
document, like the verksamhetsberättelse it is; drafts need ``view_drafts``).

Shape::

    {year, as_of_text, has_plans (bool), scope_text,
     summary {controls, no_remarks, deviation, missing, not_due, deviations_open, deviations_closed, text},
     plans: [{id, title, is_example, unit {id, name},
              controls: [{id, title, method_label, frequency, frequency_label, responsible,
                          reported_in, reported_in_label, risk {title, is_example} | None,
                          status, status_label, status_class, is_example,
                          occasions: [{due, due_text, outcome, outcome_label, finding, as_of_text,
                                       entered_text, entered_by, correction_reason, is_example,
                                       deviations: [deviation]}]}]}]}
    deviation: {id, finding, actions, responsible, due_text, status, status_label,
                closed_at_text, closing_note, is_example}

``status_class`` reuses the report's verdict colours: helt (utan anmärkning, green), ej
(avvikelse, red), delvis (ej registrerat, yellow), none (inget tillfälle ännu).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from verksam.control.models import Control, ControlOccasion, ControlPlan, Deviation, ResultOutcome
from verksam.documents.formatting import format_long_date

NO_REMARKS, DEVIATION, MISSING, NOT_DUE = "no_remarks", "deviation", "missing", "not_due"
STATUS_CLASS = {NO_REMARKS: "helt", DEVIATION: "ej", MISSING: "delvis", NOT_DUE: "none"}


def _status_label(status: str) -> str:
    return {NO_REMARKS: _("Utan anmärkning"), DEVIATION: _("Avvikelse"), MISSING: _("Ej registrerat"),
            NOT_DUE: _("Inget tillfälle ännu")}[status]


def _moment(value) -> str:
    """A moment in local time as "3 maj 2024 14:05"; None → ""."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_long_date(local.date())} {local:%H:%M}"


def _user(user) -> str:
    return "" if user is None else (user.get_full_name() or user.username)


def _deviation(row: Deviation) -> dict:
    return {
        "id": row.pk, "finding": row.finding, "actions": row.actions, "responsible": row.responsible,
        "due_text": format_long_date(row.due) if row.due else "", "status": row.status,
        "status_label": str(row.get_status_display()), "closed_at_text": _moment(row.closed_at),
        "closing_note": row.closing_note, "is_example": row.is_example,
    }


def _occasion(occasion: ControlOccasion, deviations: list[dict]) -> dict:
    result = getattr(occasion, "result", None)
    if result is None:
        return {"due": occasion.due.isoformat(), "due_text": format_long_date(occasion.due), "outcome": "",
                "outcome_label": _status_label(MISSING), "finding": "", "as_of_text": "", "entered_text": "",
                "entered_by": "", "correction_reason": "", "is_example": False, "deviations": []}
    return {
        "due": occasion.due.isoformat(), "due_text": format_long_date(occasion.due), "outcome": result.outcome,
        "outcome_label": str(result.get_outcome_display()), "finding": result.finding,
        "as_of_text": format_long_date(result.as_of), "entered_text": _moment(result.entered_at),
        "entered_by": _user(result.entered_by), "correction_reason": result.correction_reason,
        "is_example": result.is_example, "deviations": deviations,
    }


def control_status(occasions: list[dict]) -> str:
    """A control's status from its listed occasions (see the module docstring): deviation >
    missing > no_remarks; not_due when none is listed."""
    if not occasions:
        return NOT_DUE
    outcomes = {o["outcome"] for o in occasions}
    if ResultOutcome.DEVIATION in outcomes:
        return DEVIATION
    if "" in outcomes:
        return MISSING
    return NO_REMARKS


def summary_text(counts: dict) -> str:
    """"8 kontroller: 6 utan anmärkning, 1 med avvikelse, 1 ej registrerad; 1 öppen avvikelse" —
    zero counts are left out; "Inga kontrollmoment att rapportera." when there are none."""
    total = counts["controls"]
    if not total:
        return _("Inga kontrollmoment att rapportera.")
    parts = []
    if counts[NO_REMARKS]:
        parts.append(_("%(n)d utan anmärkning") % {"n": counts[NO_REMARKS]})
    if counts[DEVIATION]:
        parts.append(_("%(n)d med avvikelse") % {"n": counts[DEVIATION]})
    if counts[MISSING]:
        parts.append(ngettext("%(n)d ej registrerad", "%(n)d ej registrerade", counts[MISSING])
                     % {"n": counts[MISSING]})
    if counts[NOT_DUE]:
        parts.append(_("%(n)d utan tillfälle ännu") % {"n": counts[NOT_DUE]})
    text = ngettext("%(n)d kontroll", "%(n)d kontroller", total) % {"n": total} + ": " + ", ".join(parts)
    deviations = []
    if counts["deviations_open"]:
        deviations.append(ngettext("%(n)d öppen avvikelse", "%(n)d öppna avvikelser", counts["deviations_open"])
                          % {"n": counts["deviations_open"]})
    if counts["deviations_closed"]:
        deviations.append(ngettext("%(n)d stängd avvikelse", "%(n)d stängda avvikelser",
                                   counts["deviations_closed"]) % {"n": counts["deviations_closed"]})
    return text + ("; " + ", ".join(deviations) if deviations else "")


def report_internal_control(unit_ids: list[int], period) -> dict:
    """The internal-control section of a report of ``period`` (a ``followup.Period``) covering
    ``unit_ids`` (the report's unit and its sections' units): see the module docstring for what
    is included and the shape. Four queries, whatever the sizes."""
    year, as_of, kind = period.year, period.as_of, period.kind
    plans = list(ControlPlan.objects.filter(unit_id__in=unit_ids, year=year).select_related("unit")
                 .order_by("unit__path", "pk"))
    in_scope = {"control_plan__unit_id__in": unit_ids, "control_plan__year": year}
    controls = list(Control.objects.filter(**in_scope).select_related("risk"))
    occasions = list(ControlOccasion.objects.filter(
        **{f"control__{k}": v for k, v in in_scope.items()}, due__lte=as_of,
    ).select_related("result__entered_by").order_by("due", "pk"))
    deviations = defaultdict(list)
    for row in Deviation.objects.filter(
        **{f"result__occasion__control__{k}": v for k, v in in_scope.items()}, result__occasion__due__lte=as_of,
    ).order_by("pk"):
        deviations[row.result_id].append(row)
    by_control = defaultdict(list)
    counts = defaultdict(int)
    for occasion in occasions:
        result = getattr(occasion, "result", None)
        rows = deviations.get(result.pk, []) if result is not None else []
        for row in rows:
            counts["deviations_open" if row.status == "open" else "deviations_closed"] += 1
        by_control[occasion.control_id].append(_occasion(occasion, [_deviation(r) for r in rows]))
    controls_by_plan = defaultdict(list)
    for control in sorted(controls, key=lambda c: (c.sort_order, c.pk)):
        listed = by_control.get(control.pk, [])
        if not listed and control.reported_in != kind:
            continue
        status = control_status(listed)
        counts["controls"] += 1
        counts[status] += 1
        risk = control.risk
        controls_by_plan[control.control_plan_id].append({
            "id": control.pk, "title": control.title, "method_label": str(control.get_method_display()),
            "frequency": control.frequency, "frequency_label": str(control.get_frequency_display()),
            "responsible": control.responsible, "reported_in": control.reported_in,
            "reported_in_label": str(control.get_reported_in_display()),
            "risk": None if risk is None else {"title": risk.title, "is_example": risk.is_example},
            "status": status, "status_label": _status_label(status), "status_class": STATUS_CLASS[status],
            "is_example": control.is_example, "occasions": listed,
        })
    summary = {name: counts[name] for name in ("controls", NO_REMARKS, DEVIATION, MISSING, NOT_DUE,
                                               "deviations_open", "deviations_closed")}
    summary["text"] = summary_text(summary)
    return {
        "year": year, "as_of_text": format_long_date(as_of), "has_plans": bool(plans),
        "scope_text": _("Kontrollmoment med tillfällen till och med %(date)s eller som rapporteras i %(period)s, "
                        "med resultat och avvikelser hittills under %(year)s.")
        % {"date": format_long_date(as_of), "period": str(period.get_kind_display()).lower(), "year": year},
        "summary": summary,
        "plans": [{
            "id": plan.pk, "title": plan.title or _("Internkontrollplan %(year)s") % {"year": year},
            "is_example": plan.is_example, "unit": {"id": plan.unit_id, "name": plan.unit.name},
            "controls": controls_by_plan.get(plan.pk, []),
        } for plan in plans],
    }
