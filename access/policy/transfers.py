"""Transfers of a person's management to another area.

The sending side (the registration's managers) requests and approves, never the requester
alone, probation alone when the person is under its supervision; the receiving area's own
users (its co-ordinator and offender managers) accept or decline; its co-ordinator holds
the meeting and completes; a category 1 move's address is confirmed by the receiving
police force. Who decides is rules.transfers'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts.models import AgencyKind
from rules import transfers as transfer_rules
from rules.rule import Rule

from .people import can_manage_registration
from .records import transfer_model
from .registrations import has_active_registration
from .roles import UserLike, agency_of, coordinates_area, is_caseworker, is_coordinator
from .sight import ordinarily_visible_nominals

if TYPE_CHECKING:
    from register.models import Nominal
    from transfers.models import Transfer


def decider(user: UserLike) -> transfer_rules.Decider | None:
    """The user as the transfer rules see them; None for a user who decides nothing."""
    if not (is_caseworker(user) or is_coordinator(user)):
        return None
    agency = agency_of(user)
    return transfer_rules.Decider(
        user_id=user.pk,
        area_id=agency.area_id,
        is_probation=agency.kind == AgencyKind.PROBATION,
        may_decide_for_area=True,  # a co-ordinator, or an offender manager of a case-managing agency
    )


def approval_refusal(user: UserLike, transfer: Transfer) -> Rule | None:
    """The rule that stops a sending-side user approving this requested transfer, if any."""
    who = decider(user)
    if who is None:
        return transfer_rules.APPROVER_IS_NOT_REQUESTER
    return transfer_rules.approval_refused_by(
        who, requested_by_id=transfer.requested_by_id, under_probation_supervision=transfer.under_probation_supervision
    )


def receiving_refusal(user: UserLike, transfer: Transfer) -> Rule | None:
    """The rule that stops the user accepting or declining this approved transfer, if any."""
    who = decider(user)
    if who is None:
        return transfer_rules.RECEIVING_AREA_DECIDES
    return transfer_rules.receiving_decision_refused_by(who, to_area_id=transfer.to_area_id)


def _sending_side(user: UserLike, transfer: Transfer) -> bool:
    return bool(transfer.from_area_id == transfer.nominal.area_id and can_manage_registration(user, transfer.nominal))


def can_request_transfer(user: UserLike, nominal: Nominal) -> bool:
    return (
        can_manage_registration(user, nominal)
        and has_active_registration(nominal)
        and not (is_caseworker(user) and agency_of(user).area_id != nominal.area_id)
    )


def visible_transfers(user: UserLike) -> QuerySet[Transfer]:
    """The sending side sees its transfers; the receiving area's co-ordinator and offender
    managers once approved (they accept or decline it), and its record manager."""
    transfers = transfer_model()
    status = transfers.Status
    shown_to_receiver = ~Q(status__in=[status.REQUESTED, status.REFUSED]) | Q(approved_on__isnull=False)
    if is_coordinator(user):
        area_id = agency_of(user).area_id
        return transfers.objects.filter(Q(from_area_id=area_id) | (Q(to_area_id=area_id) & shown_to_receiver))
    if is_caseworker(user):
        area_id = agency_of(user).area_id
        return transfers.objects.filter(
            Q(nominal__in=ordinarily_visible_nominals(user), from_area_id=area_id)
            | Q(receiving_record_manager_id=user.pk)
            | (Q(to_area_id=area_id) & shown_to_receiver)
        )
    return transfers.objects.none()


def can_view_transfer(user: UserLike, transfer: Transfer) -> bool:
    return visible_transfers(user).filter(pk=transfer.pk).exists()


def can_approve_transfer(user: UserLike, transfer: Transfer) -> bool:
    """The sending area decides, never the requester alone; probation does when the person is
    under its supervision (rules.transfers)."""
    if transfer.status != transfer.Status.REQUESTED or not _sending_side(user, transfer):
        return False
    return approval_refusal(user, transfer) is None


def can_refuse_transfer(user: UserLike, transfer: Transfer) -> bool:
    """Before approval the sending area's decision (as approving); after it, the receiving
    area declines."""
    if transfer.status == transfer.Status.REQUESTED:
        return can_approve_transfer(user, transfer)
    return can_accept_transfer(user, transfer)


def can_accept_transfer(user: UserLike, transfer: Transfer) -> bool:
    """The receiving area's own co-ordinator or offender managers (rules.transfers)."""
    return transfer.status == transfer.Status.APPROVED and receiving_refusal(user, transfer) is None


def can_record_receiving_meeting(user: UserLike, transfer: Transfer) -> bool:
    return transfer.status == transfer.Status.ACCEPTED and coordinates_area(user, transfer.to_area_id)


def can_confirm_transfer_address(user: UserLike, transfer: Transfer) -> bool:
    """The receiving force's home visit confirms the address of a category 1 move."""
    if transfer.status != transfer.Status.ACCEPTED:
        return False
    return coordinates_area(user, transfer.to_area_id) or (
        is_caseworker(user) and user.agency_id == transfer.receiving_police_id
    )


def can_send_transfer_records(user: UserLike, transfer: Transfer) -> bool:
    accepted_or_approved = (transfer.Status.APPROVED, transfer.Status.ACCEPTED)
    return transfer.status in accepted_or_approved and _sending_side(user, transfer)


def can_complete_transfer(user: UserLike, transfer: Transfer) -> bool:
    """The receiving co-ordinator completes; a cross-border transfer, the sending side."""
    if transfer.is_cross_border:
        return transfer.status == transfer.Status.APPROVED and _sending_side(user, transfer)
    return transfer.status == transfer.Status.ACCEPTED and coordinates_area(user, transfer.to_area_id)
