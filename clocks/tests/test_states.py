"""One truth for every clock: clock_states_for (kernel.person_clocks) is what the person's
pages, the API and the stored due dates read, and met late is never shown as on time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from clocks.states import clocks_for
from conftest import agency, committed, create_person, create_registration
from custody import services as custody_services
from kernel.actor import Actor
from kernel.person_clocks import clock_states_for, open_clocks_for
from notifications import services as notification_services
from notifications.models import NotificationKind
from notifications.tests.helpers import convict, notification
from register.models import Nominal
from rules.clocks import ClockStatus
from worklists.models import StoredDue

pytestmark = pytest.mark.django_db

INITIAL = "soa83.initial_notification"


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def late(police_om: User, today: date) -> Nominal:
    """Convicted 30 days ago to a community order; notified 2 days late."""
    nominal = create_person(police_om)
    convicted = today - timedelta(days=30)
    create_registration(nominal, police_om, category=1, level=2, start_date=convicted)
    convict(nominal, police_om, convicted, disposal="other")
    with committed():
        notification_services.record_notification(
            actor=Actor(police_om),
            nominal=nominal,
            values=notification(NotificationKind.INITIAL, convicted + timedelta(days=4)),
        )
    return nominal


def _row(html: str, key: str) -> str:
    found = re.search(rf'<tr class="govuk-table__row" data-clock="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert found, key
    return found.group(1)


def test_met_late_reads_met_2_days_late_in_orange_never_green(
    police_om: User, late: Nominal, signed_in: Callable[[User], Client]
) -> None:
    for page in ("notifications", "mappa"):
        row = _row(signed_in(police_om).get(f"/people/{late.pk}/{page}/").content.decode(), INITIAL)
        assert (
            '<strong class="govuk-tag govuk-tag--orange" data-clock-status="met_late">Met 2 days late</strong>' in row
        )
        assert "govuk-tag--green" not in row


def test_the_api_carries_the_same_state(police_om: User, late: Nominal, bearer: Callable[[User], APIClient]) -> None:
    answer = bearer(police_om).get(f"/api/v1/nominals/{late.pk}/notifications/").json()
    [initial] = [c for c in answer["clocks"] if c["key"] == INITIAL]
    assert initial["status"] == "met_late" and initial["days_late"] == 2
    assert initial["status_text"] == "Met 2 days late" and initial["met_on"]


def test_one_answer_for_the_pages_and_for_other_apps(police_om: User, late: Nominal, today: date) -> None:
    page = clocks_for(requested_by=police_om, nominal=late, today=today)
    assert clock_states_for([late.pk], today)[late.pk] == page
    [initial] = [c for c in page if c.key == INITIAL]
    assert initial.status == ClockStatus.MET_LATE
    # Met late is not due: neither the open clocks nor the stored due dates list it.
    assert INITIAL not in [c.key for c in open_clocks_for([late.pk], today)[late.pk]]
    assert not StoredDue.objects.filter(nominal=late, label="Initial notification").exists()


def test_stored_due_dates_are_exactly_the_open_notification_clocks(police_om: User, late: Nominal, today: date) -> None:
    open_labels = sorted(
        (c.label, c.due_on)
        for c in open_clocks_for([late.pk], today)[late.pk]
        if c.key.startswith("soa")  # the notification kind's clocks
    )
    stored = sorted(StoredDue.objects.filter(kind="notification", nominal=late).values_list("label", "due_on"))
    assert stored == open_labels


def test_a_release_ends_the_pre_release_clocks_and_opens_the_notification_one(
    police_om: User, late: Nominal, today: date
) -> None:
    with committed():
        spell = custody_services.start_custody(
            actor=Actor(police_om),
            nominal=late,
            prison=agency("DEMO-PRI"),
            reason="remand",
            entered_on=today - timedelta(days=10),
            values={"release_on": today + timedelta(days=200)},
        )
    before = {c.key: c for c in clock_states_for([late.pk], today)[late.pk]}
    assert before["custody.pre_release_meeting"].is_running
    with committed():
        custody_services.release(
            actor=Actor(police_om), spell=spell, released_on=today - timedelta(days=1), kind="from_court"
        )
    after = {c.key: c for c in clock_states_for([late.pk], today)[late.pk]}
    assert after["custody.pre_release_meeting"].status == ClockStatus.ENDED
    assert after["custody.release_date_confirmed"].status == ClockStatus.ENDED
    assert after["soa84.release_notification"].status == ClockStatus.DUE
    assert after["custody.post_release_meeting"].is_running
    assert clock_states_for([999_999], today) == {}


def test_the_clocks_of_many_people_cost_no_more_queries_than_one(police_om: User, today: date) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = []
    for _ in range(4):
        nominal = create_person(police_om)
        create_registration(nominal, police_om, category=1, level=2, start_date=today - timedelta(days=30))
        convict(nominal, police_om, today - timedelta(days=30), disposal="other")
        people.append(nominal.pk)

    def queries(ids: list[int]) -> int:
        with CaptureQueriesContext(connection) as captured:
            clock_states_for(ids, today)
        return len(captured)

    assert queries(people) == queries(people[:1])
