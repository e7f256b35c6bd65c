"""Civil orders in force and recent breaches at the top of the person's summary
(kernel/person_alerts.py). The orders are read by whoever works with people, as their tab."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from access import policy
from kernel.person_alerts import NOTICE, URGENT, WARNING, PersonAlert, register_alert_source

from .models import CivilOrder, OrderBreach

RECENT = timedelta(days=365)  # a breach with its outcome known stays in sight for a year


@register_alert_source("orders")
def order_alerts(nominal: Any, requested_by: Any) -> Iterable[PersonAlert]:
    if not policy.works_with_people(requested_by):
        return
    today = timezone.localdate()
    url = reverse("orders:person", args=[nominal.pk])
    for order in CivilOrder.objects.filter(nominal=nominal):
        if order.in_force_on(today):
            until = f"until {order.ends_on:%d %B %Y}" if order.ends_on else "until further order"
            travel = "; foreign travel restricted" if order.foreign_travel_restriction else ""
            yield PersonAlert(
                "order",
                NOTICE,
                f"{order.get_kind_display()} in force",
                f"Made {order.made_on:%d %B %Y}, {until}{travel}",
                url,
                order.made_on,
            )
    for breach in OrderBreach.objects.filter(order__nominal=nominal).select_related("order"):
        if breach.outcome and breach.breach_on < today - RECENT:
            continue
        outcome = breach.get_outcome_display() if breach.outcome else "outcome not known yet"
        yield PersonAlert(
            "breach", WARNING if breach.outcome else URGENT, f"Breach of the {breach.order.get_kind_display()}",
            f"{breach.breach_on:%d %B %Y}: {outcome}", url, breach.breach_on,
        )  # fmt: skip
