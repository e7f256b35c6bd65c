"""`seed_demo_rso` builds notification histories, orders and visits, some overdue, once."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from cases.models import Registration
from conftest import committed
from devdata.people import seed
from kernel.worklist_sources import WorklistScope, work_items
from notifications.clocks import notification_clocks_for
from notifications.models import NotificationEvent, NotificationKind, NotificationRequirement
from notifications.selectors import with_clock_facts
from orders.models import CivilOrder
from register.models import Nominal
from rules.clocks import ClockStatus
from visits.models import HomeVisit

pytestmark = pytest.mark.django_db


def test_seed_demo_rso_is_idempotent_and_leaves_work_overdue(fast_password_hashing: None) -> None:
    out = StringIO()
    with committed():  # the stored due dates follow, as when the seeds commit
        seed("a-demo-password-for-tests", people=24)
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
    # Everyone else notifies as most do: no initial notification or move long overdue, and
    # the year's re-notification missed only by the few histories written that way.
    overdue_clocks = [
        (person.pk, clock)
        for person in with_clock_facts(Nominal.objects.filter(area__code="DEMO"))
        for clock in notification_clocks_for(person, today)
        if clock.status == ClockStatus.OVERDUE and clock.due_on is not None
    ]
    annual = [pk for pk, clock in overdue_clocks if clock.key == "soa85.annual_notification"]
    assert len(annual) <= 3
    assert not [
        c.label
        for _, c in overdue_clocks
        if c.key != "soa85.annual_notification" and (c.due_on or today) < today - timedelta(days=60)
    ]
    registered = Registration.objects.filter(nominal__area__code="DEMO", category=1, status="active")
    unnotified = registered.exclude(nominal__notification_events__kind=NotificationKind.INITIAL)
    assert unnotified.count() <= 3  # the SRO breach of a month ago, and some in custody since conviction


def test_seed_demo_rso_adds_reviews_of_indefinite_notification(fast_password_hashing: None) -> None:
    from accounts.models import Area
    from kernel.figures import counted
    from notifications.models import IndefiniteReview
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
