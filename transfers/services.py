"""Every write in a transfer between areas.

Request; the sending area's assessment and approval (probation decides when the person is
under its supervision); the receiving area's acceptance; for level 2/3 the receiving
area's meeting attended by the sending offender manager; for category 1 the receiving
force as a partner and a home visit confirming the address; records sent within 5
working days of approval (rules.working_days); then the record moves (seed 003).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Agency, AgencyKind, Area, User
from audit import trail
from cases import services as case_services
from cases.models import Registration, RegistrationStatus
from kernel.actor import Actor, actor_of
from kernel.errors import VersionConflict, collect
from register.models import Nominal
from rules.working_days import transfer_records_due_on

from .models import CrossBorderBasis, Jurisdiction, Transfer, TransferStatus

SAME_AREA_RULE = "A transfer goes to another area: the person is already managed in {area}"
ONE_DESTINATION = "Choose either another MAPPA area or, for a cross-border transfer, a jurisdiction"
CROSS_BORDER_BASIS_RULE = "A cross-border transfer is restricted or unrestricted (seed 003, 'Cross Border Transfers')"
MEETING_RULE = (
    "A level 2 or 3 case needs the receiving area's MAPP meeting, attended by the sending offender manager "
    "(seed 003, 'Transfer of MAPPA Cases')"
)
ADDRESS_RULE = "For a category 1 move, a home visit by the receiving force confirms the address first (seed 003)"
RECORDS_RULE = "The records are sent to the receiving area before the transfer completes (seed 003)"


def _not_future(errors: dict[str, list[str]], field: str, value: date | None, not_before: date | None = None) -> None:
    words = field.replace("_on", "").replace("_", " ")
    if value is None:
        errors[field] = [f"Enter the date {words}"]
    elif value > timezone.localdate():
        errors[field] = [f"The date {words} must be today or in the past"]
    elif not_before is not None and value < not_before:
        errors[field] = [f"The date {words} cannot be before {not_before:%d %B %Y}"]


def request_transfer(
    *,
    acting_user: User,
    nominal: Nominal,
    to_area: Area | None,
    new_address: str,
    reason: str,
    under_probation_supervision: bool,
    requested_on: date | None,
    to_jurisdiction: str = "",
    cross_border_basis: str = "",
    request: HttpRequest | None = None,
) -> Transfer:
    errors: dict[str, list[str]] = {}
    registration: Registration | None = nominal.registrations.filter(status=RegistrationStatus.ACTIVE).first()
    if registration is None:
        errors["nominal"] = ["Only an active MAPPA registration is transferred"]
    if (to_area is None) == (not to_jurisdiction):
        errors["to_area"] = [ONE_DESTINATION]
    elif to_area is not None and to_area.pk == nominal.area_id:
        errors["to_area"] = [SAME_AREA_RULE.format(area=to_area.name)]
    if to_jurisdiction:
        if to_jurisdiction not in Jurisdiction.values:
            errors["to_jurisdiction"] = ["Select Scotland, Northern Ireland, the Isle of Man or the Channel Islands"]
        if cross_border_basis not in CrossBorderBasis.values:
            errors["cross_border_basis"] = [CROSS_BORDER_BASIS_RULE]
    elif cross_border_basis:
        errors["cross_border_basis"] = ["Only a cross-border transfer is restricted or unrestricted"]
    if not new_address.strip():
        errors["new_address"] = ["Enter the proposed new address"]
    if not reason.strip():
        errors["reason"] = ["Enter the reason for the move"]
    _not_future(errors, "requested_on", requested_on)
    if nominal.transfers.filter(
        status__in=[TransferStatus.REQUESTED, TransferStatus.APPROVED, TransferStatus.ACCEPTED]
    ).exists():
        errors["nominal"] = ["A transfer of this person is already in progress"]
    collect(errors)
    assert registration is not None and requested_on is not None
    with transaction.atomic():
        transfer = Transfer.objects.create(
            nominal=nominal,
            registration=registration,
            from_area_id=nominal.area_id,
            to_area=to_area,
            to_jurisdiction=to_jurisdiction,
            cross_border_basis=cross_border_basis,
            new_address=new_address.strip(),
            reason=reason.strip(),
            under_probation_supervision=under_probation_supervision,
            category=registration.category,
            level=registration.level,
            requested_on=requested_on,
            requested_by=acting_user,
        )
        trail.record(
            actor=acting_user,
            action="transfer.request",
            obj=transfer,
            nominal_id=nominal.pk,
            request=request,
            detail={"to": transfer.destination},
        )
    return transfer


def _locked(transfer: Transfer, expected_version: int | None, status: tuple[str, ...]) -> Transfer:
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if expected_version is not None and locked.version != expected_version:
        raise VersionConflict(locked.version)
    if locked.status not in status:
        collect({"status": [f"This transfer is {locked.get_status_display().lower()}: that step is not open"]})
    return locked


def _save(locked: Transfer, acting_user: User, action: str, request: HttpRequest | None, **detail: Any) -> Transfer:
    locked.version += 1
    locked.save()
    trail.record(
        actor=acting_user, action=action, obj=locked, nominal_id=locked.nominal_id, request=request, detail=detail
    )
    return locked


def approve(
    *,
    acting_user: User,
    transfer: Transfer,
    assessment: str,
    approved_on: date | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Transfer:
    """The sending area's assessment of the move and its approval; the records clock starts."""
    errors: dict[str, list[str]] = {}
    if not assessment.strip():
        errors["assessment"] = ["Enter the assessment of the risks of the move"]
    _not_future(errors, "approved_on", approved_on, transfer.requested_on)
    if transfer.under_probation_supervision and (
        acting_user.agency is None or acting_user.agency.kind != AgencyKind.PROBATION
    ):
        errors["approved_on"] = ["Probation decides the transfer of a person under its supervision (seed 003)"]
    collect(errors)
    assert approved_on is not None
    with transaction.atomic():
        locked = _locked(transfer, expected_version, (TransferStatus.REQUESTED,))
        locked.status = TransferStatus.APPROVED
        locked.assessment = assessment.strip()
        locked.approved_on = approved_on
        locked.approved_by = acting_user
        locked.records_due_on = transfer_records_due_on(approved_on)
        return _save(locked, acting_user, "transfer.approve", request)


def refuse(
    *,
    acting_user: User,
    transfer: Transfer,
    refused_on: date | None,
    reason: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Transfer:
    """Refused on public protection grounds, by the sending area or the receiving one."""
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Enter the public protection reasons for refusing the transfer"]
    _not_future(errors, "refused_on", refused_on, transfer.requested_on)
    collect(errors)
    with transaction.atomic():
        locked = _locked(transfer, expected_version, (TransferStatus.REQUESTED, TransferStatus.APPROVED))
        locked.status = TransferStatus.REFUSED
        locked.refused_on = refused_on
        locked.refusal_reason = reason.strip()
        return _save(locked, acting_user, "transfer.refuse", request)


def accept(
    *,
    acting_user: User,
    transfer: Transfer,
    accepted_on: date | None,
    lead_agency: Agency | None,
    record_manager: User | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Transfer:
    """The receiving area accepts and names who will lead and manage the record. For a
    category 1 case its police force becomes a partner to the record now."""
    errors: dict[str, list[str]] = {}
    _not_future(errors, "accepted_on", accepted_on, transfer.approved_on)
    if lead_agency is None or lead_agency.area_id != transfer.to_area_id or not lead_agency.can_manage_cases:
        errors["lead_agency"] = [
            "Select a police, probation, prison, YOT or mental health agency of the receiving area"
        ]
    if record_manager is None or not record_manager.is_active:
        errors["record_manager"] = ["Select the receiving record manager"]
    elif lead_agency is not None and record_manager.agency_id != lead_agency.pk:
        errors["record_manager"] = ["The record manager must work for the receiving lead agency"]
    collect(errors)
    assert accepted_on is not None
    with transaction.atomic():
        locked = _locked(transfer, expected_version, (TransferStatus.APPROVED,))
        locked.status = TransferStatus.ACCEPTED
        locked.accepted_on = accepted_on
        locked.accepted_by = acting_user
        locked.receiving_lead_agency = lead_agency
        locked.receiving_record_manager = record_manager
        if locked.needs_police_flow and locked.to_area_id is not None:
            police = Agency.objects.filter(area_id=locked.to_area_id, kind=AgencyKind.POLICE).first()
            locked.receiving_police = police
            if police is not None:
                case_services.add_partner(
                    actor=actor_of(request) if request else Actor(acting_user),
                    registration=locked.registration,
                    agency=police,
                    since=accepted_on,
                    reason="The receiving force is a partner while a category 1 move is confirmed",
                )
        return _save(locked, acting_user, "transfer.accept", request)


def record_receiving_meeting(
    *,
    acting_user: User,
    transfer: Transfer,
    held_on: date | None,
    sending_manager_attended: bool,
    meeting: Any = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Transfer:
    errors: dict[str, list[str]] = {}
    _not_future(errors, "held_on", held_on, transfer.accepted_on)
    if not sending_manager_attended:
        errors["sending_manager_attended"] = [MEETING_RULE]
    if meeting is not None and meeting.nominal_id != transfer.nominal_id:
        errors["meeting"] = ["The meeting must be about the person being transferred"]
    collect(errors)
    with transaction.atomic():
        locked = _locked(transfer, expected_version, (TransferStatus.ACCEPTED,))
        locked.receiving_meeting_on = held_on
        locked.sending_manager_attended = sending_manager_attended
        locked.receiving_meeting = meeting
        return _save(locked, acting_user, "transfer.receiving_meeting", request)


def confirm_address(
    *,
    acting_user: User,
    transfer: Transfer,
    confirmed_on: date | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Transfer:
    """The receiving force's home visit confirms the person lives at the new address."""
    errors: dict[str, list[str]] = {}
    _not_future(errors, "confirmed_on", confirmed_on, transfer.accepted_on)
    if not transfer.needs_police_flow:
        errors["confirmed_on"] = ["Only a category 1 move is confirmed by the receiving force's home visit"]
    collect(errors)
    with transaction.atomic():
        locked = _locked(transfer, expected_version, (TransferStatus.ACCEPTED,))
        locked.address_confirmed_on = confirmed_on
        locked.address_confirmed_by = acting_user
        return _save(locked, acting_user, "transfer.address_confirmed", request)


def record_records_sent(
    *,
    acting_user: User,
    transfer: Transfer,
    sent_on: date | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Transfer:
    errors: dict[str, list[str]] = {}
    _not_future(errors, "sent_on", sent_on, transfer.approved_on)
    collect(errors)
    with transaction.atomic():
        locked = _locked(transfer, expected_version, (TransferStatus.APPROVED, TransferStatus.ACCEPTED))
        locked.records_sent_on = sent_on
        assert sent_on is not None and locked.records_due_on is not None
        return _save(locked, acting_user, "transfer.records_sent", request, on_time=sent_on <= locked.records_due_on)


def complete(
    *,
    acting_user: User,
    transfer: Transfer,
    completed_on: date | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Transfer:
    """The record moves: lead agency, record manager, area and partners. A cross-border
    transfer leaves the record with the sending area, marked restricted or unrestricted."""
    errors: dict[str, list[str]] = {}
    _not_future(errors, "completed_on", completed_on, transfer.accepted_on or transfer.approved_on)
    if transfer.records_sent_on is None:
        errors["records_sent_on"] = [RECORDS_RULE]
    if transfer.needs_receiving_meeting and not (transfer.receiving_meeting_on and transfer.sending_manager_attended):
        errors["receiving_meeting_on"] = [MEETING_RULE]
    if transfer.needs_police_flow and transfer.address_confirmed_on is None:
        errors["address_confirmed_on"] = [ADDRESS_RULE]
    collect(errors)
    assert completed_on is not None
    open_steps = (TransferStatus.APPROVED,) if transfer.is_cross_border else (TransferStatus.ACCEPTED,)
    with transaction.atomic():
        locked = _locked(transfer, expected_version, open_steps)
        if not locked.is_cross_border:
            assert locked.receiving_lead_agency is not None and locked.receiving_record_manager is not None
            case_services.transfer_ownership(
                actor=actor_of(request) if request else Actor(acting_user),
                registration=locked.registration,
                lead_agency=locked.receiving_lead_agency,
                record_manager=locked.receiving_record_manager,
                transferred_on=completed_on,
                reason=f"Transferred from {locked.from_area} to {locked.to_area}",
            )
        locked.status = TransferStatus.COMPLETED
        locked.completed_on = completed_on
        return _save(locked, acting_user, "transfer.complete", request)
