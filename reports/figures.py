"""Serious further offences in the annual report (DOMAIN.md, seed 001, table 7: level 2
and 3 offenders charged with a serious further offence).

A charge is recorded as a serious further offence (custody app), with the category and
level the person had when charged; a remand in custody for it is also a custody spell,
which the custody app's counter already places on the same line. Each person charged in
the year at level 2 or 3 is counted once: from the custody spell where there is one (the
custody counter), otherwise from the charge recorded here. Without this, a charge with no
remand never reached the report.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef

from cases.models import Registration
from custody.models import CustodyReason, CustodySpell, SeriousFurtherOffence
from kernel.figures import register_figure

CATEGORIES = ("1", "2", "3", "4")


def _returned_for_sfo(area_ids: list[int], year_start: date, year_end: date) -> Exists:
    """The person's remand for a serious further offence in the year, as the custody
    counter counts it (custody/figures.py)."""
    return Exists(
        CustodySpell.objects.filter(
            nominal_id=OuterRef("nominal_id"),
            nominal__area_id__in=area_ids,
            entered_on__gte=year_start,
            entered_on__lte=year_end,
            reason=CustodyReason.CHARGED_WITH_SFO,
            level_at_start__in=(2, 3),
            category_at_start__isnull=False,
        )
    )


@register_figure("returned_to_custody")
def charged_with_sfo(*, area_ids: list[int], year_start: date, year_end: date) -> dict[str, dict[str, dict[str, int]]]:
    """Level 2 and 3 people charged with a serious further offence in the year, by the
    category and level they had when charged, who were not remanded for it (those the
    custody counter counts). PDPs have no registration and are never counted."""
    rows = (
        SeriousFurtherOffence.objects.filter(
            nominal__area_id__in=area_ids,
            charged_on__gte=year_start,
            charged_on__lte=year_end,
            level_at_charge__in=(2, 3),
            category_at_charge__in=[int(c) for c in CATEGORIES],
        )
        .filter(Exists(Registration.objects.filter(nominal_id=OuterRef("nominal_id"))))
        .exclude(_returned_for_sfo(area_ids, year_start, year_end))
        .values("category_at_charge", "level_at_charge")
        .annotate(people=Count("nominal_id", distinct=True))
        .values_list("category_at_charge", "level_at_charge", "people")
    )
    line = {category: {"2": 0, "3": 0} for category in CATEGORIES}
    for category, level, people in rows:
        line[str(category)][str(level)] += people
    return {"charged_with_sfo": line}
