"""POST /api/v1/rules/notification-period/ exactly as API-CONTRACT.md fixes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import Role, User

from .conftest import ALL_ROLES, PEOPLE_ROLES

URL = "/api/v1/rules/notification-period/"
ADULT = "1980-01-01"
RELEVANT = "2024-03-15"


@pytest.fixture
def client_for(make_user: Callable[..., User], api_client: Callable[[User | None], Client]) -> Client:
    return api_client(make_user(Role.PROBATION_OM))


def post(client: Client, body: Any) -> Any:
    return client.post(URL, body, content_type="application/json")


def ask(client: Client, **fields: Any) -> Any:
    body = {"date_of_birth": ADULT, "relevant_date": RELEVANT} | fields
    return post(client, body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "period", "ends_on"),
    [
        # Custody: indefinite from 30 months; 10 years above 6 and below 30; 7 years at 6 or less.
        ({"disposal": "custody", "custody_months": 360}, "indefinite", None),
        ({"disposal": "custody", "custody_months": 30}, "indefinite", None),
        ({"disposal": "custody", "custody_months": 29}, "P10Y", "2034-03-15"),
        ({"disposal": "custody", "custody_months": 7}, "P10Y", "2034-03-15"),
        ({"disposal": "custody", "custody_months": 6}, "P7Y", "2031-03-15"),
        ({"disposal": "custody", "custody_months": 0}, "P7Y", "2031-03-15"),
        ({"disposal": "hospital_with_restriction"}, "indefinite", None),
        ({"disposal": "hospital_without_restriction"}, "P7Y", "2031-03-15"),
        ({"disposal": "caution"}, "P2Y", "2026-03-15"),
        ({"disposal": "conditional_discharge", "discharge_months": 18}, "P1Y6M", "2025-09-15"),
        ({"disposal": "conditional_discharge", "discharge_months": 36}, "P3Y", "2027-03-15"),
        ({"disposal": "other"}, "P5Y", "2029-03-15"),
        # Absent optional months may also be sent as null.
        ({"disposal": "caution", "custody_months": None, "discharge_months": None}, "P2Y", "2026-03-15"),
    ],
)
def test_every_disposal_for_an_adult(client_for: Client, fields: dict[str, Any], period: str, ends_on: Any) -> None:
    response = ask(client_for, **fields)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body == {"period": period, "ends_on": ends_on, "under_18": False, "basis": body["basis"]}
    assert body["basis"].startswith("Sexual Offences Act 2003 s82(1)")
    assert set(body) == {"period", "ends_on", "under_18", "basis"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "period", "ends_on"),
    [
        # s82(2) halves the 10, 7, 5 and 2 year periods, and nothing else.
        ({"disposal": "custody", "custody_months": 30}, "indefinite", None),
        ({"disposal": "custody", "custody_months": 29}, "P5Y", "2029-03-15"),
        ({"disposal": "custody", "custody_months": 7}, "P5Y", "2029-03-15"),
        ({"disposal": "custody", "custody_months": 6}, "P3Y6M", "2027-09-15"),
        ({"disposal": "hospital_with_restriction"}, "indefinite", None),
        ({"disposal": "hospital_without_restriction"}, "P3Y6M", "2027-09-15"),
        ({"disposal": "caution"}, "P1Y", "2025-03-15"),
        ({"disposal": "conditional_discharge", "discharge_months": 18}, "P1Y6M", "2025-09-15"),
        ({"disposal": "other"}, "P2Y6M", "2026-09-15"),
    ],
)
def test_every_disposal_under_18(client_for: Client, fields: dict[str, Any], period: str, ends_on: Any) -> None:
    response = ask(client_for, date_of_birth="2008-01-01", **fields)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["period"], body["ends_on"], body["under_18"]) == (period, ends_on, True)
    assert body["basis"].startswith("Sexual Offences Act 2003 s82(1)")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date_of_birth", "under_18", "period"),
    [
        ("2006-03-16", True, "P5Y"),  # 18 tomorrow: still under 18 on the relevant date
        ("2006-03-15", False, "P10Y"),  # 18th birthday on the relevant date: no longer under 18
        ("2006-03-14", False, "P10Y"),
        ("2024-03-15", True, "P5Y"),  # born on the relevant date itself
    ],
)
def test_the_18th_birthday_boundary(client_for: Client, date_of_birth: str, under_18: bool, period: str) -> None:
    response = ask(client_for, date_of_birth=date_of_birth, disposal="custody", custody_months=12)
    assert response.status_code == 200
    assert (response.json()["under_18"], response.json()["period"]) == (under_18, period)


@pytest.mark.django_db
def test_leap_day_and_month_end_follow_the_corresponding_date_rule(client_for: Client) -> None:
    body = ask(client_for, relevant_date="2024-02-29", disposal="caution").json()
    assert body["ends_on"] == "2026-02-28"
    body = ask(client_for, relevant_date="2024-08-31", disposal="conditional_discharge", discharge_months=6).json()
    assert body["ends_on"] == "2025-02-28"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (
            {"date_of_birth": "2024-03-16", "relevant_date": RELEVANT, "disposal": "caution"},
            "date_of_birth",
            "on or before relevant_date",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "custody", "custody_months": -1},
            "custody_months",
            "must not be negative",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "custody"},
            "custody_months",
            "required for a custody disposal",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "custody", "custody_months": None},
            "custody_months",
            "required for a custody disposal",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "conditional_discharge"},
            "discharge_months",
            "positive number of months",
        ),
        (
            {
                "date_of_birth": ADULT,
                "relevant_date": RELEVANT,
                "disposal": "conditional_discharge",
                "discharge_months": -3,
            },
            "discharge_months",
            "positive number of months",
        ),
        (
            {
                "date_of_birth": ADULT,
                "relevant_date": RELEVANT,
                "disposal": "conditional_discharge",
                "discharge_months": 0,
            },
            "discharge_months",
            "positive number of months",
        ),
        (
            {
                "date_of_birth": ADULT,
                "relevant_date": RELEVANT,
                "disposal": "custody",
                "custody_months": 12,
                "discharge_months": 12,
            },
            "discharge_months",
            "only to a conditional discharge",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "caution", "custody_months": 12},
            "custody_months",
            "only to a custody disposal",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "suspended_sentence"},
            "disposal",
            "must be one of: custody, hospital_with_restriction",
        ),
        ({"date_of_birth": ADULT, "relevant_date": RELEVANT}, "disposal", "required"),
        ({"relevant_date": RELEVANT, "disposal": "caution"}, "date_of_birth", "required"),
        ({"date_of_birth": ADULT, "disposal": "caution"}, "relevant_date", "required"),
        (
            {"date_of_birth": "15/03/1980", "relevant_date": RELEVANT, "disposal": "caution"},
            "date_of_birth",
            "YYYY-MM-DD",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": "2024-02-30", "disposal": "caution"},
            "relevant_date",
            "YYYY-MM-DD",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "custody", "custody_months": "ten"},
            "custody_months",
            "whole number",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "custody", "custody_months": 12.5},
            "custody_months",
            "whole number",
        ),
        (
            {"date_of_birth": ADULT, "relevant_date": "9999-06-01", "disposal": "caution"},
            "relevant_date",
            "after the year 9999",
        ),
        (
            {
                "date_of_birth": ADULT,
                "relevant_date": RELEVANT,
                "disposal": "conditional_discharge",
                "discharge_months": 10**9,
            },
            "relevant_date",
            "after the year 9999",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_the_rule(
    client_for: Client, body: dict[str, Any], field: str, words: str
) -> None:
    response = post(client_for, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(e["field"] == field and words in e["message"] for e in errors), errors
    assert all(set(e) == {"field", "message"} for e in errors)


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["not json", "[1, 2]", "null"])
def test_a_body_that_is_not_an_object_is_a_400(client_for: Client, body: str) -> None:
    response = client_for.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_access_by_role(role: str, make_user: Callable[..., User], api_client: Callable[[User | None], Client]) -> None:
    response = ask(api_client(make_user(role)), disposal="caution")
    if role in PEOPLE_ROLES:
        assert response.status_code == 200
        assert response.json()["period"] == "P2Y"
    else:
        # Signed in without access to casework: the same 404 as any route they may not use.
        assert response.status_code == 404
        assert "period" not in response.json()


@pytest.mark.django_db
def test_a_police_officer_in_a_non_case_managing_agency_is_refused(
    make_user: Callable[..., User], api_client: Callable[[User | None], Client]
) -> None:
    housing_officer = make_user(Role.POLICE_OM, agency_code="DEMO-HSG")
    assert ask(api_client(housing_officer), disposal="caution").status_code == 404


@pytest.mark.django_db
def test_signed_out_is_a_401(api_client: Callable[[User | None], Client]) -> None:
    response = ask(api_client(None), disposal="caution")
    assert response.status_code == 401
    assert response.json()["errors"][0]["field"] == "non_field_errors"


@pytest.mark.django_db
def test_an_invalid_token_is_a_401() -> None:
    response = Client(headers={"authorization": "Bearer not-a-token"}).post(
        URL, {"date_of_birth": ADULT, "relevant_date": RELEVANT, "disposal": "caution"}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_only_post_is_allowed(client_for: Client) -> None:
    assert client_for.get(URL).status_code == 405


@pytest.mark.django_db
def test_a_signed_in_session_may_use_it(make_user: Callable[..., User]) -> None:
    client = Client()
    client.force_login(make_user(Role.COORDINATOR))
    response = ask(client, disposal="other")
    assert response.status_code == 200
    assert response.json()["period"] == "P5Y"


@pytest.mark.django_db
def test_the_openapi_schema_documents_request_and_response() -> None:
    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"][URL]["post"]
    assert operation["operationId"] == "rules_notification_period"
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request_schema = schema["components"]["schemas"][request_ref.rsplit("/", 1)[1]]
    assert set(request_schema["properties"]) == {
        "date_of_birth",
        "relevant_date",
        "disposal",
        "custody_months",
        "discharge_months",
    }
    assert set(request_schema["required"]) == {"date_of_birth", "relevant_date", "disposal"}
    response_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    response_schema = schema["components"]["schemas"][response_ref.rsplit("/", 1)[1]]
    assert set(response_schema["properties"]) == {"period", "ends_on", "under_18", "basis"}
    assert response_schema["properties"]["ends_on"]["nullable"] is True
    assert {"400", "401", "404"} <= set(operation["responses"])
