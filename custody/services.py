"""Every write about custody, release and serious further offences.

While a person is in custody their prison is a partner to the MAPPA record (seed 003,
'ViSOR'); it stops being one on release. Releases without the usual notice raise an
urgent review, a flagged item on the record and in the worklists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Agency, AgencyKind, User
from audit import trail
from cases import services as case_services
from cases.models import Registration, RegistrationStatus
from kernel.actor import Actor, actor_of
from kernel.errors import VersionConflict, collect
from register.models import CustodyStatus, Nominal
from rules.serious_further_offences import sfo_notification_due_on

from .models import (
    URGENT_RELEASES,
    ApprovedPremisesReferral,
    CustodyReason,
    CustodySpell,
    ReferralOutcome,
    ReleaseKind,
    ReviewDecision,
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


def _words(field: str) -> str:
    return field.replace("_on", "").replace("_", " ")


def _not_future(errors: dict[str, list[str]], field: str, value: date | None, required: bool = True) -> None:
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


def _active_registration(nominal: Nominal) -> Registration | None:
    return nominal.registrations.filter(status=RegistrationStatus.ACTIVE).first()


def _set_custody_status(nominal: Nominal, status: str) -> None:
    Nominal.objects.filter(pk=nominal.pk).update(custody_status=status, version=F("version") + 1)


def start_custody(
    *,
    acting_user: User,
    nominal: Nominal,
    prison: Agency | None,
    reason: str,
    entered_on: date,
    values: dict[str, Any] | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> CustodySpell:
    """A custody spell begins: sentence, recall for breach of licence, return to custody
    for breach of an order, or remand. The prison becomes a partner to the record."""
    values = {k: v for k, v in (values or {}).items() if k in (*DATE_FIELDS, "sentence_months")}
    errors = _date_rule_errors(values)
    _not_future(errors, "entered_on", entered_on)
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
    registration = _active_registration(nominal)
    with transaction.atomic():
        spell = CustodySpell.objects.create(
            nominal=nominal,
            prison=prison,
            reason=reason,
            entered_on=entered_on,
            category_at_start=registration.category if registration else None,
            level_at_start=registration.level if registration else None,
            notes=notes.strip(),
            recorded_by=acting_user,
            **values,
        )
        _set_custody_status(nominal, CustodyStatus.CUSTODY)
        if registration is not None:
            case_services.add_partner(
                actor=actor_of(request) if request else Actor(acting_user),
                registration=registration,
                agency=prison,
                since=entered_on,
                reason="The prison is a partner while the person is in custody",
            )
        trail.record(
            actor=acting_user,
            action="custody.start",
            obj=spell,
            nominal_id=nominal.pk,
            request=request,
            detail={"reason": reason},
        )
    return spell


def _locked(spell: CustodySpell, expected_version: int | None) -> CustodySpell:
    locked = CustodySpell.objects.select_for_update().get(pk=spell.pk)
    if expected_version is not None and locked.version != expected_version:
        raise VersionConflict(locked.version)
    return locked


def _save(locked: CustodySpell, acting_user: User, action: str, request: HttpRequest | None, **detail: Any) -> None:
    locked.version += 1
    locked.save()
    trail.record(
        actor=acting_user, action=action, obj=locked, nominal_id=locked.nominal_id, request=request, detail=detail
    )


def update_dates(
    *,
    acting_user: User,
    spell: CustodySpell,
    values: dict[str, Any],
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> CustodySpell:
    """Correct the sentence and release dates (a sentence recalculation, say)."""
    changes = {k: v for k, v in values.items() if k in (*DATE_FIELDS, "sentence_months")}
    merged = {field: getattr(spell, field) for field in (*DATE_FIELDS, "sentence_months")} | changes
    errors = _date_rule_errors(merged)
    if not spell.in_custody:
        errors["spell"] = [NOT_IN_CUSTODY]
    collect(errors)
    with transaction.atomic():
        locked = _locked(spell, expected_version)
        release_moved = "release_on" in changes and changes["release_on"] != locked.release_on
        for field, value in changes.items():
            setattr(locked, field, value)
        if release_moved:  # a new date needs confirming again
            locked.release_confirmed_on = None
            locked.release_confirmed_by = None
        _save(locked, acting_user, "custody.update", request, fields=sorted(changes))
    return locked


def confirm_release_date(
    *,
    acting_user: User,
    spell: CustodySpell,
    release_on: date | None,
    confirmed_on: date | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> CustodySpell:
    """The prison confirms the release date (seed 003, 'Confirming Release Dates')."""
    errors: dict[str, list[str]] = {}
    if release_on is None:
        errors["release_on"] = ["Enter the confirmed release date"]
    elif spell.sentence_date and release_on < spell.sentence_date:
        errors["release_on"] = [RELEASE_BEFORE_SENTENCE_RULE]
    _not_future(errors, "confirmed_on", confirmed_on)
    if not spell.in_custody:
        errors["spell"] = [NOT_IN_CUSTODY]
    collect(errors)
    with transaction.atomic():
        locked = _locked(spell, expected_version)
        locked.release_on = release_on
        locked.release_confirmed_on = confirmed_on
        locked.release_confirmed_by = acting_user
        _save(locked, acting_user, "custody.release_confirmed", request, release_on=str(release_on))
    return locked


def record_end_of_custody_release(
    *,
    acting_user: User,
    spell: CustodySpell,
    early_release_on: date | None,
    confirmed_on: date | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> CustodySpell:
    """End-of-custody early release: its date, and the prison's confirmation (due 7 days before)."""
    errors: dict[str, list[str]] = {}
    if early_release_on is None:
        errors["early_release_on"] = ["Enter the early release date"]
    elif spell.sentence_date and early_release_on < spell.sentence_date:
        errors["early_release_on"] = [RELEASE_BEFORE_SENTENCE_RULE]
    _not_future(errors, "confirmed_on", confirmed_on, required=False)
    if not spell.in_custody:
        errors["spell"] = [NOT_IN_CUSTODY]
    collect(errors)
    with transaction.atomic():
        locked = _locked(spell, expected_version)
        locked.end_of_custody_release_on = early_release_on
        locked.end_of_custody_confirmed_on = confirmed_on
        _save(locked, acting_user, "custody.end_of_custody", request)
    return locked


def refer_to_approved_premises(
    *,
    acting_user: User,
    spell: CustodySpell,
    premises: str,
    referred_on: date | None,
    request: HttpRequest | None = None,
) -> ApprovedPremisesReferral:
    errors: dict[str, list[str]] = {}
    if not premises.strip():
        errors["premises"] = ["Enter the Approved Premises referred to"]
    _not_future(errors, "referred_on", referred_on)
    if not spell.in_custody:
        errors["spell"] = [NOT_IN_CUSTODY]
    collect(errors)
    assert referred_on is not None
    with transaction.atomic():
        referral = ApprovedPremisesReferral.objects.create(
            spell=spell, premises=premises.strip(), referred_on=referred_on, recorded_by=acting_user
        )
        trail.record(
            actor=acting_user, action="custody.ap_referral", obj=referral, nominal_id=spell.nominal_id, request=request
        )
    return referral


def decide_approved_premises(
    *,
    acting_user: User,
    referral: ApprovedPremisesReferral,
    outcome: str,
    resident_from: date | None = None,
    resident_to: date | None = None,
    request: HttpRequest | None = None,
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
        locked = ApprovedPremisesReferral.objects.select_for_update().get(pk=referral.pk)
        locked.outcome = outcome
        locked.resident_from = resident_from
        locked.resident_to = resident_to
        locked.save()
        trail.record(
            actor=acting_user,
            action="custody.ap_decision",
            obj=locked,
            nominal_id=locked.spell.nominal_id,
            request=request,
            detail={"outcome": outcome},
        )
    return locked


def release(
    *,
    acting_user: User,
    spell: CustodySpell,
    released_on: date | None,
    kind: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> CustodySpell:
    """The spell ends. The prison stops being a partner; a release on appeal, after
    judicial review or from court raises an urgent review."""
    errors: dict[str, list[str]] = {}
    _not_future(errors, "released_on", released_on)
    if released_on and released_on < spell.entered_on:
        errors["released_on"] = ["The release cannot be before the person entered custody"]
    elif released_on and spell.sentence_date and released_on < spell.sentence_date and kind not in URGENT_RELEASES:
        errors["released_on"] = [RELEASE_BEFORE_SENTENCE_RULE]
    if kind not in ReleaseKind.values:
        errors["kind"] = ["Select how the person was released"]
    if not spell.in_custody:
        errors["spell"] = [NOT_IN_CUSTODY]
    collect(errors)
    assert released_on is not None
    with transaction.atomic():
        locked = _locked(spell, expected_version)
        if not locked.in_custody:
            collect({"spell": [NOT_IN_CUSTODY]})
        locked.released_on = released_on
        locked.release_kind = kind
        _save(locked, acting_user, "custody.release", request, kind=kind)
        _set_custody_status(locked.nominal, CustodyStatus.COMMUNITY)
        registration = _active_registration(locked.nominal)
        if registration is not None and registration.lead_agency_id != locked.prison_id:
            case_services.remove_partner(
                actor=actor_of(request) if request else Actor(acting_user),
                registration=registration,
                agency=locked.prison,
                reason="Released: the prison is no longer a partner",
            )
        if kind in URGENT_RELEASES:
            raise_urgent_review(
                acting_user=acting_user,
                nominal=locked.nominal,
                spell=locked,
                reason=f"{ReleaseKind(kind).label} on {released_on:%d %B %Y}: review the case urgently",
                raised_on=released_on,
                request=request,
            )
    return locked


def raise_urgent_review(
    *,
    acting_user: User,
    nominal: Nominal,
    reason: str,
    raised_on: date,
    spell: CustodySpell | None = None,
    request: HttpRequest | None = None,
) -> UrgentReview:
    with transaction.atomic():
        review = UrgentReview.objects.create(
            nominal=nominal, spell=spell, reason=reason, raised_on=raised_on, raised_by=acting_user
        )
        trail.record(
            actor=acting_user, action="custody.urgent_review", obj=review, nominal_id=nominal.pk, request=request
        )
    return review


def complete_urgent_review(
    *,
    acting_user: User,
    review: UrgentReview,
    completed_on: date | None,
    outcome: str,
    request: HttpRequest | None = None,
) -> UrgentReview:
    errors: dict[str, list[str]] = {}
    _not_future(errors, "completed_on", completed_on)
    if completed_on and completed_on < review.raised_on:
        errors["completed_on"] = ["The review cannot be completed before it was raised"]
    if not outcome.strip():
        errors["outcome"] = ["Enter the outcome of the review"]
    if review.completed_on is not None:
        errors["review"] = ["This urgent review is already complete"]
    collect(errors)
    with transaction.atomic():
        locked = UrgentReview.objects.select_for_update().get(pk=review.pk)
        locked.completed_on = completed_on
        locked.outcome = outcome.strip()
        locked.completed_by = acting_user
        locked.save()
        trail.record(
            actor=acting_user,
            action="custody.urgent_review_complete",
            obj=locked,
            nominal_id=locked.nominal_id,
            request=request,
        )
    return locked


# --- Serious further offences ----------------------------------------------------------------


def record_sfo(
    *,
    acting_user: User,
    nominal: Nominal,
    offence: str,
    charged_on: date | None,
    remanded_to: Agency | None = None,
    request: HttpRequest | None = None,
) -> SeriousFurtherOffence:
    """A charge with a serious further offence; remanded, the person enters custody too."""
    errors: dict[str, list[str]] = {}
    if not offence.strip():
        errors["offence"] = ["Enter the offence charged"]
    _not_future(errors, "charged_on", charged_on)
    if remanded_to is not None and remanded_to.kind != AgencyKind.PRISON:
        errors["remanded_to"] = ["Select the prison the person is remanded to"]
    collect(errors)
    assert charged_on is not None
    registration = _active_registration(nominal)
    with transaction.atomic():
        sfo = SeriousFurtherOffence.objects.create(
            nominal=nominal,
            offence=offence.strip(),
            charged_on=charged_on,
            category_at_charge=registration.category if registration else None,
            level_at_charge=registration.level if registration else None,
            notification_due_on=sfo_notification_due_on(charged_on),
            recorded_by=acting_user,
        )
        trail.record(actor=acting_user, action="sfo.create", obj=sfo, nominal_id=nominal.pk, request=request)
        if remanded_to is not None:
            start_custody(
                acting_user=acting_user,
                nominal=nominal,
                prison=remanded_to,
                reason=CustodyReason.CHARGED_WITH_SFO,
                entered_on=charged_on,
                notes=f"Charged with {offence.strip()}",
                request=request,
            )
    return sfo


def record_sfo_notification(
    *,
    acting_user: User,
    sfo: SeriousFurtherOffence,
    chair_notified_on: date | None,
    coordinator_notified_on: date | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
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
    with transaction.atomic():
        locked = SeriousFurtherOffence.objects.select_for_update().get(pk=sfo.pk)
        if expected_version is not None and locked.version != expected_version:
            raise VersionConflict(locked.version)
        locked.chair_notified_on = chair_notified_on or locked.chair_notified_on
        locked.coordinator_notified_on = coordinator_notified_on or locked.coordinator_notified_on
        locked.version += 1
        locked.save()
        trail.record(
            actor=acting_user, action="sfo.notified", obj=locked, nominal_id=locked.nominal_id, request=request
        )
    return locked


def record_review_decision(
    *,
    acting_user: User,
    sfo: SeriousFurtherOffence,
    decision: str,
    decided_on: date | None,
    reason: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> SeriousFurtherOffence:
    """The SMB's decision whether to hold a serious case review."""
    errors: dict[str, list[str]] = {}
    if decision not in ReviewDecision.values:
        errors["decision"] = ["Select whether a serious case review is commissioned"]
    _not_future(errors, "decided_on", decided_on)
    if decided_on and decided_on < sfo.charged_on:
        errors["decided_on"] = ["The decision cannot come before the charge"]
    if not reason.strip():
        errors["reason"] = ["Enter the SMB's reasons"]
    if sfo.notified_on is None:
        errors["decision"] = ["The SMB chair and the MAPPA co-ordinator must be notified before the SMB decides"]
    collect(errors)
    with transaction.atomic():
        locked = SeriousFurtherOffence.objects.select_for_update().get(pk=sfo.pk)
        if expected_version is not None and locked.version != expected_version:
            raise VersionConflict(locked.version)
        locked.review_decision = decision
        locked.review_decided_on = decided_on
        locked.review_decision_reason = reason.strip()
        locked.version += 1
        locked.save()
        trail.record(
            actor=acting_user,
            action="sfo.review_decision",
            obj=locked,
            nominal_id=locked.nominal_id,
            request=request,
            detail={"decision": decision},
        )
    return locked
