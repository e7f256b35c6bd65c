"""The person's summary opens with what needs attention; the timeline is complete for what
the user may see, newest first (kernel/person_alerts.py, kernel/timeline.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from conftest import PersonMaker, RegistrationMaker
from custody.models import UrgentReview
from kernel.actor import Actor
from kernel.timeline import SOURCE_SECTIONS, TIMELINE_SOURCES, TimelineEvent, register_timeline_source, timeline_for
from meetings.tests.builders import held_meeting
from notifications.models import NotificationBreach
from orders.models import CivilOrder
from referrals import services as referral_services
from referrals.tests.helpers import World, accepted_referral, make_world, referral_values
from register import services
from register.models import AddressKind, Disposal

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def world(db: None, settings: Any) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_world()


def test_the_timeline_is_complete_and_newest_first(world: World) -> None:
    referral = accepted_referral(world)
    nominal = referral.nominal
    meeting = held_meeting(world, days_ago=3)
    officer = world[Role.PROBATION_OM]
    services.add_address(
        actor=Actor(officer),
        nominal=nominal,
        values={
            "kind": AddressKind.MAIN,
            "line1": "4 Elm Road",
            "town": "Demotown",
            "from_date": TODAY() - timedelta(days=900),
        },
    )
    services.add_conviction(
        actor=Actor(officer),
        nominal=nominal,
        values={
            "offence": "Wounding",
            "conviction_date": date(2015, 1, 5),
            "disposal": Disposal.CUSTODY,
            "sentence_months": 48,
        },
    )
    events = timeline_for(nominal, world[Role.COORDINATOR])
    kinds = {event.kind for event in events}
    assert {"record", "address", "conviction", "referral", "meeting", "level-change"} <= kinds
    days = [event.occurred_on for event in events]
    assert days == sorted(days, reverse=True) and days[-1] == date(2015, 1, 5)
    meeting_event = next(event for event in events if event.kind == "meeting")
    assert (
        meeting_event.url == reverse("meetings:detail", args=[meeting.pk])
        and meeting_event.occurred_on == meeting.held_on
    )
    titles = [event.title for event in events if event.kind == "referral"]
    assert titles[-1].startswith("Referred for level 2") and any("gatekept" in title for title in titles)


def test_a_draft_referral_is_no_event(world: World) -> None:
    draft = referral_services.create_referral(
        actor=Actor(world[Role.PROBATION_OM]), nominal=world.nominal, values=referral_values()
    )
    assert draft.status == "draft"
    assert not [e for e in timeline_for(world.nominal, world[Role.PROBATION_OM]) if e.kind == "referral"]


@pytest.fixture
def victims_source() -> Iterator[None]:
    """A source whose events belong to the restricted victims tab."""

    @register_timeline_source("restricted-test", section="victims")
    def restricted(nominal: Any, requested_by: Any) -> list[TimelineEvent]:
        return [TimelineEvent("victim", TODAY(), "Victim contact")]

    yield
    del TIMELINE_SOURCES["restricted-test"]
    del SOURCE_SECTIONS["restricted-test"]


def test_events_of_a_tab_the_user_is_not_shown_are_left_out(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker, victims_source: None
) -> None:
    person = make_person(users["police_om"])
    make_registration(person, users["police_om"])
    # The record manager holds the victims section; the co-ordinator sees the person but not it.
    assert any(e.kind == "victim" for e in timeline_for(person, users["police_om"]))
    assert not any(e.kind == "victim" for e in timeline_for(person, users["coordinator"]))
    assert any(e.kind == "record" for e in timeline_for(person, users["coordinator"]))


def test_the_timeline_page_and_api_are_newest_first(
    police_om: User,
    make_person: PersonMaker,
    make_registration: RegistrationMaker,
    signed_in: Callable[[User], Client],
    bearer: Callable[[User], Any],
) -> None:
    person = make_person(police_om)
    make_registration(person, police_om, start_date=TODAY() - timedelta(days=40))
    services.add_address(
        actor=Actor(police_om),
        nominal=person,
        values={
            "kind": AddressKind.MAIN,
            "line1": "4 Elm Road",
            "town": "Demotown",
            "from_date": TODAY() - timedelta(days=400),
        },
    )
    body = bearer(police_om).get(f"/api/v1/nominals/{person.pk}/timeline/").json()
    days = [event["occurred_on"] for event in body["results"]]
    assert days == sorted(days, reverse=True) and body["count"] == len(days) >= 3
    page = signed_in(police_om).get(reverse("cases:timeline", args=[person.pk])).content.decode()
    assert page.index("Record made") < page.index("Home (main) address from")


# --- The summary's alerts ------------------------------------------------------------------------


def test_the_summary_opens_with_what_needs_attention(
    police_om: User,
    make_person: PersonMaker,
    make_registration: RegistrationMaker,
    signed_in: Callable[[User], Client],
    bearer: Callable[[User], Any],
) -> None:
    person = make_person(police_om)
    # Registered at level 1 two years ago and never reviewed: the review is overdue.
    make_registration(person, police_om, start_date=TODAY() - timedelta(days=730))
    UrgentReview.objects.create(
        nominal=person, reason="Released on appeal", raised_on=TODAY() - timedelta(days=2), raised_by=police_om
    )
    NotificationBreach.objects.create(
        nominal=person, breach_on=TODAY() - timedelta(days=20), description="Failed to notify", recorded_by=police_om
    )
    CivilOrder.objects.create(
        nominal=person,
        kind="shpo",
        made_on=TODAY() - timedelta(days=100),
        court="Demotown Crown Court",
        recorded_by=police_om,
    )
    CivilOrder.objects.create(
        nominal=person,
        kind="shpo",
        made_on=date(2010, 1, 1),
        ends_on=date(2015, 1, 1),
        court="Old court",
        recorded_by=police_om,
    )
    body = bearer(police_om).get(f"/api/v1/nominals/{person.pk}/alerts/").json()
    kinds = [alert["kind"] for alert in body["results"]]
    assert set(kinds) == {"clock-overdue", "urgent-review", "breach", "order"}
    assert kinds.count("order") == 1  # the order that ended in 2015 is no longer in force
    severities = [alert["severity"] for alert in body["results"]]
    assert severities == sorted(severities, key=["urgent", "warning", "notice"].index)
    page = signed_in(police_om).get(reverse("register:summary", args=[person.pk]))
    banner = page.content.decode().split("data-person-alerts", 1)[1].split("</ul>", 1)[0]
    for words in ("Needs attention", "Urgent review needed", "Breach of notification", "in force", "Overdue"):
        assert words in banner


def test_a_person_with_nothing_alarming_has_no_alerts(
    police_om: User, make_person: PersonMaker, signed_in: Callable[[User], Client]
) -> None:
    person = make_person(police_om)
    page = signed_in(police_om).get(reverse("register:summary", args=[person.pk])).content.decode()
    assert "data-person-alerts" not in page
