"""The MAPPA annual report: the statistics each area's SMB publishes (DOMAIN.md, seed 001).

The year runs from 1 April to 31 March. Every figure is counted in the database, so the
report for every area over 100,000 people stays a handful of grouped queries.

- The snapshot counts people registered on 31 March and in the community that day, by
  category and by the level in force that day (the latest level decision on or before it).
  A registration archived on a day no longer counts on that day.
- Not in the community: a custody spell covering the day (from the day the person went
  in up to, not including, the day of release: released on 31 March is in the community
  on 31 March, and went in on 31 March is in custody); for a person with no custody
  spells, a custody address covering the day in the same way, or being recorded as in
  custody with no dated custody address; a person recorded as detained in hospital (no
  dates are recorded for detention).
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

from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from cases.models import LevelChange, Registration
from custody.models import CustodySpell
from kernel import figures
from register.models import Address, AddressKind, CustodyStatus

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


@dataclass(frozen=True)
class Moves:
    """The level decisions after a day that moved a level or began a registration: a few
    thousand rows nationally (reviews, the many, keep the level), read in one query."""

    rows: tuple[tuple[int, date, int | None, int], ...]

    def changed_after(self, day: date) -> list[int]:
        return sorted({reg for reg, on, before, _ in self.rows if on > day and before is not None})

    def reached(self, start: date, end: date, level: int) -> list[int]:
        return sorted({reg for reg, on, _, after in self.rows if start < on <= end and after == level})


def moves_after(day: date) -> Moves:
    moved = Q(from_level__isnull=True) | Q(from_level__lt=F("to_level")) | Q(from_level__gt=F("to_level"))
    rows = LevelChange.objects.filter(moved, decided_on__gt=day).order_by()
    return Moves(tuple(rows.values_list("registration_id", "decided_on", "from_level", "to_level")))


def _level_on(day: date, moves: Moves) -> Case:
    """The level in force on the day: the latest decision on or before it.

    Reviews after the day keep the level, so a registration whose level has not moved
    since is still at its current level; only the few that moved look back through their
    history. Their ids go in as a list, which PostgreSQL hashes."""
    latest = LevelChange.objects.filter(registration=OuterRef("pk"), decided_on__lte=day).order_by(
        "-decided_on", "-recorded_at", "-pk"
    )
    return Case(
        When(pk__in=moves.changed_after(day), then=Subquery(latest.values("to_level")[:1])),
        default=F("level"),
        output_field=IntegerField(),
    )


def registered_on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(archived_on__isnull=True) | Q(archived_on__gt=day))


def _in_scope(scope: ReportScope) -> QuerySet[Registration]:
    return Registration.objects.filter(nominal__area_id__in=scope.area_ids)


def in_community_on(registrations: QuerySet[Registration], day: date) -> QuerySet[Registration]:
    """Registrations whose person was in the community on the day.

    Custody spells, where a person has any, decide it: in custody from the day they went
    in up to, not including, the day of release. For a person with none, the custody
    addresses decide in the same way, and a person recorded as in custody with no dated
    custody address is taken to be in custody. Detention in hospital has no dates, so a
    person recorded as detained is never in the community."""
    spells = CustodySpell.objects.filter(nominal_id=OuterRef("nominal_id"))
    spell_covering = spells.filter(entered_on__lte=day).filter(Q(released_on__isnull=True) | Q(released_on__gt=day))
    custody_addresses = Address.objects.filter(nominal_id=OuterRef("nominal_id"), kind=AddressKind.CUSTODY)
    covering = custody_addresses.filter(from_date__lte=day).filter(Q(to_date__isnull=True) | Q(to_date__gt=day))
    by_addresses = Q(custody_on_day=False) & ~Q(nominal__custody_status=CustodyStatus.CUSTODY, custody_recorded=False)
    return (
        registrations.annotate(
            has_spells=Exists(spells),
            spell_on_day=Exists(spell_covering),
            custody_on_day=Exists(covering),
            custody_recorded=Exists(custody_addresses),
        )
        .filter((Q(has_spells=True) & Q(spell_on_day=False)) | (Q(has_spells=False) & by_addresses))
        .exclude(nominal__custody_status=CustodyStatus.HOSPITAL)
    )


def _grid(rows: list[tuple[int, int, int]], levels: tuple[str, ...]) -> dict[str, dict[str, int]]:
    grid = {category: dict.fromkeys(levels, 0) for category in CATEGORIES}
    for category, level, count in rows:
        if str(category) in grid and str(level) in grid[str(category)]:
            grid[str(category)][str(level)] += count
    return grid


def snapshot(scope: ReportScope, day: date, moves: Moves | None = None) -> dict[str, dict[str, int]]:
    """People in the community on `day`, by category and the level in force that day."""
    moves = moves or moves_after(day)
    registrations = in_community_on(_in_scope(scope).filter(registered_on(day)), day)
    rows = (
        registrations.annotate(level_that_day=Coalesce(_level_on(day, moves), F("level"), output_field=IntegerField()))
        .values("category", "level_that_day")
        .annotate(people=Count("nominal_id", distinct=True))
        .values_list("category", "level_that_day", "people")
    )
    return _grid(list(rows), LEVELS)


def levels_2_3_in_year(
    scope: ReportScope, start: date, end: date, moves: Moves | None = None
) -> dict[str, dict[str, int]]:
    """Everyone managed at level 2 or 3 at any time in the year, at the highest level reached:
    the level in force on 1 April, or a level decided during the year (a review keeps the
    level, so the moves alone can raise it)."""
    moves = moves or moves_after(start)

    def reached(level: int) -> list[int]:
        return moves.reached(start, end, level)

    overlapping = (
        _in_scope(scope).filter(start_date__lte=end).filter(Q(archived_on__isnull=True) | Q(archived_on__gt=start))
    )
    registered_at_start = Q(start_date__lte=start)
    rows = (
        overlapping.annotate(at_start=Coalesce(_level_on(start, moves), F("level"), output_field=IntegerField()))
        .annotate(
            peak=Case(
                When((registered_at_start & Q(at_start=3)) | Q(pk__in=reached(3)), then=Value(3)),
                When((registered_at_start & Q(at_start=2)) | Q(pk__in=reached(2)), then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
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


def without_jit() -> None:
    """PostgreSQL's JIT compiler spends longer compiling these grouped counts than running
    them (over a second at 100,000 people): off for the rest of the transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


@transaction.atomic
def annual_report(scope: ReportScope, year_ending: int) -> dict[str, Any]:
    """The report, shaped exactly as API-CONTRACT.md fixes it."""
    without_jit()
    start, end = year_bounds(year_ending)
    moves = moves_after(start)
    on_31_march = snapshot(scope, end, moves)
    report: dict[str, Any] = {
        "area": scope.code,
        "year_start": start.isoformat(),
        "year_end": end.isoformat(),
        "snapshot": on_31_march,
        "levels_2_3_in_year": levels_2_3_in_year(scope, start, end, moves),
    }
    report |= figures.counted(area_ids=scope.area_ids, year_start=start, year_end=end)
    report["rsos_per_100k"] = rsos_per_100k(scope, year_ending, sum(on_31_march["1"].values()))
    return report
