"""Civil order figures for the SMB's annual report (DOMAIN.md, seed 001, table 5; the
Sexual Risk Order breaches of table 6 are counted by notifications, which records what they bring).

Registered with reports.figures from OrdersConfig.ready().
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from cases.models import Registration
from kernel.figures import register_figure

from .models import CivilOrder, OrderKind


def registered(category: int | None = None) -> Exists:
    """The person has a MAPPA registration (of the category, if given): PDPs have none."""
    registrations = Registration.objects.filter(nominal_id=OuterRef("nominal_id"))
    if category is not None:
        registrations = registrations.filter(category=category)
    return Exists(registrations)


@register_figure("restrictive_orders")
def restrictive_orders(*, area_ids: list[int], year_start: date, year_end: date) -> dict[str, int]:
    """Orders made in the year on category 1 offenders: every SHPO (those with a foreign
    travel restriction counted again on their own line, as the published table does) and
    every Notification Order."""
    made = CivilOrder.objects.filter(
        nominal__area_id__in=area_ids, made_on__gte=year_start, made_on__lte=year_end
    ).filter(registered(category=1))
    shpo = Q(kind=OrderKind.SHPO)
    counts = made.aggregate(
        shpo=Count("pk", filter=shpo),
        shpo_foreign_travel=Count("pk", filter=shpo & Q(foreign_travel_restriction=True)),
        notification_order=Count("pk", filter=Q(kind=OrderKind.NOTIFICATION_ORDER)),
    )
    return {name: int(value) for name, value in counts.items()}
