"""Breaches of the notification requirements at the top of the person's summary
(kernel/person_alerts.py): any without an outcome, and those of the last year."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from access import policy
from kernel.person_alerts import URGENT, WARNING, PersonAlert, register_alert_source

from .models import NotificationBreach

RECENT = timedelta(days=365)


@register_alert_source("notification-breaches")
def breach_alerts(nominal: Any, requested_by: Any) -> Iterable[PersonAlert]:
    if not policy.works_with_people(requested_by):
        return
    today = timezone.localdate()
    url = reverse("notifications:person", args=[nominal.pk])
    for breach in NotificationBreach.objects.filter(nominal=nominal):
        if breach.outcome and breach.breach_on < today - RECENT:
            continue
        outcome = breach.get_outcome_display() if breach.outcome else "outcome not known yet"
        yield PersonAlert(
            "breach", WARNING if breach.outcome else URGENT, "Breach of notification",
            f"{breach.breach_on:%d %B %Y}: {outcome}", url, breach.breach_on,
        )  # fmt: skip
