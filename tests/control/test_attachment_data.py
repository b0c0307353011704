"""Bilaga 5 and 6 as data: grouping per KF goal, exact scores and levels, the drawn matrix, the
reference from the plan's attachment, the system version chosen, and the constant query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.control import actions
from verksam.control.attachment_data import (
    AttachmentNotFound, attachment5_data, attachment6_data, attachment_data, filename, iter_controls, iter_risks,
)
from verksam.planning.models import Goal, GoalLevel, PlanAttachment

from tests.control.attachment_fixtures import full, grow

pytestmark = pytest.mark.django_db

SECTIONS = {
    "organisation": "Kommunstyrelsen ansvarar för att den interna kontrollen är tillräcklig.",
    "roles": "Stadsdirektören ansvarar för att system och rutiner finns.",
    "routines": "Riskanalys i oktober, internkontrollplan i december, uppföljning i T2 och VB.",
    "systems": "Verksam, ekonomisystemet och diariet.",
}


def _outline(data):
    """(group heading, [(depth, heading, [risk numbers])], [risk numbers directly under the group])."""
    return [(g["heading"], [(e["depth"], e["heading"], [r["number"] for r in e["risks"]]) for e in g["goals"]],
             [r["number"] for r in g["risks"]]) for g in data["groups"]]


def test_risks_are_grouped_under_the_kf_goals_they_threaten(city, ic):
    full(city, ic)
    data = attachment5_data(city.ks, 2024)
    assert _outline(data) == [
        ("Inriktningsmål 1 Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden.", [
            (1, "Verksamhetsområdesmål 1.1 Stockholm är en tryggare stad", []),
            (2, "Nämndmål 1.1.1 Kommunstyrelsen leder stadens trygghetsarbete", [1]),
        ], []),
        ("Inriktningsmål 3 Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder "
         "för alla.", [
            (1, "Verksamhetsområdesmål 3.5 Stockholms stad är en attraktiv arbetsgivare", []),
            (2, "Nämndmål 3.5.1 Kommunstyrelsen har ett hållbart medarbetarskap", [2]),
        ], []),
        ("Övriga risker", [], [3]),
    ]
    assert (data["risk_count"], data["control_count"]) == (3, 3)
    assert data["is_example"] is True  # risk 3 is example data


def test_each_risk_has_its_exact_scores_levels_treatment_and_controls(city, ic):
    full(city, ic)
    risks = {r["number"]: r for r in iter_risks(attachment5_data(city.ks, 2024))}
    one, two, three = risks[1], risks[2], risks[3]
    assert (one["title"], one["category_label"], one["owner"], one["process"]) == (
        "Bristande samordning av trygghetsarbetet", "Verksamhet", "Stadsdirektören", "")
    assert one["inherent"] == {"likelihood": 3, "consequence": 4, "likelihood_label": "möjlig",
                               "consequence_label": "allvarlig", "score": 12, "level": "hög", "colour": "#c62828",
                               "colour_name": "röd", "text": "3 × 4 = 12 (hög)"}
    assert (one["residual"]["score"], one["residual"]["level"], one["residual"]["text"]) == (8, "medel",
                                                                                             "2 × 4 = 8 (medel)")
    assert (one["treatment"], one["treatment_label"], one["action_activity"]["title"], one["treatment_text"]) == (
        "action", "Åtgärd i verksamhetsplanen", "Leda stadens trygghetssatsning",
        "Åtgärd i verksamhetsplanen: Leda stadens trygghetssatsning")
    assert (one["group_text"], one["goal_text"]) == (
        "1 Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden.",
        "1.1.1 Kommunstyrelsen leder stadens trygghetsarbete")
    assert [(c["number"], c["title"], c["method_label"], c["frequency_label"], c["responsible"],
             c["reported_in_label"], c["start_text"], c["end_text"]) for c in one["controls"]] == [
        (1, "Uppföljning av trygghetsinsatser", "Genomgång", "Per tertial", "Avdelningschef trygghet",
         "Tertialrapport 2", "1 januari 2024", "31 december 2024")]
    assert (two["inherent"]["text"], two["residual"]["text"], two["treatment_label"], two["process"]) == (
        "2 × 3 = 6 (medel)", "1 × 3 = 3 (låg)", "Kontroll i internkontrollplanen", "Personalprocess")
    assert [(c["number"], c["method_label"], c["frequency_label"], c["start"]) for c in two["controls"]] == [
        (2, "Stickprov", "Månadsvis", "2024-01-31")]
    assert (three["goal"], three["group_text"], three["residual"], three["treatment_text"], three["is_example"]) == (
        None, "", None, "Accepteras: Låg risk som hanteras i ordinarie verksamhet.", True)


def test_a_control_without_a_risk_is_listed_apart(city, ic):
    full(city, ic)
    data = attachment5_data(city.ks, 2024)
    assert [(c["number"], c["title"], c["risk_number"], c["reported_in_label"]) for c in data["other_controls"]] == [
        (3, "Avstämning av attestlistor", None, "Verksamhetsberättelse")]
    assert [c["number"] for c in iter_controls(data)] == [1, 2, 3]


def test_the_matrix_is_drawn_from_the_version_with_the_risks_in_their_cells(city, ic):
    full(city, ic)
    inherent, residual = attachment5_data(city.ks, 2024)["matrices"]
    assert (inherent["basis"], inherent["size_label"], inherent["caption"]) == (
        "inherent", "4 × 4", "Riskmatris – bruttorisk (före kontroll)")
    assert inherent["likelihood_labels"] == ["sannolik", "möjlig", "mindre sannolik", "osannolik"]
    assert inherent["consequence_labels"] == ["försumbar", "lindrig", "kännbar", "allvarlig"]
    grid = [[(c["score"], c["level"], c["risks"]) for c in row["cells"]] for row in inherent["rows"]]
    assert grid == [
        [(4, "medel", []), (8, "medel", []), (12, "hög", []), (16, "hög", [])],
        [(3, "låg", []), (6, "medel", []), (9, "hög", []), (12, "hög", [1])],
        [(2, "låg", []), (4, "medel", []), (6, "medel", [2]), (8, "medel", [])],
        [(1, "låg", []), (2, "låg", [3]), (3, "låg", []), (4, "medel", [])],
    ]
    assert [b["text"] for b in inherent["bands"]] == ["1–3 låg (grön)", "4–8 medel (gul)", "9–16 hög (röd)"]
    assert inherent["alt"] == (
        "Riskmatris – bruttorisk (före kontroll), 4 × 4: sannolikhet i rader från 1 osannolik till 4 sannolik, "
        "konsekvens i kolumner från 1 försumbar till 4 allvarlig. Färgband: 1–3 låg (grön), 4–8 medel (gul), "
        "9–16 hög (röd). Risk 1: sannolikhet 3 × konsekvens 4 = 12, hög. Risk 2: sannolikhet 2 × konsekvens 3 = "
        "6, medel. Risk 3: sannolikhet 1 × konsekvens 2 = 2, låg.")
    assert residual["basis"] == "residual" and residual["unplaced"] == [3]
    assert [(c["likelihood"], c["consequence"]) for row in residual["rows"] for c in row["cells"] if c["risks"]] == [
        (2, 4), (1, 3)]
    assert residual["alt"].endswith("Utan värde efter kontroll: risk 3.")


def test_an_analysis_without_risks_draws_the_empty_latest_matrix(city, ic):
    actions.delete_control(ic.control, acting_user=city.users.ks_editor)
    actions.delete_risk(ic.risk, acting_user=city.users.ks_editor)
    data = attachment5_data(city.ks, 2024)
    assert data["groups"] == [] and len(data["matrices"]) == 1
    assert data["matrices"][0]["alt"].endswith("Inga risker i matrisen.")


def test_the_heading_takes_the_reference_of_the_plans_attachment_else_the_plans(city, ic):
    data = attachment5_data(city.ks, 2024)
    assert (data["label"], data["title"], data["reference"]) == (
        "Bilaga 5", "Väsentlighets- och riskanalys med internkontrollplan 2024", "KS 2023/1237")
    PlanAttachment.objects.create(plan=city.ks_plan, number=5, reference="KS 2023/1237-1.5",
                                  title="Väsentlighets- och riskanalys och internkontrollplan VP KS 2024")
    data = attachment5_data(city.ks, 2024)
    assert (data["title"], data["reference"], data["heading"]) == (
        "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024", "KS 2023/1237-1.5",
        "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024 – Kommunstyrelsen")
    assert data["plan"] == {"id": city.ks_plan.pk, "title": "Verksamhetsplan 2024 för kommunstyrelsen",
                            "reference": "KS 2023/1237"}
    assert filename(data, "pdf") == "Bilaga-5-Riskanalys-och-internkontrollplan-2024-KS.pdf"


def test_another_board_or_year_without_an_analysis_is_not_found(city, ic):
    with pytest.raises(AttachmentNotFound) as err:
        attachment5_data(city.utn, 2024)
    assert err.value.message == "Utbildningsnämnden har ingen väsentlighets- och riskanalys för 2024."
    with pytest.raises(AttachmentNotFound):
        attachment5_data(city.ks, 2025)
    with pytest.raises(AttachmentNotFound) as err:
        attachment_data(city.ks, 2024, 7)
    assert err.value.message == "Bilaga 7 finns inte; internkontrollen har bilaga 5 och 6."


def test_bilaga_6_prints_the_latest_approved_version_else_the_draft(city):
    with pytest.raises(AttachmentNotFound) as err:
        attachment6_data(city.ks, 2024)
    assert err.value.message == "Kommunstyrelsen har inget system för internkontroll för 2024."
    first = actions.create_control_system(city.ks, 2024, plan=city.ks_plan, acting_user=city.users.ks_editor,
                                          **SECTIONS)
    draft = attachment6_data(city.ks, 2024)
    assert (draft["system"]["version"], draft["system"]["is_draft"], draft["system"]["status_label"]) == (
        1, True, "Utkast")
    actions.approve_control_system(first, acting_user=city.users.ks_controller)
    actions.create_control_system(city.ks, 2024, acting_user=city.users.ks_editor, routines="Nya rutiner i utkast")
    data = attachment6_data(city.ks, 2024)
    assert (data["system"]["version"], data["system"]["is_draft"], data["system"]["approved_by"]) == (
        1, False, "ks_controller")
    assert [(s["heading"], s["text"]) for s in data["sections"]] == [
        ("Organisation", SECTIONS["organisation"]), ("Roller och ansvar", SECTIONS["roles"]),
        ("Rutiner", SECTIONS["routines"]), ("System", SECTIONS["systems"])]
    assert (data["title"], data["reference"]) == ("System för internkontroll 2024", "KS 2023/1237")
    assert filename(data, "xlsx") == "Bilaga-6-System-för-internkontroll-2024-KS.xlsx"


def _count(city) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        data = attachment5_data(city.ks, 2024)
    return len(queries), data


def test_bilaga_5_reads_in_the_same_number_of_queries_at_two_sizes(city, ic):
    PlanAttachment.objects.create(plan=city.ks_plan, number=5, reference="KS 2023/1237-1.5", title="Bilaga 5")
    grow(city, ic, 2, 0)
    small_count, small = _count(city)
    grow(city, ic, 12, 2)
    large_count, large = _count(city)
    assert (small["risk_count"], large["risk_count"]) == (3, 15)
    assert (small["control_count"], large["control_count"]) == (3, 15)
    assert small_count == large_count == 5  # analysis, control plan, risks with goal chains, controls, attachment


def test_bilaga_6_reads_in_three_queries(city):
    actions.create_control_system(city.ks, 2024, plan=city.ks_plan, acting_user=city.users.ks_editor, **SECTIONS)
    with CaptureQueriesContext(connection) as queries:
        attachment6_data(city.ks, 2024)
    assert len(queries) == 2  # the versions (with plan and approver), the plan's attachment


def test_a_chain_deeper_than_four_goals_still_climbs_to_the_inriktningsmål(city, ic):
    unit_goal = Goal.objects.create(plan=city.ks_plan, parent=city.board_goal_1, level=GoalLevel.UNIT,
                                    code="1.1.1.1", title="Enhetsmål", owner_unit=city.ks)
    sub_goal = Goal.objects.create(plan=city.ks_plan, parent=unit_goal, level=GoalLevel.UNIT, code="1.1.1.1.1",
                                   title="Delmål", owner_unit=city.ks)
    actions.update_risk(ic.risk, acting_user=city.users.ks_editor, goal=sub_goal)
    count, data = _count(city)
    assert _outline(data) == [
        ("Inriktningsmål 1 Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden.", [
            (1, "Verksamhetsområdesmål 1.1 Stockholm är en tryggare stad", []),
            (2, "Nämndmål 1.1.1 Kommunstyrelsen leder stadens trygghetsarbete", []),
            (3, "Enhetsmål 1.1.1.1 Enhetsmål", []),
            (4, "Enhetsmål 1.1.1.1.1 Delmål", [1]),
        ], [])]
    assert count == 6  # the five, and one for the goals above the four joined
