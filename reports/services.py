"""Writes of the reports app: the ONS population each area enters per year."""

from __future__ import annotations

from django.db import transaction

from access import policy
from accounts.models import Area
from audit import trail
from kernel.actor import Actor
from kernel.errors import collect
from kernel.records import locked, save_new_version

from .models import OnsPopulation

EARLIEST_YEAR = 2004  # the first MAPPA annual reports


def set_population(
    *,
    actor: Actor,
    area: Area | None,
    year_ending: int | None,
    population: int | None,
    source: str = "",
    expected_version: int | None = None,
) -> OnsPopulation:
    """Enter or correct an area's population aged 10 and over for a reporting year."""
    errors: dict[str, list[str]] = {}
    if area is None or not policy.can_enter_population_for(actor.user, area.pk):
        errors["area"] = ["Select an area you enter figures for"]
    if year_ending is None or not EARLIEST_YEAR <= year_ending <= 2100:
        errors["year_ending"] = [f"Enter the year the report ends (31 March), from {EARLIEST_YEAR}"]
    if population is None or population <= 0:
        errors["population_aged_10_and_over"] = ["Enter the population aged 10 and over, a whole number above 0"]
    collect(errors)
    assert area is not None and year_ending is not None and population is not None
    with transaction.atomic():
        row = OnsPopulation.objects.filter(area=area, year_ending=year_ending).first()
        if row is None:
            row = OnsPopulation.objects.create(
                area=area,
                year_ending=year_ending,
                population_aged_10_and_over=population,
                source=source.strip(),
                entered_by=actor.user,
            )
            action = "population.create"
        else:
            row = locked(row, expected_version)
            row.population_aged_10_and_over = population
            row.source = source.strip()
            row.entered_by = actor.user
            save_new_version(row)
            action = "population.update"
        trail.record(
            actor=actor,
            action=action,
            obj=row,
            detail={"area": area.code, "year_ending": year_ending, "population": population},
        )
    return row


def correct_population(
    *,
    actor: Actor,
    row: OnsPopulation,
    population_aged_10_and_over: int,
    source: str | None = None,
    expected_version: int | None = None,
) -> OnsPopulation:
    """Correct a figure already entered for its area and year (the source stays unless given)."""
    return set_population(
        actor=actor,
        area=row.area,
        year_ending=row.year_ending,
        population=population_aged_10_and_over,
        source=row.source if source is None else source,
        expected_version=expected_version,
    )
