"""The registration's own events on the person's timeline: registrations, level
decisions, exits and the retention review."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from kernel.timeline import TimelineEvent, register_timeline_source
from register.models import Nominal

from .models import LevelChange, RetentionDecision


@register_timeline_source("registrations")
def registration_events(nominal: Nominal, requested_by: Any) -> Iterable[TimelineEvent]:
    url = reverse("cases:registration", args=[nominal.pk])
    changes = LevelChange.objects.filter(registration__nominal=nominal).select_related("registration")
    for change in changes.order_by("decided_on", "recorded_at"):
        registration = change.registration
        if change.from_level is None:
            title = f"Registered under MAPPA: category {registration.category}, level {change.to_level}"
        elif change.reactivated_from_archive_on is not None:
            yield TimelineEvent(
                "exit",
                change.reactivated_from_archive_on,
                f"Left MAPPA (category {registration.category}): record archived",
                change.archive_reason,
                url,
            )
            title = "Registration reactivated"
        elif change.from_level == change.to_level:
            title = f"Level {change.to_level} reviewed: level unchanged"
        else:
            title = f"Level changed from {change.from_level} to {change.to_level}"
        yield TimelineEvent("level-change", change.decided_on, title, change.reason, url)
    for registration in nominal.registrations.exclude(archived_on=None):
        assert registration.archived_on is not None
        yield TimelineEvent(
            "exit",
            registration.archived_on,
            f"Left MAPPA (category {registration.category}): record archived",
            registration.archive_reason,
            url,
        )
    for pdp in nominal.pdp_records.all():
        yield TimelineEvent(
            "pdp",
            pdp.authorised_on,
            "Recorded as a potentially dangerous person (not MAPPA)",
            f"Authorised by {pdp.get_authoriser_rank_display() or 'a senior officer'} {pdp.authorised_by}",
            reverse("cases:pdp", args=[nominal.pk]),
        )
        if pdp.ended_on:
            yield TimelineEvent("pdp", pdp.ended_on, "PDP management ended", pdp.end_reason)
    for decision in RetentionDecision.objects.filter(nominal=nominal):
        yield TimelineEvent(
            "retention",
            decision.decided_on,
            f"Retention review: {decision.get_outcome_display().lower()}",
            decision.reason,
        )
