"""Custody events on the person's timeline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from kernel.timeline import TimelineEvent, register_timeline_source
from register.models import Nominal

from .models import ApprovedPremisesReferral, CustodySpell, SeriousFurtherOffence, UrgentReview


@register_timeline_source("custody")
def custody_events(nominal: Nominal, requested_by: Any) -> Iterable[TimelineEvent]:
    url = reverse("custody:person", args=[nominal.pk])
    for spell in CustodySpell.objects.filter(nominal=nominal).select_related("prison"):
        yield TimelineEvent(
            "custody", spell.entered_on, f"{spell.get_reason_display()}: {spell.prison}", spell.notes, url
        )
        if spell.release_confirmed_on and spell.release_on:
            yield TimelineEvent(
                "custody",
                spell.release_confirmed_on,
                f"Release date confirmed by the prison: {spell.release_on:%d %B %Y}",
                url=url,
            )
        if spell.released_on:
            yield TimelineEvent("custody", spell.released_on, spell.get_release_kind_display(), url=url)
    for referral in ApprovedPremisesReferral.objects.filter(spell__nominal=nominal):
        yield TimelineEvent(
            "custody", referral.referred_on, f"Referred to Approved Premises: {referral.premises}", url=url
        )
        if referral.resident_from:
            yield TimelineEvent("custody", referral.resident_from, f"Resident at {referral.premises}", url=url)
    for review in UrgentReview.objects.filter(nominal=nominal):
        yield TimelineEvent("urgent-review", review.raised_on, "Urgent review raised", review.reason, url)
        if review.completed_on:
            yield TimelineEvent("urgent-review", review.completed_on, "Urgent review completed", review.outcome, url)
    for sfo in SeriousFurtherOffence.objects.filter(nominal=nominal):
        sfo_url = reverse("custody:sfo", args=[sfo.pk])
        yield TimelineEvent(
            "sfo", sfo.charged_on, f"Charged with a serious further offence: {sfo.offence}", url=sfo_url
        )
        if sfo.review_decided_on:
            yield TimelineEvent(
                "sfo", sfo.review_decided_on, f"SMB decision: {sfo.get_review_decision_display()}", url=sfo_url
            )
