"""The ONS population figure each area enters for its annual report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Area
from kernel.records import VersionedRecord


class OnsPopulation(VersionedRecord):
    """The ONS mid-year estimate of an area's population aged 10 and over, used for the
    RSOs per 100,000 figure of the year ending 31 March `year_ending`."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    year_ending = models.PositiveSmallIntegerField(help_text="The report year ends on 31 March of this year.")
    population_aged_10_and_over = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True, help_text="For example: ONS mid-2024 population estimates")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year_ending", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year_ending"], name="one_population_per_area_year"),
            models.CheckConstraint(condition=Q(population_aged_10_and_over__gt=0), name="population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year_ending}: {self.population_aged_10_and_over:,}"
