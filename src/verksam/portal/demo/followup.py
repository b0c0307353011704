"""Demo: the follow-up of 2024 (uppföljning) — tertialrapport 1 and 2 and the verksamhetsberättelse.

Everything here is example data (exempeldata), marked ``is_example`` where the model has the
flag (outcomes, goal assessments, the report) by the follow-up actions themselves
(``is_example=True``: one history row per write, no separate marking afterwards), so the rules
hold as in the UI (permissions, locked periods, by sex, proposals with their rule, a save that
changes nothing records nothing):

- periods: ``verksam.followup.actions.ensure_periods``; T1 and T2 are locked after entry
  (``set_period_status``), VB stays open;
- outcomes: ``actions.enter_outcomes`` — KS's seven indicators in T1 and T2 (with helårsprognos)
  and in VB; Utbildningsnämndens and stadsledningskontorets indicators in VB;
- assessments: ``verksam.followup.assessments`` — indicator verdicts (``assess_indicators``),
  the goals' verdicts (``assess_goal``, with a reason where the verdict differs from the rule's
  proposal; ``accept_proposals`` for the KF goals above), KS's approved (``approve_goal_assessment``);
  six boards give their own assessment of a KF goal, so KS's roll-up page shows several boards
  (KF goal 1.1: "3 av 5 nämnder bedömer att målet uppfylls helt och 2 att det uppfylls delvis.");
- report: ``verksam.followup.reports`` — KS's verksamhetsberättelse 2024 created, its sections
  written and marked ready, and approved, which renders the PDF and the DOCX from the snapshot.

Kolada: three KS indicators are bound to real Kolada key figures (N00090, N00945, N01951). The
real figures we hold (N00945 for Stockholm 2018–2020) belong to years without a plan in the
demo, and an outcome needs a period of its indicator's plan year, so they are not stored; the
2024 outcomes of those indicators are example values like the rest, and
``verksam kolada sync --year 2024`` replaces the VB values with Kolada's when the network allows.

The example values, verdicts and texts are chosen so the rules give a varied picture (helt,
delvis, a forecast that differs from the outcome, a goal without indicators). Boards other than
KS have no plan in the demo except Utbildningsnämnden's draft; their assessments of a KF goal
say so in the reason.

Idempotent: each step looks first and writes only what is missing (a period locked by an earlier
run is not reopened; an approved report is left as it is), so a second run changes nothing and
writes no history rows.
"""

from __future__ import annotations

from verksam.followup import actions, assessments, reports
from verksam.followup.models import (
    GoalAssessment, IndicatorAssessment, Outcome, PeriodKind, PeriodStatus, Report, ReportStatus,
)
from verksam.planning.models import Goal, Indicator
from verksam.portal.demo.base import DemoContext

YEAR = 2024
EXAMPLE_NOTE = "Exempelvärde (demodata)."
KOLADA_NOTE = ("Exempelvärde (demodata) tills verksam kolada sync --year 2024 har hämtat det verkliga "
               "värdet från Kolada.")
"""Source note and first sentence of the comment of every demo outcome — the comment is what the
pages, the PDF and the DOCX show beside the value. ``KOLADA_NOTE`` for the VB outcomes of
Kolada-bound indicators (the sync fills VB only)."""

# --- outcomes (utfall): plan key, unit key, indicator name → period kind → values --------------
# Values are strings in the indicator's unit (Decimal); forecasts only in T1/T2. All example data.
OUTCOMES: list[tuple[str, str, str, dict[str, dict[str, str]]]] = [
    ("ks_2024", "ks", "Sjukfrånvaro bland kommunens anställda", {
        "T1": {"value": "7.0", "value_women": "8.1", "value_men": "5.0", "forecast": "6.7",
               "comment": "Vintermånaderna ger en högre sjukfrånvaro; prognosen för helåret är lägre."},
        "T2": {"value": "6.2", "value_women": "7.2", "value_men": "4.4", "forecast": "6.5"},
        "VB": {"value": "6.4", "value_women": "7.4", "value_men": "4.6"},
    }),
    ("ks_2024", "ks", "Andel VAB-dagar som tas ut av män", {
        "T1": {"value": "40.9", "forecast": "41.5"},
        "T2": {"value": "41.2", "forecast": "41.6"},
        "VB": {"value": "41.4"},
    }),
    ("ks_2024", "ks", "Invånare totalt", {
        "T1": {"value": "986210", "forecast": "989000"},
        "T2": {"value": "988460", "forecast": "989500"},
        "VB": {"value": "988950"},
    }),
    ("ks_2024", "ks", "Andel medarbetare med heltidsanställning", {
        "T1": {"value": "88.1", "forecast": "89.6"},
        "T2": {"value": "88.9", "forecast": "90.0"},
        "VB": {"value": "90.2"},
    }),
    ("ks_2024", "ks", "Andel invånare som känner sig trygga i sitt bostadsområde", {
        "T1": {"forecast": "79.0",
               "comment": "Trygghetsmätningen görs under hösten; prognosen bygger på förra årets mätning."},
        "T2": {"forecast": "80.0"},
        "VB": {"value": "80.3", "value_women": "77.6", "value_men": "83.1"},
    }),
    ("ks_2024", "ks", "Växthusgasutsläpp per invånare", {
        "T1": {"forecast": "1.6"},
        "T2": {"forecast": "1.6"},
        "VB": {"value": "1.62", "comment": "Preliminär siffra; den slutliga redovisas i miljöbokslutet."},
    }),
    ("ks_2024", "ks", "Andel nämnder och bolag med en ekonomi i balans", {
        "T1": {"value": "93", "forecast": "97"},
        "T2": {"value": "95", "forecast": "97"},
        "VB": {"value": "97"},
    }),
    ("utn_2024", "utn", "Andel elever i årskurs 9 med godtagbara kunskaper i alla ämnen", {
        "VB": {"value": "77.9", "value_women": "80.6", "value_men": "75.3"},
    }),
    ("slk_2024", "slk", "Sjukfrånvaro på stadsledningskontoret", {
        "VB": {"value": "4.3", "value_women": "5.0", "value_men": "3.2"},
    }),
]

_ACTIVITIES_REASON = (
    "Förslaget räknar aktiviteterna som ej genomförda, eftersom de står som planerade i den beslutade "
    "planen. Enligt förvaltningens redovisning är de genomförda (exempeldata)."
)

# --- goal assessments in VB: plan key, goal code, verdict, analysis, reason ---------------------
# Lowest in the cascade first. The reason is kept only where the verdict differs from the
# rule's proposal (see the tests for the proposals). All example data.
GOAL_ASSESSMENTS: list[tuple[str, str, str, str, str]] = [
    ("slk_2024", "3.5.1.1", "delvis",
     "Sjukfrånvaron minskade men når inte årsmålet; medarbetarenkäten genomfördes under hösten.", ""),
    ("ks_2024", "1.1.1", "helt",
     "Andelen invånare som känner sig trygga i sitt bostadsområde nådde årsmålet.", _ACTIVITIES_REASON),
    ("ks_2024", "1.1.2", "delvis",
     "Stadens centrala krisledning övades under året; arbetet med det civila försvaret fortsätter 2025.",
     "Aktiviteten är delvis genomförd: övningen hölls, men planen för civilt försvar är inte klar (exempeldata)."),
    ("ks_2024", "1.3.1", "delvis",
     "Männens andel av VAB-dagarna ökade men når inte årsmålet; handlingsplanen för "
     "jämställdhetsintegrering är påbörjad.", ""),
    ("ks_2024", "2.1.1", "delvis",
     "Utsläppen per invånare minskade men ligger över årsmålet enligt den preliminära siffran.", ""),
    ("ks_2024", "2.3.1", "delvis",
     "Samordningen av nämndernas och bolagens klimatanpassning har startat; skyfallsplaneringen fortsätter.",
     "Aktiviteten är påbörjad men inte avslutad (exempeldata)."),
    ("ks_2024", "3.1.1", "delvis",
     "De flesta nämnder och bolag har en ekonomi i balans, men inte alla.", ""),
    ("ks_2024", "3.4.1", "delvis",
     "Planeringen i de fyra fokusområdena fortsätter; bostadsmålet följs upp i årsredovisningen.",
     "Aktiviteten pågår och redovisas som påbörjad (exempeldata)."),
    ("ks_2024", "3.5.1", "delvis",
     "Sjukfrånvaron och andelen heltidsanställda nådde årsmålen; stadsledningskontorets eget mål "
     "nåddes delvis.", ""),
    ("utn_2024", "3.2.1", "delvis",
     "Andelen elever med godtagbara kunskaper i alla ämnen ökade men når inte årsmålet.", ""),
    ("utn_2024", "3.2.2", "helt",
     "Förskolornas kvalitetsredovisningar visar en god grund för fortsatt lärande.",
     "Målet har ingen indikator i planen; bedömningen bygger på förskolornas kvalitetsredovisningar "
     "(exempeldata)."),
]

_NO_PLAN_REASON = (
    "Nämndens verksamhetsplan ingår inte i demodata, så förslaget saknar underlag; bedömningen är "
    "nämndens egen (exempeldata)."
)

# --- boards' own assessments of a KF goal in VB: unit key, KF goal code, verdict, analysis -------
BOARD_KF_ASSESSMENTS: list[tuple[str, str, str, str]] = [
    ("son", "1.1", "helt", "Det förebyggande arbetet med barn och unga har nått fler än planerat."),
    ("tn", "1.1", "delvis", "Trafiksäkerhetsåtgärderna vid skolor är genomförda; belysningsprogrammet är försenat."),
    ("sdn_st", "1.1", "delvis", "Tryggheten i Tensta centrum har ökat, men inte i hela stadsdelsområdet."),
    ("utn", "1.1", "helt", "Skolornas trygghetsarbete har stärkts och elevernas upplevda trygghet ökade."),
    ("mhn", "2.1", "delvis", "Tillsynen av fossila bränslen har ökat; utsläppen minskar långsammare än planerat."),
    ("expn", "3.4", "delvis", "Markanvisningarna nådde målet men färre bostäder påbörjades än planerat."),
]

# --- the report: KS's verksamhetsberättelse 2024 ------------------------------------------------
REPORT_SUMMARY = (
    "Exempeldata: Kommunstyrelsen bedömer att nämndmålen för 2024 i huvudsak uppfylls. Sjukfrånvaron "
    "minskade till 6,4 procent och andelen heltidsanställda nådde årsmålet, medan utsläppen per invånare "
    "och andelen VAB-dagar som tas ut av män ännu inte når årsmålen."
)
SECTION_TEXTS = {
    "ks": "Exempeldata: Kommunstyrelsen har under 2024 lett stadens arbete med trygghet, jämställdhet, "
          "klimat och en ekonomi i långsiktig balans.",
    "slk": "Exempeldata: Stadsledningskontoret har genomfört medarbetarenkäten och tagit fram "
           "handlingsplaner för arbetsmiljön.",
}


def load_followup(ctx: DemoContext) -> None:
    """Load the follow-up of 2024 (needs the organisation, plan and decision steps): periods,
    outcomes, assessments, locked T1/T2 and KS's approved verksamhetsberättelse with PDF and
    DOCX. Writes a summary line and the Kolada note through ``ctx.write``."""
    kf = ctx.units["kf"]
    periods = {p.kind: p for p in actions.ensure_periods(ctx.municipality, YEAR, acting_user=ctx.acting_user)}
    created = _enter_outcomes(ctx, periods)
    for kind in (PeriodKind.T1, PeriodKind.T2):
        _assess_indicators(ctx, ctx.units["ks"], periods[kind])
    vb = periods[PeriodKind.VB]
    for key in ("ks", "utn", "slk"):
        _assess_indicators(ctx, ctx.units[key], vb)
    assessed = _assess_goals(ctx, vb)
    for kind in (PeriodKind.T1, PeriodKind.T2):
        if periods[kind].status != PeriodStatus.LOCKED:
            actions.set_period_status(periods[kind], PeriodStatus.LOCKED, unit=kf, acting_user=ctx.acting_user)
            ctx.counts["changed"] += 1
    report = _approve_report(ctx, vb)
    ctx.write(f"  Uppföljning {YEAR}: {created} nya utfall (exempeldata), {assessed} nya målbedömningar; "
              f"T1 och T2 låsta; {report.get_status_display().lower()} {vb.get_kind_display().lower()} "
              f"för {report.unit.name.lower()} med PDF och Word-fil.")
    ctx.write("  Kolada: utfallen 2024 för N00090, N00945 och N01951 är exempelvärden; "
              "verksam kolada sync --year 2024 hämtar de verkliga när nätet tillåter.")


def _enter_outcomes(ctx: DemoContext, periods: dict) -> int:
    """Enter the ``OUTCOMES`` missing in open periods; returns how many were created."""
    entries = []
    for plan_key, unit_key, name, by_period in OUTCOMES:
        plan = ctx.plans.get(plan_key)
        indicator = Indicator.objects.filter(plan=plan, name=name).first() if plan else None
        if indicator is None:
            continue
        unit = ctx.units[unit_key]
        for kind, values in by_period.items():
            period = periods[kind]
            if period.status != PeriodStatus.OPEN:
                continue
            if Outcome.objects.filter(indicator=indicator, unit=unit, period=period).exists():
                continue
            note = KOLADA_NOTE if indicator.kolada_kpi and kind == PeriodKind.VB else EXAMPLE_NOTE
            comment = f"{note} {values.get('comment', '')}".strip()
            entries.append(actions.OutcomeInput(indicator, unit, period,
                                                {**values, "comment": comment, "source_note": note},
                                                is_example=True))
    if not entries:
        return 0
    actions.enter_outcomes(entries, acting_user=ctx.acting_user)
    ctx.counts["created"] += len(entries)
    return len(entries)


def _assess_indicators(ctx: DemoContext, unit, period) -> None:
    """Store ``unit``'s indicator verdicts in ``period`` (the proposals) unless already stored."""
    if period.status != PeriodStatus.OPEN or IndicatorAssessment.objects.filter(unit=unit, period=period).exists():
        return
    ctx.counts["created"] += len(assessments.assess_indicators(unit, period, acting_user=ctx.acting_user))


def _given(goal, unit, period) -> bool:
    return GoalAssessment.objects.filter(goal=goal, unit=unit, period=period).exclude(verdict="").exists()


def _assess_goals(ctx: DemoContext, vb) -> int:
    """The goal assessments of VB: owners' verdicts on their goals, KS's and Utbildningsnämndens
    KF goals from the proposals, the boards' own KF-goal verdicts; KS's approved. Returns the
    number of assessments written."""
    written: list[GoalAssessment] = []
    for plan_key, code, verdict, analysis, reason in GOAL_ASSESSMENTS:
        plan = ctx.plans.get(plan_key)
        goal = Goal.objects.filter(plan=plan, code=code).select_related("owner_unit").first() if plan else None
        if goal is None or _given(goal, goal.owner_unit, vb):
            continue
        written.append(assessments.assess_goal(goal, goal.owner_unit, vb, verdict=verdict, analysis=analysis,
                                               reason=reason, acting_user=ctx.acting_user, is_example=True))
    for key in ("ks", "utn"):
        written += assessments.accept_proposals(ctx.units[key], vb, acting_user=ctx.acting_user,
                                                is_example=True)
    kf_plan = ctx.plans["kf_2024"]
    for unit_key, code, verdict, analysis in BOARD_KF_ASSESSMENTS:
        goal, unit = Goal.objects.get(plan=kf_plan, code=code), ctx.units[unit_key]
        if _given(goal, unit, vb):
            continue
        written.append(assessments.assess_goal(goal, unit, vb, verdict=verdict, analysis=analysis,
                                               reason=_NO_PLAN_REASON, acting_user=ctx.acting_user,
                                               is_example=True))
    ks = ctx.units["ks"]
    for assessment in (GoalAssessment.objects.filter(unit=ks, period=vb, approved_at__isnull=True)
                       .exclude(verdict="").select_related("goal")):
        assessments.approve_goal_assessment(assessment.goal, ks, vb, acting_user=ctx.acting_user)
        ctx.counts["changed"] += 1
    ctx.counts["created"] += len(written)
    return len(written)


def _approve_report(ctx: DemoContext, vb) -> Report:
    """KS's verksamhetsberättelse 2024 (example data): created, texts written, sections and report marked
    ready and approved (PDF and DOCX). An approved one is left as it is."""
    ks, user = ctx.units["ks"], ctx.acting_user
    report = Report.objects.filter(unit=ks, period=vb).first()
    if report is not None and report.status == ReportStatus.APPROVED:
        return report
    if report is None:
        ctx.counts["created"] += 1
    report = reports.create_report(ks, vb, acting_user=user, is_example=True)
    texts = {ctx.units[key].pk: text for key, text in SECTION_TEXTS.items()}
    for section in report.sections.select_related("unit"):
        if not section.is_ready:
            reports.edit_section(section, text=texts.get(section.unit_id, section.text), acting_user=user)
            reports.mark_section_ready(section, acting_user=user)
    report = reports.edit_report(report, summary=REPORT_SUMMARY, acting_user=user)
    if report.status == ReportStatus.DRAFT:
        report = reports.mark_report_ready(report, acting_user=user)
    return reports.approve_report(report, acting_user=user)


__all__ = ["BOARD_KF_ASSESSMENTS", "GOAL_ASSESSMENTS", "OUTCOMES", "load_followup"]
