"""The worklist sources: open actions due or overdue for the owning agency, plan reviews
for the record manager, and the whole area for the co-ordinator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from cases.models import Registration
from plans import services
from plans.models import PlanAction
from worklists.sources import SOURCES, WorklistScope

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
        acting_user=users["probation_om"],
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
