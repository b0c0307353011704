"""The data of attachments 5 and 6 of a board's verksamhetsplan (bilaga 5 och 6), one dict each.

Stockholm's boards attach to their verksamhetsplan (seed memo KS 2023/1237, "Bilagor"):

* **Bilaga 5** "Väsentlighets- och riskanalys och internkontrollplan" (dnr KS 2023/1237-1.5): the
  risk matrix with the risks in their cells, the risks grouped under the KF goals they threaten
  (inriktningsmål → verksamhetsområdesmål → nämndmål), each with its scores, treatment and the
  kontrollmoment of the internkontrollplan that answer it — ``attachment5_data``;
* **Bilaga 6** "System för internkontroll" (dnr KS 2023/1237-1.6): the control environment in four
  sections — ``attachment6_data``.

Each builder reads in a constant number of queries whatever the number of risks and controls
(tests assert the count at two sizes) and returns one JSON-ready dict (str, int, bool, None,
list, dict) — the single source of the PDF, DOCX and XLSX (``attachment_pdf``,
``attachment_docx``, ``attachment_xlsx``), so the three always agree.

Shape of bilaga 5::

    schema, number (5), label ("Bilaga 5"), title, heading, reference, year, is_example,
    municipality {name, code}, unit {id, name, short_name}, plan {id, title, reference} | None,
    analysis {id, title, description, matrix_name, is_example},
    control_plan {id, title, is_example} | None,
    matrices: [matrix], groups: [group], other_controls: [control],
    risk_count, control_count, built_at, built_at_text

    matrix: {version_id, version_number, matrix_name, size_label, basis ("inherent"|"residual"),
             caption, likelihood_labels (top row first), consequence_labels,
             rows: [{likelihood, label, cells: [{likelihood, consequence, score, level, colour,
                     colour_name, risks: [risk numbers]}]}],
             bands: [{min, max, label, colour, colour_name, text ("1–3 låg (grön)")}],
             unplaced: [risk numbers], alt}
    group: {goal {id, code, title, level, level_label, text} | None (None: "Övriga risker"),
            heading, risks: [risk], goals: [{goal, depth (1, 2 …), heading, risks: [risk]}]}
    risk: {id, number, title, description, category, category_label, owner, process,
           goal {…} | None, group_text, goal_text, activity {id, title} | None, matrix_version,
           inherent score, residual score | None, treatment, treatment_label,
           treatment_motivation, action_activity {id, title} | None, treatment_text,
           controls: [control], is_example}
    score: {likelihood, consequence, likelihood_label, consequence_label, score, level, colour,
            colour_name, text ("3 × 4 = 12 (hög)")}
    control: {id, number, title, description, method, method_label, frequency, frequency_label,
              start, start_text, end, end_text, responsible, reported_in, reported_in_label,
              risk_number | None, risk_title, is_example}

Risks are numbered 1, 2 … in the analysis's own order (sort order, then creation) — the number
printed in the matrix cells; controls 1, 2 … in the plan's order. A risk's group is the top of its
goal's chain (``Goal.parent`` climbed to the KF budget's inriktningsmål); risks without a goal
stand under "Övriga risker" last.

Shape of bilaga 6::

    schema, number (6), label, title, heading, reference, year, is_example, municipality, unit,
    plan | None, system {id, version, status, status_label, is_draft, approved_by, approved_at,
    approved_at_text, is_example}, sections: [{key, heading, text}], built_at, built_at_text

The version printed is the latest approved one of the year, else the latest draft (``is_draft``;
the outputs mark it "Utkast").
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.control.actions_system import SECTION_LABELS, SECTIONS
from verksam.control.models import (
    Control, ControlPlan, ControlSystem, ControlSystemStatus, Risk, RiskAnalysis,
)
from verksam.control.queries_overview import heatmap
from verksam.control.rules.matrix import band
from verksam.documents.formatting import format_long_date
from verksam.followup.report_data import datetime_text, user_name
from verksam.planning.models import Goal, Plan, PlanAttachment, PlanKind

SCHEMA = 1
ATTACHMENT_NUMBERS = (5, 6)
DEFAULT_TITLES = {
    5: "Väsentlighets- och riskanalys med internkontrollplan",
    6: "System för internkontroll",
}
FILE_STEMS = {5: "Riskanalys-och-internkontrollplan", 6: "System-för-internkontroll"}
OTHER_RISKS = "Övriga risker"
_GOAL_DEPTH = "goal__parent__parent__parent"  # nämndmål → KF-mål → inriktningsmål in one join


class AttachmentNotFound(Exception):
    """The board has nothing to print for the attachment that year; ``message`` in Swedish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- shared pieces ---------------------------------------------------------------------------


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in (code or "").split(".")) or (0,)


def goal_ref(goal: Goal) -> dict:
    """{id, code, title, level, level_label, text}; text "Nämndmål 1.1.1 Kommunstyrelsen leder …"."""
    level_label = str(goal.get_level_display())
    return {"id": goal.pk, "code": goal.code, "title": goal.title, "level": goal.level,
            "level_label": level_label, "text": " ".join(p for p in (level_label, goal.code, goal.title) if p)}


def _goal_line(goal: dict) -> str:
    """"1.1.1 Kommunstyrelsen leder …" (code and title, for table cells)."""
    return " ".join(p for p in (goal["code"], goal["title"]) if p)


def _head(unit, year: int, number: int, plan: Plan | None, attachment: PlanAttachment | None) -> dict:
    title = attachment.title if attachment is not None and attachment.title else f"{DEFAULT_TITLES[number]} {year}"
    reference = (attachment.reference if attachment is not None and attachment.reference
                 else plan.reference if plan is not None else "")
    now = timezone.now()
    return {
        "schema": SCHEMA, "number": number, "label": _("Bilaga %(n)s") % {"n": number}, "title": title,
        "heading": f"{title} – {unit.name}", "reference": reference, "year": year,
        "municipality": {"name": unit.municipality.name, "code": unit.municipality.code},
        "unit": {"id": unit.pk, "name": unit.name, "short_name": unit.short_name},
        "plan": None if plan is None else {"id": plan.pk, "title": plan.title, "reference": plan.reference},
        "built_at": now.isoformat(), "built_at_text": datetime_text(now),
    }


def _plan_and_attachment(unit, year: int, number: int, plan: Plan | None):
    """The plan the attachment belongs to (``plan``, else the board's verksamhetsplan of the
    year) and its numbered PlanAttachment (two queries at most)."""
    if plan is None:
        plan = Plan.objects.filter(unit=unit, year=year, kind=PlanKind.OPERATIONAL_PLAN).first()
    if plan is None:
        return None, None
    return plan, PlanAttachment.objects.filter(plan=plan, number=number).first()


# --- bilaga 5 --------------------------------------------------------------------------------


def _score(version, likelihood, consequence, value) -> dict | None:
    if value is None:
        return None
    level = band(value, version)
    return {
        "likelihood": likelihood, "consequence": consequence,
        "likelihood_label": version.likelihood_scale[likelihood - 1]["label"],
        "consequence_label": version.consequence_scale[consequence - 1]["label"],
        "score": value, "level": level.label, "colour": level.colour, "colour_name": level.colour_name,
        "text": f"{likelihood} × {consequence} = {value} ({level.label})",
    }


def _control_row(control: Control, number: int, risk_numbers: dict, risk_titles: dict) -> dict:
    return {
        "id": control.pk, "number": number, "title": control.title, "description": control.description,
        "method": control.method, "method_label": str(control.get_method_display()),
        "frequency": control.frequency, "frequency_label": str(control.get_frequency_display()),
        "start": control.start.isoformat(), "start_text": format_long_date(control.start),
        "end": control.end.isoformat(), "end_text": format_long_date(control.end),
        "responsible": control.responsible, "reported_in": control.reported_in,
        "reported_in_label": str(control.get_reported_in_display()),
        "risk_number": risk_numbers.get(control.risk_id), "risk_title": risk_titles.get(control.risk_id, ""),
        "is_example": control.is_example,
    }


def _treatment_text(risk: Risk) -> str:
    if not risk.treatment:
        return _("Ej beslutad")
    label = str(risk.get_treatment_display())
    if risk.treatment == "accept" and risk.treatment_motivation:
        return f"{label}: {risk.treatment_motivation}"
    if risk.treatment == "action" and risk.action_activity is not None:
        return f"{label}: {risk.action_activity.title}"
    return label


def _load_goal_chains(risks: list[Risk]) -> dict[int, Goal]:
    """Every goal on the chains of the risks' goals up to their tops, by id. The risk query
    joins three parents; deeper chains cost one query per further three levels."""
    goals: dict[int, Goal] = {}
    missing: set[int] = set()

    def take(goal: Goal) -> None:
        while goal is not None and goal.pk not in goals:
            goals[goal.pk] = goal
            if goal.parent_id is None:
                return
            if Goal.parent.is_cached(goal):
                goal = goal.parent
            else:
                missing.add(goal.parent_id)
                return

    for risk in risks:
        if risk.goal_id is not None:
            take(risk.goal)
    while missing - set(goals):
        ids = missing - set(goals)
        missing.clear()
        for goal in Goal.objects.filter(pk__in=ids).select_related("parent__parent__parent"):
            take(goal)
    return goals


def _chain(goal_id: int, goals: dict[int, Goal]) -> list[Goal]:
    """The goal and its ancestors, top first."""
    chain, seen = [], set()
    goal = goals.get(goal_id)
    while goal is not None and goal.pk not in seen:
        seen.add(goal.pk)
        chain.append(goal)
        goal = goals.get(goal.parent_id)
    return list(reversed(chain))


def _groups(risk_rows: list[dict], risks: list[Risk], goals: dict[int, Goal]) -> list[dict]:
    """The risks under the tops of their goal chains, each top with its sub-goals in pre-order
    (depth 1 = the goal below the top); the risks without a goal last under "Övriga risker"."""
    tops: dict[int, dict] = {}
    children: dict[int, set] = defaultdict(set)
    risks_at: dict[int, list] = defaultdict(list)
    others = []
    for row, risk in zip(risk_rows, risks):
        if risk.goal_id is None:
            others.append(row)
            continue
        chain = _chain(risk.goal_id, goals)
        top = chain[0]
        tops.setdefault(top.pk, top)
        for parent, child in zip(chain, chain[1:]):
            children[parent.pk].add(child.pk)
        risks_at[risk.goal_id].append(row)
        row["group_text"] = _goal_line(goal_ref(top))

    def order(ids):
        return sorted(ids, key=lambda pk: (_code_key(goals[pk].code), goals[pk].sort_order, pk))

    groups = []
    for top_id in order(tops):
        entries = []

        def walk(goal_id, depth):
            ref = goal_ref(goals[goal_id])
            entries.append({"goal": ref, "depth": depth, "heading": ref["text"], "risks": risks_at.get(goal_id, [])})
            for child_id in order(children.get(goal_id, ())):
                walk(child_id, depth + 1)

        for child_id in order(children.get(top_id, ())):
            walk(child_id, 1)
        ref = goal_ref(goals[top_id])
        groups.append({"goal": ref, "heading": ref["text"], "risks": risks_at.get(top_id, []), "goals": entries})
    if others:
        groups.append({"goal": None, "heading": _(OTHER_RISKS), "risks": others, "goals": []})
    return groups


def _matrix(version, risks: list[Risk], numbers: dict, *, residual: bool) -> dict:
    """One drawn matrix (see the module docstring) of ``risks`` scored in ``version``."""
    drawn = heatmap(version, risks, residual=residual)
    basis = "residual" if residual else "inherent"
    caption = (_("Riskmatris – nettorisk (efter kontroll)") if residual
               else _("Riskmatris – bruttorisk (före kontroll)"))
    bands = [{"min": int(b["min"]), "max": int(b["max"]), "label": b["label"], "colour": b["colour"],
              "colour_name": b.get("colour_name", ""),
              "text": f"{b['min']}–{b['max']} {b['label']}"
              + (f" ({b['colour_name']})" if b.get("colour_name") else "")}
             for b in sorted(version.bands, key=lambda b: int(b["min"]))]
    rows = []
    placed = []
    for row in drawn.rows:
        lik = row[0].likelihood
        cells = []
        for cell in row:
            cell_numbers = [numbers[r.pk] for r in cell.risks]
            cells.append({"likelihood": cell.likelihood, "consequence": cell.consequence, "score": cell.score,
                          "level": cell.band.label, "colour": cell.band.colour,
                          "colour_name": cell.band.colour_name, "risks": cell_numbers})
            placed += [(n, cell) for n in cell_numbers]
        rows.append({"likelihood": lik, "label": version.likelihood_scale[lik - 1]["label"], "cells": cells})
    unplaced = [numbers[r.pk] for r in drawn.unplaced]
    lik_scale, con_scale = version.likelihood_scale, version.consequence_scale
    alt = _("%(caption)s, %(size)s: sannolikhet i rader från 1 %(l1)s till %(ln)s %(lt)s, konsekvens i "
            "kolumner från 1 %(c1)s till %(cn)s %(ct)s. Färgband: %(bands)s.") % {
        "caption": caption, "size": version.size_label, "l1": lik_scale[0]["label"], "ln": len(lik_scale),
        "lt": lik_scale[-1]["label"], "c1": con_scale[0]["label"], "cn": len(con_scale),
        "ct": con_scale[-1]["label"], "bands": ", ".join(b["text"] for b in bands)}
    if placed:
        alt += " " + " ".join(
            _("Risk %(n)s: sannolikhet %(l)s × konsekvens %(c)s = %(s)s, %(level)s.")
            % {"n": n, "l": cell.likelihood, "c": cell.consequence, "s": cell.score, "level": cell.band.label}
            for n, cell in sorted(placed, key=lambda item: item[0]))
    else:
        alt += " " + _("Inga risker i matrisen.")
    if unplaced:
        alt += " " + _("Utan värde efter kontroll: risk %(n)s.") % {"n": ", ".join(map(str, unplaced))}
    return {
        "version_id": version.pk, "version_number": version.number, "matrix_name": version.matrix.name,
        "size_label": version.size_label, "basis": basis, "caption": caption,
        "likelihood_labels": drawn.likelihood_labels, "consequence_labels": drawn.consequence_labels,
        "rows": rows, "bands": bands, "unplaced": unplaced, "alt": alt,
    }


def attachment5_data(unit, year: int) -> dict:
    """Bilaga 5 of ``unit`` for ``year`` as one dict (shape in the module docstring).

    Reads in five queries at any size: the analysis (with its plan), the control plan, the risks
    with their goal chains (enhetsmål → nämndmål → KF-mål → inriktningsmål joined), the controls
    and the plan's attachment 5 — whose diarienummer "KS 2023/1237-1.5" is the reference; without
    one the plan's own. One more when the analysis has no plan (the board's verksamhetsplan),
    one per three goal levels beyond those four, one for the matrix when there are no risks.
    Raises ``AttachmentNotFound`` when the board has no väsentlighets- och riskanalys that year.
    """
    analysis = (RiskAnalysis.objects.select_related("unit__municipality", "plan", "matrix")
                .filter(unit=unit, year=year).first())
    if analysis is None:
        raise AttachmentNotFound(_("%(unit)s har ingen väsentlighets- och riskanalys för %(year)s.")
                                 % {"unit": unit.name, "year": year})
    unit = analysis.unit
    control_plan = ControlPlan.objects.select_related("plan").filter(unit=unit, year=year).first()
    risks = list(Risk.objects.filter(analysis=analysis)
                 .select_related("matrix_version__matrix", _GOAL_DEPTH, "activity", "action_activity")
                 .order_by("sort_order", "pk"))
    controls = [] if control_plan is None else list(
        Control.objects.filter(control_plan=control_plan).order_by("sort_order", "pk"))
    goals = _load_goal_chains(risks)
    plan, attachment = _plan_and_attachment(
        unit, year, 5, analysis.plan or (control_plan.plan if control_plan else None))

    numbers = {risk.pk: n for n, risk in enumerate(risks, start=1)}
    titles = {risk.pk: risk.title for risk in risks}
    control_rows = [_control_row(c, n, numbers, titles) for n, c in enumerate(controls, start=1)]
    controls_of = defaultdict(list)
    other_controls = []
    for control, row in zip(controls, control_rows):
        (controls_of[control.risk_id] if control.risk_id in numbers else other_controls).append(row)
    risk_rows = []
    for risk in risks:
        version = risk.matrix_version
        goal = goals.get(risk.goal_id)
        risk_rows.append({
            "id": risk.pk, "number": numbers[risk.pk], "title": risk.title, "description": risk.description,
            "category": risk.category, "category_label": str(risk.get_category_display()), "owner": risk.owner,
            "process": risk.process, "goal": goal_ref(goal) if goal else None,
            "group_text": "", "goal_text": _goal_line(goal_ref(goal)) if goal else "",
            "activity": {"id": risk.activity.pk, "title": risk.activity.title} if risk.activity else None,
            "matrix_version": version.number,
            "inherent": _score(version, risk.inherent_likelihood, risk.inherent_consequence, risk.inherent_score),
            "residual": _score(version, risk.residual_likelihood, risk.residual_consequence, risk.residual_score),
            "treatment": risk.treatment,
            "treatment_label": str(risk.get_treatment_display()) if risk.treatment else _("Ej beslutad"),
            "treatment_motivation": risk.treatment_motivation,
            "action_activity": ({"id": risk.action_activity.pk, "title": risk.action_activity.title}
                                if risk.action_activity else None),
            "treatment_text": _treatment_text(risk),
            "controls": controls_of.get(risk.pk, []), "is_example": risk.is_example,
        })

    versions = {}
    by_version = defaultdict(list)
    for risk in risks:
        versions.setdefault(risk.matrix_version_id, risk.matrix_version)
        by_version[risk.matrix_version_id].append(risk)
    if not versions:
        latest = analysis.matrix.versions.select_related("matrix").order_by("-number").first()
        if latest is not None:
            versions[latest.pk] = latest
    matrices = []
    for pk in sorted(versions, key=lambda pk: versions[pk].number):
        matrices.append(_matrix(versions[pk], by_version[pk], numbers, residual=False))
        if any(r.residual_score is not None for r in by_version[pk]):
            matrices.append(_matrix(versions[pk], by_version[pk], numbers, residual=True))

    data = _head(unit, year, 5, plan, attachment)
    data.update({
        "is_example": analysis.is_example or bool(control_plan and control_plan.is_example)
        or any(r.is_example for r in risks) or any(c.is_example for c in controls),
        "analysis": {"id": analysis.pk, "title": analysis.title or str(analysis), "description": analysis.description,
                     "matrix_name": analysis.matrix.name, "is_example": analysis.is_example},
        "control_plan": None if control_plan is None else {
            "id": control_plan.pk, "title": control_plan.title or str(control_plan),
            "is_example": control_plan.is_example},
        "matrices": matrices,
        "groups": _groups(risk_rows, risks, goals),
        "other_controls": other_controls,
        "risk_count": len(risks), "control_count": len(controls),
    })
    return data


def iter_risks(data: dict):
    """The risks of a bilaga 5 dict in number order."""
    rows = [r for g in data["groups"] for r in g["risks"] + [x for e in g["goals"] for x in e["risks"]]]
    return sorted(rows, key=lambda r: r["number"])


def iter_controls(data: dict):
    """The controls of a bilaga 5 dict in number order (those under risks and the others)."""
    rows = [c for r in iter_risks(data) for c in r["controls"]] + data["other_controls"]
    return sorted(rows, key=lambda c: c["number"])


# --- bilaga 6 --------------------------------------------------------------------------------


def attachment6_data(unit, year: int) -> dict:
    """Bilaga 6 of ``unit`` for ``year`` as one dict (shape in the module docstring): the latest
    approved version of the system för internkontroll, else the latest draft (``is_draft``).
    Three queries at most. Raises ``AttachmentNotFound`` when there is no version that year."""
    versions = list(ControlSystem.objects.filter(unit=unit, year=year)
                    .select_related("unit__municipality", "plan", "approved_by").order_by("-version"))
    approved = [v for v in versions if v.status == ControlSystemStatus.APPROVED]
    system = approved[0] if approved else (versions[0] if versions else None)
    if system is None:
        raise AttachmentNotFound(_("%(unit)s har inget system för internkontroll för %(year)s.")
                                 % {"unit": unit.name, "year": year})
    plan, attachment = _plan_and_attachment(system.unit, year, 6, system.plan)
    data = _head(system.unit, year, 6, plan, attachment)
    data.update({
        "is_example": system.is_example,
        "system": {
            "id": system.pk, "version": system.version, "status": system.status,
            "status_label": str(system.get_status_display()), "is_draft": not system.is_approved,
            "approved_by": user_name(system.approved_by),
            "approved_at": system.approved_at.isoformat() if system.approved_at else None,
            "approved_at_text": datetime_text(system.approved_at), "is_example": system.is_example,
        },
        "sections": [{"key": key, "heading": str(SECTION_LABELS[key]), "text": getattr(system, key)}
                     for key in SECTIONS],
    })
    return data


def attachment_data(unit, year: int, number: int) -> dict:
    """Bilaga ``number`` (5 or 6) of ``unit`` for ``year``; ``AttachmentNotFound`` otherwise."""
    if number == 5:
        return attachment5_data(unit, year)
    if number == 6:
        return attachment6_data(unit, year)
    raise AttachmentNotFound(_("Bilaga %(n)s finns inte; internkontrollen har bilaga 5 och 6.") % {"n": number})


def filename(data: dict, extension: str) -> str:
    """A safe file name: "Bilaga-5-Riskanalys-och-internkontrollplan-2024-KS.pdf" (the unit's
    short name, else its name)."""
    stem = f"Bilaga {data['number']} {FILE_STEMS[data['number']]} {data['year']} " \
           f"{data['unit']['short_name'] or data['unit']['name']}"
    stem = re.sub(r"[^0-9A-Za-zÅÄÖåäöÉé]+", "-", stem).strip("-")
    return f"{stem}.{extension}"
