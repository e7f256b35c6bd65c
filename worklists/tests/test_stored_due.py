"""The stored due dates the worklists read stay equal to the clocks on the person's page
after each kind of write, and the back-fill command rebuilds them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from cases import services as case_services
from cases.models import Registration
from conftest import agency, committed
from kernel.actor import Actor
from kernel.worklist_sources import WorklistScope, work_items
from notifications import services as notification_services
from notifications.models import NotificationKind, RequirementBasis
from notifications.selectors import notification_clocks
from notifications.tests.helpers import convict, notification
from plans import assessments
from register import services as register_services
from register.models import AddressKind, Nominal
from rules.clocks import Clock
from visits import services as visit_services
from visits.models import HomeVisit, VisitStatus
from visits.selectors import visit_clocks
from worklists.models import StoredDue

pytestmark = pytest.mark.django_db


def open_dates(clocks: list[Clock]) -> list[tuple[str, date]]:
    return sorted((c.label, c.due_on) for c in clocks if c.is_open and c.due_on is not None)


def stored(kind: str, person: Nominal) -> list[tuple[str, date]]:
    return sorted(StoredDue.objects.filter(kind=kind, nominal=person).values_list("label", "due_on"))


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def person(police_om: User, make_person: Callable[..., Nominal], make_registration: Any, today: date) -> Nominal:
    nominal = make_person(police_om)
    make_registration(
        nominal, police_om, category=1, start_date=today - timedelta(days=300), partners=[agency("DEMO-PRB")]
    )
    return nominal


def open_notification_and_visit_clocks(person: Nominal, officer: User, today: date) -> None:
    """An index conviction (notification clocks) and a police visit schedule (visit clocks)."""
    with committed():
        convict(person, officer, today - timedelta(days=200), disposal="community")
        visit_services.set_schedule(
            actor=Actor(officer),
            nominal=person,
            values={"kind": "police"},
        )


def test_notification_due_dates_follow_every_write(police_om: User, person: Nominal, today: date) -> None:
    def check() -> list[tuple[str, date]]:
        fresh = Nominal.objects.get(pk=person.pk)
        expected = open_dates(notification_clocks(requested_by=police_om, nominal=fresh))
        assert stored("notification", person) == expected
        return expected

    assert check() == []  # no index conviction yet: no basis
    convict(person, police_om, today - timedelta(days=200), disposal="community")
    [(_, due_on)] = check()  # the initial notification, overdue
    assert due_on < today
    with committed():
        event = notification_services.record_notification(
            actor=Actor(police_om),
            nominal=person,
            values=notification(NotificationKind.INITIAL, today - timedelta(days=198)),
        )
    annual = check()
    assert annual and all(due_on > today - timedelta(days=198) for _, due_on in annual)  # the initial one is met
    with committed():
        notification_services.update_notification(
            actor=Actor(police_om),
            event=event,
            values={"notified_on": today - timedelta(days=190)},
            expected_version=event.version,
        )
    assert check() != annual
    with committed():
        register_services.add_address(
            actor=Actor(police_om),
            nominal=person,
            values={"kind": AddressKind.MAIN, "line1": "4 New Street", "town": "Demotown", "from_date": today},
        )
    assert len(check()) == 2  # the move opens a change of address clock
    fresh = Nominal.objects.get(pk=person.pk)
    with committed():
        register_services.update_nominal(
            actor=Actor(police_om),
            nominal=fresh,
            expected_version=fresh.version,
            changes={"no_fixed_abode": True, "closest_links_area": fresh.area},
        )
    check()
    with committed():
        notification_services.record_requirement(
            actor=Actor(police_om),
            nominal=person,
            values={
                "basis": RequirementBasis.CONVICTION,
                "relevant_date": today - timedelta(days=10),
                "detained_until": today - timedelta(days=2),
            },
        )
    assert check()
    registration = Registration.objects.get(nominal=person, status="active")
    with committed():
        case_services.archive(
            actor=Actor(police_om),
            registration=registration,
            archived_on=today,
            reason="Died",
            exit_basis="died",
            expected_version=registration.version,
        )
    assert stored("notification", person) == []  # no active registration: on no one's worklist


def test_home_visit_due_dates_follow_every_write(police_om: User, probation_om: User, person: Nominal) -> None:
    today = timezone.localdate()

    def check() -> list[tuple[str, date]]:
        planned = HomeVisit.objects.filter(nominal=person, status=VisitStatus.PLANNED).select_related("agency")
        expected = sorted(
            open_dates(visit_clocks(requested_by=police_om, nominal=person))
            + [(f"Planned home visit ({visit.agency.name})", visit.visit_on) for visit in planned]
        )
        assert stored("home-visit", person) == expected
        return expected

    assert check() == []
    with committed():
        visit_services.set_schedule(
            actor=Actor(police_om),
            nominal=person,
            values={"kind": "police"},
        )
    [(_, first_due)] = check()
    with committed():
        visit = visit_services.record_visit(
            actor=Actor(police_om),
            nominal=person,
            values={
                "visit_on": today - timedelta(days=5),
                "status": VisitStatus.COMPLETED,
                "purpose": "routine",
                "visitors": "DC Hale",
                "outcome": "Seen at home",
            },
        )
    [(_, after_visit)] = check()
    assert after_visit > first_due
    with committed():
        visit_services.update_visit(
            actor=Actor(police_om), visit=visit, values={"visit_on": today - timedelta(days=20)}, expected_version=1
        )
    [(_, moved_back)] = check()
    assert moved_back < after_visit
    with committed():
        # A new risk assessment: the visits follow it (plans names the kind it changes).
        assessments.record_assessment(
            actor=Actor(police_om),
            nominal=person,
            values={"tool": "oasys", "assessor": "DC Hale", "assessed_on": today, "community_public": "very_high"},
        )
    check()
    with committed():
        visit_services.set_schedule(
            actor=Actor(probation_om),
            nominal=person,
            values={
                "kind": "probation",
                "supervision_started_on": today - timedelta(days=30),
            },
        )
    assert len(check()) == 3  # police, probation's first visit and regular visits
    with committed():
        register_services.add_address(
            actor=Actor(police_om),
            nominal=person,
            values={"kind": AddressKind.MAIN, "line1": "9 Elm Road", "town": "Demotown", "from_date": today},
        )
    assert len(check()) == 4  # and the visit after the move
    with committed():
        planned = visit_services.record_visit(
            actor=Actor(police_om),
            nominal=person,
            values={"visit_on": today + timedelta(days=3), "purpose": "routine", "visitors": "DC Hale"},
        )
    assert police_om.agency is not None
    assert (f"Planned home visit ({police_om.agency.name})", today + timedelta(days=3)) in check()
    with committed():
        visit_services.update_visit(
            actor=Actor(police_om),
            visit=planned,
            values={"status": VisitStatus.COMPLETED, "visit_on": today, "visitors": "DC Hale", "outcome": "Seen"},
            expected_version=planned.version,
        )
    assert not [label for label, _ in check() if label.startswith("Planned")]


def test_stored_dates_follow_the_person_to_another_area_and_record_manager(
    users: dict[str, User], person: Nominal, today: date
) -> None:
    """Each row says whose work it is: a transfer rewrites the person's rows of every kind."""
    police_om = users["police_om"]
    open_notification_and_visit_clocks(person, police_om, today)
    rows = StoredDue.objects.filter(nominal=person)
    assert {(r.kind, r.area_id, r.record_manager_id) for r in rows} == {
        ("home-visit", person.area_id, police_om.pk),
        ("notification", person.area_id, police_om.pk),
        ("registration-review", person.area_id, police_om.pk),
    }
    kent = users["other_area_police"]
    assert kent.agency is not None
    registration = Registration.objects.get(nominal=person, status="active")
    with committed():
        case_services.transfer_ownership(
            actor=Actor(police_om),
            registration=registration,
            lead_agency=kent.agency,
            record_manager=kent,
            transferred_on=today,
            reason="Moved to Kent",
        )
    moved = StoredDue.objects.filter(nominal=person)
    assert {(r.kind, r.area_id, r.lead_agency_id, r.record_manager_id) for r in moved} == {
        ("home-visit", kent.agency.area_id, kent.agency_id, kent.pk),
        ("notification", kent.agency.area_id, kent.agency_id, kent.pk),
        ("registration-review", kent.agency.area_id, kent.agency_id, kent.pk),
    }
    theirs = WorklistScope(today=today, due_by=today + timedelta(days=14), user=kent)
    mine = WorklistScope(today=today, due_by=today + timedelta(days=14), user=police_om)
    stored_kinds = {"home-visit", "notification"}
    assert {i.kind for i in work_items(theirs) if i.nominal_id == person.pk} >= stored_kinds
    assert not [i for i in work_items(mine) if i.nominal_id == person.pk]


def test_the_worklist_reads_the_stored_dates_and_the_command_rebuilds_them(
    users: dict[str, User], person: Nominal, today: date
) -> None:
    police_om = users["police_om"]
    open_notification_and_visit_clocks(person, police_om, today)
    mine = WorklistScope(today=today, due_by=today + timedelta(days=14), user=police_om)
    area = WorklistScope(today=today, due_by=today + timedelta(days=14), area_id=person.area_id)

    def kinds(scope: WorklistScope) -> list[str]:
        found = (i.kind for i in work_items(scope) if i.nominal_id == person.pk)
        return sorted(kind for kind in found if kind in ("home-visit", "notification"))

    assert kinds(mine) == kinds(area) == ["home-visit", "notification"]
    for actor in ("probation_om", "chair", "lay_adviser"):
        theirs = WorklistScope(today=today, due_by=today + timedelta(days=14), user=users[actor])
        assert not [i for i in work_items(theirs) if i.nominal_id == person.pk]
    # Data loaded without the services (an import) has no stored dates until the back-fill.
    StoredDue.objects.all().delete()
    assert kinds(mine) == []
    call_command("refresh_due_dates", "--all")
    assert kinds(mine) == ["home-visit", "notification"]
    # A clock whose notification period has ended leaves the worklist even before a refresh.
    StoredDue.objects.filter(nominal=person, kind="notification").update(stops_after=today - timedelta(days=1))
    assert kinds(mine) == ["home-visit"]
