"""`seed_demo_rso` builds notification histories, orders and visits, some overdue, once."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from notifications.models import NotificationEvent, NotificationRequirement
from orders.models import CivilOrder
from register.demo import seed
from visits.models import HomeVisit
from worklists.sources import WorklistScope, work_items

pytestmark = pytest.mark.django_db


def test_seed_demo_rso_is_idempotent_and_leaves_work_overdue(fast_password_hashing: None) -> None:
    seed("a-demo-password-for-tests", people=24)
    out = StringIO()
    call_command("seed_demo_rso", stdout=out)
    assert "category 1 people" in out.getvalue()
    counts = (NotificationEvent.objects.count(), CivilOrder.objects.count(), HomeVisit.objects.count())
    assert all(counts)
    assert NotificationRequirement.objects.filter(basis="sro_breach").count() == 1
    call_command("seed_demo_rso", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert (NotificationEvent.objects.count(), CivilOrder.objects.count(), HomeVisit.objects.count()) == counts
    today = timezone.localdate()
    officer = User.objects.get(username="police.om")
    items = work_items(WorklistScope(today=today, due_by=today, user=officer))
    overdue = {item.kind for item in items if item.is_overdue(today)}
    assert {"notification", "home-visit"} <= overdue


def test_seed_demo_rso_adds_reviews_of_indefinite_notification(fast_password_hashing: None) -> None:
    from accounts.models import Area
    from notifications.models import IndefiniteReview
    from reports.figures import counted
    from rules.dates import add_years

    seed("a-demo-password-for-tests", people=8)
    call_command("seed_demo_rso", stdout=StringIO())
    reviews = IndefiniteReview.objects.filter(nominal__area__code="DEMO")
    assert sorted(reviews.values_list("determination", flat=True)) == ["", "continues", "discharged"]
    discharged = reviews.get(determination="discharged")
    assert discharged.requirement.subject_until is not None
    today = timezone.localdate()
    officer = User.objects.get(username="police.om")
    items = work_items(WorklistScope(today=today, due_by=add_years(today, 1), user=officer))
    assert [item.nominal_id for item in items if item.kind == "indefinite-review"] == [
        reviews.get(determination="").nominal_id
    ]
    assert discharged.determined_on is not None
    year_ending = discharged.determined_on.year + (1 if discharged.determined_on.month > 3 else 0)
    area = Area.objects.get(code="DEMO")
    figures = counted(area_ids=[area.pk], year_start=date(year_ending - 1, 4, 1), year_end=date(year_ending, 3, 31))
    assert figures["rso_lifetime_notification_revoked"] == 1
