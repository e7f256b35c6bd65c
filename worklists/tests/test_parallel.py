"""Sources asked side by side (worklists/parallel.py) give the same page as sources asked
in turn. Outside a transaction, so the threads' own connections see the data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from kernel.actor import Actor
from plans import services as plan_services
from plans.models import PlanHeading
from worklists import parallel
from worklists.selectors import WorklistFilters, area_work, my_work

pytestmark = pytest.mark.django_db(transaction=True)


def _page(worklist: Any) -> tuple[Any, ...]:
    return (worklist.counts, worklist.items, worklist.overdue, worklist.due_soon, worklist.pages)


def test_side_by_side_answers_as_in_turn(
    users: dict[str, User], make_person: Any, make_registration: Any, settings: Any
) -> None:
    today = timezone.localdate()
    coordinator, police_om = users["coordinator"], users["police_om"]
    for n in range(6):
        person = make_person(police_om, family_name=f"Parallel{n}")
        case = make_registration(person, police_om, category=2, level=2, start_date=today - timedelta(days=400 + n))
        plan_services.add_action(
            actor=Actor(police_om),
            registration=case,
            values={
                "heading": PlanHeading.VICTIM_SAFETY,
                "text": f"Check the address {n}",
                "owner_agency": police_om.agency,
                "due_on": today + timedelta(days=n),
            },
        )
    filters = WorklistFilters(within=28)
    assert not connection.in_atomic_block and connection.vendor == "postgresql"

    settings.WORKLIST_THREADS = 1
    assert not parallel.can_share_out()
    in_turn_area = area_work(requested_by=coordinator, today=today, filters=filters, page_size=5)
    in_turn_mine = my_work(requested_by=police_om, today=today, filters=filters, page_size=5)

    settings.WORKLIST_THREADS = 2
    assert parallel.can_share_out()
    side_by_side_area = area_work(requested_by=coordinator, today=today, filters=filters, page_size=5)
    side_by_side_mine = my_work(requested_by=police_om, today=today, filters=filters, page_size=5)

    assert in_turn_area.total > 6 and in_turn_mine.total > 6
    assert _page(side_by_side_area) == _page(in_turn_area)
    assert _page(side_by_side_mine) == _page(in_turn_mine)
    assert set(parallel._last_seconds) >= {count.kind for count in in_turn_area.counts}


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_the_threads_reconnect_after_the_database_dropped_their_connections(settings: Any) -> None:
    """The threads' connections are health-checked before each task (CONN_HEALTH_CHECKS,
    openmappa/database.py), so a database restart costs the next page nothing."""
    settings.WORKLIST_THREADS = 2
    assert parallel.can_share_out()
    before = parallel.ask_all({"a": _backend_pid, "b": _backend_pid})
    with connection.cursor() as cursor:  # as a database restart would
        for pid in set(before.values()):
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    after = parallel.ask_all({"a": _backend_pid, "b": _backend_pid})
    assert set(after.values()).isdisjoint(before.values())
