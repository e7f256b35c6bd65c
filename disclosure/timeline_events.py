"""Disclosure decisions on the person's timeline (kernel/timeline.py), for the decisions
the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from access import policy
from kernel.timeline import TimelineEvent, register_timeline_source


@register_timeline_source("disclosures", section="disclosure")
def disclosure_events(nominal: Any, requested_by: Any) -> Iterable[TimelineEvent]:
    for disclosure in policy.visible_disclosures(requested_by).filter(nominal=nominal):
        url = reverse("disclosure:detail", args=[disclosure.pk])
        decided = disclosure.get_decision_display().lower() if disclosure.decision else "considered"
        yield TimelineEvent("disclosure", disclosure.decided_on, f"Disclosure decision: {decided}", url=url)
        if disclosure.carried_out_on:
            yield TimelineEvent("disclosure", disclosure.carried_out_on, "Disclosure carried out", url=url)
        if disclosure.acknowledged_on:
            yield TimelineEvent("disclosure", disclosure.acknowledged_on, "Disclosure acknowledged", url=url)
