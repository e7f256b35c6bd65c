"""The notification clocks computed from recorded notifications, requirements and moves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.models import User
from kernel.actor import Actor
from notifications import services
from notifications.models import NotificationKind, RequirementBasis
from notifications.selectors import notification_clocks
from register import services as register_services
from register.models import AddressKind, Nominal
from rules.clocks import Clock, ClockStatus

from .helpers import convict, notification

pytestmark = pytest.mark.django_db

CONVICTED = date(2024, 3, 4)  # a Monday
TODAY = date(2025, 1, 10)


def by_key(clocks: list[Clock]) -> dict[str, list[Clock]]:
    found: dict[str, list[Clock]] = {}
    for clock in clocks:
        found.setdefault(clock.key, []).append(clock)
    return found


@pytest.fixture
def person(police_om: User, make_person: Callable[..., Nominal], make_registration: Any) -> Nominal:
    nominal = make_person(police_om)
    make_registration(nominal, police_om, category=1, start_date=CONVICTED)
    convict(nominal, police_om, CONVICTED)
    return nominal


def clocks(user: User, nominal: Nominal, today: date = TODAY) -> list[Clock]:
    return notification_clocks(requested_by=user, nominal=nominal, today=today)


def test_without_a_notification_the_initial_one_is_overdue(police_om: User, person: Nominal) -> None:
    result = clocks(police_om, person)
    assert [c.key for c in result] == ["soa83.initial_notification"]
    initial = result[0]
    assert initial.due_on == CONVICTED + timedelta(days=2)  # 3 days beginning with the conviction
    assert initial.status == ClockStatus.OVERDUE
    assert "index conviction" in initial.detail


def test_recorded_notifications_meet_the_initial_clock_and_start_the_annual_one(
    police_om: User, person: Nominal
) -> None:
    services.record_notification(
        actor=Actor(police_om),
        nominal=person,
        values=notification(NotificationKind.INITIAL, CONVICTED + timedelta(days=4)),
    )
    found = by_key(clocks(police_om, person))
    initial = found["soa83.initial_notification"][0]
    assert initial.status == ClockStatus.MET_LATE and initial.status_text == "Met 2 days late"
    assert "met 2 days late" in initial.detail
    annual = found["soa85.annual_notification"][0]
    assert annual.due_on == date(2025, 3, 8)  # one year after the last notification
    assert annual.status == ClockStatus.NOT_DUE


def test_a_change_of_address_restarts_the_annual_clock(police_om: User, person: Nominal) -> None:
    services.record_notification(
        actor=Actor(police_om), nominal=person, values=notification(NotificationKind.INITIAL, date(2024, 3, 5))
    )
    services.record_notification(
        actor=Actor(police_om),
        nominal=person,
        values=notification(NotificationKind.CHANGE_OF_ADDRESS, date(2024, 9, 3), date(2024, 9, 1)),
    )
    found = by_key(clocks(police_om, person))
    change = found["soa84.change_notification"][0]
    assert change.due_on == date(2024, 9, 3) and change.status == ClockStatus.MET
    assert found["soa85.annual_notification"][0].due_on == date(2025, 9, 3)


def test_a_move_on_the_register_without_a_notification_opens_a_change_clock(police_om: User, person: Nominal) -> None:
    register_services.add_address(
        actor=Actor(police_om),
        nominal=person,
        values={"kind": AddressKind.MAIN, "line1": "4 New Street", "town": "Demotown", "from_date": date(2025, 1, 6)},
    )
    moves = [c for c in clocks(police_om, person) if c.key == "soa84.change_notification"]
    assert len(moves) == 1
    assert moves[0].due_on == date(2025, 1, 8) and moves[0].status == ClockStatus.OVERDUE
    assert "4 New Street" in moves[0].detail
    # Notifying that move closes it.
    services.record_notification(
        actor=Actor(police_om),
        nominal=person,
        values=notification(NotificationKind.CHANGE_OF_ADDRESS, date(2025, 1, 9), date(2025, 1, 6)),
    )
    moves = [c for c in clocks(police_om, person) if c.key == "soa84.change_notification"]
    assert [c.status for c in moves] == [ClockStatus.MET_LATE]
    assert "met 1 day late" in moves[0].detail


def test_no_fixed_abode_re_notifies_weekly(police_om: User, person: Nominal) -> None:
    register_services.update_nominal(
        actor=Actor(police_om),
        nominal=person,
        expected_version=person.version,
        changes={"no_fixed_abode": True, "closest_links_area": person.area},
    )
    services.record_notification(
        actor=Actor(police_om), nominal=person, values=notification(NotificationKind.WEEKLY, date(2025, 1, 6))
    )
    weekly = by_key(clocks(police_om, Nominal.objects.get(pk=person.pk)))["soa85.weekly_notification"][0]
    assert weekly.due_on == date(2025, 1, 13)
    assert weekly.status == ClockStatus.DUE


def test_detained_on_the_relevant_date_the_three_days_run_from_release(police_om: User, person: Nominal) -> None:
    services.record_requirement(
        actor=Actor(police_om),
        nominal=person,
        values={"basis": RequirementBasis.CONVICTION, "relevant_date": CONVICTED, "detained_until": date(2025, 1, 2)},
    )
    initial = clocks(police_om, person)[0]
    assert initial.due_on == date(2025, 1, 4)
    assert "detained or abroad until 2 January 2025" in initial.detail


def test_foreign_travel_does_not_restart_the_period(police_om: User, person: Nominal) -> None:
    services.record_notification(
        actor=Actor(police_om), nominal=person, values=notification(NotificationKind.INITIAL, date(2024, 3, 5))
    )
    services.record_notification(
        actor=Actor(police_om),
        nominal=person,
        values=notification(NotificationKind.FOREIGN_TRAVEL, date(2024, 6, 1), date(2024, 6, 20), details="Spain"),
    )
    assert by_key(clocks(police_om, person))["soa85.annual_notification"][0].due_on == date(2025, 3, 5)


def test_an_ended_requirement_runs_no_clock_its_clocks_end(
    police_om: User, make_person: Callable[..., Nominal]
) -> None:
    nominal = make_person(police_om)
    services.record_requirement(
        actor=Actor(police_om),
        nominal=nominal,
        values={
            "basis": RequirementBasis.NOTIFICATION_ORDER,
            "relevant_date": date(2020, 1, 1),
            "subject_until": date(2024, 12, 31),
        },
    )
    # The initial notification was never made: it ended, unmet, the day after the last day subject.
    [ended] = clocks(police_om, nominal)
    assert ended.key == "soa83.initial_notification" and ended.status == ClockStatus.ENDED
    assert ended.ended_on == date(2025, 1, 1) and not ended.is_open
    assert "Notification ended on 31 December 2024" in ended.detail
    [running] = clocks(police_om, nominal, today=date(2024, 12, 31))
    assert running.key == "soa83.initial_notification" and running.status == ClockStatus.OVERDUE


def test_someone_who_cannot_see_the_person_gets_404(users: dict[str, User], person: Nominal) -> None:
    for actor in ("probation_om", "prison_om", "dtc_spoc", "lay_adviser", "other_area_police", "auditor"):
        with pytest.raises(Http404):
            clocks(users[actor], person)
    assert clocks(users["coordinator"], person)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (notification(NotificationKind.INITIAL, date(2999, 1, 1)), "notified_on", "must be today or in the past"),
        (notification(NotificationKind.CHANGE_OF_ADDRESS, date(2024, 5, 1)), "event_on", "rule soa84"),
        (notification(NotificationKind.ANNUAL, date(2024, 5, 1), date(2024, 5, 1)), "event_on", "no separate event"),
        (
            notification(NotificationKind.QUALIFYING_STAY, date(2024, 5, 1), date(2024, 5, 2)),
            "event_on",
            "on or before the notification date",
        ),
        (notification(NotificationKind.INITIAL, date(2024, 5, 1), police_station=""), "police_station", "Enter"),
        (notification("tattoo", date(2024, 5, 1)), "kind", "Select"),
    ],
)
def test_bad_notifications_are_refused_naming_the_field(
    police_om: User, person: Nominal, values: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.record_notification(actor=Actor(police_om), nominal=person, values=values)
    assert message in " ".join(caught.value.message_dict[field])
    assert not person.notification_events.exists()


def test_breach_outcome_needs_its_date_and_comes_after_the_breach(police_om: User, person: Nominal) -> None:
    with pytest.raises(ValidationError) as caught:
        services.record_breach(
            actor=Actor(police_om),
            nominal=person,
            values={"breach_on": date(2024, 6, 1), "description": "Did not re-notify", "outcome": "caution"},
        )
    assert "outcome_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_breach(
            actor=Actor(police_om),
            nominal=person,
            values={
                "breach_on": date(2024, 6, 1),
                "description": "Did not re-notify",
                "outcome": "caution",
                "outcome_on": date(2024, 5, 1),
            },
        )
    assert caught.value.message_dict["outcome_on"] == ["The outcome date must be on or after the date of the breach"]


def test_notifications_appear_on_the_person_timeline(police_om: User, person: Nominal) -> None:
    from kernel.timeline import timeline_for

    services.record_notification(
        actor=Actor(police_om), nominal=person, values=notification(NotificationKind.INITIAL, date(2024, 3, 5))
    )
    events = [e for e in timeline_for(person, police_om) if e.kind == "notification"]
    assert [(e.occurred_on, e.title) for e in events] == [(date(2024, 3, 5), "Notified: initial notification")]


def test_a_move_before_the_initial_notification_is_no_change(police_om: User, person: Nominal) -> None:
    """The initial notification gives the home the person has then (s83(5)); a move after
    it is a change to notify."""
    for line1, moved_on in (("2 Release Road", date(2024, 3, 5)), ("4 New Street", date(2024, 9, 1))):
        register_services.add_address(
            actor=Actor(police_om),
            nominal=person,
            values={"kind": AddressKind.MAIN, "line1": line1, "town": "Demotown", "from_date": moved_on},
        )
    services.record_notification(
        actor=Actor(police_om), nominal=person, values=notification(NotificationKind.INITIAL, date(2024, 3, 6))
    )
    moves = [c for c in clocks(police_om, person) if c.key == "soa84.change_notification"]
    assert [(c.due_on, c.status) for c in moves] == [(date(2024, 9, 3), ClockStatus.OVERDUE)]
    assert "4 New Street" in moves[0].detail
