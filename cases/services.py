"""Every write to MAPPA registrations: register, change level, archive, reactivate."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from access import audit
from accounts.models import Agency, AgencyKind, User
from openmappa.errors import VersionConflict, collect
from register.models import Nominal
from rules.reviews import next_review_due_on

from .models import (
    Category,
    Level,
    LevelChange,
    PartnerAgency,
    PotentiallyDangerousPerson,
    Registration,
    RegistrationStatus,
)

CATEGORY_3_RULE = "Category 3 is never managed at level 1: it needs level 2 or 3 management (seed 003)"
ARCHIVED_IS_READ_ONLY = "An archived registration cannot change level: reactivate it first"
ALREADY_ARCHIVED = "This registration is already archived"


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
    acting_user: User,
    nominal: Nominal,
    category: int,
    level: int,
    lead_agency: Agency | None,
    record_manager: User | None,
    start_date: date,
    reason: str,
    partner_agencies: list[Agency] | None = None,
    request: HttpRequest | None = None,
) -> Registration:
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
        for agency in partner_agencies or []:
            if agency.pk != lead_agency.pk:
                PartnerAgency.objects.create(registration=registration, agency=agency, since=start_date)
        LevelChange.objects.create(
            registration=registration,
            from_level=None,
            to_level=level,
            decided_on=start_date,
            reason=reason.strip(),
            decided_by=acting_user,
        )
        audit.record(
            actor=acting_user,
            action="registration.create",
            obj=registration,
            nominal_id=nominal.pk,
            request=request,
            detail={"category": category, "level": level},
        )
    return registration


def _locked(registration: Registration, expected_version: int | None) -> Registration:
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if expected_version is not None and locked.version != expected_version:
        raise VersionConflict(locked.version)
    return locked


def change_level(
    *,
    acting_user: User,
    registration: Registration,
    to_level: int,
    decided_on: date,
    reason: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Registration:
    """A level decision, or a review that keeps the level: both restart the review clock."""
    errors = _level_errors(registration.category, to_level)
    errors |= _date_errors("decided_on", decided_on, not_before=registration.last_reviewed_on)
    if not reason.strip():
        errors["reason"] = ["Enter the reason for the decision"]
    if not registration.is_active:
        errors["registration"] = [ARCHIVED_IS_READ_ONLY]
    collect(errors)
    with transaction.atomic():
        locked = _locked(registration, expected_version)
        if not locked.is_active:  # archived since the caller read it
            collect({"registration": [ARCHIVED_IS_READ_ONLY]})
        LevelChange.objects.create(
            registration=locked,
            from_level=locked.level,
            to_level=to_level,
            decided_on=decided_on,
            reason=reason.strip(),
            decided_by=acting_user,
        )
        previous = locked.level
        locked.level = to_level
        locked.last_reviewed_on = decided_on
        locked.next_review_due_on = next_review_due_on(level=to_level, last_review_on=decided_on)
        locked.version += 1
        locked.save()
        audit.record(
            actor=acting_user,
            action="registration.level_change",
            obj=locked,
            nominal_id=locked.nominal_id,
            request=request,
            detail={"from_level": previous, "to_level": to_level},
        )
    return locked


def archive(
    *,
    acting_user: User,
    registration: Registration,
    archived_on: date,
    reason: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Registration:
    """Exit from MAPPA archives the record; nothing is deleted."""
    errors = _date_errors("archived_on", archived_on, not_before=registration.start_date)
    if not reason.strip():
        errors["reason"] = ["Enter the reason for leaving MAPPA"]
    if not registration.is_active:
        errors["registration"] = [ALREADY_ARCHIVED]
    collect(errors)
    with transaction.atomic():
        locked = _locked(registration, expected_version)
        if not locked.is_active:  # archived since the caller read it
            collect({"registration": [ALREADY_ARCHIVED]})
        locked.status = RegistrationStatus.ARCHIVED
        locked.archived_on = archived_on
        locked.archive_reason = reason.strip()
        locked.version += 1
        locked.save()
        audit.record(
            actor=acting_user,
            action="registration.archive",
            obj=locked,
            nominal_id=locked.nominal_id,
            request=request,
            reason=reason.strip(),
        )
    return locked


def reactivate(
    *,
    acting_user: User,
    registration: Registration,
    reactivated_on: date,
    reason: str,
    request: HttpRequest | None = None,
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
        locked = _locked(registration, None)
        if locked.is_active:  # reactivated since the caller read it
            collect({"registration": ["This registration is already active"]})
        locked.status = RegistrationStatus.ACTIVE
        locked.archived_on = None
        locked.last_reviewed_on = reactivated_on
        locked.next_review_due_on = next_review_due_on(level=locked.level, last_review_on=reactivated_on)
        locked.version += 1
        locked.save()
        LevelChange.objects.create(
            registration=locked,
            from_level=locked.level,
            to_level=locked.level,
            decided_on=reactivated_on,
            reason=f"Reactivated: {reason.strip()}",
            decided_by=acting_user,
        )
        audit.record(
            actor=acting_user,
            action="registration.reactivate",
            obj=locked,
            nominal_id=locked.nominal_id,
            request=request,
            reason=reason.strip(),
        )
    return locked


def record_pdp(
    *,
    acting_user: User,
    nominal: Nominal,
    lead_agency: Agency,
    authorised_by: str,
    authorised_on: date,
    reason: str,
    request: HttpRequest | None = None,
) -> PotentiallyDangerousPerson:
    """Record a Potentially Dangerous Person: police-led, outside MAPPA, never a category."""
    errors = _date_errors("authorised_on", authorised_on)
    if lead_agency.kind != AgencyKind.POLICE:
        errors["lead_agency"] = ["The police lead the management of a potentially dangerous person"]
    if not authorised_by.strip():
        errors["authorised_by"] = ["Enter the Superintendent (or above) who authorised PDP management"]
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
            authorised_on=authorised_on,
            reason=reason.strip(),
            recorded_by=acting_user,
        )
        audit.record(actor=acting_user, action="pdp.create", obj=pdp, nominal_id=nominal.pk, request=request)
    return pdp
