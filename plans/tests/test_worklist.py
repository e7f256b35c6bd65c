"""The worklist sources: open actions due or overdue for the owning agency, plan reviews
for the record manager, and the whole area for the co-ordinator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from cases import services as case_services
from cases.models import Registration
from conftest import agency, committed
from kernel.actor import Actor
from kernel.worklist_sources import SORT_KEYS, SOURCES, SUMMARISERS, Wanted, WorklistScope, summarise_listed
from plans import services
from plans.models import PlanAction
from worklists.models import StoredDue

pytestmark = pytest.mark.django_db


def _scope(user: User | None = None, area_id: int | None = None, days: int = 30) -> WorklistScope:
    today = timezone.localdate()
    return WorklistScope(today=today, due_by=today + timedelta(days=days), user=user, area_id=area_id)


def test_actions_and_reviews_feed_the_worklists(
    case: Registration, users: dict[str, User], add_action: Callable[..., PlanAction]
) -> None:
    housing = add_action(case)
    probation = add_action(case, owner="DEMO-PRB", text="Home visit", due_on=timezone.localdate() + timedelta(days=3))
    later = add_action(case, owner="DEMO-PRB", text="Later", due_on=timezone.localdate() + timedelta(days=90))
    services.update_plan(
        actor=Actor(users["probation_om"]),
        registration=case,
        values={"review_on": timezone.localdate() + timedelta(days=20)},
    )
    actions, reviews = SOURCES["plan-action"], SOURCES["plan-review"]
    mine = list(actions(_scope(users["probation_om"])))
    assert [item.url for item in mine] == [f"/plan-actions/{probation.pk}/"]
    assert mine[0].person_name == str(case.nominal)
    spoc_items = list(actions(_scope(users["dtc_spoc"])))
    assert [item.url for item in spoc_items] == [f"/plan-actions/{housing.pk}/"] and spoc_items[0].person_name == ""
    assert list(actions(_scope(users["police_om"]))) == []
    area = {item.url for item in actions(_scope(area_id=case.nominal.area_id))}
    assert area == {f"/plan-actions/{housing.pk}/", f"/plan-actions/{probation.pk}/"}
    assert f"/plan-actions/{later.pk}/" not in area
    assert [item.kind for item in reviews(_scope(users["probation_om"]))] == ["plan-review"]
    assert list(reviews(_scope(users["police_om"]))) == []
    assert list(reviews(_scope(users["probation_om"], days=5))) == []


def test_counting_actions_and_reviews_in_sql_answers_as_listing_them_would(
    case: Registration,
    users: dict[str, User],
    add_action: Callable[..., PlanAction],
    make_person: Any,
    make_registration: Any,
) -> None:
    today = timezone.localdate()
    other = make_registration(
        make_person(users["probation_om"], family_name="Another"), users["probation_om"], category=2, level=2
    )
    for number, (registration, owner) in enumerate(
        [(case, "DEMO-HSG"), (case, "DEMO-PRB"), (other, "DEMO-PRB"), (other, "DEMO-HSG"), (case, "DEMO-PRB")]
    ):
        add_action(registration, owner=owner, text=f"Action {5 - number}", due_on=today + timedelta(days=number))
    for registration, days in ((case, 1), (other, 4)):
        with committed():
            services.update_plan(
                actor=Actor(users["probation_om"]),
                registration=registration,
                values={"review_on": today + timedelta(days)},
            )
    # Seen three days on, so that some are overdue (nothing can be made due in the past).
    today = today + timedelta(days=3)
    scopes = [
        WorklistScope(today=today, due_by=today + timedelta(30), area_id=case.nominal.area_id),
        WorklistScope(
            today=today, due_by=today + timedelta(30), area_id=case.nominal.area_id, agency_id=agency("DEMO-HSG").pk
        ),
        WorklistScope(today=today, due_by=today + timedelta(30), user=users["probation_om"]),
        WorklistScope(today=today, due_by=today + timedelta(30), user=users["dtc_spoc"]),
        WorklistScope(today=today, due_by=today + timedelta(30), user=users["lay_adviser"]),
    ]
    for kind in ("plan-action", "plan-review"):
        assert len(list(SOURCES[kind](scopes[0]))) >= 2
        for scope in scopes:
            listed_items = list(SOURCES[kind](scope))
            for sort in SORT_KEYS:
                for status in ("", "overdue", "due_soon"):
                    for limit in (0, 1, 2, 100):
                        wanted = Wanted(status=status, sort=sort, limit=limit)
                        counted = SUMMARISERS[kind](scope, wanted)
                        listed = summarise_listed(listed_items, scope, wanted)
                        assert (counted.total, counted.overdue) == (listed.total, listed.overdue), (kind, scope, wanted)
                        keys = [SORT_KEYS[sort](item) for item in counted.first]
                        assert keys == [SORT_KEYS[sort](item) for item in listed.first], (kind, scope, wanted)


def test_the_area_view_reads_stored_actions_and_reviews_that_follow_every_write(
    case: Registration, users: dict[str, User], add_action: Callable[..., PlanAction]
) -> None:
    """The co-ordinator's area view counts plan actions, plan reviews and registration
    reviews from their stored copies (plans/due.py, worklists/builtin_sources.py): after
    each write they answer exactly as the live sources list."""
    area = _scope(area_id=case.nominal.area_id, days=60)
    wanted = Wanted(limit=100)
    kinds = ("plan-action", "plan-review", "registration-review")

    def check() -> dict[str, int]:
        for kind in kinds:
            assert SUMMARISERS[kind](area, wanted) == summarise_listed(SOURCES[kind](area), area, wanted), kind
        return {kind: SUMMARISERS[kind](area, wanted).total for kind in kinds}

    assert check() == {"plan-action": 0, "plan-review": 0, "registration-review": 1}
    action = add_action(case, owner="DEMO-PRB", text="Home visit", due_on=timezone.localdate() + timedelta(days=3))
    assert check()["plan-action"] == 1
    with committed():
        services.update_action(
            actor=Actor(users["probation_om"]),
            action=action,
            values={"due_on": timezone.localdate() + timedelta(days=40), "owner_agency": agency("DEMO-HSG")},
            expected_version=action.version,
        )
    assert check()["plan-action"] == 1
    housing = WorklistScope(today=area.today, due_by=area.due_by, area_id=area.area_id, agency_id=agency("DEMO-HSG").pk)
    assert SUMMARISERS["plan-action"](housing, wanted).total == 1
    action.refresh_from_db()
    with committed():
        services.update_action(
            actor=Actor(users["probation_om"]),
            action=action,
            values={"status": "done"},
            expected_version=action.version,
        )
    assert check()["plan-action"] == 0
    with committed():
        services.update_plan(
            actor=Actor(users["probation_om"]),
            registration=case,
            values={"review_on": timezone.localdate() + timedelta(days=20)},
        )
    assert check()["plan-review"] == 1
    case.refresh_from_db()
    before = StoredDue.objects.get(kind="registration-review", nominal_id=case.nominal_id).due_on
    with committed():
        case_services.change_level(
            actor=Actor(users["probation_om"]),
            registration=case,
            to_level=2,
            decided_on=timezone.localdate(),
            reason="Reviewed at the MAPP meeting: stays at level 2",
            expected_version=case.version,
        )
    assert StoredDue.objects.get(kind="registration-review", nominal_id=case.nominal_id).due_on != before
    check()
