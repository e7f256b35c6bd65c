"""Every write about custody and release.

While a person is in custody their prison is a partner to the MAPPA record (seed 003,
'ViSOR'); it stops being one on release. Releases without the usual notice raise an
urgent review, a flagged item on the record and in the worklists. Serious further
offences are written in sfo_services.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Agency, AgencyKind
from audit import trail
from cases import services as case_services
from cases.models import Registration, RegistrationStatus
from kernel.actor import Actor
from kernel.due_dates import NOTIFICATION, dates_changed
from kernel.errors import collect
from kernel.records import locked, save_new_version
from register.models import CustodyStatus, Nominal

from .models import (
    URGENT_RELEASES,
    ApprovedPremisesReferral,
    CustodyReason,
    CustodySpell,
    ReferralOutcome,
    ReleaseKind,
    SeriousFurtherOffence,
    UrgentReview,
)

RELEASE_BEFORE_SENTENCE_RULE = "The release date cannot be before the sentence date: release follows sentence"
ALREADY_IN_CUSTODY = "This person is already in custody: record the release of the current spell first"
NOT_IN_CUSTODY = "This custody spell has ended: the person has been released"
DATE_FIELDS = (
    "sentence_date",
    "release_on",
    "parole_eligibility_on",
    "licence_expiry_on",
    "sentence_expiry_on",
)
# What the prison tells of a sentence: its dates and its length.
SENTENCE_FIELDS = (*DATE_FIELDS, "sentence_months")

# The records of a person changed one version at a time.
Step = TypeVar("Step", CustodySpell, SeriousFurtherOffence)


def _words(field: str) -> str:
    return field.replace("_on", "").replace("_", " ")


def not_future(errors: dict[str, list[str]], field: str, value: date | None, required: bool = True) -> None:
    if value is None:
        if required:
            errors[field] = [f"Enter the {_words(field)} date"]
    elif value > timezone.localdate():
        errors[field] = [f"The {_words(field)} date must be today or in the past"]


def _date_rule_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    """The order the prison's dates must keep."""
    errors: dict[str, list[str]] = {}
    sentence_date = values.get("sentence_date")
    if sentence_date and sentence_date > timezone.localdate():
        errors["sentence_date"] = ["The sentence date must be today or in the past"]
    for field in ("release_on", "parole_eligibility_on", "licence_expiry_on", "sentence_expiry_on"):
        value = values.get(field)
        if sentence_date and value and value < sentence_date:
            errors[field] = [
                RELEASE_BEFORE_SENTENCE_RULE
                if field == "release_on"
                else f"The {_words(field)} date cannot be before the sentence date"
            ]
    release_on, licence_expiry_on = values.get("release_on"), values.get("licence_expiry_on")
    if release_on and licence_expiry_on and licence_expiry_on < release_on and "licence_expiry_on" not in errors:
        errors["licence_expiry_on"] = ["The licence expiry date cannot be before the release date"]
    months = values.get("sentence_months")
    if months is not None and months < 1:
        errors["sentence_months"] = ["Enter the sentence length as a whole number of months, 1 or more"]
    return errors


def _release_date_errors(spell: CustodySpell, field: str, value: date | None, missing: str) -> dict[str, list[str]]:
    """A release date the prison gives: entered, and not before the sentence."""
    if value is None:
        return {field: [missing]}
    if spell.sentence_date and value < spell.sentence_date:
        return {field: [RELEASE_BEFORE_SENTENCE_RULE]}
    return {}


def _still_in_custody(spell: CustodySpell, errors: dict[str, list[str]]) -> None:
    """Raise the errors found, with the spell's own when it has already ended."""
    if not spell.in_custody:
        errors["spell"] = [NOT_IN_CUSTODY]
    collect(errors)


def active_registration(nominal: Nominal) -> Registration | None:
    return nominal.registrations.filter(status=RegistrationStatus.ACTIVE).first()


def _set_custody_status(nominal: Nominal, status: str) -> None:
    Nominal.objects.filter(pk=nominal.pk).update(custody_status=status, version=F("version") + 1)
    dates_changed([nominal.pk], kinds=[NOTIFICATION])  # time in custody is not counted


def versioned_step(
    actor: Actor,
    record: Step,
    expected_version: int | None,
    action: str,
    change: Callable[[Step], object],
    **detail: Any,
) -> Step:
    """Change a spell or an SFO under its row lock, save it as its next version and audit it."""
    with transaction.atomic():
        fresh = locked(record, expected_version)
        change(fresh)
        save_new_version(fresh)
        if isinstance(fresh, CustodySpell):
            dates_changed([fresh.nominal_id], kinds=[NOTIFICATION])  # the spell's dates are time detained
        trail.record(actor=actor, action=action, obj=fresh, nominal_id=fresh.nominal_id, detail=detail)
    return fresh


def start_custody(
    *,
    actor: Actor,
    nominal: Nominal,
    prison: Agency | None,
    reason: str,
    entered_on: date,
    values: dict[str, Any] | None = None,
    notes: str = "",
) -> CustodySpell:
    """A custody spell begins: sentence, recall for breach of licence, return to custody
    for breach of an order, or remand. The prison becomes a partner to the record."""
    values = {k: v for k, v in (values or {}).items() if k in SENTENCE_FIELDS}
    errors = _date_rule_errors(values)
    not_future(errors, "entered_on", entered_on)
    if prison is None or prison.kind != AgencyKind.PRISON:
        errors["prison"] = ["Select the prison holding the person"]
    if reason not in CustodyReason.values:
        errors["reason"] = ["Select why the person is in custody"]
    if reason == CustodyReason.SENTENCE and not values.get("sentence_date"):
        errors["sentence_date"] = ["Enter the sentence date"]
    if nominal.custody_spells.filter(released_on__isnull=True).exists():
        errors["entered_on"] = [ALREADY_IN_CUSTODY]
    collect(errors)
    assert prison is not None
    registration = active_registration(nominal)
    with transaction.atomic():
        spell = CustodySpell.objects.create(
            nominal=nominal,
            prison=prison,
            reason=reason,
            entered_on=entered_on,
            category_at_start=registration.category if registration else None,
            level_at_start=registration.level if registration else None,
            notes=notes.strip(),
            recorded_by=actor.user,
            **values,
        )
        dates_changed([nominal.pk], kinds=[NOTIFICATION])  # the spell is time detained
        _set_custody_status(nominal, CustodyStatus.CUSTODY)
        if registration is not None:
            case_services.add_partner(
                actor=actor,
                registration=registration,
                agency=prison,
                since=entered_on,
                reason="The prison is a partner while the person is in custody",
            )
        trail.record(actor=actor, action="custody.start", obj=spell, nominal_id=nominal.pk, detail={"reason": reason})
    return spell


def update_dates(
    *, actor: Actor, spell: CustodySpell, values: dict[str, Any], expected_version: int | None
) -> CustodySpell:
    """Correct the sentence and release dates (a sentence recalculation, say)."""
    changes = {k: v for k, v in values.items() if k in SENTENCE_FIELDS}
    merged = {field: getattr(spell, field) for field in SENTENCE_FIELDS} | changes
    _still_in_custody(spell, _date_rule_errors(merged))

    def change(fresh: CustodySpell) -> None:
        release_moved = "release_on" in changes and changes["release_on"] != fresh.release_on
        for field, value in changes.items():
            setattr(fresh, field, value)
        if release_moved:  # a new date needs confirming again
            fresh.release_confirmed_on = None
            fresh.release_confirmed_by = None

    return versioned_step(actor, spell, expected_version, "custody.update", change, fields=sorted(changes))


def confirm_release_date(
    *,
    actor: Actor,
    spell: CustodySpell,
    release_on: date | None,
    confirmed_on: date | None,
    expected_version: int | None = None,
) -> CustodySpell:
    """The prison confirms the release date (seed 003, 'Confirming Release Dates')."""
    errors = _release_date_errors(spell, "release_on", release_on, "Enter the confirmed release date")
    not_future(errors, "confirmed_on", confirmed_on)
    _still_in_custody(spell, errors)

    def change(fresh: CustodySpell) -> None:
        fresh.release_on = release_on
        fresh.release_confirmed_on = confirmed_on
        fresh.release_confirmed_by = actor.user

    return versioned_step(
        actor, spell, expected_version, "custody.release_confirmed", change, release_on=str(release_on)
    )


def record_end_of_custody_release(
    *,
    actor: Actor,
    spell: CustodySpell,
    early_release_on: date | None,
    confirmed_on: date | None = None,
    expected_version: int | None = None,
) -> CustodySpell:
    """End-of-custody early release: its date, and the prison's confirmation (due 7 days before)."""
    errors = _release_date_errors(spell, "early_release_on", early_release_on, "Enter the early release date")
    not_future(errors, "confirmed_on", confirmed_on, required=False)
    _still_in_custody(spell, errors)

    def change(fresh: CustodySpell) -> None:
        fresh.end_of_custody_release_on = early_release_on
        fresh.end_of_custody_confirmed_on = confirmed_on

    return versioned_step(actor, spell, expected_version, "custody.end_of_custody", change)


def refer_to_approved_premises(
    *, actor: Actor, spell: CustodySpell, premises: str, referred_on: date | None
) -> ApprovedPremisesReferral:
    errors: dict[str, list[str]] = {}
    if not premises.strip():
        errors["premises"] = ["Enter the Approved Premises referred to"]
    not_future(errors, "referred_on", referred_on)
    _still_in_custody(spell, errors)
    assert referred_on is not None
    with transaction.atomic():
        referral = ApprovedPremisesReferral.objects.create(
            spell=spell, premises=premises.strip(), referred_on=referred_on, recorded_by=actor.user
        )
        trail.record(actor=actor, action="custody.ap_referral", obj=referral, nominal_id=spell.nominal_id)
    return referral


def decide_approved_premises(
    *,
    actor: Actor,
    referral: ApprovedPremisesReferral,
    outcome: str,
    resident_from: date | None = None,
    resident_to: date | None = None,
) -> ApprovedPremisesReferral:
    """The premises' answer, and the residence that follows an acceptance."""
    errors: dict[str, list[str]] = {}
    if outcome not in (ReferralOutcome.ACCEPTED, ReferralOutcome.REFUSED):
        errors["outcome"] = ["Select accepted or refused"]
    if outcome == ReferralOutcome.REFUSED and (resident_from or resident_to):
        errors["resident_from"] = ["A refused referral has no residence"]
    if resident_from and resident_from < referral.referred_on:
        errors["resident_from"] = ["Residence cannot start before the referral"]
    if resident_to and not resident_from:
        errors["resident_to"] = ["Enter when the residence started first"]
    elif resident_to and resident_from and resident_to < resident_from:
        errors["resident_to"] = ["Residence cannot end before it starts"]
    collect(errors)
    with transaction.atomic():
        fresh = ApprovedPremisesReferral.objects.select_for_update().get(pk=referral.pk)
        fresh.outcome = outcome
        fresh.resident_from = resident_from
        fresh.resident_to = resident_to
        fresh.save()
        trail.record(
            actor=actor,
            action="custody.ap_decision",
            obj=fresh,
            nominal_id=fresh.spell.nominal_id,
            detail={"outcome": outcome},
        )
    return fresh


def release(
    *,
    actor: Actor,
    spell: CustodySpell,
    released_on: date | None,
    kind: str,
    expected_version: int | None = None,
) -> CustodySpell:
    """The spell ends. The prison stops being a partner; a release on appeal, after
    judicial review or from court raises an urgent review."""
    errors: dict[str, list[str]] = {}
    not_future(errors, "released_on", released_on)
    if released_on and released_on < spell.entered_on:
        errors["released_on"] = ["The release cannot be before the person entered custody"]
    elif released_on and spell.sentence_date and released_on < spell.sentence_date and kind not in URGENT_RELEASES:
        errors["released_on"] = [RELEASE_BEFORE_SENTENCE_RULE]
    if kind not in ReleaseKind.values:
        errors["kind"] = ["Select how the person was released"]
    _still_in_custody(spell, errors)
    assert released_on is not None

    def change(fresh: CustodySpell) -> None:
        if not fresh.in_custody:  # released by someone else meanwhile
            collect({"spell": [NOT_IN_CUSTODY]})
        fresh.released_on = released_on
        fresh.release_kind = kind

    with transaction.atomic():
        released = versioned_step(actor, spell, expected_version, "custody.release", change, kind=kind)
        _set_custody_status(released.nominal, CustodyStatus.COMMUNITY)
        registration = active_registration(released.nominal)
        if registration is not None and registration.lead_agency_id != released.prison_id:
            case_services.remove_partner(
                actor=actor,
                registration=registration,
                agency=released.prison,
                reason="Released: the prison is no longer a partner",
            )
        if kind in URGENT_RELEASES:
            raise_urgent_review(
                actor=actor,
                nominal=released.nominal,
                spell=released,
                reason=f"{ReleaseKind(kind).label} on {released_on:%d %B %Y}: review the case urgently",
                raised_on=released_on,
            )
    return released


def raise_urgent_review(
    *, actor: Actor, nominal: Nominal, reason: str, raised_on: date, spell: CustodySpell | None = None
) -> UrgentReview:
    with transaction.atomic():
        review = UrgentReview.objects.create(
            nominal=nominal, spell=spell, reason=reason, raised_on=raised_on, raised_by=actor.user
        )
        trail.record(actor=actor, action="custody.urgent_review", obj=review, nominal_id=nominal.pk)
    return review


def complete_urgent_review(
    *, actor: Actor, review: UrgentReview, completed_on: date | None, outcome: str
) -> UrgentReview:
    errors: dict[str, list[str]] = {}
    not_future(errors, "completed_on", completed_on)
    if completed_on and completed_on < review.raised_on:
        errors["completed_on"] = ["The review cannot be completed before it was raised"]
    if not outcome.strip():
        errors["outcome"] = ["Enter the outcome of the review"]
    if review.completed_on is not None:
        errors["review"] = ["This urgent review is already complete"]
    collect(errors)
    with transaction.atomic():
        fresh = UrgentReview.objects.select_for_update().get(pk=review.pk)
        fresh.completed_on = completed_on
        fresh.outcome = outcome.strip()
        fresh.completed_by = actor.user
        fresh.save()
        trail.record(actor=actor, action="custody.urgent_review_complete", obj=fresh, nominal_id=fresh.nominal_id)
    return fresh
