"""GET /api/risks and GET /api/controls: exact JSON, read scope (404), parameters (422),
constant query counts and the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest

from verksam.control import actions
from verksam.control.models import ControlMethod, RiskCategory

pytestmark = pytest.mark.django_db

D = dt.date
HIGH = {"label": "hög", "colour": "#c62828"}
MEDIUM = {"label": "medel", "colour": "#f9a825"}
LOW = {"label": "låg", "colour": "#2e7d32"}


@pytest.fixture
def ks_risks(ic, city):
    """The ``ic`` risk treated by its control, and a second risk treated by an action."""
    actions.update_risk(ic.risk, acting_user=city.users.ks_editor, treatment="control", process="Trygghet")
    second = actions.create_risk(
        ic.analysis, acting_user=city.users.ks_editor, title="Felaktig lönehantering", category=RiskCategory.FINANCIAL,
        owner="HR-direktören", goal=city.board_goal_2, inherent_likelihood=2, inherent_consequence=3,
        residual_likelihood=1, residual_consequence=3, treatment="action", action_activity=city.activity,
        sort_order=5, is_example=True)
    return ic.risk, second


def test_risks_of_a_board_with_cells_scores_and_treatment(client, city, ic, ks_risks):
    first, second = ks_risks
    client.force_login(city.users.ks_controller)
    response = client.get(f"/api/risks?unit={city.ks.pk}&year=2024")
    assert response.status_code == 200
    version = {"id": ic.version.pk, "matrix_id": ic.matrix.pk, "matrix": "Stadens riskmatris", "number": 1,
               "size": "4 × 4"}
    assert response.json() == [
        {
            "id": first.pk, "title": "Bristande samordning av trygghetsarbetet", "description": "",
            "category": {"code": "operational", "label": "Verksamhet"}, "owner": "Stadsdirektören",
            "process": "Trygghet",
            "goal": {"id": city.board_goal_1.pk, "code": "1.1.1",
                     "title": "Kommunstyrelsen leder stadens trygghetsarbete"},
            "kf_goal": {"id": city.area_1_1.pk, "code": "1.1", "title": "Stockholm är en tryggare stad"},
            "matrix_version": version,
            "inherent": {"likelihood": 3, "consequence": 4, "score": 12, "band": HIGH},
            "residual": None,
            "level": {"score": 12, "band": HIGH},
            "treatment": {"code": "control", "label": "Kontroll i internkontrollplanen", "motivation": "",
                          "action_activity": None},
            "controls": [ic.control.pk],
            "is_example": False,
        },
        {
            "id": second.pk, "title": "Felaktig lönehantering", "description": "",
            "category": {"code": "financial", "label": "Ekonomi"}, "owner": "HR-direktören", "process": "",
            "goal": {"id": city.board_goal_2.pk, "code": "3.5.1",
                     "title": "Kommunstyrelsen har ett hållbart medarbetarskap"},
            "kf_goal": {"id": city.area_3_5.pk, "code": "3.5", "title": "Stockholms stad är en attraktiv arbetsgivare"},
            "matrix_version": version,
            "inherent": {"likelihood": 2, "consequence": 3, "score": 6, "band": MEDIUM},
            "residual": {"likelihood": 1, "consequence": 3, "score": 3, "band": LOW},
            "level": {"score": 3, "band": LOW},
            "treatment": {"code": "action", "label": "Åtgärd i verksamhetsplanen", "motivation": "",
                          "action_activity": {"id": city.activity.pk, "title": "Leda stadens trygghetssatsning"}},
            "controls": [],
            "is_example": True,
        },
    ]


def test_a_risk_on_a_kf_goal_and_an_undecided_treatment(client, city, ic):
    analysis = actions.create_risk_analysis(city.utn, 2024, matrix=ic.matrix, acting_user=city.users.utb_editor)
    risk = actions.create_risk(analysis, acting_user=city.users.utb_editor, title="Lärarbrist",
                               category=RiskCategory.STAFF, goal=city.directions[2],
                               inherent_likelihood=2, inherent_consequence=2)
    client.force_login(city.users.utb_editor)
    (row,) = client.get(f"/api/risks?unit={city.utn.pk}&year=2024").json()
    assert row["id"] == risk.pk
    assert row["goal"] == row["kf_goal"] == {"id": city.directions[2].pk, "code": "3", "title": city.directions[2].title}
    assert row["treatment"] == {"code": "", "label": "", "motivation": "", "action_activity": None}
    assert (row["level"], row["residual"]) == ({"score": 4, "band": MEDIUM}, None)
    # Another year, or a readable unit without an analysis: an empty list.
    assert client.get(f"/api/risks?unit={city.utn.pk}&year=2025").json() == []
    assert client.get(f"/api/controls?unit={city.utn.pk}&year=2024").json() == []


def to_ms(moment: dt.datetime) -> dt.datetime:
    """``moment`` as the API writes it: ISO 8601 with milliseconds (DjangoJSONEncoder)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def test_controls_with_occasions_results_and_deviations(client, city, ic):
    april, august, december = ic.control.occasions.order_by("due")
    clean = actions.record_result(april, acting_user=city.users.ks_editor, outcome="no_remarks")
    deviating = actions.record_result(august, acting_user=city.users.ks_editor, outcome="deviation",
                                      finding="Två insatser utan uppföljning", as_of=D(2024, 9, 2))
    first = actions.open_deviation(deviating, acting_user=city.users.ks_editor, finding="Uppföljning saknas",
                                   actions="Rutinen ses över", responsible="Avdelningschef", due=D(2024, 10, 31))
    second = actions.open_deviation(deviating, acting_user=city.users.ks_editor, finding="Dokumentation saknas",
                                    responsible="Handläggare")
    actions.close_deviation(second, acting_user=city.users.ks_editor, note="Klart")
    other = actions.create_control(ic.control_plan, acting_user=city.users.ks_editor, title="Avstämning av attestlistor",
                                   method=ControlMethod.RECONCILIATION, frequency="once", start=D(2024, 6, 15),
                                   responsible="Ekonomichef", reported_in="VB", sort_order=1)
    client.force_login(city.users.ks_reader)

    response = client.get(f"/api/controls?unit={city.ks.pk}&year=2024")

    assert response.status_code == 200
    body = response.json()
    for control in body:
        for occasion in control["occasions"]:
            if occasion["result"]:
                occasion["result"]["entered_at"] = dt.datetime.fromisoformat(occasion["result"]["entered_at"])
    t1 = {"id": ic.t1.pk, "year": 2024, "kind": "T1", "kind_label": "Tertialrapport 1"}
    t2 = {"id": ic.t2.pk, "year": 2024, "kind": "T2", "kind_label": "Tertialrapport 2"}
    assert body == [
        {
            "id": ic.control.pk, "title": "Uppföljning av trygghetsinsatser", "description": "",
            "method": {"code": "review", "label": "Genomgång"}, "frequency": {"code": "tertial", "label": "Per tertial"},
            "start": "2024-01-01", "end": "2024-12-31", "responsible": "Avdelningschef trygghet",
            "reported_in": {"code": "T2", "label": "Tertialrapport 2"}, "risk": ic.risk.pk, "is_example": False,
            "occasions": [
                {"due": "2024-04-30", "deviations": [],
                 "result": {"outcome": "no_remarks", "label": "Utan anmärkning", "finding": "", "as_of": "2024-04-30",
                            "entered_at": to_ms(clean.entered_at), "period": t1}},
                {"due": "2024-08-31",
                 "result": {"outcome": "deviation", "label": "Avvikelse", "finding": "Två insatser utan uppföljning",
                            "as_of": "2024-09-02", "entered_at": to_ms(deviating.entered_at), "period": t2},
                 "deviations": [
                     {"id": first.pk, "finding": "Uppföljning saknas", "actions": "Rutinen ses över",
                      "responsible": "Avdelningschef", "due": "2024-10-31", "status": "open", "status_label": "Öppen"},
                     {"id": second.pk, "finding": "Dokumentation saknas", "actions": "", "responsible": "Handläggare",
                      "due": None, "status": "closed", "status_label": "Stängd"},
                 ]},
                {"due": "2024-12-31", "result": None, "deviations": []},
            ],
        },
        {
            "id": other.pk, "title": "Avstämning av attestlistor", "description": "",
            "method": {"code": "reconciliation", "label": "Avstämning"}, "frequency": {"code": "once", "label": "En gång"},
            "start": "2024-06-15", "end": "2024-12-31", "responsible": "Ekonomichef",
            "reported_in": {"code": "VB", "label": "Verksamhetsberättelse"}, "risk": None, "is_example": False,
            "occasions": [{"due": "2024-06-15", "result": None, "deviations": []}],
        },
    ]
    assert december.due == D(2024, 12, 31)


@pytest.mark.parametrize("path", ["risks", "controls"])
def test_a_unit_that_may_not_be_read_answers_404_like_one_that_does_not_exist(client, city, ic, path):
    message = {"detail": f"Det finns ingen enhet med id {city.ks.pk} vars internkontroll du kan läsa."}
    response = client.get(f"/api/{path}?unit={city.ks.pk}&year=2024")  # anonymous
    assert (response.status_code, response.json()) == (404, message)
    client.force_login(city.users.utb_editor)  # another board's editor
    response = client.get(f"/api/{path}?unit={city.ks.pk}&year=2024")
    assert (response.status_code, response.json()) == (404, message)
    client.force_login(city.users.nobody)
    assert client.get(f"/api/{path}?unit={city.ks.pk}&year=2024").status_code == 404
    response = client.get(f"/api/{path}?unit=999999&year=2024")
    assert (response.status_code, response.json()) == (
        404, {"detail": "Det finns ingen enhet med id 999999 vars internkontroll du kan läsa."})
    client.force_login(city.users.admin)  # administrator on KF reads everything below
    assert client.get(f"/api/{path}?unit={city.ks.pk}&year=2024").status_code == 200


@pytest.mark.parametrize("path", ["risks", "controls"])
@pytest.mark.parametrize("query, message", [
    ("year=2024", "Parametern ”unit” saknas."),
    ("unit=1", "Parametern ”year” saknas."),
    ("", "Parametern ”unit” saknas. Parametern ”year” saknas."),
    ("unit=abc&year=2024", "Parametern ”unit” måste vara ett heltal (angivet: ”abc”)."),
    ("unit=1&year=1999", "Parametern ”year” måste vara minst 2000 (angivet: ”1999”)."),
    ("unit=1&year=2101", "Parametern ”year” får vara högst 2100 (angivet: ”2101”)."),
    ("unit=0&year=2024", "Parametern ”unit” måste vara minst 1 (angivet: ”0”)."),
])
def test_missing_or_bad_parameters_answer_422_in_swedish(client, city, path, query, message):
    client.force_login(city.users.ks_controller)
    response = client.get(f"/api/{path}?{query}")
    assert (response.status_code, response.json()) == (422, {"detail": message})


def grow(ic, city, n: int):
    """``n`` more risks, each with a monthly control, a result on January and one deviation."""
    user = city.users.ks_editor
    for i in range(n):
        risk = actions.create_risk(ic.analysis, acting_user=user, title=f"Risk {i}", category="other",
                                   goal=city.board_goal_2, inherent_likelihood=1 + i % 4, inherent_consequence=2,
                                   residual_likelihood=1, residual_consequence=1)
        control = actions.create_control(ic.control_plan, acting_user=user, risk=risk, title=f"Kontroll {i}",
                                         method=ControlMethod.SAMPLE, frequency="monthly", start=D(2024, 1, 31),
                                         responsible="Controller")
        result = actions.record_result(control.occasions.order_by("due").first(), acting_user=user,
                                       outcome="deviation", finding="Fel")
        actions.open_deviation(result, acting_user=user, finding="Fel", responsible="Controller")


@pytest.mark.parametrize("n", [1, 15])
def test_both_endpoints_read_in_a_constant_number_of_queries(client, city, ic, django_assert_num_queries, n):
    grow(ic, city, n)
    client.force_login(city.users.ks_controller)
    # session, user, unit, the caller's roles, risks, control ids
    with django_assert_num_queries(6):
        risks = client.get(f"/api/risks?unit={city.ks.pk}&year=2024").json()
    # session, user, unit, the caller's roles, controls, occasions with results and periods, deviations
    with django_assert_num_queries(7):
        controls = client.get(f"/api/controls?unit={city.ks.pk}&year=2024").json()
    assert len(risks) == len(controls) == 1 + n
    assert sum(len(c["occasions"]) for c in controls) == 3 + 12 * n
    assert sum(len(o["deviations"]) for c in controls for o in c["occasions"]) == n
    assert all(r["kf_goal"]["code"] in ("1.1", "3.5") for r in risks)


def test_the_endpoints_are_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    for path in ("/api/risks", "/api/controls"):
        operation = document["paths"][path]["get"]
        assert operation["tags"] == ["Internkontroll"]
        assert [(p["name"], p["required"]) for p in operation["parameters"]] == [("unit", True), ("year", True)]
        assert set(operation["responses"]) == {"200", "404", "422"}
    schemas = document["components"]["schemas"]
    assert {"RiskOut", "ControlOut", "OccasionOut", "ResultOut", "DeviationOut"} <= set(schemas)
