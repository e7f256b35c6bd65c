"""Reads of the SMB reports: aggregates only, for those the policy lets see them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from access import policy
from access.policy.roles import agency_of
from accounts.models import Area, User

from . import annual, quarterly
from .annual import ReportScope
from .models import OnsPopulation

ALL_AREAS = "ALL"


def latest_complete_year(today: date) -> int:
    """The latest reporting year (1 April to 31 March) that has ended."""
    return today.year if today >= date(today.year, 4, 1) else today.year - 1


def current_quarter(today: date) -> tuple[int, int]:
    """(year ending, quarter) of the quarter that contains today; quarter 1 is April to June."""
    if today.month >= 4:
        return today.year + 1, (today.month - 4) // 3 + 1
    return today.year, 4


def report_areas() -> QuerySet[Area]:
    return Area.objects.order_by("name")


def report_scope(*, requested_by: User, code: str) -> ReportScope:
    """The areas a report covers: one area by its code, or every area ("ALL")."""
    if not policy.sees_smb_reports(requested_by):
        raise Http404
    if code.upper() == ALL_AREAS:
        return ReportScope(ALL_AREAS, tuple(report_areas().values_list("pk", flat=True)))
    area = Area.objects.filter(code=code.upper()).first()
    if area is None:
        raise Http404
    return ReportScope(area.code, (area.pk,))


def default_area_code(user: User) -> str:
    """The user's own area, else every area."""
    area = user.area or (user.agency.area if user.agency else None)
    return area.code if area else ALL_AREAS


def annual_report(*, requested_by: User, code: str, year_ending: int) -> dict[str, Any]:
    return annual.annual_report(report_scope(requested_by=requested_by, code=code), year_ending)


def quarterly_report(*, requested_by: User, code: str, year_ending: int, quarter: int) -> quarterly.QuarterlyReport:
    scope = report_scope(requested_by=requested_by, code=code)
    return quarterly.quarterly_report(scope, year_ending, quarter, today=timezone.localdate())


def populations(*, requested_by: User) -> QuerySet[OnsPopulation]:
    """Every area's figures for the administrator; the co-ordinator's own area's."""
    rows = OnsPopulation.objects.select_related("area", "entered_by").order_by("-year_ending", "area__name")
    if not policy.may_enter_population(requested_by):
        return rows.none()
    if policy.is_coordinator(requested_by):
        return rows.filter(area_id=agency_of(requested_by).area_id)
    return rows


def get_population(*, requested_by: User, pk: int) -> OnsPopulation:
    return get_object_or_404(populations(requested_by=requested_by), pk=pk)


def population_areas(*, requested_by: User) -> QuerySet[Area]:
    """The areas the user may enter a population for."""
    if policy.is_coordinator(requested_by):
        return Area.objects.filter(pk=agency_of(requested_by).area_id)
    if policy.may_enter_population(requested_by):
        return Area.objects.order_by("name")
    return Area.objects.none()
