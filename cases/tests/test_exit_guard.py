"""Leaving MAPPA only at the category's exit point, or on death (rules.exit_guard): the
service, the archive page and the API, for every role that may archive a record."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from cases import services
from cases.models import Registration, RegistrationStatus
from conftest import PersonMaker, RegistrationMaker, agency, error_summary
from kernel.actor import Actor
from register import services as register_services
from register.models import Nominal
from rules.dates import add_months

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate

# Every role that may archive a record, with the lead agency that lets it (access.policy:
# the co-ordinator, and anyone of the lead agency), and the caseworker who manages it.
ARCHIVERS: dict[str, tuple[str, str]] = {
    "police_om": ("DEMO-POL", "police_om"),
    "probation_om": ("DEMO-PRB", "probation_om"),
    "chair": ("DEMO-PRB", "probation_om"),
    "prison_om": ("DEMO-PRI", "prison_om"),
    "coordinator": ("DEMO-POL", "police_om"),
}


def _convicted(person: Nominal, by: User, *, disposal: str, on: date, months: int | None = None) -> None:
    register_services.add_conviction(
        actor=Actor(by),
        nominal=person,
        values={
            "offence": "Index offence",
            "conviction_date": on,
            "disposal": disposal,
            "sentence_months": months,
            "is_index_offence": True,
        },
    )


def _case(
    users: dict[str, User],
    make_person: PersonMaker,
    make_registration: RegistrationMaker,
    role: str,
    *,
    category: int = 1,
    level: int = 1,
    conviction: dict[str, Any] | None = None,
    start_date: date | None = None,
) -> tuple[User, Registration]:
    lead_code, manager_name = ARCHIVERS[role]
    manager = users[manager_name]
    person = make_person(manager, date_of_birth=date(1975, 6, 1))
    if conviction is not None:
        _convicted(person, manager, **conviction)
    registration = make_registration(
        person,
        manager,
        category=category,
        level=level,
        lead_agency=agency(lead_code),
        record_manager=manager,
        start_date=start_date or TODAY() - timedelta(days=60),
    )
    return users[role], registration


# Custody of 12 months: notification for 10 years, so five years still to run.
FIVE_YEARS_TO_RUN: dict[str, Any] = {"disposal": "custody", "on": TODAY() - timedelta(days=365 * 5), "months": 12}
# A caution three years ago: notification for 2 years, ended a year ago.
ENDED: dict[str, Any] = {"disposal": "caution", "on": TODAY() - timedelta(days=365 * 3)}


def _refused(**kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        services.archive(**kwargs)
    return refused.value.message_dict


@pytest.mark.parametrize("role", list(ARCHIVERS))
def test_a_category_1_person_cannot_leave_years_before_notification_ends(
    role: str, users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    actor, registration = _case(users, make_person, make_registration, role, conviction=FIVE_YEARS_TO_RUN)
    before = AuditEvent.objects.filter(action="registration.archive").count()
    errors = _refused(actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="Testing archive")
    message = errors["archived_on"][0]
    assert "Too early: a category 1 person leaves MAPPA when the notification period ends" in message
    ends_on = add_months(FIVE_YEARS_TO_RUN["on"], 120)
    assert f"{ends_on.day} {ends_on:%B %Y}" in message
    assert "rule exit.category_1" in message and "Seed 003" in message
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ACTIVE
    assert AuditEvent.objects.filter(action="registration.archive").count() == before


@pytest.mark.parametrize("role", list(ARCHIVERS))
def test_anyone_may_be_archived_on_death_at_any_time(
    role: str, users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    actor, registration = _case(users, make_person, make_registration, role, conviction=FIVE_YEARS_TO_RUN)
    archived = services.archive(
        actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="Died", exit_basis="died"
    )
    assert (archived.status, archived.exit_basis) == (RegistrationStatus.ARCHIVED, "died")
    event = AuditEvent.objects.filter(action="registration.archive", object_id=str(archived.pk)).get()
    assert event.detail["exit_basis"] == "died"


@pytest.mark.parametrize("role", list(ARCHIVERS))
def test_a_category_1_person_leaves_once_notification_has_ended_and_not_before(
    role: str, users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    actor, registration = _case(
        users, make_person, make_registration, role, conviction=ENDED, start_date=ENDED["on"] + timedelta(days=10)
    )
    ends_on = add_months(ENDED["on"], 24)
    early = _refused(actor=Actor(actor), registration=registration, archived_on=ends_on - timedelta(days=1), reason="x")
    assert "Too early" in early["archived_on"][0]
    archived = services.archive(
        actor=Actor(actor), registration=registration, archived_on=ends_on, reason="Notification period ended"
    )
    assert (archived.status, archived.exit_basis, archived.archived_on) == ("archived", "exit_point", ends_on)


def test_indefinite_notification_has_no_exit_point_only_death_or_discharge(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    indefinite = {"disposal": "hospital_with_restriction", "on": TODAY() - timedelta(days=400)}
    actor, registration = _case(users, make_person, make_registration, "police_om", conviction=indefinite)
    message = _refused(actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="x")["archived_on"][0]
    assert "no exit date can be computed" in message and "Indefinite notification" in message


def test_without_an_index_offence_no_exit_date_is_known_so_the_exit_is_refused(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    actor, registration = _case(users, make_person, make_registration, "police_om")
    message = _refused(actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="x")["archived_on"][0]
    assert "No index offence is recorded" in message and "rule exit.category_1" in message


@pytest.mark.parametrize("role", ["probation_om", "chair", "coordinator", "prison_om"])
def test_a_category_2_person_leaves_at_licence_expiry_and_not_before(
    role: str, users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    from custody import services as custody_services

    actor, registration = _case(users, make_person, make_registration, role, category=2)
    unknown = _refused(actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="x")
    assert "licence expiry" in unknown["archived_on"][0] and "rule exit.category_2" in unknown["archived_on"][0]
    spell = custody_services.start_custody(
        actor=Actor(users["prison_om"]),
        nominal=registration.nominal,
        prison=agency("DEMO-PRI"),
        reason="sentence",
        entered_on=TODAY() - timedelta(days=50),
        values={"sentence_date": TODAY() - timedelta(days=50), "licence_expiry_on": TODAY() + timedelta(days=90)},
    )
    early = _refused(actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="x")
    assert "Too early: a category 2 person leaves MAPPA at licence expiry" in early["archived_on"][0]
    type(spell).objects.filter(pk=spell.pk).update(licence_expiry_on=TODAY() - timedelta(days=1))
    archived = services.archive(
        actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="Licence expired"
    )
    assert archived.exit_basis == "exit_point"


@pytest.mark.parametrize("role", ["probation_om", "chair", "coordinator"])
def test_a_category_3_person_leaves_only_on_a_meetings_decision(
    role: str, users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    actor, registration = _case(users, make_person, make_registration, role, category=3, level=2)
    plan: dict[str, Any] = {"plan_agreed_on": TODAY()}
    missing = _refused(actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="x", **plan)
    assert "level 2 or 3 MAPP meeting decides" in missing["meeting_decided_on"][0]
    later = _refused(
        actor=Actor(actor),
        registration=registration,
        archived_on=TODAY() - timedelta(days=2),
        reason="x",
        meeting_decided_on=TODAY() - timedelta(days=1),
        plan_agreed_on=TODAY() - timedelta(days=2),
    )
    assert "before the meeting decided it" in later["meeting_decided_on"][0]
    archived = services.archive(
        actor=Actor(actor),
        registration=registration,
        archived_on=TODAY(),
        reason="Risk reduced: the level 2 meeting decided MAPPA management is no longer needed",
        meeting_decided_on=TODAY() - timedelta(days=1),
        **plan,
    )
    assert (archived.exit_basis, archived.exit_decided_at_meeting_on) == ("exit_point", TODAY() - timedelta(days=1))


def test_a_category_4_person_leaves_when_terrorism_notification_ends(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    sentenced = {"disposal": "custody", "on": TODAY() - timedelta(days=365 * 2), "months": 24}
    actor, registration = _case(users, make_person, make_registration, "police_om", category=4, conviction=sentenced)
    message = _refused(actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="x")["archived_on"][0]
    assert "Too early: a category 4 person leaves MAPPA when the Counter-Terrorism Act 2008" in message


def test_a_discharge_is_not_chosen_by_hand_and_the_dead_are_not_re_registered(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    actor, registration = _case(users, make_person, make_registration, "police_om", conviction=ENDED)
    by_hand = _refused(
        actor=Actor(actor),
        registration=registration,
        archived_on=TODAY(),
        reason="x",
        exit_basis="notification_discharged",
    )
    assert "Select why the person leaves MAPPA" in by_hand["exit_basis"][0]
    dead = _refused(
        actor=Actor(actor),
        registration=registration,
        archived_on=TODAY(),
        reason="x",
        exit_basis="died",
        reregister_at_level=2,
    )
    assert "has died is not re-registered" in dead["reregister_at_level"][0]


def test_reactivating_clears_why_the_person_left(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    actor, registration = _case(users, make_person, make_registration, "police_om")
    archived = services.archive(
        actor=Actor(actor), registration=registration, archived_on=TODAY(), reason="Recorded as dead", exit_basis="died"
    )
    active = services.reactivate(
        actor=Actor(actor), registration=archived, reactivated_on=TODAY(), reason="Death recorded in error"
    )
    assert (active.status, active.exit_basis) == ("active", "")


# --- The page ---------------------------------------------------------------------------------


def _form(on: date, **more: Any) -> dict[str, Any]:
    return {
        "version": "1",
        "archived_on-day": on.day,
        "archived_on-month": on.month,
        "archived_on-year": on.year,
    } | more


@pytest.mark.parametrize("role", list(ARCHIVERS))
def test_the_archive_page_shows_the_exit_point_and_refuses_an_early_exit_in_the_error_summary(
    role: str,
    users: dict[str, User],
    make_person: PersonMaker,
    make_registration: RegistrationMaker,
    signed_in: Any,
) -> None:
    actor, registration = _case(users, make_person, make_registration, role, conviction=FIVE_YEARS_TO_RUN)
    client = signed_in(actor)
    url = reverse("cases:archive", args=[registration.nominal_id])
    page = client.get(url)
    assert page.status_code == 200
    assert "Exit point (Notification ends: leaves MAPPA (category 1)): from" in page.content.decode()
    response = client.post(url, _form(TODAY(), reason="Testing archive", exit_basis="exit_point"))
    assert response.status_code == 200
    summary = error_summary(response.content)
    assert "Too early: a category 1 person leaves MAPPA" in summary["id_archived_on-day"]
    registration.refresh_from_db()
    assert registration.is_active
    died = client.post(url, _form(TODAY(), reason="Died in hospital", exit_basis="died"))
    assert died.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.exit_basis) == ("archived", "died")


def test_the_archive_page_asks_category_3_for_the_meetings_decision(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker, signed_in: Any
) -> None:
    actor, registration = _case(users, make_person, make_registration, "probation_om", category=3, level=2)
    client = signed_in(actor)
    url = reverse("cases:archive", args=[registration.nominal_id])
    today = TODAY()
    plan = {"plan_agreed_on-day": today.day, "plan_agreed_on-month": today.month, "plan_agreed_on-year": today.year}
    response = client.post(url, _form(today, reason="Risk reduced", exit_basis="exit_point", **plan))
    assert "level 2 or 3 MAPP meeting decides" in error_summary(response.content)["id_meeting_decided_on-day"]
    meeting = {
        "meeting_decided_on-day": today.day,
        "meeting_decided_on-month": today.month,
        "meeting_decided_on-year": today.year,
    }
    done = client.post(url, _form(today, reason="Risk reduced", exit_basis="exit_point", **plan, **meeting))
    assert done.status_code == 302


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(ARCHIVERS))
def test_the_api_refuses_an_early_exit_naming_the_field_and_rule_and_allows_death(
    role: str, users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker, bearer: Any
) -> None:
    actor, registration = _case(users, make_person, make_registration, role, conviction=FIVE_YEARS_TO_RUN)
    client = bearer(actor)
    url = f"/api/v1/registrations/{registration.pk}/archive/"
    early = client.post(
        url, {"archived_on": TODAY().isoformat(), "reason": "Testing archive"}, format="json", HTTP_IF_MATCH="*"
    )
    assert early.status_code == 400
    [error] = early.json()["errors"]
    assert error["field"] == "archived_on" and "rule exit.category_1" in error["message"]
    died = client.post(
        url,
        {"archived_on": TODAY().isoformat(), "reason": "Died", "exit_basis": "died"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert died.status_code == 200
    assert (died.json()["status"], died.json()["exit_basis"]) == ("archived", "died")


def test_the_schema_documents_why_a_person_leaves(bearer: Any, police_om: User) -> None:
    schema = bearer(police_om).get("/api/v1/schema/?format=json").json()
    archive = schema["components"]["schemas"]["ArchiveRequestRequest"]["properties"]
    assert {"exit_basis", "meeting_decided_on"} <= set(archive)
    assert "exit_basis" in schema["components"]["schemas"]["Registration"]["properties"]
