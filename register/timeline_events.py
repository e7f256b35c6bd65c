"""The register's own events on the person's timeline (kernel/timeline.py): the record
made, moves of address and convictions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from kernel.timeline import TimelineEvent, register_timeline_source

from .models import Address, Conviction


@register_timeline_source("register")
def register_events(nominal: Any, requested_by: Any) -> Iterable[TimelineEvent]:
    yield TimelineEvent(
        "record", timezone.localdate(nominal.created_at), f"Record made: {nominal.reference}",
        url=reverse("register:personal-details", args=[nominal.pk]),
    )  # fmt: skip
    addresses = reverse("register:addresses", args=[nominal.pk])
    for address in Address.objects.filter(nominal=nominal):
        yield TimelineEvent(
            "address", address.from_date, f"{address.get_kind_display()} address from", str(address), addresses
        )
        if address.to_date:
            yield TimelineEvent(
                "address", address.to_date, f"{address.get_kind_display()} address ended", str(address), addresses
            )
    convictions = reverse("register:convictions", args=[nominal.pk])
    for conviction in Conviction.objects.filter(nominal=nominal):
        index = " (index offence)" if conviction.is_index_offence else ""
        detail = conviction.get_disposal_display() + (f", {conviction.court}" if conviction.court else "")
        yield TimelineEvent(
            "conviction", conviction.conviction_date, f"Convicted: {conviction.offence}{index}", detail, convictions
        )
