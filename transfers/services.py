"""Every write in a transfer between areas.

Request; the sending area's assessment and approval (probation decides when the person is
under its supervision); the receiving area's acceptance; for level 2/3 the receiving
area's meeting attended by the sending offender manager; for category 1 the receiving
force as a partner and a home visit confirming the address; records sent within 5
working days of approval (rules.working_days); then the record moves (seed 003).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from access import policy
from accounts.models import Agency, AgencyKind, Area, User
from audit import trail
from cases import services as case_services
from cases.models import Registration, RegistrationStatus
from kernel.actor import Actor
from kernel.errors import collect
from kernel.records import locked, save_new_version
from register.models import Nominal
from rules import transfers as transfer_rules
from rules.rule import Rule
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


def _decided_by(errors: dict[str, list[str]], field: str, broken: Rule | None) -> None:
    """A step refused because of who is taking it names the rule it breaks."""
    if broken is not None:
        errors[field] = [transfer_rules.refusal_message(broken)]


def request_transfer(
    *,
    actor: Actor,
    nominal: Nominal,
    to_area: Area | None,
    new_address: str,
    reason: str,
    under_probation_supervision: bool,
    requested_on: date | None,
    to_jurisdiction: str = "",
    cross_border_basis: str = "",
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
            requested_by=actor.user,
        )
        trail.record(
            actor=actor,
            action="transfer.request",
            obj=transfer,
            nominal_id=nominal.pk,
            detail={"to": transfer.destination},
        )
    return transfer


def _step(
    actor: Actor,
    transfer: Transfer,
    expected_version: int | None,
    open_in: tuple[str, ...],
    action: str,
    change: Callable[[Transfer], dict[str, Any] | None],
) -> Transfer:
    """Take a step under the transfer's row lock, when the transfer is at a status the step
    is `open_in`: the change is saved as its next version and audited (with any detail
    `change` returns)."""
    with transaction.atomic():
        fresh = locked(transfer, expected_version)
        if fresh.status not in open_in:
            collect({"status": [f"This transfer is {fresh.get_status_display().lower()}: that step is not open"]})
        detail = change(fresh)
        save_new_version(fresh)
        trail.record(actor=actor, action=action, obj=fresh, nominal_id=fresh.nominal_id, detail=detail)
    return fresh


def approve(
    *,
    actor: Actor,
    transfer: Transfer,
    assessment: str,
    approved_on: date | None,
    expected_version: int | None = None,
) -> Transfer:
    """The sending area's assessment of the move and its approval; the records clock starts."""
    errors: dict[str, list[str]] = {}
    if not assessment.strip():
        errors["assessment"] = ["Enter the assessment of the risks of the move"]
    _not_future(errors, "approved_on", approved_on, transfer.requested_on)
    _decided_by(errors, "approved_by", policy.approval_refusal(actor.user, transfer))
    collect(errors)
    assert approved_on is not None

    def change(fresh: Transfer) -> None:
        fresh.status = TransferStatus.APPROVED
        fresh.assessment = assessment.strip()
        fresh.approved_on = approved_on
        fresh.approved_by = actor.user
        fresh.records_due_on = transfer_records_due_on(approved_on)

    return _step(actor, transfer, expected_version, (TransferStatus.REQUESTED,), "transfer.approve", change)


def refuse(
    *,
    actor: Actor,
    transfer: Transfer,
    refused_on: date | None,
    reason: str,
    expected_version: int | None = None,
) -> Transfer:
    """Refused on public protection grounds: before approval by the sending area (as it
    approves), after it declined by the receiving area's own users."""
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Enter the public protection reasons for refusing the transfer"]
    _not_future(errors, "refused_on", refused_on, transfer.requested_on)
    if transfer.status == TransferStatus.APPROVED:
        _decided_by(errors, "refused_by", policy.receiving_refusal(actor.user, transfer))
    else:
        _decided_by(errors, "refused_by", policy.approval_refusal(actor.user, transfer))
    collect(errors)

    def change(fresh: Transfer) -> None:
        fresh.status = TransferStatus.REFUSED
        fresh.refused_on = refused_on
        fresh.refusal_reason = reason.strip()

    open_in = (TransferStatus.REQUESTED, TransferStatus.APPROVED)
    return _step(actor, transfer, expected_version, open_in, "transfer.refuse", change)


def accept(
    *,
    actor: Actor,
    transfer: Transfer,
    accepted_on: date | None,
    lead_agency: Agency | None,
    record_manager: User | None,
    expected_version: int | None = None,
) -> Transfer:
    """The receiving area accepts and names who will lead and manage the record. For a
    category 1 case its police force becomes a partner to the record now."""
    errors: dict[str, list[str]] = {}
    _not_future(errors, "accepted_on", accepted_on, transfer.approved_on)
    _decided_by(errors, "accepted_by", policy.receiving_refusal(actor.user, transfer))
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

    def change(fresh: Transfer) -> None:
        fresh.status = TransferStatus.ACCEPTED
        fresh.accepted_on = accepted_on
        fresh.accepted_by = actor.user
        fresh.receiving_lead_agency = lead_agency
        fresh.receiving_record_manager = record_manager
        if fresh.needs_police_flow and fresh.to_area_id is not None:
            police = Agency.objects.filter(area_id=fresh.to_area_id, kind=AgencyKind.POLICE).first()
            fresh.receiving_police = police
            if police is not None:
                case_services.add_partner(
                    actor=actor,
                    registration=fresh.registration,
                    agency=police,
                    since=accepted_on,
                    reason="The receiving force is a partner while a category 1 move is confirmed",
                )

    return _step(actor, transfer, expected_version, (TransferStatus.APPROVED,), "transfer.accept", change)


def record_receiving_meeting(
    *,
    actor: Actor,
    transfer: Transfer,
    held_on: date | None,
    sending_manager_attended: bool,
    meeting: Any = None,
    expected_version: int | None = None,
) -> Transfer:
    errors: dict[str, list[str]] = {}
    _not_future(errors, "held_on", held_on, transfer.accepted_on)
    if not sending_manager_attended:
        errors["sending_manager_attended"] = [MEETING_RULE]
    if meeting is not None and meeting.nominal_id != transfer.nominal_id:
        errors["meeting"] = ["The meeting must be about the person being transferred"]
    collect(errors)

    def change(fresh: Transfer) -> None:
        fresh.receiving_meeting_on = held_on
        fresh.sending_manager_attended = sending_manager_attended
        fresh.receiving_meeting = meeting

    open_in = (TransferStatus.ACCEPTED,)
    return _step(actor, transfer, expected_version, open_in, "transfer.receiving_meeting", change)


def confirm_address(
    *,
    actor: Actor,
    transfer: Transfer,
    confirmed_on: date | None,
    expected_version: int | None = None,
) -> Transfer:
    """The receiving force's home visit confirms the person lives at the new address."""
    errors: dict[str, list[str]] = {}
    _not_future(errors, "confirmed_on", confirmed_on, transfer.accepted_on)
    if not transfer.needs_police_flow:
        errors["confirmed_on"] = ["Only a category 1 move is confirmed by the receiving force's home visit"]
    collect(errors)

    def change(fresh: Transfer) -> None:
        fresh.address_confirmed_on = confirmed_on
        fresh.address_confirmed_by = actor.user

    open_in = (TransferStatus.ACCEPTED,)
    return _step(actor, transfer, expected_version, open_in, "transfer.address_confirmed", change)


def record_records_sent(
    *,
    actor: Actor,
    transfer: Transfer,
    sent_on: date | None,
    expected_version: int | None = None,
) -> Transfer:
    errors: dict[str, list[str]] = {}
    _not_future(errors, "sent_on", sent_on, transfer.approved_on)
    collect(errors)

    def change(fresh: Transfer) -> dict[str, Any]:
        fresh.records_sent_on = sent_on
        assert sent_on is not None and fresh.records_due_on is not None
        return {"on_time": sent_on <= fresh.records_due_on}

    open_in = (TransferStatus.APPROVED, TransferStatus.ACCEPTED)
    return _step(actor, transfer, expected_version, open_in, "transfer.records_sent", change)


def complete(
    *,
    actor: Actor,
    transfer: Transfer,
    completed_on: date | None,
    expected_version: int | None = None,
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

    def change(fresh: Transfer) -> None:
        if not fresh.is_cross_border:
            assert fresh.receiving_lead_agency is not None and fresh.receiving_record_manager is not None
            case_services.transfer_ownership(
                actor=actor,
                registration=fresh.registration,
                lead_agency=fresh.receiving_lead_agency,
                record_manager=fresh.receiving_record_manager,
                transferred_on=completed_on,
                reason=f"Transferred from {fresh.from_area} to {fresh.to_area}",
            )
        fresh.status = TransferStatus.COMPLETED
        fresh.completed_on = completed_on

    return _step(actor, transfer, expected_version, open_steps, "transfer.complete", change)
