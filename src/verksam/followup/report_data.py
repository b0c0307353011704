"""The data of a report (rapportens innehåll) — tertialrapport 1/2 or verksamhetsberättelse.

``report_data(report)`` reads everything a report prints in a constant number of queries (24,
eight of them ``load_period_data`` for the goal proposals and four the internal control of
``verksam.control.queries_report`` — whatever the number of units, goals, indicators, periods,
controls and results; tests assert it at two sizes) and
returns it as one JSON-ready dict. That dict is the single source of every output: the HTML
page, the PDF, the DOCX and — when the report is approved — the frozen snapshot
(``Report.snapshot``), so the outputs always agree. Numbers appear twice: as exact decimal
strings ("4.8") for charts and as Swedish texts ("4,8 %" with U+00A0, DESIGN "Swedish numbers
… Out") for reading.

Shape (keys of the dict; every value is str, int, bool, None, list or dict)::

    schema, title ("Tertialrapport 1 2024"), heading ("Tertialrapport 1 2024 – Kommunstyrelsen"),
    municipality {name, code}, unit {id, name, short_name},
    period {id, kind, label, year, as_of, as_of_text, status, status_label, has_forecast},
    plan {id, title, reference, status, status_label, decided_on_text},
    report {id, status, status_label, summary, approved_by, approved_at, approved_at_text, built_at},
    overview {goals: [{verdict, label, count}], indicators: [...], measured_text, proposals_text},
    internal_control {…} — the internkontrollplan's controls, occasions, results and deviations
           up to the period's date, with a summary (shape and rule in
           ``verksam.control.queries_report``),
    sections: [{id, unit {id, name, short_name}, text, is_ready,
                blocks: [{parent {code, title, level_label} | None, goals: [goal]}],
                other_indicators: [indicator row], activities_without_goal: [activity]}]

    goal: {id, code, title, level, level_label, depth, verdict, verdict_label, verdict_class, is_example,
           assessment {stored, is_proposal_only, verdict, proposed, proposed_label, rule_id,
                       measured_text, analysis, reason, approved_by, approved_at_text, is_example},
           indicators: [indicator row], activities: [activity]}
    indicator row: {id, chart_id, name, unit_of_measure, direction_label, by_sex, source_text, is_example,
           outcome {value, text, women_text, men_text, forecast_text, comment, as_of_text,
                    entered_text, source_label, is_example} | None,
           target {value, text, women_text, men_text, baseline_text, decision_reference, is_example} | None,
           verdict, verdict_label, verdict_class, verdict_stored, based_on_forecast, reason,
           progress_text, progress_percent, series: [{label, value, text, target, target_text}],
           chart_alt, has_chart (a trend: at least two measured periods)}
    activity: {id, title, status, status_label, owner, end_text, is_example}

Example data (exempeldata, DESIGN: invented data is marked): ``is_example`` is set on the
report, each goal, assessment, indicator row, outcome, target, activity and internal-control
item that is example data; an indicator row's ``is_example`` is true when its indicator, outcome
or target is. Every output shows the word "exempeldata" beside such an item, as the web pages do.

Rules used, never re-implemented: indicator verdicts through ``proposals.indicator_result`` (the
outcome — at T1/T2 the helårsprognos when given — against the unit's own årsmål; a stored
verdict that overrides the proposal is kept), goals without a stored assessment show
``proposals.goal_result``'s proposal (marked as such), progress (``rules.progress``), Swedish
numbers (``core.swedish_numbers.format_swedish_number``). The trend series of an indicator holds the
unit's outcomes for the indicator of the same name in the periods of the last five years up to
the report's period, with that year's årsmål beside each.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.control.queries_report import report_internal_control
from verksam.core import permissions as perms
from verksam.core.swedish_numbers import format_swedish_number
from verksam.documents.formatting import format_long_date
from verksam.followup.models import (
    GoalAssessment, IndicatorAssessment, Outcome, Period, Report, ReportSection, ReportStatus,
)
from verksam.followup.period_data import load_period_data
from verksam.followup.proposals import goal_result, indicator_result
from verksam.followup.rules import GoalVerdict, Verdict, progress
from verksam.planning.models import Activity, Goal, Indicator, Plan, Target

SCHEMA = 1
SERIES_YEARS = 5
UNITLESS = {"", "antal", "st", "st."}
VERDICT_CLASS = {"helt": "helt", "delvis": "delvis", "ej": "ej"}
KIND_ORDER = {"T1": 0, "T2": 1, "VB": 2}


def visible_reports(user):
    """Reports ``user`` may read: approved reports for everyone (they are public documents, like
    decided plans); drafts and ready reports where the user holds ``view_drafts``."""
    return Report.objects.filter(Q(status=ReportStatus.APPROVED) | perms.scope_q(user, perms.VIEW_DRAFTS))


def format_measure(value, unit_of_measure: str) -> str:
    """A value in an indicator's unit the Swedish way: (4.8, "%") → "4,8 %" (U+00A0 before the
    unit); (1234, "antal") → "1 234"; (12, "kr") → "12 kr"; None → "–"."""
    if value is None:
        return "–"
    number = format_swedish_number(Decimal(value))
    unit = (unit_of_measure or "").strip()
    return number if unit.lower() in UNITLESS else f"{number}\u00a0{unit}"


def _dec(value) -> str | None:
    """An exact decimal string for JSON ("4.8"), None for None."""
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def datetime_text(value) -> str:
    """A moment in local time as "3 maj 2024 14:05"; None → ""."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_long_date(local.date())} {local:%H:%M}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def user_name(user) -> str:
    """A user's full name, else the user name; None → ""."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


def period_label(kind_label: str, year: int) -> str:
    """"Tertialrapport 1 2024"."""
    return f"{kind_label} {year}"


# --- loading -------------------------------------------------------------------------------


class _Loaded:
    """Everything read from the database for one report (20 queries; report_data adds the four of
    internal control)."""

    def __init__(self, report: Report):
        self.report = Report.objects.select_related(
            "unit__municipality", "period", "plan", "approved_by").get(pk=report.pk)
        period = self.report.period
        self.sections = list(ReportSection.objects.filter(report=self.report)
                             .select_related("unit").order_by("unit__path", "pk"))
        self.unit_ids = [s.unit_id for s in self.sections] or [self.report.unit_id]
        self.plans = list(Plan.objects.filter(unit_id__in=self.unit_ids, year=period.year))
        plan_ids = [p.pk for p in self.plans]
        self.goals = list(Goal.objects.filter(plan_id__in=plan_ids).select_related("parent", "plan")
                          .order_by("sort_order", "code", "pk"))
        self.goal_assessments = list(GoalAssessment.objects.filter(period=period, unit_id__in=self.unit_ids)
                                     .select_related("goal__parent", "goal__plan", "approved_by"))
        self.outcomes = list(Outcome.objects.filter(period=period, unit_id__in=self.unit_ids)
                             .select_related("indicator__plan", "entered_by"))
        self.indicators = {i.pk: i for i in Indicator.objects.filter(
            Q(plan_id__in=plan_ids) | Q(responsible_unit_id__in=self.unit_ids, plan__year=period.year)
        ).select_related("plan")}
        for outcome in self.outcomes:
            self.indicators.setdefault(outcome.indicator_id, outcome.indicator)
        goal_ids = {g.pk for g in self.goals} | {a.goal_id for a in self.goal_assessments}
        self.period_data = load_period_data(period, goal_ids=sorted(goal_ids))
        self.indicator_assessments = list(IndicatorAssessment.objects.filter(
            period=period, unit_id__in=self.unit_ids))
        self.activities = list(Activity.objects.filter(plan_id__in=plan_ids).select_related("owner_unit")
                               .order_by("sort_order", "pk"))
        self.series_periods = sorted(
            Period.objects.filter(municipality_id=period.municipality_id, as_of__lte=period.as_of,
                                  year__gt=period.year - SERIES_YEARS),
            key=lambda p: (p.year, KIND_ORDER.get(p.kind, 9)))
        names = {i.name for i in self.indicators.values()}
        past_ids = [p.pk for p in self.series_periods if p.pk != period.pk]
        self.past_outcomes = list(Outcome.objects.filter(
            unit_id__in=self.unit_ids, period_id__in=past_ids, indicator__name__in=names,
        ).values("unit_id", "period_id", "indicator__name", "value"))
        years = sorted({p.year for p in self.series_periods} | {period.year})
        self.targets = list(Target.objects.filter(
            year__in=years, indicator__name__in=names, unit_id__in=self.unit_ids,
        ).values("indicator_id", "indicator__name", "unit_id", "year", "value", "value_women", "value_men",
                 "baseline", "decision_reference", "is_example"))


# --- building ------------------------------------------------------------------------------


class _Builder:
    """Turns the loaded rows into the report dict (no queries)."""

    def __init__(self, loaded: _Loaded):
        self.l = loaded
        # ``period``, ``memo`` and the three lookups below are what ``proposals.indicator_result``
        # reads from a ``PeriodData``; the builder answers them from the report's own rows.
        self.period = loaded.report.period
        self.memo = {}
        self.outcome_by = {(o.indicator_id, o.unit_id): o for o in loaded.outcomes}
        self.ia_by = {(a.indicator_id, a.unit_id): a for a in loaded.indicator_assessments}
        self.ga_by = {(a.goal_id, a.unit_id): a for a in loaded.goal_assessments}
        self.past = {(o["unit_id"], o["period_id"], o["indicator__name"]): o["value"]
                     for o in loaded.past_outcomes}
        self.target_exact = {}
        self.target_by_name = {}
        for t in loaded.targets:
            if t["year"] == self.period.year:
                self.target_exact[(t["indicator_id"], t["unit_id"])] = t
            self.target_by_name.setdefault((t["unit_id"], t["indicator__name"], t["year"]), t)
        self.verdict_counts = defaultdict(int)
        self.goal_counts = defaultdict(int)
        self.proposals_only = 0
        self.measured = [0, 0]

    # targets -------------------------------------------------------------------------------

    def _target(self, indicator, unit_id):
        return self.target_exact.get((indicator.pk, unit_id))

    # the lookups ``proposals.indicator_result`` asks (the one path of indicator verdicts) ------

    def outcome(self, indicator_id, unit_id):
        """The unit's Outcome of the indicator in the period, or None."""
        return self.outcome_by.get((indicator_id, unit_id))

    def target(self, indicator_id, unit_id):
        """The unit's årsmål of the period's year (value, value_women, value_men), or None."""
        row = self.target_exact.get((indicator_id, unit_id))
        return None if row is None else SimpleNamespace(value=row["value"], value_women=row["value_women"],
                                                        value_men=row["value_men"])

    def indicator_assessment(self, indicator_id, unit_id):
        """The stored IndicatorAssessment, or None."""
        return self.ia_by.get((indicator_id, unit_id))

    def _series(self, indicator, unit_id, outcome, target) -> list[dict]:
        unit_of_measure = indicator.unit_of_measure
        points = []
        for period in self.l.series_periods:
            if period.pk == self.period.pk:
                value = outcome.value if outcome else None
                year_target = target["value"] if target else None
            else:
                value = self.past.get((unit_id, period.pk, indicator.name))
                past_target = self.target_by_name.get((unit_id, indicator.name, period.year))
                year_target = past_target["value"] if past_target else None
                if value is None:
                    continue
            points.append({
                "label": f"{period.kind} {period.year}", "value": _dec(value),
                "text": format_measure(value, unit_of_measure),
                "target": _dec(year_target), "target_text": format_measure(year_target, unit_of_measure),
            })
        return points

    # rows ----------------------------------------------------------------------------------

    def indicator_row(self, indicator, unit_id, section_id) -> dict:
        """One indicator of one unit in the period (see the module docstring)."""
        unit_of_measure = indicator.unit_of_measure
        outcome = self.outcome_by.get((indicator.pk, unit_id))
        target = self._target(indicator, unit_id)
        target_value = target["value"] if target else None
        result = indicator_result(self, indicator, unit_id)
        stored = result.stored
        verdict, based_on_forecast, reason = result.verdict, result.based_on_forecast, result.reason
        verdict_label = str(Verdict(verdict).label)
        self.verdict_counts[verdict] += 1
        self.measured[1] += 1
        if outcome is not None and outcome.value is not None:
            self.measured[0] += 1
        prog = progress(outcome.value if outcome else None, target["baseline"] if target else None,
                        target_value, direction=indicator.direction)
        series = self._series(indicator, unit_id, outcome, target)
        alt = _("%(name)s: utfall per period jämfört med årsmålet. %(points)s.") % {
            "name": indicator.name,
            "points": "; ".join(
                _("%(label)s utfall %(value)s, årsmål %(target)s") % {
                    "label": p["label"], "value": p["text"], "target": p["target_text"]} for p in series),
        }
        return {
            "id": indicator.pk, "chart_id": f"chart-{section_id}-{indicator.pk}", "name": indicator.name,
            "unit_of_measure": unit_of_measure, "direction": indicator.direction,
            "direction_label": str(indicator.get_direction_display()), "by_sex": indicator.by_sex,
            "source_text": f"Kolada {indicator.kolada_kpi}" if indicator.kolada_kpi else indicator.source,
            "outcome": None if outcome is None else {
                "value": _dec(outcome.value), "text": format_measure(outcome.value, unit_of_measure),
                "women_text": format_measure(outcome.value_women, unit_of_measure)
                if outcome.value_women is not None else "",
                "men_text": format_measure(outcome.value_men, unit_of_measure)
                if outcome.value_men is not None else "",
                "forecast": _dec(outcome.forecast),
                "forecast_text": format_measure(outcome.forecast, unit_of_measure)
                if outcome.forecast is not None else "",
                "comment": outcome.comment, "as_of_text": format_long_date(outcome.as_of),
                "entered_text": datetime_text(outcome.entered_at),
                "entered_by": user_name(outcome.entered_by),
                "source": outcome.source, "source_label": str(outcome.get_source_display()),
                "source_note": outcome.source_note, "is_example": outcome.is_example,
            },
            "target": None if target is None else {
                "value": _dec(target_value), "text": format_measure(target_value, unit_of_measure),
                "women_text": format_measure(target["value_women"], unit_of_measure)
                if target["value_women"] is not None else "",
                "men_text": format_measure(target["value_men"], unit_of_measure)
                if target["value_men"] is not None else "",
                "baseline_text": format_measure(target["baseline"], unit_of_measure)
                if target["baseline"] is not None else "",
                "decision_reference": target["decision_reference"], "is_example": target["is_example"],
            },
            "verdict": verdict, "verdict_label": verdict_label, "verdict_class": VERDICT_CLASS.get(verdict, "none"),
            "verdict_stored": stored is not None, "based_on_forecast": based_on_forecast, "reason": reason,
            "verdict_women_label": str(result.verdict_women.label) if result.verdict_women else "",
            "verdict_men_label": str(result.verdict_men.label) if result.verdict_men else "",
            "progress_text": prog.text, "progress_percent": _dec(prog.shown_percent),
            "progress_worsened": prog.worsened, "series": series, "chart_alt": alt,
            "has_chart": sum(p["value"] is not None for p in series) >= 2,
            "is_example": bool(indicator.is_example or (outcome is not None and outcome.is_example)
                               or (target is not None and target["is_example"])),
        }

    @staticmethod
    def activity_row(activity) -> dict:
        """An activity with its status ("Genomförd") and owner."""
        return {
            "id": activity.pk, "title": activity.title, "status": activity.status,
            "status_label": str(activity.get_status_display()),
            "owner": activity.owner_unit.short_name or activity.owner_unit.name,
            "end_text": format_long_date(activity.end), "is_example": activity.is_example,
        }

    def assessment(self, goal_id, unit_id) -> tuple[str, str, dict]:
        """(verdict, label, assessment dict) of a goal by a unit: the stored assessment (the
        verdict given, else its stored proposal); without one, the proposal computed now by
        ``proposals.goal_result`` (marked ``is_proposal_only``, ``stored`` False)."""
        stored = self.ga_by.get((goal_id, unit_id))
        if stored is None:
            pdata = self.l.period_data
            if goal_id not in pdata.goals:
                self.goal_counts[""] += 1
                return "", _("Ej bedömd"), {"stored": False, "is_proposal_only": True, "proposed": "",
                                            "proposed_label": "", "rule_id": "", "measured_text": "",
                                            "analysis": "", "reason": "", "approved_by": "", "approved_at_text": "",
                                            "is_example": False}
            proposal = goal_result(pdata, goal_id, unit_id).proposal
            verdict = proposal.verdict.value
            self.goal_counts[verdict] += 1
            self.proposals_only += 1
            label = _upper_first(str(proposal.verdict.label))
            return verdict, label, {
                "stored": False, "is_proposal_only": True, "verdict": "", "proposed": verdict,
                "proposed_label": label, "rule_id": proposal.rule_id, "measured_text": proposal.measured_text,
                "analysis": "", "reason": "", "approved_by": "", "approved_at_text": "", "is_example": False,
            }
        verdict = stored.verdict or stored.proposed
        label = _upper_first(str(GoalVerdict(verdict).label)) if verdict else _("Ej bedömd")
        self.goal_counts[verdict] += 1
        if not stored.verdict:
            self.proposals_only += 1
        return verdict, label, {
            "stored": True, "verdict": stored.verdict, "proposed": stored.proposed,
            "proposed_label": _upper_first(str(GoalVerdict(stored.proposed).label)) if stored.proposed else "",
            "is_proposal_only": not stored.verdict, "rule_id": stored.rule_id, "measured_text": "",
            "analysis": stored.analysis, "reason": stored.reason,
            "approved_by": user_name(stored.approved_by), "approved_at_text": datetime_text(stored.approved_at),
            "is_example": stored.is_example,
        }

    def goal_entry(self, goal, unit_id, section_id, indicators_by_goal, activities_by_goal) -> dict:
        """A goal of a section with its assessment, indicators and activities."""
        verdict, label, assessment = self.assessment(goal.pk, unit_id)
        return {
            "id": goal.pk, "code": goal.code, "title": goal.title, "level": goal.level,
            "level_label": str(goal.get_level_display()), "verdict": verdict, "verdict_label": label,
            "verdict_class": VERDICT_CLASS.get(verdict, "none"), "assessment": assessment,
            "is_example": goal.is_example,
            "indicators": [self.indicator_row(i, unit_id, section_id) for i in indicators_by_goal.get(goal.pk, [])],
            "activities": [self.activity_row(a) for a in activities_by_goal.get(goal.pk, [])],
        }

    def section(self, section) -> dict:
        """One unit's section: its goals grouped under the goals they serve (KF-mål), the
        indicators outside those goals, and the section's text."""
        unit_id = section.unit_id
        plan_ids = {p.pk for p in self.l.plans if p.unit_id == unit_id}
        own_goals = [g for g in self.l.goals if g.plan_id in plan_ids]
        assessed = [a.goal for a in self.l.goal_assessments if a.unit_id == unit_id]
        goals, seen = [], set()
        for goal in own_goals + sorted(assessed, key=lambda g: (g.code, g.pk)):
            if goal.pk not in seen:
                seen.add(goal.pk)
                goals.append(goal)
        goal_ids = {g.pk for g in goals}
        indicators = sorted(
            (i for i in self.l.indicators.values()
             if i.plan_id in plan_ids or (i.pk, unit_id) in self.outcome_by
             or (i.responsible_unit_id == unit_id and i.plan.unit_id not in self.l.unit_ids)),
            key=lambda i: (i.sort_order, i.pk))
        by_goal, other = defaultdict(list), []
        for indicator in indicators:
            (by_goal[indicator.goal_id] if indicator.goal_id in goal_ids else other).append(indicator)
        activities = [a for a in self.l.activities if a.plan_id in plan_ids]
        act_by_goal, act_other = defaultdict(list), []
        for activity in activities:
            (act_by_goal[activity.goal_id] if activity.goal_id in goal_ids else act_other).append(activity)
        # Blocks: the goals serving one goal outside the section (e.g. a KF-mål), each followed
        # by its own sub-goals within the section (``depth`` 1, 2 …).
        children = defaultdict(list)
        for goal in goals:
            if goal.parent_id in goal_ids:
                children[goal.parent_id].append(goal)
        blocks: dict = {}

        def walk(goal, depth, block):
            entry = self.goal_entry(goal, unit_id, section.pk, by_goal, act_by_goal)
            entry["depth"] = depth
            block["goals"].append(entry)
            for child in children.get(goal.pk, []):
                walk(child, depth + 1, block)

        for goal in goals:
            if goal.parent_id in goal_ids:
                continue
            parent = goal.parent
            key = parent.pk if parent else f"own-{goal.pk}"
            block = blocks.setdefault(key, {"parent": None if parent is None else {
                "id": parent.pk, "code": parent.code, "title": parent.title,
                "level_label": str(parent.get_level_display()),
            }, "goals": []})
            walk(goal, 0, block)
        ordered = sorted(blocks.values(), key=lambda b: (b["parent"] is None, _code_key(
            b["parent"]["code"] if b["parent"] else b["goals"][0]["code"])))
        return {
            "id": section.pk,
            "unit": {"id": unit_id, "name": section.unit.name, "short_name": section.unit.short_name},
            "text": section.text, "is_ready": section.is_ready, "blocks": ordered,
            "other_indicators": [self.indicator_row(i, unit_id, section.pk) for i in other],
            "activities_without_goal": [self.activity_row(a) for a in act_other],
        }

    def overview(self) -> dict:
        """Counts of goal and indicator verdicts over the whole report."""
        goals = [{"verdict": v.value, "label": _upper_first(str(v.label)), "count": self.goal_counts[v.value]}
                 for v in GoalVerdict if self.goal_counts.get(v.value)]
        if self.goal_counts.get(""):
            goals.append({"verdict": "", "label": _("Ej bedömd"), "count": self.goal_counts[""]})
        indicators = [{"verdict": v.value, "label": str(v.label), "count": self.verdict_counts[v.value]}
                      for v in Verdict if self.verdict_counts.get(v.value)]
        measured, counted = self.measured
        return {"goals": goals, "indicators": indicators,
                "proposals_text": ngettext("varav %(n)d förslag enligt regel, ännu inte fastställt",
                                           "varav %(n)d förslag enligt regel, ännu inte fastställda",
                                           self.proposals_only) % {
                    "n": self.proposals_only} if self.proposals_only else "",
                "measured_text": ngettext("%(m)d av %(c)d indikator mätt", "%(m)d av %(c)d indikatorer mätta",
                                          counted) % {"m": measured, "c": counted}}


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in (code or "").split(".")) or (0,)


def report_data(report: Report) -> dict:
    """The report's content as one JSON-ready dict (shape in the module docstring), read in a
    constant number of queries. ``report`` needs only its primary key. The approval fields
    describe the report as stored; ``approve_report`` fills them in before freezing."""
    loaded = _Loaded(report)
    builder = _Builder(loaded)
    rep, period, plan, unit = loaded.report, loaded.report.period, loaded.report.plan, loaded.report.unit
    title = period_label(str(period.get_kind_display()), period.year)
    sections = [builder.section(s) for s in loaded.sections]
    return {
        "schema": SCHEMA,
        "title": title,
        "heading": f"{title} – {unit.name}",
        "municipality": {"name": unit.municipality.name, "code": unit.municipality.code},
        "unit": {"id": unit.pk, "name": unit.name, "short_name": unit.short_name},
        "period": {
            "id": period.pk, "kind": period.kind, "label": str(period.get_kind_display()), "year": period.year,
            "as_of": period.as_of.isoformat(), "as_of_text": format_long_date(period.as_of),
            "status": period.status, "status_label": str(period.get_status_display()),
            "has_forecast": period.has_forecast,
        },
        "plan": {
            "id": plan.pk, "title": plan.title, "reference": plan.reference, "status": plan.status,
            "status_label": str(plan.get_status_display()), "decided_on_text": format_long_date(plan.decided_on),
        },
        "report": {
            "id": rep.pk, "status": rep.status, "status_label": str(rep.get_status_display()),
            "summary": rep.summary, "approved_by": user_name(rep.approved_by),
            "approved_at": rep.approved_at.isoformat() if rep.approved_at else None,
            "approved_at_text": datetime_text(rep.approved_at), "built_at": timezone.now().isoformat(),
            "built_at_text": datetime_text(timezone.now()), "is_example": rep.is_example,
        },
        "sections": sections,
        "overview": builder.overview(),
        "internal_control": report_internal_control(loaded.unit_ids, period),
    }


def iter_indicator_rows(data: dict):
    """Every indicator row of a report dict, in print order (section, goal block, goal, rows;
    then the section's other indicators), as (section, row) pairs."""
    for section in data["sections"]:
        for block in section["blocks"]:
            for goal in block["goals"]:
                for row in goal["indicators"]:
                    yield section, row
        for row in section["other_indicators"]:
            yield section, row
