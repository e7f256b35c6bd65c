"""Returns to custody for the SMB's annual report (DOMAIN.md, seed 001, table 7).

Level 2 and 3 offenders returned to custody in the year, by the category and level they
had when custody began (kept on the spell, since both may change afterwards). Registered
with kernel.figures from CustodyConfig.ready().
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef

from cases.models import Registration
from kernel.figures import register_figure

from .models import CustodyReason, CustodySpell

# Each line of the table, the spells that count for it, and the categories it has.
LINES = {
    "breach_of_licence": (CustodyReason.RECALL_BREACH_OF_LICENCE, ("1", "2", "3", "4")),
    "breach_of_shpo": (CustodyReason.BREACH_OF_ORDER, ("1",)),
    "charged_with_sfo": (CustodyReason.CHARGED_WITH_SFO, ("1", "2", "3", "4")),
}


@register_figure("returned_to_custody")
def returned_to_custody(
    *, area_ids: list[int], year_start: date, year_end: date
) -> dict[str, dict[str, dict[str, int]]]:
    """Each person once on each line (a second recall in the year is the same person
    returned again). A spell with no category or level recorded at its start cannot be
    placed in the table and is left out; PDPs have no registration and are never counted."""
    registered = Registration.objects.filter(nominal_id=OuterRef("nominal_id"))
    rows = (
        CustodySpell.objects.filter(
            nominal__area_id__in=area_ids,
            entered_on__gte=year_start,
            entered_on__lte=year_end,
            reason__in=[reason for reason, _ in LINES.values()],
            level_at_start__in=(2, 3),
            category_at_start__isnull=False,
        )
        .filter(Exists(registered))
        .values("reason", "category_at_start", "level_at_start")
        .annotate(people=Count("nominal_id", distinct=True))
        .values_list("reason", "category_at_start", "level_at_start", "people")
    )
    by_reason: dict[str, str] = {reason.value: line for line, (reason, _) in LINES.items()}
    table = {line: {category: {"2": 0, "3": 0} for category in categories} for line, (_, categories) in LINES.items()}
    for reason, category, level, people in rows:
        cells = table[by_reason[reason]].get(str(category))
        if cells is not None:
            cells[str(level)] += people
    return table
