"""Every write to MAPPA registrations: register, change level, archive, reactivate."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, AgencyKind, User
from audit import trail
from kernel.actor import Actor
from kernel.due_dates import dates_changed
from kernel.errors import collect
from kernel.level_bases import basis_problem
from kernel.records import locked, save_new_version
from register.models import Nominal
from rules.agreed_review import agreed_review_problem
from rules.exit import retention_review_on
from rules.exit_guard import CHOSEN_BY_HAND, EXIT_ON_DISCHARGE, exit_refusal
from rules.level_basis import Basis, basis_problems
from rules.reviews import next_review_due_on

from . import retention
from .models import (
    Category,
    ExitBasis,
    Level,
    LevelBasis,
    LevelChange,
    PartnerAgency,
    PoliceRank,
    PotentiallyDangerousPerson,
    Registration,
    RegistrationStatus,
    RetentionDecision,
    RetentionOutcome,
)
from .selectors import exit_date

CATEGORY_3_RULE = "Category 3 is never managed at level 1: it needs level 2 or 3 management (seed 003)"
ARCHIVED_IS_READ_ONLY = "An archived registration cannot change level: reactivate it first"
ALREADY_ARCHIVED = "This registration is already archived"
# Seed 003 'Levels of management' and seed 001: no risk management plans are recorded in
# the product yet, so the date the plan was agreed is recorded with the decision.
LEAVING_LEVEL_2_3_RULE = (
    "Leaving level 2 or 3 needs an up-to-date agreed risk management plan and a level 1 review date (seed 003)"
)
ARCHIVE_LEVEL_2_3_RULE = (
    "A level 2 or 3 registration is archived only with an up-to-date agreed risk management plan (seed 003)"
)
STILL_DANGEROUS_RULE = (
    "Only a category 1 or 2 person still dangerous at exit is re-registered under category 3, "
    "at level 2 or 3 (seed 003)"
)


def _level_errors(category: int | None, level: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = ["Select category 1, 2, 3 or 4"]
    if level not in Level.values:
        errors["level"] = ["Select level 1, 2 or 3"]
    elif category == Category.OTHER_DANGEROUS and level == Level.ONE:
        errors["level"] = [CATEGORY_3_RULE]
    return errors


def _date_errors(field: str, value: date | None, *, not_before: date | None = None) -> dict[str, list[str]]:
    if value is None:
        return {field: [f"Enter the {field.replace('_', ' ')}"]}
    if value > timezone.localdate():
        return {field: [f"The {field.replace('_', ' ')} must be today or in the past"]}
    if not_before and value < not_before:
        return {field: [f"The {field.replace('_', ' ')} must be on or after {not_before:%d %B %Y}"]}
    return {}


def register(
    *,
    actor: Actor,
    nominal: Nominal,
    category: int,
    level: int,
    lead_agency: Agency | None,
    record_manager: User | None,
    start_date: date,
    reason: str,
    partner_agencies: list[Agency] | None = None,
    basis: str = Basis.REGISTRATION,
    basis_reference: str = "",
    emergency_reason: str = "",
) -> Registration:
    """Register the person for MAPPA at a category and level.

    Starting at level 2 or 3 needs its basis (rules.level_basis): an accepted referral or a
    MAPP meeting named by its reference, a level carried on from an earlier decision, or the
    emergency route with its reason (the co-ordinator is told through their worklist)."""
    errors = _level_errors(category, level)
    errors |= _date_errors("start_date", start_date, not_before=nominal.date_of_birth)
    if lead_agency is None:
        errors["lead_agency"] = ["Select a known lead agency"]
    elif not lead_agency.can_manage_cases:
        errors["lead_agency"] = ["The lead agency must be police, probation, prison, YOT or mental health"]
    if record_manager is None or not record_manager.is_active:
        errors["record_manager"] = ["Select the record manager"]
    elif lead_agency is not None and record_manager.agency_id != lead_agency.pk:
        errors["record_manager"] = ["The record manager must work for the lead agency"]
    if any(not agency.can_manage_cases for agency in partner_agencies or []):
        errors["partner_agencies"] = [
            "Partner agencies must be police, probation, prison, YOT or mental health: "
            "duty-to-co-operate agencies see a record only through sharing"
        ]
    if not reason.strip():
        errors["reason"] = ["Enter the reason for the registration and level"]
    if nominal.registrations.filter(status=RegistrationStatus.ACTIVE).exists():
        errors["category"] = ["This person already has an active MAPPA registration: one at a time"]
    if "level" not in errors:
        errors |= _basis_errors(nominal.pk, None, level, basis, basis_reference, emergency_reason)
    collect(errors)
    assert lead_agency is not None and record_manager is not None
    with transaction.atomic():
        registration = Registration.objects.create(
            nominal=nominal,
            category=category,
            level=level,
            lead_agency=lead_agency,
            record_manager=record_manager,
            start_date=start_date,
            last_reviewed_on=start_date,
            next_review_due_on=next_review_due_on(level=level, last_review_on=start_date),
        )
        dates_changed([nominal.pk])  # every stored date of a person follows their registration
        for agency in partner_agencies or []:
            if agency.pk != lead_agency.pk:
                PartnerAgency.objects.create(registration=registration, agency=agency, since=start_date)
        LevelChange.objects.create(
            registration=registration,
            from_level=None,
            to_level=level,
            decided_on=start_date,
            reason=reason.strip(),
            decided_by=actor.user,
            **_basis_fields(basis, basis_reference, emergency_reason),
        )
        trail.record(
            actor=actor,
            action="registration.create",
            obj=registration,
            nominal_id=nominal.pk,
            reason=emergency_reason.strip() if basis == Basis.EMERGENCY else "",
            detail={"category": category, "level": level, "basis": basis, "basis_reference": basis_reference.strip()},
        )
    return registration


def change_level(
    *,
    actor: Actor,
    registration: Registration,
    to_level: int,
    decided_on: date,
    reason: str,
    expected_version: int | None = None,
    plan_agreed_on: date | None = None,
    level_1_review_on: date | None = None,
    basis: str = Basis.REVIEW,
    basis_reference: str = "",
    emergency_reason: str = "",
    next_review_on: date | None = None,
    review_date_reason: str = "",
) -> Registration:
    """A level decision, or a review that keeps the level: both restart the review clock.

    Leaving level 2 or 3 for level 1 needs the date an up-to-date plan was agreed and the
    level 1 review date; that date becomes the next review, never later than the rule's.
    Raising level 1 to 2 or 3 needs its basis (rules.level_basis; see `register`).
    `next_review_on`, the review a meeting agreed, is the next review: later than the
    cadence allows only with `review_date_reason` (rules.agreed_review)."""
    errors = _level_errors(registration.category, to_level)
    errors |= _date_errors("decided_on", decided_on, not_before=registration.last_reviewed_on)
    if not reason.strip():
        errors["reason"] = ["Enter the reason for the decision"]
    leaving_2_3 = registration.level in (Level.TWO, Level.THREE) and to_level == Level.ONE
    if leaving_2_3 and "level" not in errors:  # category 3 never reaches level 1 anyway
        errors |= _leaving_errors(registration, decided_on, plan_agreed_on, level_1_review_on)
    if not registration.is_active:
        errors["registration"] = [ARCHIVED_IS_READ_ONLY]
    if "level" not in errors and registration.is_active:
        errors |= _basis_errors(
            registration.nominal_id, registration.level, to_level, basis, basis_reference, emergency_reason
        )
    if next_review_on is not None and "level" not in errors and decided_on is not None:
        problem = agreed_review_problem(
            level=to_level, decided_on=decided_on, agreed_on=next_review_on, reason=review_date_reason
        )
        if problem:
            errors["next_review_on"] = [problem]
    collect(errors)
    with transaction.atomic():
        current = locked(registration, expected_version)
        if not current.is_active:  # archived since the caller read it
            collect({"registration": [ARCHIVED_IS_READ_ONLY]})
        # Decide on the row as it is now: another decision may have changed it since it was read.
        leaving_2_3 = current.level in (Level.TWO, Level.THREE) and to_level == Level.ONE
        collect(_level_errors(current.category, to_level))
        collect(_leaving_errors(current, decided_on, plan_agreed_on, level_1_review_on) if leaving_2_3 else {})
        collect(_date_errors("decided_on", decided_on, not_before=current.last_reviewed_on))
        LevelChange.objects.create(
            registration=current,
            from_level=current.level,
            to_level=to_level,
            decided_on=decided_on,
            reason=reason.strip(),
            decided_by=actor.user,
            plan_agreed_on=plan_agreed_on if leaving_2_3 else None,
            level_1_review_on=level_1_review_on if leaving_2_3 else None,
            review_date_reason=review_date_reason.strip() if next_review_on is not None else "",
            **_basis_fields(basis, basis_reference, emergency_reason),
        )
        previous = current.level
        current.level = to_level
        current.last_reviewed_on = decided_on
        current.next_review_due_on = next_review_due_on(level=to_level, last_review_on=decided_on)
        if leaving_2_3 and level_1_review_on is not None:
            current.next_review_due_on = min(current.next_review_due_on, level_1_review_on)
        if next_review_on is not None:  # the date agreed, checked against the cadence above
            current.next_review_due_on = next_review_on
        save_new_version(current)
        dates_changed([current.nominal_id])  # the level decides reviews, visits and disclosures
        trail.record(
            actor=actor,
            action="registration.level_change",
            obj=current,
            nominal_id=current.nominal_id,
            reason=emergency_reason.strip() if basis == Basis.EMERGENCY else "",
            detail={
                "from_level": previous,
                "to_level": to_level,
                "basis": basis,
                "basis_reference": basis_reference.strip(),
                "next_review_due_on": current.next_review_due_on.isoformat(),
            },
        )
    return current


def _basis_errors(
    nominal_id: int, from_level: int | None, to_level: int, basis: str, reference: str, emergency_reason: str
) -> dict[str, list[str]]:
    """The basis of the decision against rules.level_basis, and the referral or meeting it
    names against their records (kernel.level_bases)."""
    problems = basis_problems(
        from_level=from_level, to_level=to_level, basis=basis, reference=reference, emergency_reason=emergency_reason
    )
    errors = {field: [message] for field, message in problems.items()}
    if not errors and basis in (Basis.REFERRAL, Basis.MEETING):
        problem = basis_problem(basis, nominal_id=nominal_id, reference=reference, to_level=to_level)
        if problem:
            errors["basis_reference"] = [problem]
    return errors


def _basis_fields(basis: str, reference: str, emergency_reason: str) -> dict[str, str]:
    return {
        "basis": LevelBasis(basis).value,
        "basis_reference": reference.strip(),
        "emergency_reason": emergency_reason.strip() if basis == Basis.EMERGENCY else "",
    }


def _leaving_errors(
    registration: Registration, decided_on: date | None, plan_agreed_on: date | None, level_1_review_on: date | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if plan_agreed_on is None:
        errors["plan_agreed_on"] = [LEAVING_LEVEL_2_3_RULE]
    elif plan_agreed_on > timezone.localdate() or plan_agreed_on < registration.last_reviewed_on:
        errors["plan_agreed_on"] = [
            f"{LEAVING_LEVEL_2_3_RULE}: the plan must have been agreed since the last review "
            f"({registration.last_reviewed_on:%d %B %Y}) and not in the future"
        ]
    if level_1_review_on is None:
        errors["level_1_review_on"] = [LEAVING_LEVEL_2_3_RULE]
    elif decided_on is not None and level_1_review_on <= decided_on:
        errors["level_1_review_on"] = ["The level 1 review date must be after the date of the decision"]
    return errors


def archive(
    *,
    actor: Actor,
    registration: Registration,
    archived_on: date,
    reason: str,
    expected_version: int | None = None,
    plan_agreed_on: date | None = None,
    reregister_at_level: int | None = None,
    exit_basis: str = ExitBasis.EXIT_POINT,
    meeting_decided_on: date | None = None,
) -> Registration:
    """Exit from MAPPA archives the record; nothing is deleted.

    Only at the category's exit point, or on death (rules.exit_guard): category 1 when
    notification ends, category 2 at licence expiry, category 4 when terrorism
    notification ends, category 3 on the decision of a level 2 or 3 meeting
    (`meeting_decided_on`). A level 2 or 3 registration needs the date its up-to-date plan
    was agreed. A category 1 or 2 person still dangerous at exit is re-registered under
    category 3 at `reregister_at_level` (2 or 3) in the same transaction; the new
    registration is returned in that case, else the archived one."""
    errors = _date_errors("archived_on", archived_on, not_before=registration.start_date)
    if exit_basis not in CHOSEN_BY_HAND:
        errors["exit_basis"] = ["Select why the person leaves MAPPA: the exit point is reached, or they have died"]
    elif "archived_on" not in errors and registration.is_active:
        errors |= _exit_errors(actor, registration, archived_on, exit_basis, meeting_decided_on)
    if not reason.strip():
        errors["reason"] = ["Enter the reason for leaving MAPPA"]
    if not registration.is_active:
        errors["registration"] = [ALREADY_ARCHIVED]
    if registration.level in (Level.TWO, Level.THREE):
        if plan_agreed_on is None:
            errors["plan_agreed_on"] = [ARCHIVE_LEVEL_2_3_RULE]
        elif plan_agreed_on > timezone.localdate() or plan_agreed_on < registration.last_reviewed_on:
            errors["plan_agreed_on"] = [
                f"{ARCHIVE_LEVEL_2_3_RULE}: agreed since the last review "
                f"({registration.last_reviewed_on:%d %B %Y}) and not in the future"
            ]
    if reregister_at_level is not None and (
        registration.category not in (Category.REGISTERED_SEX_OFFENDER, Category.VIOLENT_OFFENDER)
        or reregister_at_level not in (Level.TWO, Level.THREE)
    ):
        errors["reregister_at_level"] = [STILL_DANGEROUS_RULE]
    elif reregister_at_level is not None and exit_basis == ExitBasis.DIED:
        errors["reregister_at_level"] = ["A person who has died is not re-registered under category 3"]
    collect(errors)
    with transaction.atomic():
        Nominal.objects.select_for_update().get(pk=registration.nominal_id)  # no person edit meanwhile
        current = locked(registration, expected_version)
        if not current.is_active:  # archived since the caller read it
            collect({"registration": [ALREADY_ARCHIVED]})
        if current.level in (Level.TWO, Level.THREE) and plan_agreed_on is None:  # changed level since read
            collect({"plan_agreed_on": [ARCHIVE_LEVEL_2_3_RULE]})
        current.status = RegistrationStatus.ARCHIVED
        current.archived_on = archived_on
        current.archive_reason = reason.strip()
        current.exit_plan_agreed_on = plan_agreed_on
        current.exit_basis = exit_basis
        if current.category == Category.OTHER_DANGEROUS:
            current.exit_decided_at_meeting_on = meeting_decided_on
        save_new_version(current)
        dates_changed([current.nominal_id])  # an archived registration has no open clocks
        trail.record(
            actor=actor,
            action="registration.archive",
            obj=current,
            nominal_id=current.nominal_id,
            reason=reason.strip(),
            detail={"exit_basis": exit_basis},
        )
        if reregister_at_level is None:
            return current
        successor = register(
            actor=actor,
            nominal=current.nominal,
            category=Category.OTHER_DANGEROUS,
            level=reregister_at_level,
            lead_agency=current.lead_agency,
            record_manager=current.record_manager,
            start_date=archived_on,
            reason=f"Still dangerous when leaving category {current.category}: {reason.strip()}",
            partner_agencies=[p.agency for p in current.partners.select_related("agency")],
            basis=Basis.CONTINUATION,
        )
        successor.previous_registration = current
        successor.save(update_fields=["previous_registration"])
    return successor


def _exit_errors(
    actor: Actor, registration: Registration, left_on: date, basis: str, meeting_decided_on: date | None
) -> dict[str, list[str]]:
    """The category's exit rule (rules.exit_guard) against the day the person leaves."""
    errors: dict[str, list[str]] = {}
    if meeting_decided_on is not None and registration.category == Category.OTHER_DANGEROUS:
        errors |= _date_errors("meeting_decided_on", meeting_decided_on, not_before=registration.start_date)
        if errors:
            return errors
    leaving = exit_date(requested_by=actor.user, registration=registration)
    refusal = exit_refusal(
        category=registration.category,
        basis=basis,
        left_on=left_on,
        exit_on=leaving.exit_on,
        exit_detail=leaving.detail,
        meeting_decided_on=meeting_decided_on,
    )
    return {refusal.field: [refusal.message]} if refusal else {}


def leave_on_discharge(*, actor: Actor, nominal: Nominal, left_on: date, reason: str) -> Registration | None:
    """A determination has discharged the person's indefinite notification requirements:
    their active category 1 registration leaves MAPPA the day the requirements end
    (rules.exit_guard.EXIT_ON_DISCHARGE). Called inside the determination's transaction;
    None when there is no active category 1 registration to end."""
    current = (
        Registration.objects.select_for_update()
        .filter(nominal=nominal, status=RegistrationStatus.ACTIVE, category=Category.REGISTERED_SEX_OFFENDER)
        .first()
    )
    if current is None:
        return None
    current.status = RegistrationStatus.ARCHIVED
    current.archived_on = max(left_on, current.start_date)
    current.archive_reason = reason
    current.exit_basis = ExitBasis.NOTIFICATION_DISCHARGED
    save_new_version(current)
    dates_changed([current.nominal_id])  # an archived registration has no open clocks
    trail.record(
        actor=actor,
        action="registration.archive",
        obj=current,
        nominal_id=current.nominal_id,
        reason=reason,
        detail={"exit_basis": ExitBasis.NOTIFICATION_DISCHARGED, "rule": EXIT_ON_DISCHARGE.key},
    )
    return current


def reactivate(
    *,
    actor: Actor,
    registration: Registration,
    reactivated_on: date,
    reason: str,
    expected_version: int | None = None,
) -> Registration:
    errors = _date_errors("reactivated_on", reactivated_on, not_before=registration.archived_on)
    if not reason.strip():
        errors["reason"] = ["Enter the reason for reactivating the registration"]
    if registration.is_active:
        errors["registration"] = ["This registration is already active"]
    elif registration.nominal.registrations.filter(status=RegistrationStatus.ACTIVE).exists():
        errors["registration"] = ["This person already has an active MAPPA registration: one at a time"]
    collect(errors)
    with transaction.atomic():
        current = locked(registration, expected_version)
        if current.is_active:  # reactivated since the caller read it
            collect({"registration": ["This registration is already active"]})
        left_on, left_because = current.archived_on, current.archive_reason
        current.status = RegistrationStatus.ACTIVE
        current.archived_on = None
        current.exit_basis, current.exit_decided_at_meeting_on = "", None
        current.last_reviewed_on = reactivated_on
        current.next_review_due_on = next_review_due_on(level=current.level, last_review_on=reactivated_on)
        save_new_version(current)
        dates_changed([current.nominal_id])  # the registration's clocks open again
        LevelChange.objects.create(
            registration=current,
            from_level=current.level,
            to_level=current.level,
            decided_on=reactivated_on,
            reason=f"Reactivated: {reason.strip()}",
            decided_by=actor.user,
            reactivated_from_archive_on=left_on,
            archive_reason=left_because,
        )
        trail.record(
            actor=actor,
            action="registration.reactivate",
            obj=current,
            nominal_id=current.nominal_id,
            reason=reason.strip(),
        )
    return current


PDP_RANK_RULE = "A PDP needs the authorisation of a police Superintendent or above (seed 000, seed 003)"


def record_pdp(
    *,
    actor: Actor,
    nominal: Nominal,
    lead_agency: Agency,
    authorised_by: str,
    authoriser_rank: str,
    authorised_on: date,
    reason: str,
) -> PotentiallyDangerousPerson:
    """Record a Potentially Dangerous Person: police-led, outside MAPPA, never a category."""
    errors = _date_errors("authorised_on", authorised_on)
    if lead_agency.kind != AgencyKind.POLICE:
        errors["lead_agency"] = ["The police lead the management of a potentially dangerous person"]
    if not authorised_by.strip():
        errors["authorised_by"] = ["Enter the Superintendent (or above) who authorised PDP management"]
    if authoriser_rank not in PoliceRank.values:
        errors["authoriser_rank"] = [PDP_RANK_RULE]
    if not reason.strip():
        errors["reason"] = ["Enter the reason the person is considered potentially dangerous"]
    if nominal.registrations.filter(status=RegistrationStatus.ACTIVE).exists():
        errors["nominal"] = ["This person is managed under MAPPA: a PDP has no qualifying conviction"]
    if nominal.pdp_records.filter(status=RegistrationStatus.ACTIVE).exists():
        errors["nominal"] = ["This person is already recorded as a potentially dangerous person"]
    collect(errors)
    with transaction.atomic():
        pdp = PotentiallyDangerousPerson.objects.create(
            nominal=nominal,
            lead_agency=lead_agency,
            authorised_by=authorised_by.strip(),
            authoriser_rank=authoriser_rank,
            authorised_on=authorised_on,
            reason=reason.strip(),
            recorded_by=actor.user,
        )
        trail.record(actor=actor, action="pdp.create", obj=pdp, nominal_id=nominal.pk)
    return pdp


def end_pdp(
    *,
    actor: Actor,
    pdp: PotentiallyDangerousPerson,
    ended_on: date,
    reason: str,
    expected_version: int | None = None,
) -> PotentiallyDangerousPerson:
    """PDP management ends; the record is kept, archived."""
    errors = _date_errors("ended_on", ended_on, not_before=pdp.authorised_on)
    if not reason.strip():
        errors["reason"] = ["Enter the reason PDP management ends"]
    collect(errors)
    with transaction.atomic():
        current = locked(pdp, expected_version)
        if current.status != RegistrationStatus.ACTIVE:
            collect({"pdp": ["PDP management has already ended"]})
        current.status = RegistrationStatus.ARCHIVED
        current.ended_on = ended_on
        current.end_reason = reason.strip()
        save_new_version(current)
        trail.record(actor=actor, action="pdp.end", obj=current, nominal_id=current.nominal_id)
    return current


# --- Partners and ownership, for custody and transfers -------------------------------------


def add_partner(
    *,
    actor: Actor,
    registration: Registration,
    agency: Agency,
    since: date,
    reason: str,
) -> PartnerAgency | None:
    """Make an agency a partner to the record (a prison while the person is in custody, a
    receiving police force during a transfer). None when it already leads or partners it."""
    if not agency.can_manage_cases:
        collect({"agency": ["Partner agencies must be police, probation, prison, YOT or mental health"]})
    if not registration.is_active:
        collect({"registration": [ARCHIVED_IS_READ_ONLY]})
    with transaction.atomic():
        if agency.pk == registration.lead_agency_id or registration.partners.filter(agency=agency).exists():
            return None
        partner = PartnerAgency.objects.create(registration=registration, agency=agency, since=since)
        trail.record(
            actor=actor,
            action="registration.partner_add",
            obj=registration,
            nominal_id=registration.nominal_id,
            reason=reason,
            detail={"agency": agency.code},
        )
    return partner


def remove_partner(*, actor: Actor, registration: Registration, agency: Agency, reason: str) -> bool:
    """The agency stops being a partner (a prison when the person is released)."""
    with transaction.atomic():
        deleted, _ = PartnerAgency.objects.filter(registration=registration, agency=agency).delete()
        if deleted:
            trail.record(
                actor=actor,
                action="registration.partner_remove",
                obj=registration,
                nominal_id=registration.nominal_id,
                reason=reason,
                detail={"agency": agency.code},
            )
    return bool(deleted)


def transfer_ownership(
    *,
    actor: Actor,
    registration: Registration,
    lead_agency: Agency,
    record_manager: User,
    transferred_on: date,
    reason: str,
) -> Registration:
    """Move the record to another area: lead agency, record manager, the person's area and
    owning agency, and each partner to the same kind of agency in the receiving area."""
    errors: dict[str, list[str]] = {}
    if not lead_agency.can_manage_cases:
        errors["lead_agency"] = ["The lead agency must be police, probation, prison, YOT or mental health"]
    if record_manager.agency_id != lead_agency.pk or not record_manager.is_active:
        errors["record_manager"] = ["The record manager must work for the receiving lead agency"]
    if not registration.is_active:
        errors["registration"] = [ARCHIVED_IS_READ_ONLY]
    collect(errors)
    with transaction.atomic():
        current = locked(registration)
        nominal = Nominal.objects.select_for_update().get(pk=current.nominal_id)
        from_area_id = nominal.area_id
        moved: list[str] = []
        for partner in list(current.partners.select_related("agency")):
            if partner.agency.area_id == lead_agency.area_id:
                continue
            counterpart = Agency.objects.filter(area_id=lead_agency.area_id, kind=partner.agency.kind).first()
            partner.delete()
            taken = counterpart is None or counterpart.pk == lead_agency.pk
            if counterpart is not None and not taken and not current.partners.filter(agency=counterpart).exists():
                PartnerAgency.objects.create(registration=current, agency=counterpart, since=transferred_on)
                moved.append(counterpart.code)
        current.partners.filter(agency=lead_agency).delete()
        current.lead_agency = lead_agency
        current.record_manager = record_manager
        save_new_version(current)
        nominal.area_id = lead_agency.area_id
        nominal.owning_agency = lead_agency
        save_new_version(nominal, update_fields=["area", "owning_agency", "updated_at"])
        dates_changed([nominal.pk])  # each stored date carries the area, lead agency and manager
        trail.record(
            actor=actor,
            action="registration.transfer",
            obj=current,
            nominal_id=nominal.pk,
            reason=reason,
            detail={"from_area": from_area_id, "to_area": lead_agency.area_id, "partners": moved},
        )
    return current


# --- The retention review at the person's 100th birthday -----------------------------------

RETENTION_NOT_DUE = "A record is reviewed for deletion only at or after the person's 100th birthday (seed 003)"


def _retention_errors(
    *, nominal: Nominal, outcome: str, decided_on: date, reason: str, review_again_on: date | None
) -> dict[str, list[str]]:
    errors = _date_errors("decided_on", decided_on)
    if not errors and decided_on < retention_review_on(nominal.date_of_birth):
        errors["decided_on"] = [RETENTION_NOT_DUE]
    if outcome not in RetentionOutcome.values:
        errors["outcome"] = ["Select keep or delete"]
    if not reason.strip():
        errors["reason"] = ["Enter the reason for the decision"]
    if outcome == RetentionOutcome.KEEP:
        if review_again_on is None:
            errors["review_again_on"] = ["Enter the date the kept record is reviewed again"]
        elif review_again_on <= decided_on:
            errors["review_again_on"] = ["The next review must be after the decision"]
    elif review_again_on is not None:
        errors["review_again_on"] = ["A record to be deleted has no next review"]
    if nominal.registrations.filter(status=RegistrationStatus.ACTIVE).exists():
        errors["nominal"] = ["The person has an active MAPPA registration: archive it before the retention decision"]
    return errors


def retention_dry_run(
    *,
    actor: Actor,
    nominal: Nominal,
    outcome: str,
    decided_on: date,
    reason: str,
    review_again_on: date | None = None,
) -> dict[str, int]:
    """What the decision would delete (kind of record: how many), checked as the decision
    itself is, writing nothing but the audit of the look. Empty for "keep"."""
    collect(
        _retention_errors(
            nominal=nominal, outcome=outcome, decided_on=decided_on, reason=reason, review_again_on=review_again_on
        )
    )
    counts = retention.plan(nominal).counts() if outcome == RetentionOutcome.DELETE else {}
    trail.record(
        actor=actor, action="retention.dry_run", obj=nominal, nominal_id=nominal.pk, detail={"outcome": outcome}
    )
    return counts


def record_retention_decision(
    *,
    actor: Actor,
    nominal: Nominal,
    outcome: str,
    decided_on: date,
    reason: str,
    review_again_on: date | None = None,
) -> RetentionDecision:
    """The keep-or-delete decision of the retention review; itself audited.

    "Delete" is carried out at once, in the same transaction: the person's record and
    everything that hangs from it (cases.retention), the decision included. What stays is
    the audit trail: the decision's event and a deletion event that name the person only by
    id and reference, with how many records of each kind went. The reason for a deletion is
    not written into the trail, as free text may name the person."""
    collect(
        _retention_errors(
            nominal=nominal, outcome=outcome, decided_on=decided_on, reason=reason, review_again_on=review_again_on
        )
    )
    deleting = outcome == RetentionOutcome.DELETE
    with transaction.atomic():
        decision = RetentionDecision.objects.create(
            nominal=nominal,
            outcome=outcome,
            decided_on=decided_on,
            reason=reason.strip(),
            review_again_on=review_again_on,
            decided_by=actor.user,
        )
        trail.record(
            actor=actor,
            action="retention.decision",
            obj=decision,
            nominal_id=nominal.pk,
            reason="" if deleting else reason.strip(),
            detail={"outcome": outcome},
        )
        if deleting:
            removal = retention.plan(Nominal.objects.select_for_update().get(pk=nominal.pk))
            retention.carry_out(removal)
            trail.record(
                actor=actor,
                action="retention.delete",
                nominal_id=nominal.pk,
                detail={"reference": nominal.reference, "decision": decision.pk, "deleted": removal.counts()},
            )
    return decision
