"""Worklist sources for transfers (kernel/worklist_sources.py): records the sending area must
send (5 working days from approval, rules.working_days) and transfers awaiting the
receiving area's acceptance (due from the day of approval)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from access import policy
from kernel.worklist_sources import WorkItem, WorklistScope, register_source, url_maker

from .models import Transfer, TransferStatus


@register_source("transfer", title="Transfers")
def transfer_work(scope: WorklistScope) -> Iterator[WorkItem]:
    open_transfers = Transfer.objects.select_related("nominal", "from_area", "to_area", "registration")
    sending = open_transfers.filter(
        status__in=[TransferStatus.APPROVED, TransferStatus.ACCEPTED],
        records_sent_on=None,
        records_due_on__lte=scope.due_by,
    )
    receiving = open_transfers.filter(status=TransferStatus.APPROVED, approved_on__lte=scope.due_by).exclude(
        to_area=None
    )
    if scope.area_id is not None:
        sending = sending.filter(from_area_id=scope.area_id)
        receiving = receiving.filter(to_area_id=scope.area_id)
    elif scope.user is not None and policy.works_with_people(scope.user):
        user = scope.user
        sending = sending.filter(Q(requested_by_id=user.pk) | Q(registration__record_manager_id=user.pk))
        receiving = receiving.none()
    else:
        return
    page = url_maker("transfers:detail")
    for transfer in sending:
        assert transfer.records_due_on is not None
        yield WorkItem(
            kind="transfer",
            label=f"Send the records to {transfer.destination} (transfer approved)",
            due_on=transfer.records_due_on,
            url=page(transfer.pk),
            area_id=transfer.from_area_id,
            nominal_id=transfer.nominal_id,
            person_name=str(transfer.nominal),
            owner_user_id=transfer.registration.record_manager_id,
        )
    for transfer in receiving:
        assert transfer.approved_on is not None and transfer.to_area_id is not None
        yield WorkItem(
            kind="transfer",
            label=f"Accept or refuse the transfer in from {transfer.from_area}",
            due_on=transfer.approved_on,
            url=page(transfer.pk),
            area_id=transfer.to_area_id,
            nominal_id=transfer.nominal_id,
            person_name=str(transfer.nominal),
        )
