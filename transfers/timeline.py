"""Transfer events on the person's timeline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from kernel.timeline import TimelineEvent, register_timeline_source
from register.models import Nominal

from .models import Transfer


@register_timeline_source("transfers")
def transfer_events(nominal: Nominal, requested_by: Any) -> Iterable[TimelineEvent]:
    for transfer in Transfer.objects.filter(nominal=nominal).select_related("to_area", "from_area"):
        url = reverse("transfers:detail", args=[transfer.pk])
        to = transfer.destination
        yield TimelineEvent("transfer", transfer.requested_on, f"Transfer to {to} requested", transfer.reason, url)
        steps = (
            (transfer.approved_on, f"Transfer to {to} approved by {transfer.from_area}"),
            (transfer.accepted_on, f"Transfer accepted by {to}"),
            (transfer.records_sent_on, f"Records sent to {to}"),
            (transfer.receiving_meeting_on, f"Receiving MAPP meeting held in {to}"),
            (transfer.address_confirmed_on, "New address confirmed by a home visit"),
            (transfer.completed_on, f"Transfer completed: the record moved to {to}"),
            (transfer.refused_on, "Transfer refused"),
        )
        for occurred_on, title in steps:
            if occurred_on:
                yield TimelineEvent("transfer", occurred_on, title, url=url)
