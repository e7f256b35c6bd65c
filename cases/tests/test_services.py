"""MAPPA registration: category, level, lead agency, record manager, partners, history,
archive and reactivation, and the invariants the service and the database both keep."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from cases import selectors, services
from cases.models import LevelChange, PartnerAgency, PotentiallyDangerousPerson, Registration, RegistrationStatus
from conftest import PersonMaker, RegistrationMaker, agency
from kernel.actor import Actor
from kernel.errors import VersionConflict
from register.models import Nominal
from rules.reviews import next_review_due_on

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def register_kwargs(nominal: Nominal, by: User, **overrides: Any) -> dict[str, Any]:
    return {
        "actor": Actor(by),
        "nominal": nominal,
        "category": 1,
        "level": 1,
        "lead_agency": by.agency,
        "record_manager": by,
        "start_date": TODAY() - timedelta(days=20),
        "reason": "Sentenced for a qualifying offence",
    } | overrides


def refused(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.message_dict


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Registration, LevelChange, PartnerAgency, AuditEvent))


@pytest.fixture
def person(police_om: User, make_person: PersonMaker) -> Nominal:
    return make_person(police_om, date_of_birth=date(1970, 5, 5))


# --- Registering ---------------------------------------------------------------------------


def test_register_records_everything_with_the_first_level_decision(police_om: User, person: Nominal) -> None:
    started = TODAY() - timedelta(days=20)
    registration = services.register(
        **register_kwargs(
            person, police_om, category=2, level=2, partner_agencies=[agency("DEMO-PRB")], basis="continuation"
        )
    )
    registration.refresh_from_db()
    assert (registration.category, registration.level, registration.status) == (2, 2, RegistrationStatus.ACTIVE)
    assert registration.lead_agency.code == "DEMO-POL" and registration.record_manager == police_om
    assert [p.agency.code for p in registration.partners.all()] == ["DEMO-PRB"]
    assert registration.start_date == registration.last_reviewed_on == started
    assert registration.next_review_due_on == next_review_due_on(level=2, last_review_on=started)
    first = registration.level_changes.get()
    assert (first.from_level, first.to_level, first.decided_on, first.decided_by) == (None, 2, started, police_om)
    assert first.reason == "Sentenced for a qualifying offence"
    event = AuditEvent.objects.get(action="registration.create")
    assert (event.nominal_id, event.detail) == (
        person.pk,
        {"category": 2, "level": 2, "basis": "continuation", "basis_reference": ""},
    )


def test_the_lead_agency_is_not_listed_as_its_own_partner(police_om: User, person: Nominal) -> None:
    registration = services.register(**register_kwargs(person, police_om, partner_agencies=[agency("DEMO-POL")]))
    assert not registration.partners.exists()


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_next_review_follows_the_rules(police_om: User, person: Nominal, level: int) -> None:
    category = 3 if level > 1 else 1
    start = TODAY() - timedelta(days=3)
    registration = services.register(
        **register_kwargs(
            person,
            police_om,
            category=category,
            level=level,
            start_date=start,
            basis="continuation" if level > 1 else "registration",
        )
    )
    assert registration.next_review_due_on == next_review_due_on(level=level, last_review_on=start)
    assert registration.next_review_due_on == start + timedelta(weeks={1: 16, 2: 12, 3: 6}[level])


def test_category_3_at_level_1_is_refused_by_the_service(police_om: User, person: Nominal) -> None:
    before = counts()
    errors = refused(services.register, **register_kwargs(person, police_om, category=3, level=1))
    assert list(errors) == ["level"] and "Category 3" in errors["level"][0]
    assert counts() == before


def test_category_3_at_level_1_is_refused_by_the_database(police_om: User, person: Nominal) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            nominal=person,
            category=3,
            level=1,
            lead_agency=agency("DEMO-POL"),
            record_manager=police_om,
            start_date=TODAY(),
            last_reviewed_on=TODAY(),
            next_review_due_on=TODAY(),
        )


@pytest.mark.parametrize(("category", "level", "field"), [(5, 1, "category"), (0, 1, "category"), (1, 4, "level")])
def test_category_and_level_must_exist(police_om: User, person: Nominal, category: int, level: int, field: str) -> None:
    assert field in refused(services.register, **register_kwargs(person, police_om, category=category, level=level))


def test_one_active_registration_per_person_in_the_service(police_om: User, person: Nominal) -> None:
    services.register(**register_kwargs(person, police_om))
    before = counts()
    errors = refused(services.register, **register_kwargs(person, police_om, category=2))
    assert list(errors) == ["category"] and "already has an active" in errors["category"][0]
    assert counts() == before


def test_one_active_registration_per_person_in_the_database(police_om: User, person: Nominal) -> None:
    services.register(**register_kwargs(person, police_om))
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            nominal=person,
            category=2,
            level=1,
            lead_agency=agency("DEMO-POL"),
            record_manager=police_om,
            start_date=TODAY(),
            last_reviewed_on=TODAY(),
            next_review_due_on=TODAY(),
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lead_agency": None}, "lead_agency"),
        ({"lead_agency_code": "DEMO-HSG"}, "lead_agency"),
        ({"record_manager": None}, "record_manager"),
        ({"lead_agency_code": "DEMO-PRB"}, "record_manager"),  # the manager works for the police
        ({"partner_codes": ["DEMO-HSG"]}, "partner_agencies"),
        ({"start_date": date(1960, 1, 1)}, "start_date"),  # before the date of birth
        ({"start_date": date.today() + timedelta(days=2)}, "start_date"),
        ({"reason": "   "}, "reason"),
    ],
)
def test_bad_registrations_are_named_and_nothing_is_written(
    police_om: User, person: Nominal, overrides: dict[str, Any], field: str
) -> None:
    if "lead_agency_code" in overrides:
        overrides["lead_agency"] = agency(overrides.pop("lead_agency_code"))
    if "partner_codes" in overrides:
        overrides["partner_agencies"] = [agency(code) for code in overrides.pop("partner_codes")]
    before = counts()
    errors = refused(services.register, **register_kwargs(person, police_om, **overrides))
    assert field in errors
    assert counts() == before


def test_an_inactive_record_manager_is_refused(police_om: User, person: Nominal, make_user: Any) -> None:
    gone = make_user("police_om", "DEMO-POL", is_active=False)
    assert "record_manager" in refused(services.register, **register_kwargs(person, police_om, record_manager=gone))


# --- Level changes and reviews --------------------------------------------------------------


def test_a_level_change_is_history_with_date_reason_and_decider(
    police_om: User, coordinator: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, start_date=TODAY() - timedelta(days=60))
    decided = TODAY() - timedelta(days=5)
    changed = services.change_level(
        actor=Actor(coordinator),
        registration=registration,
        to_level=2,
        decided_on=decided,
        reason="Escalating risk: referred to a level 2 MAPP meeting",
        expected_version=registration.version,
        basis="emergency",
        emergency_reason="Imminent risk to a named child",
    )
    assert (changed.level, changed.version, changed.last_reviewed_on) == (2, 2, decided)
    assert changed.next_review_due_on == next_review_due_on(level=2, last_review_on=decided)
    history = list(selectors.level_history(registration=changed))
    assert [(c.from_level, c.to_level) for c in history] == [(1, 2), (None, 1)]
    latest = history[0]
    assert (latest.decided_on, latest.decided_by, latest.reason) == (
        decided,
        coordinator,
        "Escalating risk: referred to a level 2 MAPP meeting",
    )
    event = AuditEvent.objects.get(action="registration.level_change")
    assert event.actor == coordinator and event.reason == "Imminent risk to a named child"
    assert event.detail == {
        "from_level": 1,
        "to_level": 2,
        "basis": "emergency",
        "basis_reference": "",
        "next_review_due_on": changed.next_review_due_on.isoformat(),
    }


def test_a_review_that_keeps_the_level_restarts_the_clock(
    police_om: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, start_date=TODAY() - timedelta(days=100))
    reviewed = services.change_level(
        actor=Actor(police_om), registration=registration, to_level=1, decided_on=TODAY(), reason="Review"
    )
    assert reviewed.next_review_due_on == TODAY() + timedelta(weeks=16)
    assert registration.level_changes.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"to_level": 1, "category": 3}, "level"),
        ({"to_level": 4}, "level"),
        ({"decided_on": date.today() + timedelta(days=1)}, "decided_on"),
        ({"decided_on": "before_last_review"}, "decided_on"),
        ({"reason": ""}, "reason"),
    ],
)
def test_bad_level_changes_are_refused_and_nothing_is_written(
    police_om: User, person: Nominal, make_registration: RegistrationMaker, overrides: dict[str, Any], field: str
) -> None:
    category = overrides.pop("category", 2)
    registration = make_registration(person, police_om, category=category, level=2)
    if overrides.get("decided_on") == "before_last_review":
        overrides["decided_on"] = registration.last_reviewed_on - timedelta(days=1)
    kwargs = {"to_level": 3, "decided_on": TODAY(), "reason": "Because"} | overrides
    before = counts()
    errors = refused(services.change_level, actor=Actor(police_om), registration=registration, **kwargs)
    assert field in errors
    assert counts() == before
    registration.refresh_from_db()
    assert registration.level == 2


def test_a_stale_version_is_a_conflict(police_om: User, person: Nominal, make_registration: RegistrationMaker) -> None:
    registration = make_registration(person, police_om)
    services.change_level(
        actor=Actor(police_om),
        registration=registration,
        to_level=2,
        decided_on=TODAY(),
        reason="a",
        basis="emergency",
        emergency_reason="Imminent risk to a named child",
    )
    before = counts()
    with pytest.raises(VersionConflict):
        services.change_level(
            actor=Actor(police_om),
            registration=registration,
            to_level=3,
            decided_on=TODAY(),
            reason="b",
            expected_version=1,
            basis="emergency",
            emergency_reason="Imminent risk to a named child",
        )
    with pytest.raises(VersionConflict):
        services.archive(
            exit_basis="died",
            actor=Actor(police_om),
            registration=registration,
            archived_on=TODAY(),
            reason="c",
            expected_version=1,
        )
    assert counts() == before


# --- Archive and reactivate ----------------------------------------------------------------


def test_archive_keeps_everything_and_is_read_only_until_reactivated(
    police_om: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, start_date=TODAY() - timedelta(days=40))
    archived = services.archive(
        exit_basis="died",
        actor=Actor(police_om),
        registration=registration,
        archived_on=TODAY(),
        reason="Notification period ended",
    )
    assert (archived.status, archived.archived_on, archived.archive_reason) == (
        RegistrationStatus.ARCHIVED,
        TODAY(),
        "Notification period ended",
    )
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert AuditEvent.objects.filter(action="registration.archive", reason="Notification period ended").count() == 1
    # Archived is read-only: no level changes, no second archive.
    assert "registration" in refused(
        services.change_level, actor=Actor(police_om), registration=archived, to_level=2, decided_on=TODAY(), reason="x"
    )
    assert "registration" in refused(
        services.archive,
        exit_basis="died",
        actor=Actor(police_om),
        registration=archived,
        archived_on=TODAY(),
        reason="x",
    )
    assert not selectors.my_cases(requested_by=police_om).exists()


def test_archive_cannot_predate_the_registration(
    police_om: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, start_date=TODAY() - timedelta(days=5))
    errors = refused(
        services.archive,
        exit_basis="died",
        actor=Actor(police_om),
        registration=registration,
        archived_on=TODAY() - timedelta(days=6),
        reason="x",
    )
    assert list(errors) == ["archived_on"]


def test_reactivate_restarts_the_review_clock_and_notes_the_history(
    police_om: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, level=1, start_date=TODAY() - timedelta(days=300))
    archived = services.archive(
        exit_basis="died",
        actor=Actor(police_om),
        registration=registration,
        archived_on=TODAY() - timedelta(days=10),
        reason="Left",
    )
    active = services.reactivate(
        actor=Actor(police_om), registration=archived, reactivated_on=TODAY(), reason="New conviction"
    )
    assert active.status == RegistrationStatus.ACTIVE and active.archived_on is None
    assert active.next_review_due_on == next_review_due_on(level=1, last_review_on=TODAY())
    latest = selectors.level_history(registration=active).first()
    assert latest is not None and latest.reason == "Reactivated: New conviction"
    assert AuditEvent.objects.filter(action="registration.reactivate").count() == 1
    assert "registration" in refused(
        services.reactivate, actor=Actor(police_om), registration=active, reactivated_on=TODAY(), reason="again"
    )


def test_reactivate_refuses_a_second_active_registration(
    police_om: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    old = make_registration(person, police_om, start_date=TODAY() - timedelta(days=300))
    old = services.archive(
        exit_basis="died", actor=Actor(police_om), registration=old, archived_on=TODAY() - timedelta(days=9), reason="x"
    )
    make_registration(person, police_om, category=2, start_date=TODAY() - timedelta(days=5))
    before = counts()
    errors = refused(services.reactivate, actor=Actor(police_om), registration=old, reactivated_on=TODAY(), reason="y")
    assert "registration" in errors
    assert counts() == before


def test_reactivate_cannot_predate_the_archive(
    police_om: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, start_date=TODAY() - timedelta(days=30))
    archived = services.archive(
        exit_basis="died", actor=Actor(police_om), registration=registration, archived_on=TODAY(), reason="x"
    )
    errors = refused(
        services.reactivate,
        actor=Actor(police_om),
        registration=archived,
        reactivated_on=TODAY() - timedelta(days=1),
        reason="y",
    )
    assert list(errors) == ["reactivated_on"]


# --- Selectors and potentially dangerous persons ----------------------------------------------


def test_my_cases_are_the_active_registrations_i_manage_soonest_review_first(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    police = users["police_om"]
    later = make_registration(make_person(police), police, start_date=TODAY() - timedelta(days=1))
    sooner = make_registration(make_person(police), police, start_date=TODAY() - timedelta(days=50))
    make_registration(make_person(users["probation_om"]), users["probation_om"])
    assert list(selectors.my_cases(requested_by=police)) == [sooner, later]


def test_registration_form_choices_are_case_managing_agencies_and_their_staff_in_the_area(
    users: dict[str, User],
) -> None:
    police = users["police_om"]
    codes = set(selectors.lead_agency_choices(requested_by=police).values_list("code", flat=True))
    assert codes == {"DEMO-POL", "DEMO-PRB", "DEMO-PRI", "DEMO-YOT", "DEMO-MH"}
    managers = set(selectors.record_manager_choices(requested_by=police).values_list("username", flat=True))
    assert "police_om" in managers and "dtc_spoc" not in managers and "other_area_police" not in managers
    assert not selectors.lead_agency_choices(requested_by=users["lay_adviser"]).exists()


def test_a_potentially_dangerous_person_is_never_a_mappa_registration(
    police_om: User, person: Nominal, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    def record(nominal: Nominal, lead: str = "DEMO-POL") -> PotentiallyDangerousPerson:
        return services.record_pdp(
            actor=Actor(police_om),
            nominal=nominal,
            lead_agency=agency(lead),
            authorised_by="Supt. Example",
            authoriser_rank="superintendent",
            authorised_on=TODAY(),
            reason="Threats of serious harm",
        )

    pdp = record(person)
    assert pdp.nominal == person and not person.registrations.exists()
    assert AuditEvent.objects.filter(action="pdp.create", nominal_id=person.pk).count() == 1
    with pytest.raises(ValidationError) as police_lead:
        record(make_person(police_om), lead="DEMO-PRB")
    assert "lead_agency" in police_lead.value.message_dict
    registered = make_registration(make_person(police_om), police_om).nominal
    with pytest.raises(ValidationError) as under_mappa:
        record(registered)
    assert "managed under MAPPA" in under_mappa.value.message_dict["nominal"][0]
    assert PotentiallyDangerousPerson.objects.count() == 1


# --- Decisions made on a stale copy (two people at once) -------------------------------------


def test_a_level_change_cannot_slip_past_an_archive_made_meanwhile(
    police_om: User, coordinator: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    """The API takes If-Match as optional for decisions: the rules must hold on the row as it
    is when locked, not as the caller last read it."""
    registration = make_registration(person, police_om)
    stale = Registration.objects.get(pk=registration.pk)
    services.archive(
        exit_basis="died", actor=Actor(coordinator), registration=registration, archived_on=TODAY(), reason="Left"
    )
    before = counts()
    errors = refused(
        services.change_level,
        actor=Actor(police_om),
        registration=stale,
        to_level=2,
        decided_on=TODAY(),
        reason="x",
        basis="emergency",
        emergency_reason="Imminent risk to a named child",
    )
    assert "registration" in errors
    assert counts() == before
    registration.refresh_from_db()
    assert (registration.level, registration.status) == (1, RegistrationStatus.ARCHIVED)


def test_a_registration_is_not_archived_twice_from_a_stale_copy(
    police_om: User, coordinator: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, start_date=TODAY() - timedelta(days=9))
    stale = Registration.objects.get(pk=registration.pk)
    services.archive(
        exit_basis="died",
        actor=Actor(coordinator),
        registration=registration,
        archived_on=TODAY() - timedelta(days=1),
        reason="First",
    )
    before = counts()
    errors = refused(
        services.archive,
        exit_basis="died",
        actor=Actor(police_om),
        registration=stale,
        archived_on=TODAY(),
        reason="Second",
    )
    assert "registration" in errors
    assert counts() == before
    registration.refresh_from_db()
    assert (registration.archive_reason, registration.archived_on) == ("First", TODAY() - timedelta(days=1))


def test_a_registration_is_not_reactivated_twice_from_a_stale_copy(
    police_om: User, coordinator: User, person: Nominal, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(person, police_om, start_date=TODAY() - timedelta(days=9))
    archived = services.archive(
        exit_basis="died", actor=Actor(police_om), registration=registration, archived_on=TODAY(), reason="Left"
    )
    stale = Registration.objects.get(pk=archived.pk)
    services.reactivate(actor=Actor(coordinator), registration=archived, reactivated_on=TODAY(), reason="Back")
    before = counts()
    errors = refused(
        services.reactivate, actor=Actor(police_om), registration=stale, reactivated_on=TODAY(), reason="x"
    )
    assert "registration" in errors
    assert counts() == before
