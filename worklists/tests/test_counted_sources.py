"""Every source that counts in SQL gives a page the same counts and first items as listing
its items would, over a generated population where every source has work."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from accounts.models import Agency, Area, Role, User
from cases.models import Registration, RegistrationStatus
from kernel.worklist_sources import SORT_KEYS, SOURCES, SUMMARISERS, Wanted, WorklistScope, summarise_listed

pytestmark = pytest.mark.django_db


def test_every_counted_source_answers_as_its_listing_would() -> None:
    call_command("generate_synthetic", people=700, area="DEMO", seed=5, stdout=StringIO(), verbosity=0)
    today = timezone.localdate()
    area = Area.objects.get(code="DEMO")
    managers = (
        Registration.objects.filter(status=RegistrationStatus.ACTIVE, nominal__area=area)
        .values("record_manager")
        .annotate(cases=Count("pk"))
        .order_by("-cases")[:2]
    )
    users = [User.objects.get(pk=row["record_manager"]) for row in managers]
    users += list(User.objects.filter(role=Role.DTC_SPOC, agency__area=area)[:1])
    scopes = [WorklistScope(today=today, due_by=today + timedelta(days=56), area_id=area.pk)]
    scopes += [
        WorklistScope(today=today, due_by=today + timedelta(days=56), area_id=area.pk, agency_id=agency.pk)
        for agency in Agency.objects.filter(area=area).order_by("pk")[:2]
    ]
    scopes += [WorklistScope(today=today, due_by=today + timedelta(days=14), user=user) for user in users]
    assert len(users) >= 2
    checked = 0
    for kind in SUMMARISERS:
        assert len(list(SOURCES[kind](scopes[0]))) >= 3, f"{kind}: the generated area should have work"
        for scope in scopes:
            listed_items = list(SOURCES[kind](scope))
            for sort in SORT_KEYS:
                for status in ("", "overdue", "due_soon"):
                    for limit in (1, 7, 100):
                        wanted = Wanted(status=status, sort=sort, limit=limit)
                        counted = SUMMARISERS[kind](scope, wanted)
                        listed = summarise_listed(listed_items, scope, wanted)
                        where = f"{kind} {scope} {wanted}"
                        assert (counted.total, counted.overdue) == (listed.total, listed.overdue), where
                        keys = [SORT_KEYS[sort](item) for item in counted.first]
                        assert keys == [SORT_KEYS[sort](item) for item in listed.first], where
                        # The same items, whose work and where they link, not only alike.
                        assert counted.first == listed.first, where
                        checked += 1
    assert checked == len(SUMMARISERS) * len(scopes) * 27
