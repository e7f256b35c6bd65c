"""Time detained is not counted in the notification clocks (SOA 2003 s83(6), s84(5),
s85(3)-(4)): custody spells recorded through the custody services, and a detention in
hospital recorded as the person's status. The stored worklist dates follow each write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from conftest import agency, committed
from custody import services as custody_services
from custody.models import CustodySpell
from kernel.actor import Actor
from kernel.worklist_sources import WorklistScope, work_items
from notifications import services
from notifications.models import NotificationKind
from notifications.selectors import notification_clocks
from register import services as register_services
from register.models import AddressKind, CustodyStatus, Nominal
from rules.clocks import Clock, ClockStatus
from worklists.models import StoredDue

from .helpers import convict, notification

pytestmark = pytest.mark.django_db

CONVICTED = date(2024, 3, 4)
NOTIFIED = date(2024, 3, 5)  # the annual re-notification is due by 5 March 2025
TODAY = date(2025, 6, 2)
ANNUAL = "soa85.annual_notification"


@pytest.fixture
def person(police_om: User, make_person: Callable[..., Nominal], make_registration: Any) -> Nominal:
    nominal = make_person(police_om)
    make_registration(nominal, police_om, category=1, start_date=CONVICTED)
    convict(nominal, police_om, CONVICTED)
    return nominal


def notified(user: User, person: Nominal, on: date = NOTIFIED) -> None:
    with committed():
        services.record_notification(
            actor=Actor(user), nominal=person, values=notification(NotificationKind.INITIAL, on)
        )


def enter_custody(user: User, person: Nominal, on: date, captured: Any) -> CustodySpell:
    with captured(execute=True):
        return custody_services.start_custody(
            actor=Actor(user), nominal=person, prison=agency("DEMO-PRI"), reason="remand", entered_on=on
        )


def leave_custody(user: User, spell: CustodySpell, on: date, captured: Any) -> None:
    with captured(execute=True):
        custody_services.release(actor=Actor(user), spell=spell, released_on=on, kind="from_court")


def clock(user: User, person: Nominal, key: str, today: date = TODAY) -> Clock:
    fresh = Nominal.objects.get(pk=person.pk)
    [found] = [c for c in notification_clocks(requested_by=user, nominal=fresh, today=today) if c.key == key]
    return found


def test_in_custody_when_the_year_runs_out_nothing_is_due_until_release(
    police_om: User, person: Nominal, django_capture_on_commit_callbacks: Any
) -> None:
    notified(police_om, person)
    assert clock(police_om, person, ANNUAL).status == ClockStatus.OVERDUE
    spell = enter_custody(police_om, person, date(2025, 1, 10), django_capture_on_commit_callbacks)
    inside = clock(police_om, person, ANNUAL)
    assert inside.due_on is None and inside.status == ClockStatus.NOT_DUE
    assert "in custody since 10 January 2025" in inside.detail
    assert "3 days after release" in inside.detail
    leave_custody(police_om, spell, date(2025, 5, 20), django_capture_on_commit_callbacks)
    released = clock(police_om, person, ANNUAL)
    assert released.due_on == date(2025, 5, 22)  # 3 days beginning with the day of release (s85(3))
    assert released.status == ClockStatus.OVERDUE
    assert "runs on to 3 days after release" in released.detail


def test_custody_that_ended_before_the_year_ran_out_changes_nothing(
    police_om: User, person: Nominal, django_capture_on_commit_callbacks: Any
) -> None:
    notified(police_om, person)
    spell = enter_custody(police_om, person, date(2024, 6, 1), django_capture_on_commit_callbacks)
    leave_custody(police_om, spell, date(2024, 8, 1), django_capture_on_commit_callbacks)
    annual = clock(police_om, person, ANNUAL)
    assert annual.due_on == date(2025, 3, 5)
    assert annual.status == ClockStatus.OVERDUE


def test_a_year_missed_before_custody_began_stays_overdue(
    police_om: User, person: Nominal, django_capture_on_commit_callbacks: Any
) -> None:
    notified(police_om, person)
    enter_custody(police_om, person, date(2025, 3, 6), django_capture_on_commit_callbacks)
    annual = clock(police_om, person, ANNUAL)
    assert annual.due_on == date(2025, 3, 5)
    assert annual.status == ClockStatus.OVERDUE


def test_sent_to_custody_on_conviction_the_initial_notification_waits_for_release(
    police_om: User, person: Nominal, django_capture_on_commit_callbacks: Any
) -> None:
    spell = enter_custody(police_om, person, CONVICTED, django_capture_on_commit_callbacks)
    initial = clock(police_om, person, "soa83.initial_notification")
    assert initial.due_on is None and "the 3 days run from release" in initial.detail
    leave_custody(police_om, spell, date(2025, 5, 30), django_capture_on_commit_callbacks)
    assert clock(police_om, person, "soa83.initial_notification").due_on == date(2025, 6, 1)


def test_a_move_just_before_custody_waits_for_release(
    police_om: User, person: Nominal, django_capture_on_commit_callbacks: Any
) -> None:
    notified(police_om, person)
    register_services.add_address(
        actor=Actor(police_om),
        nominal=person,
        values={"kind": AddressKind.MAIN, "line1": "4 New Street", "town": "Demotown", "from_date": date(2025, 1, 9)},
    )
    assert clock(police_om, person, "soa84.change_notification").due_on == date(2025, 1, 11)
    enter_custody(police_om, person, date(2025, 1, 10), django_capture_on_commit_callbacks)
    assert clock(police_om, person, "soa84.change_notification").due_on is None


def test_detained_in_hospital_with_no_spell_recorded_has_no_date(police_om: User, person: Nominal) -> None:
    notified(police_om, person)
    fresh = Nominal.objects.get(pk=person.pk)
    register_services.update_nominal(
        actor=Actor(police_om),
        nominal=fresh,
        expected_version=fresh.version,
        changes={"custody_status": CustodyStatus.HOSPITAL},
    )
    annual = clock(police_om, person, ANNUAL)
    assert annual.due_on is None
    assert "detained in hospital now" in annual.detail
    assert "recording the detention and the release" in annual.detail


def test_the_worklist_item_goes_in_custody_and_comes_back_on_release(
    police_om: User,
    make_person: Callable[..., Nominal],
    make_registration: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    today = timezone.localdate()
    convicted = today - timedelta(days=500)
    person = make_person(police_om)
    make_registration(person, police_om, category=1, start_date=convicted)
    convict(person, police_om, convicted)
    notified(police_om, person, convicted + timedelta(days=1))
    year_end = clock(police_om, person, ANNUAL, today).due_on
    assert year_end is not None and year_end < today

    def listed() -> list[tuple[str, date]]:
        scope = WorklistScope(today=today, due_by=today + timedelta(days=30), user=police_om)
        items = [i for i in work_items(scope) if i.kind == "notification" and i.nominal_id == person.pk]
        stored = StoredDue.objects.filter(kind="notification", nominal=person)
        assert sorted(stored.values_list("label", "due_on")) == sorted((i.label, i.due_on) for i in items)
        return [(i.label, i.due_on) for i in items]

    assert listed() == [("Annual re-notification", year_end)]
    spell = enter_custody(police_om, person, year_end - timedelta(days=20), django_capture_on_commit_callbacks)
    assert listed() == []
    leave_custody(police_om, spell, today - timedelta(days=1), django_capture_on_commit_callbacks)
    # The release recorded on the custody pages starts the 3 days to notify it (s84(1)(d)),
    # with no notification recorded yet; it falls due the same day as the annual one.
    assert sorted(listed()) == [
        ("Annual re-notification", today + timedelta(days=1)),
        ("Notification of release", today + timedelta(days=1)),
    ]
