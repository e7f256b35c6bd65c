"""The policy's decisions, asked directly (the access matrix asks them through every route)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from access import policy
from accounts.models import User
from cases import services as case_services
from conftest import ACTORS, PersonMaker, Records, RegistrationMaker, agency
from kernel.actor import Actor

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def visible_kinds(user: policy.UserLike, records: Records, *, few: bool = False) -> set[str]:
    ids = set(policy.visible_nominals(user, few=few).values_list("pk", flat=True))
    return {kind for kind, person in records.people.items() if person.pk in ids}


EXPECTED_SIGHT = {
    "police_om": {"own", "partner", "archived"},
    "probation_om": {"partner", "unregistered"},
    "prison_om": {"other_agency"},
    "coordinator": {"own", "partner", "other_agency", "archived", "unregistered"},
    "chair": {"partner", "unregistered"},
    "dtc_spoc": set(),
    "lay_adviser": set(),
    "smb_member": set(),
    "auditor": set(),
    "admin": set(),
    "other_area_police": {"other_area"},
}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_which_record(actor: str, users: dict[str, User], records: Records) -> None:
    assert visible_kinds(users[actor], records) == EXPECTED_SIGHT[actor]
    # Checked person by person (a search, one person's page): the same sight.
    assert visible_kinds(users[actor], records, few=True) == EXPECTED_SIGHT[actor]
    for kind, person in records.people.items():
        assert policy.can_view_nominal(users[actor], person) == (kind in EXPECTED_SIGHT[actor])


def test_anonymous_visitors_see_nobody(records: Records) -> None:
    assert not policy.visible_nominals(AnonymousUser()).exists()
    assert not policy.works_with_people(AnonymousUser())


def test_an_inactive_user_sees_nobody(users: dict[str, User], records: Records) -> None:
    for actor in ("police_om", "coordinator"):
        users[actor].is_active = False
        assert not policy.visible_nominals(users[actor]).exists()


def test_a_caseworker_in_a_duty_to_cooperate_agency_sees_nobody(make_user: object, records: Records) -> None:
    misfiled: User = make_user("police_om", "DEMO-HSG")  # type: ignore[operator]
    assert not policy.is_caseworker(misfiled)
    assert not policy.visible_nominals(misfiled).exists()


def test_the_record_manager_sees_a_record_even_after_moving_agency(users: dict[str, User], records: Records) -> None:
    officer = users["police_om"]
    officer.agency = agency("DEMO-PRI")
    officer.save()
    seen = visible_kinds(officer, records)
    assert {"own", "archived"} <= seen  # still their record manager
    assert "partner" not in seen  # that was through DEMO police's partnership


def test_a_coordinator_without_an_agency_sees_nobody(make_user: object, records: Records) -> None:
    lost: User = make_user("coordinator", None)  # type: ignore[operator]
    assert not policy.is_coordinator(lost) and not policy.visible_nominals(lost).exists()


def test_managing_follows_the_current_registration_not_the_latest_start_date(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    """A person registered again with an earlier start date than an archived registration
    (an earlier qualifying event recorded late): the active registration decides who
    manages it, as it decides who holds the restricted sections."""
    police, probation = users["police_om"], users["probation_om"]
    person = make_person(police)
    old = make_registration(person, police, start_date=TODAY() - timedelta(days=30))
    case_services.archive(actor=Actor(police), registration=old, archived_on=TODAY(), reason="Died", exit_basis="died")
    make_registration(
        person,
        probation,
        lead_agency=agency("DEMO-PRB"),
        record_manager=probation,
        start_date=TODAY() - timedelta(days=300),
    )
    assert policy.current_registration_of(person) is not None
    assert policy.current_registration_of(person).record_manager == probation  # type: ignore[union-attr]
    assert policy.can_view_nominal(probation, person)
    assert policy.can_manage_registration(probation, person)
    assert not policy.can_manage_registration(police, person)
    assert policy.can_manage_registration(users["coordinator"], person)
