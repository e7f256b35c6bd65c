"""Transfers of a person's management to another area.

The sending side (the registration's managers) requests and approves, probation alone when
the person is under its supervision; the receiving area's co-ordinator accepts, holds the
meeting and completes; a category 1 move's address is confirmed by the receiving police
force."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts.models import AgencyKind

from .people import can_manage_registration
from .records import transfer_model
from .registrations import has_active_registration
from .roles import UserLike, agency_of, coordinates_area, is_caseworker, is_coordinator
from .sight import ordinarily_visible_nominals

if TYPE_CHECKING:
    from register.models import Nominal
    from transfers.models import Transfer


def _sending_side(user: UserLike, transfer: Transfer) -> bool:
    return bool(transfer.from_area_id == transfer.nominal.area_id and can_manage_registration(user, transfer.nominal))


def can_request_transfer(user: UserLike, nominal: Nominal) -> bool:
    return (
        can_manage_registration(user, nominal)
        and has_active_registration(nominal)
        and not (is_caseworker(user) and agency_of(user).area_id != nominal.area_id)
    )


def visible_transfers(user: UserLike) -> QuerySet[Transfer]:
    """The sending side sees its transfers; the receiving co-ordinator once approved, and
    the receiving police force and record manager once accepted."""
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
            | (Q(to_area_id=area_id, receiving_police_id=user.agency_id) & shown_to_receiver)
        )
    return transfers.objects.none()


def can_view_transfer(user: UserLike, transfer: Transfer) -> bool:
    return visible_transfers(user).filter(pk=transfer.pk).exists()


def can_approve_transfer(user: UserLike, transfer: Transfer) -> bool:
    """The sending area decides; probation does when the person is under its supervision."""
    if transfer.status != transfer.Status.REQUESTED or not _sending_side(user, transfer):
        return False
    return not transfer.under_probation_supervision or agency_of(user).kind == AgencyKind.PROBATION


def can_refuse_transfer(user: UserLike, transfer: Transfer) -> bool:
    if transfer.status == transfer.Status.REQUESTED:
        return can_approve_transfer(user, transfer)
    return transfer.status == transfer.Status.APPROVED and coordinates_area(user, transfer.to_area_id)


def can_accept_transfer(user: UserLike, transfer: Transfer) -> bool:
    return transfer.status == transfer.Status.APPROVED and coordinates_area(user, transfer.to_area_id)


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
