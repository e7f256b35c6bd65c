"""The MAPPA annual report: the statistics each area's SMB publishes (DOMAIN.md, seed 001).

The year runs from 1 April to 31 March. Every figure is counted in the database, so the
report for every area over 100,000 people stays a handful of grouped queries.

- The snapshot counts people registered on 31 March and in the community that day, by
  category and by the level in force that day (the latest level decision on or before it).
  A registration archived on a day no longer counts on that day.
- Not in the community: a custody address covering the day (from its first day up to,
  not including, the day it ends: released on 31 March is in the community on 31 March);
  a person recorded as in custody with no dated custody address; a person recorded as
  detained in hospital (no dates are recorded for detention).
- The year's count is everyone managed at level 2 or 3 at any time in the year, once, at
  the highest level they reached; custody makes no difference to it.
- PDPs are never counted: they have no MAPPA registration.
- The figures other apps record (breaches, orders, returns to custody) come from the
  counters those apps register in reports.figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from cases.models import LevelChange, Registration
from register.models import Address, AddressKind, CustodyStatus

from . import figures
from .models import OnsPopulation

CATEGORIES = ("1", "2", "3", "4")
LEVELS = ("1", "2", "3")
HIGH_LEVELS = ("2", "3")


@dataclass(frozen=True)
class ReportScope:
    code: str  # an area's code, or "ALL"
    area_ids: tuple[int, ...]


def year_bounds(year_ending: int) -> tuple[date, date]:
    """The reporting year: 1 April of the year before to 31 March of `year_ending`."""
    return date(year_ending - 1, 4, 1), date(year_ending, 3, 31)


def _level_on(day: date) -> Subquery:
    latest = LevelChange.objects.filter(registration=OuterRef("pk"), decided_on__lte=day).order_by(
        "-decided_on", "-recorded_at", "-pk"
    )
    return Subquery(latest.values("to_level")[:1], output_field=IntegerField())


def registered_on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(archived_on__isnull=True) | Q(archived_on__gt=day))


def _in_scope(scope: ReportScope) -> QuerySet[Registration]:
    return Registration.objects.filter(nominal__area_id__in=scope.area_ids)


def in_community_on(registrations: QuerySet[Registration], day: date) -> QuerySet[Registration]:
    custody_addresses = Address.objects.filter(nominal_id=OuterRef("nominal_id"), kind=AddressKind.CUSTODY)
    covering = custody_addresses.filter(from_date__lte=day).filter(Q(to_date__isnull=True) | Q(to_date__gt=day))
    return (
        registrations.annotate(custody_on_day=Exists(covering), custody_recorded=Exists(custody_addresses))
        .filter(custody_on_day=False)
        .exclude(nominal__custody_status=CustodyStatus.HOSPITAL)
        .exclude(nominal__custody_status=CustodyStatus.CUSTODY, custody_recorded=False)
    )


def _grid(rows: list[tuple[int, int, int]], levels: tuple[str, ...]) -> dict[str, dict[str, int]]:
    grid = {category: dict.fromkeys(levels, 0) for category in CATEGORIES}
    for category, level, count in rows:
        if str(category) in grid and str(level) in grid[str(category)]:
            grid[str(category)][str(level)] += count
    return grid


def snapshot(scope: ReportScope, day: date) -> dict[str, dict[str, int]]:
    """People in the community on `day`, by category and the level in force that day."""
    registrations = in_community_on(_in_scope(scope).filter(registered_on(day)), day)
    rows = (
        registrations.annotate(level_that_day=Coalesce(_level_on(day), F("level"), output_field=IntegerField()))
        .values("category", "level_that_day")
        .annotate(people=Count("nominal_id", distinct=True))
        .values_list("category", "level_that_day", "people")
    )
    return _grid(list(rows), LEVELS)


def levels_2_3_in_year(scope: ReportScope, start: date, end: date) -> dict[str, dict[str, int]]:
    """Everyone managed at level 2 or 3 at any time in the year, at the highest level reached."""
    raised_in_year = (
        LevelChange.objects.filter(registration=OuterRef("pk"), decided_on__gt=start, decided_on__lte=end)
        .values("registration")
        .annotate(highest=Max("to_level"))
        .values("highest")
    )
    overlapping = (
        _in_scope(scope).filter(start_date__lte=end).filter(Q(archived_on__isnull=True) | Q(archived_on__gt=start))
    )
    rows = (
        overlapping.annotate(
            at_start=Coalesce(_level_on(start), Value(0), output_field=IntegerField()),
            raised=Coalesce(
                Subquery(raised_in_year, output_field=IntegerField()), Value(0), output_field=IntegerField()
            ),
        )
        .annotate(peak=Greatest(F("at_start"), F("raised"), output_field=IntegerField()))
        .filter(peak__gte=2)
        .values("category", "peak")
        .annotate(people=Count("nominal_id", distinct=True))
        .values_list("category", "peak", "people")
    )
    return _grid(list(rows), HIGH_LEVELS)


def rsos_per_100k(scope: ReportScope, year_ending: int, rsos: int) -> float | None:
    """Category 1 people in the community on 31 March per 100,000 people aged 10 and over;
    None unless every area in the report has its ONS figure for the year."""
    populations = OnsPopulation.objects.filter(area_id__in=scope.area_ids, year_ending=year_ending)
    if not scope.area_ids or populations.count() < len(scope.area_ids):
        return None
    total = populations.aggregate(total=Sum("population_aged_10_and_over"))["total"] or 0
    return round(rsos * 100_000 / total, 1) if total else None


def annual_report(scope: ReportScope, year_ending: int) -> dict[str, Any]:
    """The report, shaped exactly as API-CONTRACT.md fixes it."""
    start, end = year_bounds(year_ending)
    on_31_march = snapshot(scope, end)
    report: dict[str, Any] = {
        "area": scope.code,
        "year_start": start.isoformat(),
        "year_end": end.isoformat(),
        "snapshot": on_31_march,
        "levels_2_3_in_year": levels_2_3_in_year(scope, start, end),
    }
    report |= figures.counted(area_ids=scope.area_ids, year_start=start, year_end=end)
    report["rsos_per_100k"] = rsos_per_100k(scope, year_ending, sum(on_31_march["1"].values()))
    return report
