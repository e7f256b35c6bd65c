"""MAPPA registration pages: the registration tab, register, change level, archive, reactivate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases.models import Registration, RegistrationStatus
from cases.services import CATEGORY_3_RULE
from conftest import PersonMaker, Records, RegistrationMaker, agency, error_summary
from register.models import Nominal

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User | None], Client]
TODAY = timezone.localdate


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def register_form(user: User, **overrides: Any) -> dict[str, Any]:
    return (
        {
            "category": "2",
            "level": "2",
            "lead_agency": str(user.agency_id),
            "record_manager": str(user.pk),
            "partner_agencies": [str(agency("DEMO-PRB").pk)],
            "reason": "Violent offence; multi-agency management needed",
            "basis": "emergency",
            "emergency_reason": "Released today with no referral possible in time",
        }
        | date_fields("start_date", TODAY() - timedelta(days=3))
        | overrides
    )


@pytest.fixture
def person(police_om: User, make_person: PersonMaker) -> Nominal:
    return make_person(police_om, family_name="Underwood")


def test_an_unregistered_person_can_be_registered(police_om: User, signed_in: SignedIn, person: Nominal) -> None:
    client = signed_in(police_om)
    tab = client.get(reverse("cases:registration", args=[person.pk])).content.decode()
    assert "Not registered for MAPPA." in tab and reverse("cases:register", args=[person.pk]) in tab
    form = client.get(reverse("cases:register", args=[person.pk])).content.decode()
    assert "Demonstration area Police" in form and "Demonstration area Housing" not in form
    response = client.post(reverse("cases:register", args=[person.pk]), register_form(police_om))
    assert response.status_code == 302 and response["Location"] == reverse("cases:registration", args=[person.pk])
    registration = Registration.objects.get(nominal=person)
    assert (registration.category, registration.level) == (2, 2)
    assert [p.agency.code for p in registration.partners.all()] == ["DEMO-PRB"]
    tab = client.get(response["Location"]).content.decode()
    assert "MAPPA registration recorded" in tab
    assert "Registered at level 2" in tab and "Violent offence; multi-agency management needed" in tab
    assert "Probation Service, Demonstration area" in tab  # the partner agency


def test_category_3_at_level_1_gets_the_error_summary_and_nothing_is_written(
    police_om: User, signed_in: SignedIn, person: Nominal
) -> None:
    response = signed_in(police_om).post(
        reverse("cases:register", args=[person.pk]), register_form(police_om, category="3", level="1")
    )
    assert response.status_code == 200
    assert error_summary(response.content) == {"id_level_0": CATEGORY_3_RULE}
    assert not Registration.objects.exists()


def test_an_agency_outside_the_choices_is_refused(police_om: User, signed_in: SignedIn, person: Nominal) -> None:
    response = signed_in(police_om).post(
        reverse("cases:register", args=[person.pk]), register_form(police_om, lead_agency=str(agency("KEN-POL").pk))
    )
    assert error_summary(response.content) == {"id_lead_agency": "Select a known lead agency"}
    assert not Registration.objects.exists()


def test_a_second_active_registration_is_refused_on_the_page(
    police_om: User, signed_in: SignedIn, person: Nominal, make_registration: RegistrationMaker
) -> None:
    make_registration(person, police_om)
    response = signed_in(police_om).post(reverse("cases:register", args=[person.pk]), register_form(police_om))
    assert error_summary(response.content) == {
        "id_category_0": "This person already has an active MAPPA registration: one at a time"
    }
    assert Registration.objects.count() == 1


@pytest.fixture
def registration(police_om: User, person: Nominal, make_registration: RegistrationMaker) -> Registration:
    return make_registration(person, police_om, start_date=TODAY() - timedelta(days=20))


def test_change_level_with_a_reason(
    police_om: User, signed_in: SignedIn, person: Nominal, registration: Registration
) -> None:
    client = signed_in(police_om)
    page = client.get(reverse("cases:change-level", args=[person.pk])).content.decode()
    assert 'name="version" value="1"' in page
    missing = client.post(
        reverse("cases:change-level", args=[person.pk]),
        {"level": "2", "version": "1"} | date_fields("decided_on", TODAY()),
    )
    assert error_summary(missing.content) == {"id_reason": "Enter the reason for the decision"}
    response = client.post(
        reverse("cases:change-level", args=[person.pk]),
        {"level": "3", "reason": "Imminent risk", "version": "1", "basis": "emergency", "emergency_reason": "Threats"}
        | date_fields("decided_on", TODAY()),
    )
    assert response.status_code == 302
    tab = client.get(reverse("cases:registration", args=[person.pk])).content.decode()
    assert "Level 1 to level 3" in tab and "Imminent risk" in tab and police_om.display_name in tab
    registration.refresh_from_db()
    assert registration.level == 3


def test_a_stale_level_change_shows_the_conflict(
    users: dict[str, User], signed_in: SignedIn, person: Nominal, registration: Registration
) -> None:
    form = {"level": "2", "reason": "Mine", "version": "1", "basis": "emergency", "emergency_reason": "Threats"}
    form |= date_fields("decided_on", TODAY())
    signed_in(users["coordinator"]).post(reverse("cases:change-level", args=[person.pk]), form | {"level": "3"})
    response = signed_in(users["police_om"]).post(reverse("cases:change-level", args=[person.pk]), form)
    assert response.status_code == 200 and "Someone else changed this registration" in response.content.decode()
    registration.refresh_from_db()
    assert (registration.level, registration.version) == (3, 2)


def test_archive_then_reactivate_through_the_pages(
    police_om: User, signed_in: SignedIn, person: Nominal, registration: Registration
) -> None:
    client = signed_in(police_om)
    response = client.post(
        reverse("cases:archive", args=[person.pk]),
        {"reason": "Died", "exit_basis": "died", "version": "1"} | date_fields("archived_on", TODAY()),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ARCHIVED
    tab = client.get(reverse("cases:registration", args=[person.pk])).content.decode()
    assert "Archived" in tab and "Died" in tab
    assert reverse("cases:reactivate", args=[person.pk]) in tab
    assert reverse("cases:change-level", args=[person.pk]) not in tab
    # Archived is read-only: the level and archive pages are gone.
    assert client.get(reverse("cases:change-level", args=[person.pk])).status_code == 404
    assert client.get(reverse("cases:archive", args=[person.pk])).status_code == 404
    response = client.post(
        reverse("cases:reactivate", args=[person.pk]),
        {"reason": "Further conviction"} | date_fields("reactivated_on", TODAY()),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ACTIVE
    assert client.get(reverse("cases:reactivate", args=[person.pk])).status_code == 404


def test_a_partner_agency_sees_the_registration_but_not_the_buttons(
    users: dict[str, User], signed_in: SignedIn, records: Records
) -> None:
    partner = records.people["partner"]
    tab = signed_in(users["police_om"]).get(reverse("cases:registration", args=[partner.pk])).content.decode()
    assert "Probation Service, Demonstration area" in tab
    assert reverse("cases:change-level", args=[partner.pk]) not in tab
    assert reverse("cases:archive", args=[partner.pk]) not in tab


def test_every_problem_with_a_registration_is_reported_at_once(
    police_om: User, signed_in: SignedIn, person: Nominal
) -> None:
    response = signed_in(police_om).post(
        reverse("cases:register", args=[person.pk]), register_form(police_om, category="3", level="1", reason="")
    )
    assert error_summary(response.content) == {
        "id_level_0": CATEGORY_3_RULE,
        "id_reason": "Enter the reason for the registration and level",
    }
    assert not Registration.objects.exists()
