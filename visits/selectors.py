"""Every read of home visits and schedules, scoped to the requesting user through the policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from access import policy
from accounts.models import User
from cases.models import Registration
from orders.rso_records import check_visible, visible_one
from register.models import Nominal
from rules.clocks import Clock

from .clocks import visit_clocks_for
from .models import HomeVisit, VisitSchedule

CLOCK_FACTS = (
    Prefetch("home_visits", queryset=HomeVisit.objects.select_related("agency")),
    "visit_schedules",
    "addresses",
    Prefetch("registrations", queryset=Registration.objects.order_by("-start_date", "-pk")),
)


def with_clock_facts(people: QuerySet[Nominal]) -> QuerySet[Nominal]:
    return people.prefetch_related(*CLOCK_FACTS)


def visit_clocks(*, requested_by: User, nominal: Nominal, today: date | None = None) -> list[Clock]:
    """The person's home visit clocks as they stand today."""
    try:
        person = with_clock_facts(policy.visible_nominals(requested_by)).get(pk=nominal.pk)
    except Nominal.DoesNotExist:
        raise Http404 from None
    return visit_clocks_for(person, today or timezone.localdate())


def visits_about(*, requested_by: User, nominal: Nominal) -> QuerySet[HomeVisit]:
    """The visit log, newest first."""
    check_visible(requested_by, nominal)
    return HomeVisit.objects.filter(nominal=nominal).select_related("agency").order_by("-visit_on", "-pk")


def schedules_about(*, requested_by: User, nominal: Nominal) -> QuerySet[VisitSchedule]:
    check_visible(requested_by, nominal)
    return VisitSchedule.objects.filter(nominal=nominal)


def get_visit(*, requested_by: User, pk: Any) -> HomeVisit:
    return visible_one(HomeVisit.objects.select_related("nominal", "agency"), requested_by, pk)


def get_schedule(*, requested_by: User, pk: Any) -> VisitSchedule:
    return visible_one(VisitSchedule.objects.select_related("nominal"), requested_by, pk)
