"""Open urgent reviews at the top of the person's summary (kernel/person_alerts.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from kernel.person_alerts import URGENT, PersonAlert, register_alert_source

from .models import UrgentReview


@register_alert_source("urgent-reviews")
def urgent_review_alerts(nominal: Any, requested_by: Any) -> Iterable[PersonAlert]:
    url = reverse("custody:person", args=[nominal.pk])
    for review in UrgentReview.objects.filter(nominal=nominal, completed_on__isnull=True):
        yield PersonAlert(
            "urgent-review", URGENT, "Urgent review needed", f"Raised {review.raised_on:%d %B %Y}: {review.reason}",
            url, review.raised_on,
        )  # fmt: skip
