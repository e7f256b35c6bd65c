"""Events the law says start a clock start one whether or not a notification is recorded:
a release recorded on the custody pages (SOA 2003 s84(1)(d)) and stays recorded at an
address adding up to 7 days (s84(1)(c), s84(6)). The stored due dates follow each write,
and a clock met (on time or late) leaves the worklist at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from conftest import agency, committed
from custody import services as custody_services
from kernel.actor import Actor
from kernel.person_clocks import clock_states_for, open_clocks_for
from notifications import services
from notifications.models import NotificationKind
from notifications.selectors import notification_clocks
from register import services as register_services
from register.models import Disposal, Nominal
from rules.clocks import Clock, ClockStatus
from worklists.models import StoredDue

from .helpers import convict, notification

pytestmark = pytest.mark.django_db

RELEASE = "soa84.release_notification"
STAYS = "soa84.recorded_stays"


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def person(police_om: User, make_person: Callable[..., Nominal], make_registration: Any, today: date) -> Nominal:
    """Convicted 400 days ago (a community order: 5 years), notified the next day."""
    nominal = make_person(police_om)
    convicted = today - timedelta(days=400)
    make_registration(nominal, police_om, category=1, start_date=convicted)
    convict(nominal, police_om, convicted, disposal=Disposal.OTHER)
    notify(police_om, nominal, NotificationKind.INITIAL, convicted + timedelta(days=1))
    return nominal


def notify(user: User, person: Nominal, kind: str, on: date, event_on: date | None = None) -> None:
    with committed():
        services.record_notification(actor=Actor(user), nominal=person, values=notification(kind, on, event_on))


def released(user: User, person: Nominal, entered_on: date, released_on: date) -> None:
    with committed():
        spell = custody_services.start_custody(
            actor=Actor(user), nominal=person, prison=agency("DEMO-PRI"), reason="remand", entered_on=entered_on
        )
        custody_services.release(actor=Actor(user), spell=spell, released_on=released_on, kind="from_court")


def stayed(user: User, person: Nominal, first: date, nights: int) -> None:
    with committed():
        register_services.add_address(
            actor=Actor(user),
            nominal=person,
            values={
                "kind": "secondary",
                "line1": "22 Mill Road",
                "town": "Demotown",
                "from_date": first,
                "to_date": first + timedelta(days=nights - 1),
            },
        )


def found(user: User, person: Nominal, key: str, today: date) -> list[Clock]:
    fresh = Nominal.objects.get(pk=person.pk)
    return [c for c in notification_clocks(requested_by=user, nominal=fresh, today=today) if c.key == key]


def stored(person: Nominal) -> list[tuple[str, date]]:
    return sorted(StoredDue.objects.filter(kind="notification", nominal=person).values_list("label", "due_on"))


class TestRelease:
    def test_a_recorded_release_opens_the_3_day_clock_without_any_notification(
        self, police_om: User, person: Nominal, today: date
    ) -> None:
        released(police_om, person, today - timedelta(days=60), today - timedelta(days=1))
        [clock] = found(police_om, person, RELEASE, today)
        assert clock.due_on == today + timedelta(days=1) and clock.status == ClockStatus.DUE
        assert "recorded on the custody pages" in clock.detail and "no release notification" in clock.detail
        assert ("Notification of release", today + timedelta(days=1)) in stored(person)

    def test_overdue_then_met_late_leaves_the_worklist_at_once(
        self, police_om: User, person: Nominal, today: date
    ) -> None:
        released(police_om, person, today - timedelta(days=60), today - timedelta(days=6))
        [clock] = found(police_om, person, RELEASE, today)
        assert clock.status == ClockStatus.OVERDUE
        notify(police_om, person, NotificationKind.RELEASE, today, today - timedelta(days=6))
        [clock] = found(police_om, person, RELEASE, today)
        assert (clock.status, clock.status_text) == (ClockStatus.MET_LATE, "Met 4 days late")
        assert all(label != "Notification of release" for label, _ in stored(person))
        # The one answer other apps read agrees, and lists nothing owed for it.
        assert RELEASE not in [c.key for c in open_clocks_for([person.pk], today)[person.pk]]
        assert any(
            c.key == RELEASE and c.status == ClockStatus.MET_LATE
            for c in clock_states_for([person.pk], today)[person.pk]
        )

    def test_a_release_before_the_initial_notification_starts_that_instead(
        self, police_om: User, make_person: Callable[..., Nominal], make_registration: Any, today: date
    ) -> None:
        nominal = make_person(police_om)
        convicted = today - timedelta(days=100)
        make_registration(nominal, police_om, category=1, start_date=convicted)
        convict(nominal, police_om, convicted)
        released(police_om, nominal, convicted, today - timedelta(days=1))
        assert found(police_om, nominal, RELEASE, today) == []
        [initial] = found(police_om, nominal, "soa83.initial_notification", today)
        assert initial.due_on == today + timedelta(days=1)


class TestStays:
    def test_stays_adding_up_to_7_days_within_12_months_open_the_clock(
        self, police_om: User, person: Nominal, today: date
    ) -> None:
        stayed(police_om, person, today - timedelta(days=200), 4)
        assert found(police_om, person, STAYS, today) == []  # 4 days: not yet a qualifying period
        stayed(police_om, person, today - timedelta(days=20), 3)
        [clock] = found(police_om, person, STAYS, today)
        seventh = today - timedelta(days=18)
        assert clock.due_on == seventh + timedelta(days=2) and clock.status == ClockStatus.OVERDUE
        assert "22 Mill Road" in clock.detail and "no notification of the stay" in clock.detail
        assert ("Stays that add up to 7 days", seventh + timedelta(days=2)) in stored(person)
        notify(police_om, person, NotificationKind.QUALIFYING_STAY, seventh + timedelta(days=1), seventh)
        [clock] = found(police_om, person, STAYS, today)
        assert clock.status == ClockStatus.MET
        assert all(label != "Stays that add up to 7 days" for label, _ in stored(person))

    def test_stays_more_than_12_months_apart_do_not_add_up(self, police_om: User, person: Nominal, today: date) -> None:
        stayed(police_om, person, today - timedelta(days=390), 4)
        stayed(police_om, person, today - timedelta(days=10), 3)
        assert found(police_om, person, STAYS, today) == []
