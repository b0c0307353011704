"""Demo: internal control 2024 (intern kontroll, kommunallagen 6 kap. 6 §) — issue 5 "Done when".

Source: the memo KS 2023/1237 names the two attachments (bilaga 5 "Väsentlighets- och riskanalys
och internkontrollplan VP KS 2024", KS 2023/1237-1.5; bilaga 6 "System för internkontroll VP KS
2024", KS 2023/1237-1.6; bilaga 7, the informationssäkerhetsplan) but not their content. The only
thing it says about how KS governs and follows up is stadsledningskontorets tjänsteutlåtande
("Kommunstyrelsen har ett övergripande ansvar för styrning, utveckling och uppföljning …"),
quoted in the organisation section of KS's system för internkontroll and said to be quoted.
Everything else — the matrix as Stockholm's, the risks, scores, controls, results and
deviations — is invented and marked ``is_example`` (the whole system för internkontroll too,
since three of its four sections are invented).

What the step loads, through ``verksam.control.actions`` with ``ctx.acting_user``:

- the default 4 × 4 riskmatris "Stadens riskmatris" managed on KF;
- Kommunstyrelsen: its approved system för internkontroll 2024; its väsentlighets- och
  riskanalys 2024 (8 risks over 7 categories tied to KS's nämndmål, inherent and residual
  scores, treatments accept / control / action); its internkontrollplan 2024 with 6 controls
  (monthly, quarterly, tertial, yearly; 24 occasions) and results through T2 (31 August 2024):
  15 results, 2 of them avvikelser — one deviation closed (March), one still open (August);
- Utbildningsnämnden: a draft system, a risk analysis of 3 risks on its nämndmål and a control
  plan of 2 controls with results through T2 (complete-ish);
- Socialnämnden: a risk analysis of 2 risks on KF-mål 1.1 and no internkontrollplan — so the KS
  oversight page shows a board whose plan is missing.

Ordering: runs after the KS plan is decided and before ``load_followup``, so the results are
recorded while T1 and T2 are still open (``load_followup`` locks them) and KS's approved
verksamhetsberättelse freezes the internal-control section in its snapshot. On a database where
T1/T2 are already locked, missing results go in as corrections with a reason (the actions'
correction path). Idempotent: every object is looked up by its natural key and only what is
missing is written, so a second run changes nothing and writes no history rows.
"""

from __future__ import annotations

import datetime as dt

from verksam.control import actions
from verksam.control.models import (
    Control, ControlOccasion, ControlPlan, ControlResult, ControlSystem, ControlSystemStatus, DeviationStatus,
    Risk, RiskAnalysis, RiskMatrix, Treatment,
)
from verksam.followup.actions import ensure_periods
from verksam.followup.models import PeriodStatus
from verksam.planning.models import Activity, Goal, PlanKind
from verksam.portal.demo.base import DemoContext

YEAR = 2024
T2_END = dt.date(YEAR, 8, 31)
MATRIX_NAME = "Stadens riskmatris"
LATE_REASON = "Demodata: kontrollresultat registrerat i efterhand (exempeldata)."
D = dt.date

MEMO_ORGANISATION = (
    "Ur stadsledningskontorets tjänsteutlåtande i KS 2023/1237: \"Kommunstyrelsen har ett övergripande "
    "ansvar för styrning, utveckling och uppföljning av stadens verksamheter ur såväl ett verksamhetsmässigt "
    "som ekonomiskt perspektiv. Ekonomi- och verksamhetsstyrningen vidareutvecklas kontinuerligt i syfte att "
    "säkerställa en kostnadseffektiv verksamhet med hög kvalitet och en långsiktig balans i ekonomin.\" "
    "Ärendet har beretts av stadsledningskontoret, kommunstyrelsens förvaltning."
)
KS_SYSTEM = {
    "organisation": MEMO_ORGANISATION,
    "roles": "Exempeldata: Kommunstyrelsen ansvarar för att den interna kontrollen är tillräcklig och "
             "fastställer årligen internkontrollplanen. Stadsdirektören ansvarar för att rutiner tas fram och "
             "följs; avdelningscheferna på stadsledningskontoret ansvarar för kontrollerna inom sina områden.",
    "routines": "Exempeldata: Väsentlighets- och riskanalysen görs på hösten inför verksamhetsplanen "
                "(bilaga 5, KS 2023/1237-1.5). Kontrollerna rapporteras i tertialrapport 2 och "
                "verksamhetsberättelsen; avvikelser följs upp tills de är åtgärdade.",
    "systems": "Exempeldata: Stadens ekonomisystem, personalsystem och ärendehanteringssystem. "
               "Informationssäkerheten följs upp i ledningens genomgång (bilaga 7, KS 2023/1237-1.7).",
}
UTN_SYSTEM = {
    "organisation": "Exempeldata: Utbildningsnämnden med utbildningsförvaltningen.",
    "roles": "Exempeldata: Nämnden fastställer internkontrollplanen; förvaltningsdirektören ansvarar för "
             "att kontrollerna genomförs.",
    "routines": "Exempeldata: Riskanalysen görs i samband med verksamhetsplanen.",
    "systems": "Exempeldata: Elevregistret och stadens ekonomisystem.",
}

# key, title, category, owner, goal code, process, (L, C) inherent, (L, C) residual, treatment,
# motivation or activity title — all example data (KS's nämndmål from ks_plan.BOARD_GOALS)
KS_RISKS = [
    ("trygghet", "Stadens trygghetsinsatser samordnas inte och når inte de mest utsatta områdena", "operational",
     "Stadsdirektören", "1.1.1", "Trygghetsarbete", (3, 4), (2, 3), Treatment.CONTROL, ""),
    ("kris", "Krisledningen kan inte upprätthållas vid ett längre avbrott i el eller it", "external",
     "Säkerhetschefen", "1.1.2", "Krisberedskap", (2, 4), (2, 3), Treatment.ACTION,
     "Stärka stadens krisberedskap och förmåga i det civila försvaret"),
    ("jamstalldhet", "Jämställdhetsanalyser saknas i beslutsunderlagen", "operational", "Avdelningschef "
     "demokrati och mänskliga rättigheter", "1.3.1", "Beredning av ärenden", (2, 2), (2, 2), Treatment.ACCEPT,
     "Risken är låg; den följs i arbetet med handlingsplanen för jämställdhetsintegrering."),
    ("fakturor", "Fakturor betalas utan attest enligt delegationsordningen", "financial", "Ekonomichefen",
     "3.1.1", "Inköp och betalning", (3, 3), (2, 2), Treatment.CONTROL, ""),
    ("prognoser", "Nämndernas prognoser i tertialrapporterna är för osäkra för att styra ekonomin", "reporting",
     "Ekonomichefen", "3.1.1", "Ekonomisk uppföljning", (3, 3), (2, 3), Treatment.CONTROL, ""),
    ("upphandling", "Direktupphandlingar görs i strid med lagen om offentlig upphandling", "legal",
     "Upphandlingschefen", "3.1.1", "Upphandling", (2, 4), (1, 4), Treatment.CONTROL, ""),
    ("behorighet", "Obehöriga kommer åt personuppgifter i stadens gemensamma it-system", "information_security",
     "Informationssäkerhetschefen", "1.1.2", "Behörighetsadministration", (2, 4), (2, 3), Treatment.CONTROL, ""),
    ("kompetens", "Nyckelkompetenser kan inte rekryteras eller behållas", "staff", "HR-direktören", "3.5.1",
     "Kompetensförsörjning", (3, 3), (2, 3), Treatment.ACTION, "Främja heltid som norm"),
]

# title, risk key, method, frequency, start, responsible, reported in — all example data
KS_CONTROLS = [
    ("Avstämning av leverantörsfakturor mot attest", "fakturor", "reconciliation", "monthly", D(YEAR, 1, 31),
     "Ekonomichefen", "T2"),
    ("Stickprov på representationskostnader", "fakturor", "sample", "quarterly", D(YEAR, 3, 31),
     "Redovisningsansvarig", "VB"),
    ("Genomgång av nämndernas prognoser i tertialrapporterna", "prognoser", "review", "tertial", D(YEAR, 1, 1),
     "Ekonomichefen", "VB"),
    ("Uppföljning av trygghetsinsatser i utsatta områden", "trygghet", "review", "tertial", D(YEAR, 1, 1),
     "Avdelningschef trygghet", "T2"),
    ("Stickprov på direktupphandlingar", "upphandling", "sample", "yearly", D(YEAR, 6, 30),
     "Upphandlingschefen", "T2"),
    ("Behörighetsgenomgång i stadens gemensamma it-system", "behorighet", "review", "yearly", D(YEAR, 10, 31),
     "Informationssäkerhetschefen", "VB"),
]

# control title, occasion date → (finding, deviation {finding, actions, responsible, due, closed note})
KS_DEVIATIONS = {
    ("Avstämning av leverantörsfakturor mot attest", D(YEAR, 3, 31)): (
        "Tre av 40 fakturor i stickprovet saknade attest enligt delegationsordningen.",
        {"actions": "Attestanterna har påmints och attestflödet i ekonomisystemet har skärpts.",
         "responsible": "Ekonomichefen", "due": D(YEAR, 5, 31)},
        "Attestflödet är ändrat; stickproven i april och maj var utan anmärkning."),
    ("Uppföljning av trygghetsinsatser i utsatta områden", D(YEAR, 8, 31)): (
        "Två av sex trygghetsinsatser saknade dokumenterad uppföljning.",
        {"actions": "Rutinen för uppföljning ses över och insatserna följs upp i efterhand.",
         "responsible": "Avdelningschef trygghet", "due": D(YEAR, 10, 31)},
        None),
}

UTN_RISKS = [
    ("kunskap", "Elever som behöver stöd får det för sent", "operational", "Grundskoledirektören", "3.2.1",
     "Elevhälsa", (3, 4), (2, 3), Treatment.CONTROL, ""),
    ("betyg", "Betygssättningen är inte likvärdig mellan skolorna", "legal", "Grundskoledirektören", "3.2.1",
     "Bedömning och betygssättning", (2, 3), (2, 2), Treatment.CONTROL, ""),
    ("forskola", "Förskolans barngrupper blir för stora", "operational", "Förskoledirektören", "3.2.2",
     "Förskola", (2, 2), (2, 2), Treatment.ACCEPT, "Barngruppernas storlek följs varje termin i kvalitetsarbetet."),
]
UTN_CONTROLS = [
    ("Uppföljning av åtgärdsprogram", "kunskap", "sample", "tertial", D(YEAR, 1, 1), "Grundskoledirektören", "T2"),
    ("Sambedömning av nationella prov", "betyg", "analysis", "yearly", D(YEAR, 6, 30), "Grundskoledirektören", "VB"),
]
SON_RISKS = [
    ("orosanmalan", "Orosanmälningar om barn utreds inte inom lagstadgad tid", "legal", "Socialdirektören", "1.1",
     "Barn och unga", (3, 4), (3, 3), "", ""),
    ("placering", "Placeringar av barn och unga följs inte upp", "operational", "Socialdirektören", "1.1",
     "Barn och unga", (2, 4), (2, 4), "", ""),
]


def load_internal_control(ctx: DemoContext) -> None:
    """Load the internal control described in the module docstring (needs the organisation, KF
    budget, KS plan and draft-plan steps). Writes one summary line through ``ctx.write``."""
    kf, ks, utn, son = ctx.units["kf"], ctx.units["ks"], ctx.units["utn"], ctx.units["son"]
    ensure_periods(ctx.municipality, YEAR, acting_user=ctx.acting_user)
    matrix = _matrix(ctx, kf)
    ks_plan, utn_plan, kf_plan = ctx.plans["ks_2024"], ctx.plans.get("utn_2024"), ctx.plans["kf_2024"]
    _system(ctx, ks, ks_plan, KS_SYSTEM, approve=True)
    ks_risks = _risks(ctx, ks, ks_plan, matrix, ks_plan, KS_RISKS)
    ks_controls = _controls(ctx, ks, ks_risks, KS_CONTROLS)
    _results(ctx, ks_controls, KS_DEVIATIONS)
    _treat_by_control(ctx, ks_risks, KS_RISKS)
    if utn_plan is not None:
        _system(ctx, utn, utn_plan, UTN_SYSTEM, approve=False)
        utn_risks = _risks(ctx, utn, utn_plan, matrix, utn_plan, UTN_RISKS)
        _results(ctx, _controls(ctx, utn, utn_risks, UTN_CONTROLS), {})
        _treat_by_control(ctx, utn_risks, UTN_RISKS)
    _risks(ctx, son, None, matrix, kf_plan, SON_RISKS)
    ctx.write(f"  Intern kontroll {YEAR}: {ks.name} med godkänt system, {len(KS_RISKS)} risker, "
              f"{len(KS_CONTROLS)} kontrollmoment och resultat till och med tertialrapport 2; "
              f"{utn.name} och {son.name} (utan internkontrollplan) – exempeldata.")


def _matrix(ctx: DemoContext, kf) -> RiskMatrix:
    matrix = RiskMatrix.objects.filter(unit=kf, name=MATRIX_NAME).first()
    if matrix is None:
        matrix = actions.create_matrix(
            kf, name=MATRIX_NAME, acting_user=ctx.acting_user, is_example=True,
            description="Exempeldata: standardmatrisen 4 × 4 med de vanliga benämningarna för sannolikhet "
                        "och konsekvens.")
        ctx.counts["created"] += 1
    return matrix


def _system(ctx: DemoContext, unit, plan, sections: dict, *, approve: bool) -> None:
    system = ControlSystem.objects.filter(unit=unit, year=YEAR).order_by("-version").first()
    if system is None:
        system = actions.create_control_system(unit, YEAR, acting_user=ctx.acting_user, plan=plan, is_example=True,
                                               **sections)
        ctx.counts["created"] += 1
    if approve and system.status == ControlSystemStatus.DRAFT:
        actions.approve_control_system(system, acting_user=ctx.acting_user)
        ctx.counts["changed"] += 1


def _goal(plan, code: str) -> Goal:
    return Goal.objects.get(plan=plan, code=code)


def _risks(ctx: DemoContext, unit, plan, matrix, goal_plan, rows) -> dict:
    """The board's analysis and its risks (treatment *control* is set later, once the risk's
    control exists). Returns risk key → Risk."""
    analysis = RiskAnalysis.objects.filter(unit=unit, year=YEAR).first()
    if analysis is None:
        analysis = actions.create_risk_analysis(
            unit, YEAR, matrix=matrix, plan=plan, acting_user=ctx.acting_user, is_example=True,
            title=f"Väsentlighets- och riskanalys {YEAR}",
            description="Exempeldata: risker för att nämndens mål inte nås och i processerna bakom dem.")
        ctx.counts["created"] += 1
    risks = {}
    for order, (key, title, category, owner, code, process, inherent, residual, treatment, extra) in enumerate(rows):
        risk = Risk.objects.filter(analysis=analysis, title=title).first()
        if risk is None:
            values = {"category": category, "owner": owner, "goal": _goal(goal_plan, code), "process": process,
                      "inherent_likelihood": inherent[0], "inherent_consequence": inherent[1],
                      "residual_likelihood": residual[0], "residual_consequence": residual[1],
                      "sort_order": order, "is_example": True}
            if treatment == Treatment.ACCEPT:
                values.update(treatment=treatment, treatment_motivation=extra)
            elif treatment == Treatment.ACTION:
                values.update(treatment=treatment, action_activity=Activity.objects.get(
                    plan__unit=unit, plan__year=YEAR, plan__kind=PlanKind.OPERATIONAL_PLAN, title=extra))
            risk = actions.create_risk(analysis, acting_user=ctx.acting_user, title=title, **values)
            ctx.counts["created"] += 1
        risks[key] = risk
    return risks


def _controls(ctx: DemoContext, unit, risks: dict, rows) -> list[Control]:
    control_plan = ControlPlan.objects.filter(unit=unit, year=YEAR).first()
    if control_plan is None:
        control_plan = actions.create_control_plan(unit, YEAR, acting_user=ctx.acting_user, is_example=True,
                                                   title=f"Internkontrollplan {YEAR}")
        ctx.counts["created"] += 1
    controls = []
    for order, (title, risk_key, method, frequency, start, responsible, reported_in) in enumerate(rows):
        control = Control.objects.filter(control_plan=control_plan, title=title).first()
        if control is None:
            control = actions.create_control(
                control_plan, acting_user=ctx.acting_user, title=title, risk=risks[risk_key], method=method,
                frequency=frequency, start=start, end=D(YEAR, 12, 31), responsible=responsible,
                reported_in=reported_in, sort_order=order, is_example=True)
            ctx.counts["created"] += 1
        controls.append(control)
    return controls


def _results(ctx: DemoContext, controls: list[Control], deviations: dict) -> None:
    """Results of every occasion through T2: utan anmärkning unless ``deviations`` names the
    (control title, date); a deviation result gets its deviation, closed when a note is given.
    Missing results in a period no longer open go in as corrections (``LATE_REASON``)."""
    occasions = (ControlOccasion.objects.filter(control__in=controls, due__lte=T2_END)
                 .select_related("control__control_plan__unit").order_by("control_id", "due"))
    recorded = {r.occasion_id: r for r in ControlResult.objects.filter(occasion__in=occasions)}
    for occasion in occasions:
        found = deviations.get((occasion.control.title, occasion.due))
        result = recorded.get(occasion.pk)
        if result is None:
            period = actions.period_for(occasion)
            late = period is not None and period.status != PeriodStatus.OPEN
            result = actions.record_result(
                occasion, acting_user=ctx.acting_user, outcome="deviation" if found else "no_remarks",
                finding=found[0] if found else "", is_example=True, correction_reason=LATE_REASON if late else "")
            ctx.counts["created"] += 1
        if found:
            _deviation(ctx, result, found)


def _deviation(ctx: DemoContext, result: ControlResult, found: tuple) -> None:
    finding, values, closing_note = found
    deviation = result.deviations.first()
    if deviation is None:
        deviation = actions.open_deviation(result, acting_user=ctx.acting_user, finding=finding, is_example=True,
                                           **values)
        ctx.counts["created"] += 1
    if closing_note and deviation.status == DeviationStatus.OPEN:
        actions.close_deviation(deviation, acting_user=ctx.acting_user, note=closing_note)
        ctx.counts["changed"] += 1


def _treat_by_control(ctx: DemoContext, risks: dict, rows) -> None:
    """Set treatment *control* on the risks that have their control now (the rule in
    ``actions_risks``: a risk is treated by control only once a control points to it)."""
    for key, _title, _category, _owner, _code, _process, _inherent, _residual, treatment, _extra in rows:
        risk = risks[key]
        if treatment == Treatment.CONTROL and risk.treatment != Treatment.CONTROL:
            actions.update_risk(risk, acting_user=ctx.acting_user, treatment=Treatment.CONTROL)
            ctx.counts["changed"] += 1


__all__ = ["KS_CONTROLS", "KS_DEVIATIONS", "KS_RISKS", "SON_RISKS", "UTN_CONTROLS", "UTN_RISKS",
           "load_internal_control"]
