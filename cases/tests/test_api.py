"""Registration endpoints: register, read, change level, archive, reactivate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from cases.models import LevelChange, Registration, RegistrationStatus
from conftest import PersonMaker, Records, RegistrationMaker
from register.models import Nominal
from rules.reviews import next_review_due_on

pytestmark = pytest.mark.django_db

Bearer = Callable[[User | None], APIClient]
TODAY = timezone.localdate


def fields_of(response: Any) -> list[str]:
    body = response.json()
    assert set(body) == {"errors"}, body
    return [error["field"] for error in body["errors"]]


def registration_body(user: User, **overrides: Any) -> dict[str, Any]:
    return {
        "category": 2,
        "level": 2,
        "lead_agency": "DEMO-POL",
        "record_manager": user.username,
        "partner_agencies": ["DEMO-PRB"],
        "start_date": (TODAY() - timedelta(days=7)).isoformat(),
        "reason": "Convicted of wounding; level 2 for multi-agency management",
        "basis": "continuation",
    } | overrides


@pytest.fixture
def person(police_om: User, make_person: PersonMaker) -> Nominal:
    return make_person(police_om)


def register_url(nominal: Nominal) -> str:
    return f"/api/v1/nominals/{nominal.pk}/registrations/"


def test_register_answers_201_with_the_registration_and_history(
    police_om: User, bearer: Bearer, person: Nominal
) -> None:
    response = bearer(police_om).post(register_url(person), registration_body(police_om), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    start = TODAY() - timedelta(days=7)
    assert (body["nominal"], body["category"], body["level"], body["status"]) == (person.pk, 2, 2, "active")
    assert (body["lead_agency"], body["record_manager"], body["partner_agencies"]) == (
        "DEMO-POL",
        "police_om",
        ["DEMO-PRB"],
    )
    assert body["next_review_due_on"] == next_review_due_on(level=2, last_review_on=start).isoformat()
    assert body["level_history"] == [
        {
            "from_level": None,
            "to_level": 2,
            "decided_on": start.isoformat(),
            "reason": "Convicted of wounding; level 2 for multi-agency management",
            "decided_by": "police_om",
            "basis": "continuation",
            "basis_reference": "",
            "emergency_reason": "",
            "review_date_reason": "",
        }
    ]
    assert response["ETag"] == '"1"'


def test_a_retried_registration_with_the_same_key_is_not_duplicated(
    police_om: User, bearer: Bearer, person: Nominal
) -> None:
    client = bearer(police_om)
    first = client.post(register_url(person), registration_body(police_om), format="json", HTTP_IDEMPOTENCY_KEY="r1")
    retry = client.post(register_url(person), registration_body(police_om), format="json", HTTP_IDEMPOTENCY_KEY="r1")
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"]
    assert Registration.objects.count() == 1 and LevelChange.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lead_agency": "NOPE-POL"}, "lead_agency"),
        ({"lead_agency": "DEMO-HSG"}, "lead_agency"),
        ({"partner_agencies": ["NOPE-PRB"]}, "partner_agencies"),
        ({"record_manager": "nobody.at.all"}, "record_manager"),
        ({"category": 3, "level": 1}, "level"),
        ({"category": 7}, "category"),
        ({"start_date": "2999-01-01"}, "start_date"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"reason": ""}, "reason"),
    ],
)
def test_bad_registrations_are_400_naming_the_field_and_nothing_is_written(
    police_om: User, bearer: Bearer, person: Nominal, overrides: dict[str, Any], field: str
) -> None:
    events = AuditEvent.objects.count()
    response = bearer(police_om).post(register_url(person), registration_body(police_om, **overrides), format="json")
    assert response.status_code == 400
    assert field in fields_of(response)
    assert not Registration.objects.exists() and AuditEvent.objects.count() == events


def test_a_second_active_registration_is_refused(
    police_om: User, bearer: Bearer, person: Nominal, make_registration: RegistrationMaker
) -> None:
    make_registration(person, police_om)
    response = bearer(police_om).post(register_url(person), registration_body(police_om), format="json")
    assert response.status_code == 400 and fields_of(response) == ["category"]
    assert Registration.objects.count() == 1


@pytest.fixture
def registration(police_om: User, person: Nominal, make_registration: RegistrationMaker) -> Registration:
    return make_registration(person, police_om, start_date=TODAY() - timedelta(days=30))


def test_get_a_registration_with_its_etag(police_om: User, bearer: Bearer, registration: Registration) -> None:
    response = bearer(police_om).get(f"/api/v1/registrations/{registration.pk}/")
    assert response.status_code == 200 and response["ETag"] == '"1"'
    assert response.json()["id"] == registration.pk


def test_change_level(police_om: User, bearer: Bearer, registration: Registration) -> None:
    url = f"/api/v1/registrations/{registration.pk}/level/"
    body = {
        "level": 2,
        "decided_on": TODAY().isoformat(),
        "reason": "Risk has increased",
        "basis": "emergency",
        "emergency_reason": "Threats last night",
    }
    response = bearer(police_om).post(url, body, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    data = response.json()
    assert (data["level"], data["version"]) == (2, 2) and response["ETag"] == '"2"'
    assert data["next_review_due_on"] == next_review_due_on(level=2, last_review_on=TODAY()).isoformat()
    assert data["level_history"][0] == {
        "from_level": 1,
        "to_level": 2,
        "decided_on": TODAY().isoformat(),
        "reason": "Risk has increased",
        "decided_by": "police_om",
        "basis": "emergency",
        "basis_reference": "",
        "emergency_reason": "Threats last night",
        "review_date_reason": "",
    }
    stale = bearer(police_om).post(url, body | {"level": 3}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and fields_of(stale) == ["If-Match"]
    registration.refresh_from_db()
    assert registration.level == 2


def test_category_3_cannot_go_to_level_1(
    police_om: User, bearer: Bearer, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, category=3, level=2)
    response = bearer(police_om).post(
        f"/api/v1/registrations/{registration.pk}/level/",
        {"level": 1, "decided_on": TODAY().isoformat(), "reason": "Lower"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 400 and fields_of(response) == ["level"]
    registration.refresh_from_db()
    assert registration.level == 2


def test_archive_then_reactivate(police_om: User, bearer: Bearer, registration: Registration) -> None:
    client = bearer(police_om)
    archived = client.post(
        f"/api/v1/registrations/{registration.pk}/archive/",
        {"archived_on": TODAY().isoformat(), "reason": "Died", "exit_basis": "died"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert archived.status_code == 200
    assert (archived.json()["status"], archived.json()["archive_reason"]) == ("archived", "Died")
    person = client.get(f"/api/v1/nominals/{registration.nominal_id}/").json()
    assert person["registration"]["status"] == "archived" and person["next_review_due_on"] is None
    # Archived is read-only.
    refused = client.post(
        f"/api/v1/registrations/{registration.pk}/level/",
        {"level": 2, "decided_on": TODAY().isoformat(), "reason": "x"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert refused.status_code == 400 and fields_of(refused) == ["registration"]
    again = client.post(
        f"/api/v1/registrations/{registration.pk}/archive/",
        {"archived_on": TODAY().isoformat(), "reason": "again", "exit_basis": "died"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert again.status_code == 400
    reactivated = client.post(
        f"/api/v1/registrations/{registration.pk}/reactivate/",
        {"reactivated_on": TODAY().isoformat(), "reason": "Convicted again"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert reactivated.status_code == 200 and reactivated.json()["status"] == "active"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ACTIVE
    actions = list(
        AuditEvent.objects.filter(nominal_id=registration.nominal_id, action__startswith="registration.").values_list(
            "action", flat=True
        )
    )
    assert actions == ["registration.create", "registration.archive", "registration.reactivate"]


def test_a_partner_agency_sees_but_does_not_manage_the_registration(
    users: dict[str, User], bearer: Bearer, records: Records
) -> None:
    """The partner kind: led by DEMO probation, DEMO police a partner."""
    registration = records.registrations["partner"]
    assert registration is not None
    police = bearer(users["police_om"])
    assert police.get(f"/api/v1/registrations/{registration.pk}/").status_code == 200
    response = police.post(
        f"/api/v1/registrations/{registration.pk}/level/",
        {"level": 2, "decided_on": TODAY().isoformat(), "reason": "x"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.level == 1
    coordinator = bearer(users["coordinator"]).post(
        f"/api/v1/registrations/{registration.pk}/level/",
        {
            "level": 2,
            "decided_on": TODAY().isoformat(),
            "reason": "Co-ordinator's decision",
            "basis": "emergency",
            "emergency_reason": "Threats last night",
        },
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert coordinator.status_code == 200
