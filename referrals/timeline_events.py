"""Referrals on the person's timeline (kernel/timeline.py): submitted, countersigned,
gatekept and any dispute, for the referrals the user may see. Drafts are not events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from access import policy
from kernel.timeline import TimelineEvent, register_timeline_source

from .models import Referral


def _day(moment: Any) -> Any:
    return timezone.localdate(moment)


@register_timeline_source("referrals")
def referral_events(nominal: Any, requested_by: Any) -> Iterable[TimelineEvent]:
    referrals = policy.visible_referrals(requested_by).filter(nominal=nominal).exclude(status=Referral.Status.DRAFT)
    for referral in referrals:
        url = reverse("referrals:detail", args=[referral.pk])
        level = f"level {referral.requested_level} " if referral.requested_level else ""
        if referral.submitted_at:
            yield TimelineEvent(
                "referral", _day(referral.submitted_at), f"Referred for {level}MAPPA management (MAPPA A)",
                referral.reason_for_referral, url,
            )  # fmt: skip
        if referral.countersigned_at:
            yield TimelineEvent("referral", _day(referral.countersigned_at), "Referral countersigned", url=url)
        if referral.gatekept_at and referral.decision:
            yield TimelineEvent(
                "referral", _day(referral.gatekept_at), f"Referral gatekept: {referral.get_decision_display().lower()}",
                referral.decision_reason, url,
            )  # fmt: skip
        if referral.dispute_decided_at and referral.dispute_decision:
            yield TimelineEvent(
                "referral", _day(referral.dispute_decided_at),
                f"Disputed referral decided: {referral.get_dispute_decision_display().lower()}",
                referral.dispute_decision_reason, url,
            )  # fmt: skip
