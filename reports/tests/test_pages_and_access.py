"""The SMB's pages and endpoints: who sees them, what they show, and that lay advisers and
SMB members never reach a person."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from access.tests.test_access_matrix import PERSON_ROUTES, ROUTES, ROUTES_BY_NAME, send, url_for
from accounts.models import Area
from audit.models import AuditEvent
from conftest import Records
from reports.models import OnsPopulation
from reports.quarterly import quarter_bounds
from reports.selectors import latest_complete_year

pytestmark = pytest.mark.django_db

AGGREGATES_ONLY = ("lay_adviser", "smb_member")
YEAR = 2025


@pytest.mark.parametrize("actor", AGGREGATES_ONLY)
def test_every_person_route_answers_404_to_lay_advisers_and_smb_members(
    actor: str, users: dict[str, Any], records: Records, signed_in: Any
) -> None:
    """Walks every route about a person, from the resolver (as the access matrix does), with
    a real person of every kind: each answers exactly as for a person who does not exist."""
    client = signed_in(users[actor])
    problems = []
    for name in PERSON_ROUTES:
        route, resolved = ROUTES[name], ROUTES_BY_NAME[name]
        for method, *_ in route.checks:
            for kind, person in records.people.items():
                target = person if route.target == "person" else records.registrations[kind]
                if target is None:
                    continue
                response = send(client, method, url_for(resolved, target.pk), resolved.is_api)
                if response.status_code != 404:
                    problems.append(f"{method.upper()} {name} ({kind}): {response.status_code}")
    assert len(PERSON_ROUTES) >= 30
    assert problems == []


@pytest.mark.parametrize("actor", ["lay_adviser", "smb_member", "coordinator"])
def test_the_smb_reads_the_reports(actor: str, users: dict[str, Any], records: Records, signed_in: Any) -> None:
    client = signed_in(users[actor])
    annual = client.get(reverse("reports:annual"), {"area": "DEMO", "year_ending": timezone.localdate().year + 1})
    body = annual.content.decode()
    assert annual.status_code == 200
    assert "MAPPA-eligible offenders in the community on 31 March" in body
    assert "Ownrecord".upper() not in body and "Partnerrecord".upper() not in body  # aggregates only
    quarterly = client.get(reverse("reports:quarterly"), {"area": "ALL", "year_ending": YEAR, "quarter": 4})
    assert quarterly.status_code == 200
    assert quarterly.content.decode().count('<svg xmlns="http://www.w3.org/2000/svg" class="app-chart"') == 9
    assert "Home" in client.get(reverse("home")).content.decode()
    assert reverse("reports:index") in client.get(reverse("home")).content.decode()  # the Reports link


@pytest.mark.parametrize("actor", ["police_om", "probation_om", "chair", "dtc_spoc", "auditor", "admin"])
def test_practitioners_and_others_do_not_reach_the_smb_reports(
    actor: str, users: dict[str, Any], signed_in: Any
) -> None:
    client = signed_in(users[actor])
    for name in ("reports:index", "reports:annual", "reports:annual-csv", "reports:quarterly", "reports:quarterly-csv"):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get("/api/v1/reports/annual/", {"area": "DEMO", "year_ending": YEAR}).status_code == 404
    assert reverse("reports:index") not in client.get(reverse("home")).content.decode()


def test_the_annual_report_api_matches_the_page_csv_and_pdf(
    users: dict[str, Any], records: Records, signed_in: Any, bearer: Any
) -> None:
    year = latest_complete_year(timezone.localdate()) + 1  # the year under way: 31 March is ahead
    api = bearer(users["lay_adviser"]).get("/api/v1/reports/annual/", {"area": "DEMO", "year_ending": year})
    assert api.status_code == 200
    report = api.json()
    # The fixture's DEMO registrations are category 1, level 1: own, partner and
    # other_agency are still registered; the archived one has left (Kent's is elsewhere).
    assert report["snapshot"]["1"] == {"1": 3, "2": 0, "3": 0}
    assert sum(sum(levels.values()) for levels in report["snapshot"].values()) == 3
    done = bearer(users["lay_adviser"]).get("/api/v1/reports/annual/", {"area": "DEMO", "year_ending": year - 1}).json()
    assert done["snapshot"]["1"]["1"] == 0  # registered 30 days ago: after the last 31 March
    client = signed_in(users["lay_adviser"])
    csv = client.get(reverse("reports:annual-csv"), {"area": "DEMO", "year_ending": year})
    assert csv["Content-Type"].startswith("text/csv")
    assert "MAPPA-eligible offenders in the community on 31 March" in csv.content.decode()
    pdf = client.get(reverse("reports:annual-pdf"), {"area": "DEMO", "year_ending": year})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "MAPPA annual report" in text and "Level 2 and 3 offenders during the year" in text


def test_the_api_names_the_wrong_parameter(users: dict[str, Any], bearer: Any) -> None:
    client = bearer(users["smb_member"])
    missing = client.get("/api/v1/reports/annual/")
    assert missing.status_code == 400
    assert {e["field"] for e in missing.json()["errors"]} == {"area", "year_ending"}
    unknown = client.get("/api/v1/reports/annual/", {"area": "NOPE", "year_ending": YEAR})
    assert unknown.json()["errors"] == [{"field": "area", "message": "There is no area with the code NOPE"}]
    quarter = client.get("/api/v1/reports/quarterly/", {"area": "ALL", "year_ending": YEAR, "quarter": 5})
    assert quarter.status_code == 400 and quarter.json()["errors"][0]["field"] == "quarter"
    ok = client.get("/api/v1/reports/quarterly/", {"area": "ALL", "year_ending": YEAR, "quarter": 1})
    assert ok.status_code == 200 and ok.json()["start"] == "2024-04-01" and ok.json()["end"] == "2024-06-30"


def test_quarters_follow_the_reporting_year() -> None:
    assert quarter_bounds(2025, 1) == (date(2024, 4, 1), date(2024, 6, 30))
    assert quarter_bounds(2025, 3) == (date(2024, 10, 1), date(2024, 12, 31))
    assert quarter_bounds(2025, 4) == (date(2025, 1, 1), date(2025, 3, 31))


def test_the_coordinator_enters_their_areas_population_and_corrects_it(
    users: dict[str, Any], signed_in: Any, bearer: Any
) -> None:
    coordinator = users["coordinator"]
    page = signed_in(coordinator).post(
        reverse("reports:population"),
        {"area": Area.objects.get(code="DEMO").pk, "year_ending": YEAR, "population_aged_10_and_over": 250000},
    )
    assert page.status_code == 302
    row = OnsPopulation.objects.get(area__code="DEMO", year_ending=YEAR)
    assert row.population_aged_10_and_over == 250000
    assert AuditEvent.objects.filter(action="population.create").count() == 1
    # Another area is not theirs: the form refuses it, naming the field.
    kent = signed_in(coordinator).post(
        reverse("reports:population"),
        {"area": Area.objects.get(code="KEN").pk, "year_ending": YEAR, "population_aged_10_and_over": 5},
    )
    assert kent.status_code == 200 and "govuk-error-summary" in kent.content.decode()
    api = bearer(coordinator)
    got = api.get(f"/api/v1/reports/population/{row.pk}/")
    assert got.status_code == 200 and got["ETag"] == '"1"'
    assert (
        api.patch(
            f"/api/v1/reports/population/{row.pk}/", {"population_aged_10_and_over": 1}, format="json"
        ).status_code
        == 428
    )
    stale = api.patch(
        f"/api/v1/reports/population/{row.pk}/", {"population_aged_10_and_over": 1}, format="json", HTTP_IF_MATCH='"9"'
    )
    assert stale.status_code == 412
    fixed = api.patch(
        f"/api/v1/reports/population/{row.pk}/",
        {"population_aged_10_and_over": 260000},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert fixed.status_code == 200 and fixed.json()["version"] == 2
    again = api.post(
        "/api/v1/reports/population/",
        {"area": "DEMO", "year_ending": YEAR, "population_aged_10_and_over": 1},
        format="json",
    )
    assert again.status_code == 409
    bad = api.post(
        "/api/v1/reports/population/",
        {"area": "DEMO", "year_ending": YEAR + 1, "population_aged_10_and_over": 0},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "population_aged_10_and_over"
    created = api.post(
        "/api/v1/reports/population/",
        {"area": "DEMO", "year_ending": YEAR + 1, "population_aged_10_and_over": 251000},
        format="json",
        HTTP_IDEMPOTENCY_KEY="population-2026",
    )
    repeat = api.post(
        "/api/v1/reports/population/",
        {"area": "DEMO", "year_ending": YEAR + 1, "population_aged_10_and_over": 251000},
        format="json",
        HTTP_IDEMPOTENCY_KEY="population-2026",
    )
    assert created.status_code == 201 and repeat.status_code == 201 and repeat.json()["id"] == created.json()["id"]


@pytest.mark.parametrize("actor", ["police_om", "chair", "lay_adviser", "smb_member", "dtc_spoc", "auditor"])
def test_only_coordinators_and_administrators_enter_populations(
    actor: str, users: dict[str, Any], signed_in: Any
) -> None:
    assert signed_in(users[actor]).get(reverse("reports:population")).status_code == 404


def test_the_administrator_enters_any_areas_population(users: dict[str, Any], bearer: Any) -> None:
    response = bearer(users["admin"]).post(
        "/api/v1/reports/population/",
        {"area": "KEN", "year_ending": YEAR, "population_aged_10_and_over": 1_600_000},
        format="json",
    )
    assert response.status_code == 201 and response.json()["area"] == "KEN"
    assert bearer(users["coordinator"]).get("/api/v1/reports/population/").json()["count"] == 0  # not their area
