"""Writes of the reports app: the ONS population each area enters per year."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from access import policy
from accounts.models import Area, User
from audit import trail
from kernel.errors import VersionConflict, collect

from .models import OnsPopulation

EARLIEST_YEAR = 2004  # the first MAPPA annual reports


def set_population(
    *,
    acting_user: User,
    area: Area | None,
    year_ending: int | None,
    population: int | None,
    source: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> OnsPopulation:
    """Enter or correct an area's population aged 10 and over for a reporting year."""
    errors: dict[str, list[str]] = {}
    if area is None or not policy.can_enter_population_for(acting_user, area.pk):
        errors["area"] = ["Select an area you enter figures for"]
    if year_ending is None or not EARLIEST_YEAR <= year_ending <= 2100:
        errors["year_ending"] = [f"Enter the year the report ends (31 March), from {EARLIEST_YEAR}"]
    if population is None or population <= 0:
        errors["population_aged_10_and_over"] = ["Enter the population aged 10 and over, a whole number above 0"]
    collect(errors)
    assert area is not None and year_ending is not None and population is not None
    with transaction.atomic():
        row = OnsPopulation.objects.select_for_update().filter(area=area, year_ending=year_ending).first()
        if row is None:
            row = OnsPopulation.objects.create(
                area=area,
                year_ending=year_ending,
                population_aged_10_and_over=population,
                source=source.strip(),
                entered_by=acting_user,
            )
            action = "population.create"
        else:
            if expected_version is not None and row.version != expected_version:
                raise VersionConflict(row.version)
            row.population_aged_10_and_over = population
            row.source = source.strip()
            row.entered_by = acting_user
            row.version += 1
            row.save()
            action = "population.update"
        trail.record(
            actor=acting_user,
            action=action,
            obj=row,
            request=request,
            detail={"area": area.code, "year_ending": year_ending, "population": population},
        )
    return row
