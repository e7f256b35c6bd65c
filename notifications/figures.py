"""Notification figures for the SMB's annual report (DOMAIN.md, seed 001, table 3, and the
Sexual Risk Order breaches that brought notification, of table 6).

Registered with reports.figures from NotificationsConfig.ready().
"""

from __future__ import annotations

from datetime import date

from django.db.models.functions import Coalesce

from kernel.figures import register_figure
from orders.figures import registered
from orders.models import BreachOutcome

from .models import IndefiniteReview, NotificationBreach, NotificationRequirement, RequirementBasis, ReviewDetermination

# Only a caution or a conviction counts: a breach dealt with another way, or not yet, does not.
CAUTIONED_OR_CONVICTED = (BreachOutcome.CAUTION, BreachOutcome.CONVICTED)


@register_figure("rso_notification_breaches")
def rso_notification_breaches(*, area_ids: list[int], year_start: date, year_end: date) -> int:
    """Registered sex offenders cautioned or convicted in the year for breaching the
    notification requirements, each person once. The day that counts is the caution or
    conviction (the breach itself when no outcome date is recorded). A person with no
    category 1 registration (a PDP among them) is not an RSO and is not counted."""
    return (
        NotificationBreach.objects.filter(nominal__area_id__in=area_ids, outcome__in=CAUTIONED_OR_CONVICTED)
        .annotate(dealt_with_on=Coalesce("outcome_on", "breach_on"))
        .filter(dealt_with_on__gte=year_start, dealt_with_on__lte=year_end)
        .filter(registered(category=1))
        .values("nominal_id")
        .distinct()
        .count()
    )


@register_figure("rso_lifetime_notification_revoked")
def rso_lifetime_notification_revoked(*, area_ids: list[int], year_start: date, year_end: date) -> int:
    """Registered sex offenders whose indefinite (lifetime) notification requirements the
    police discharged on an application for review, determined in the year, each person
    once. Only indefinite requirements can be reviewed, so everyone counted is an RSO."""
    return (
        IndefiniteReview.objects.filter(
            nominal__area_id__in=area_ids,
            determination=ReviewDetermination.DISCHARGED,
            determined_on__gte=year_start,
            determined_on__lte=year_end,
        )
        .values("nominal_id")
        .distinct()
        .count()
    )


@register_figure("sro_breach_became_notifiable")
def sro_breach_became_notifiable(*, area_ids: list[int], year_start: date, year_end: date) -> int:
    """People who became subject to notification in the year after a caution or conviction
    for breaching a Sexual Risk Order (the requirement recorded with the breach's outcome),
    each person once."""
    return (
        NotificationRequirement.objects.filter(
            nominal__area_id__in=area_ids,
            basis=RequirementBasis.SRO_BREACH,
            relevant_date__gte=year_start,
            relevant_date__lte=year_end,
        )
        .filter(registered())
        .values("nominal_id")
        .distinct()
        .count()
    )
