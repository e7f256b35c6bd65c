"""Every write about a serious further offence: the charge (and any remand in custody),
the notification of the SMB chair and the MAPPA co-ordinator, and the SMB's decision on
a serious case review."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, AgencyKind
from audit import trail
from kernel.actor import Actor
from kernel.errors import collect
from register.models import Nominal
from rules.serious_further_offences import sfo_notification_due_on

from .models import CustodyReason, ReviewDecision, SeriousFurtherOffence
from .services import active_registration, not_future, start_custody, versioned_step


def record_sfo(
    *, actor: Actor, nominal: Nominal, offence: str, charged_on: date | None, remanded_to: Agency | None = None
) -> SeriousFurtherOffence:
    """A charge with a serious further offence; remanded, the person enters custody too."""
    errors: dict[str, list[str]] = {}
    if not offence.strip():
        errors["offence"] = ["Enter the offence charged"]
    not_future(errors, "charged_on", charged_on)
    if remanded_to is not None and remanded_to.kind != AgencyKind.PRISON:
        errors["remanded_to"] = ["Select the prison the person is remanded to"]
    collect(errors)
    assert charged_on is not None
    registration = active_registration(nominal)
    with transaction.atomic():
        sfo = SeriousFurtherOffence.objects.create(
            nominal=nominal,
            offence=offence.strip(),
            charged_on=charged_on,
            category_at_charge=registration.category if registration else None,
            level_at_charge=registration.level if registration else None,
            notification_due_on=sfo_notification_due_on(charged_on),
            recorded_by=actor.user,
        )
        trail.record(actor=actor, action="sfo.create", obj=sfo, nominal_id=nominal.pk)
        if remanded_to is not None:
            start_custody(
                actor=actor,
                nominal=nominal,
                prison=remanded_to,
                reason=CustodyReason.CHARGED_WITH_SFO,
                entered_on=charged_on,
                notes=f"Charged with {offence.strip()}",
            )
    return sfo


def record_sfo_notification(
    *,
    actor: Actor,
    sfo: SeriousFurtherOffence,
    chair_notified_on: date | None,
    coordinator_notified_on: date | None,
    expected_version: int | None = None,
) -> SeriousFurtherOffence:
    errors: dict[str, list[str]] = {}
    for field, value in (
        ("chair_notified_on", chair_notified_on),
        ("coordinator_notified_on", coordinator_notified_on),
    ):
        if value is None:
            continue
        if value > timezone.localdate():
            errors[field] = ["The date must be today or in the past"]
        elif value < sfo.charged_on:
            errors[field] = ["Notification cannot come before the charge"]
    if chair_notified_on is None and coordinator_notified_on is None:
        errors["chair_notified_on"] = ["Enter when the SMB chair or the MAPPA co-ordinator was notified"]
    collect(errors)

    def change(fresh: SeriousFurtherOffence) -> None:
        # A date left blank keeps the one recorded before: each is told in their own time.
        fresh.chair_notified_on = chair_notified_on or fresh.chair_notified_on
        fresh.coordinator_notified_on = coordinator_notified_on or fresh.coordinator_notified_on

    return versioned_step(actor, sfo, expected_version, "sfo.notified", change)


def record_review_decision(
    *,
    actor: Actor,
    sfo: SeriousFurtherOffence,
    decision: str,
    decided_on: date | None,
    reason: str,
    expected_version: int | None = None,
) -> SeriousFurtherOffence:
    """The SMB's decision whether to hold a serious case review."""
    errors: dict[str, list[str]] = {}
    if decision not in ReviewDecision.values:
        errors["decision"] = ["Select whether a serious case review is commissioned"]
    not_future(errors, "decided_on", decided_on)
    if decided_on and decided_on < sfo.charged_on:
        errors["decided_on"] = ["The decision cannot come before the charge"]
    if not reason.strip():
        errors["reason"] = ["Enter the SMB's reasons"]
    if sfo.notified_on is None:
        errors["decision"] = ["The SMB chair and the MAPPA co-ordinator must be notified before the SMB decides"]
    collect(errors)

    def change(fresh: SeriousFurtherOffence) -> None:
        fresh.review_decision = decision
        fresh.review_decided_on = decided_on
        fresh.review_decision_reason = reason.strip()

    return versioned_step(actor, sfo, expected_version, "sfo.review_decision", change, decision=decision)
