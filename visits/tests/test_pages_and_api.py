"""The home visit and notification pages (without JavaScript) and the API, end to end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from conftest import agency, error_summary
from kernel.actor import Actor
from notifications.models import NotificationEvent
from notifications.tests.helpers import convict, form_data
from register.models import Nominal
from visits.models import HomeVisit, VisitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(police_om: User, make_person: Callable[..., Nominal], make_registration: Any) -> Nominal:
    nominal = make_person(police_om)
    make_registration(nominal, police_om, category=1)
    convict(nominal, police_om, timezone.localdate() - timedelta(days=200))
    return nominal


@pytest.fixture
def page(police_om: User) -> Client:
    client = Client()
    client.force_login(police_om)
    return client


@pytest.fixture
def api(bearer: Callable[[User | None], APIClient], police_om: User) -> APIClient:
    return bearer(police_om)


def test_a_future_visit_marked_done_is_refused_on_the_page(page: Client, person: Nominal) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = form_data(
        {
            "visit_on": tomorrow,
            "status": "completed",
            "agency": agency("DEMO-POL").pk,
            "announced": "no",
            "purpose": "routine",
            "visitors": "DC Hale",
            "outcome": "Seen",
        }
    )
    response = page.post(f"/people/{person.pk}/visits/new/", data)
    assert response.status_code == 200
    summary = error_summary(response.content)
    assert "rule visits.done_not_in_future" in summary["id_status_0"]
    assert not HomeVisit.objects.exists()
    # The same visit as planned is accepted, then shown on the tab.
    response = page.post(f"/people/{person.pk}/visits/new/", data | {"status": "planned", "outcome": ""})
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{person.pk}/visits/"
    body = page.get(f"/people/{person.pk}/visits/").content.decode()
    assert "Planned: routine risk management visit" in body and "unannounced" in body


def test_recording_a_notification_on_the_page_updates_its_clocks(page: Client, person: Nominal) -> None:
    before = page.get(f"/people/{person.pk}/notifications/").content.decode()
    assert 'data-clock="soa83.initial_notification"' in before and "Overdue" in before
    today = timezone.localdate()
    response = page.post(
        f"/people/{person.pk}/notifications/new/",
        form_data(
            {
                "kind": "initial",
                "notified_on": today,
                "police_station": "Demotown Police Station",
                "officer": "PC 1234 Hale",
            }
        ),
    )
    assert response.status_code == 302
    after = page.get(f"/people/{person.pk}/notifications/").content.decode()
    assert 'data-clock="soa85.annual_notification"' in after
    assert "Initial notification" in after and "Demotown Police Station" in after
    views = AuditEvent.objects.filter(action="nominal.view", nominal_id=person.pk, detail__section="notifications")
    assert views.count() == 2


def test_the_visits_api_creates_once_per_idempotency_key_and_edits_with_if_match(
    api: APIClient, person: Nominal
) -> None:
    url = f"/api/v1/nominals/{person.pk}/visits/"
    body = {"visit_on": str(timezone.localdate()), "status": "planned", "visitors": "DC Hale", "announced": False}
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="visit-1")
    again = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="visit-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert HomeVisit.objects.count() == 1
    visit = first.json()
    assert visit["agency"] == "DEMO-POL" and visit["announced"] is False and first.headers["ETag"] == '"1"'
    detail = f"/api/v1/visits/{visit['id']}/"
    done = {"status": "completed", "outcome": "Seen at home", "concerns_found": True, "concerns": "Child's bike"}
    assert api.patch(detail, done, format="json").status_code == 428
    stale = api.patch(detail, done, format="json", HTTP_IF_MATCH='"7"')
    assert stale.status_code == 412 and stale.json()["errors"][0]["field"] == "If-Match"
    ok = api.patch(detail, done, format="json", HTTP_IF_MATCH=first.headers["ETag"])
    assert ok.status_code == 200 and ok.json()["status"] == VisitStatus.COMPLETED and ok.headers["ETag"] == '"2"'
    listed = api.get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["concerns"] == "Child's bike"
    assert isinstance(listed["clocks"], list)
    assert AuditEvent.objects.filter(action="home_visit.list", nominal_id=person.pk).exists()
    assert AuditEvent.objects.filter(action="home_visit.update", nominal_id=person.pk).exists()


def test_the_api_refuses_a_future_visit_marked_done_naming_the_rule(api: APIClient, person: Nominal) -> None:
    body = {
        "visit_on": str(timezone.localdate() + timedelta(days=3)),
        "status": "completed",
        "visitors": "DC Hale",
        "outcome": "Seen",
    }
    response = api.post(f"/api/v1/nominals/{person.pk}/visits/", body, format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "status" and "rule visits.done_not_in_future" in error["message"]


def test_the_notifications_api_lists_clocks_and_records_a_change(api: APIClient, person: Nominal) -> None:
    url = f"/api/v1/nominals/{person.pk}/notifications/"
    assert [c["key"] for c in api.get(url).json()["clocks"]] == ["soa83.initial_notification"]
    today = timezone.localdate()
    body = {
        "kind": "change_of_address",
        "notified_on": str(today),
        "event_on": str(today - timedelta(days=1)),
        "police_station": "Demotown Police Station",
        "officer": "PC 1234 Hale",
        "details": "Now at 4 New Street",
    }
    created = api.post(url, body, format="json")
    assert created.status_code == 201
    keys = [c["key"] for c in api.get(url).json()["clocks"]]
    assert keys == ["soa83.initial_notification", "soa84.change_notification", "soa85.annual_notification"]
    missing = api.post(url, body | {"event_on": None}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "event_on"
    assert NotificationEvent.objects.count() == 1
    detail = api.get(f"/api/v1/notifications/{created.json()['id']}/")
    assert detail.status_code == 200 and detail.headers["ETag"] == '"1"'
    assert AuditEvent.objects.filter(action="notification.view", nominal_id=person.pk).exists()


def test_an_archived_record_is_read_only_in_the_api(
    bearer: Callable[[User | None], APIClient], users: dict[str, User], person: Nominal
) -> None:
    from cases import services as case_services

    officer = users["police_om"]
    api = bearer(officer)
    created = api.post(
        f"/api/v1/nominals/{person.pk}/visits/",
        {"visit_on": str(date.today()), "status": "planned", "visitors": "DC Hale"},
        format="json",
    ).json()
    case_services.archive(
        actor=Actor(officer),
        registration=person.registrations.get(),
        archived_on=timezone.localdate(),
        reason="Died",
        exit_basis="died",
    )
    assert api.get(f"/api/v1/visits/{created['id']}/").status_code == 200
    assert (
        api.patch(f"/api/v1/visits/{created['id']}/", {"visitors": "X"}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 404
    )


def test_the_schedule_takes_its_risk_from_the_latest_assessment_on_the_page_and_in_the_api(
    page: Client, api: APIClient, police_om: User, person: Nominal
) -> None:
    """One truth: no risk is typed into the schedule; the Home visits tab and the Risk tab
    say the same thing, and with no assessment the schedule says so."""
    from plans import assessments

    scheduled = page.post(f"/people/{person.pk}/visits/schedule/new/", {"kind": "police"})
    assert scheduled.status_code == 302
    tab = page.get(f"/people/{person.pk}/visits/").content.decode()
    assert 'data-visit-risk="none"' in tab and "No risk assessment recorded" in tab
    assert "No risk assessment recorded" in page.get(f"/people/{person.pk}/risk-and-plan/").content.decode()
    [schedule] = api.get(f"/api/v1/nominals/{person.pk}/visit-schedules/").json()["results"]
    assert (schedule["risk"]["assessed"], schedule["risk"]["rosh"]) == (False, "high")
    assert "rosh" not in schedule and "assessed_on" not in schedule
    assessments.record_assessment(
        actor=Actor(police_om),
        nominal=person,
        values={"tool": "oasys", "assessor": "PO Lane", "assessed_on": date(2026, 1, 5), "community_public": "medium"},
    )
    tab = page.get(f"/people/{person.pk}/visits/").content.decode()
    assert 'data-visit-risk="medium"' in tab and "Medium risk of serious harm" in tab
    assert "Police home visit (medium RoSH)" in tab
    [schedule] = api.get(f"/api/v1/nominals/{person.pk}/visit-schedules/").json()["results"]
    assert schedule["risk"] | {"summary": ""} == {
        "rosh": "medium",
        "assessed": True,
        "basis": "OASys (risk of serious harm)",
        "as_of": "2026-01-05",
        "summary": "",
    }
    refused = api.post(
        f"/api/v1/nominals/{person.pk}/visit-schedules/", {"kind": "probation", "rosh": "low"}, format="json"
    )
    assert refused.status_code == 201 and "risk" in refused.json()  # a typed risk is not read
