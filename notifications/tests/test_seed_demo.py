"""`seed_demo_rso` builds notification histories, orders and visits, some overdue, once."""

from __future__ import annotations

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
