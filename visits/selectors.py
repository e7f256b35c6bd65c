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
from plans.models import AgreedRiskLevel, RiskAssessment
from register.models import Nominal
from rules.clocks import Clock

from .clocks import AGREED_LEVELS, CURRENT_ASSESSMENTS, VisitRisk, visit_clocks_for, visit_risk
from .models import HomeVisit, VisitSchedule

CLOCK_FACTS = (
    Prefetch("home_visits", queryset=HomeVisit.objects.select_related("agency")),
    "visit_schedules",
    "addresses",
    Prefetch("registrations", queryset=Registration.objects.order_by("-start_date", "-pk")),
    # The risk visits follow: the current assessments and the latest agreed level (plans).
    Prefetch(
        "risk_assessments",
        queryset=RiskAssessment.objects.filter(superseded_by__isnull=True),
        to_attr=CURRENT_ASSESSMENTS,
    ),
    Prefetch(
        "agreed_risk_levels",
        queryset=AgreedRiskLevel.objects.order_by("-agreed_on", "-recorded_at", "-pk"),
        to_attr=AGREED_LEVELS,
    ),
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


def risk_for_visits(*, requested_by: User, nominal: Nominal) -> VisitRisk:
    """The risk of serious harm the person's visits follow (the latest risk assessment)."""
    check_visible(requested_by, nominal)
    return visit_risk(nominal)


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
