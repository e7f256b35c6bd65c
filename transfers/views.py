"""Transfer pages: the request, each step, the list and the transfer itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access import policy
from audit import trail
from cases.action_page import action_page
from kernel.declare import page_rule, signed_in_user
from register import selectors as register_selectors

from . import selectors, services
from .forms import (
    AcceptForm,
    AddressForm,
    ApproveForm,
    CompleteForm,
    MeetingForm,
    RecordsSentForm,
    RefuseForm,
    RequestForm,
)
from .models import Transfer


@page_rule("people")
def index(request: HttpRequest) -> HttpResponse:
    transfers = selectors.transfers(requested_by=request.user)[:200]  # type: ignore[arg-type]
    return render(request, "transfers/index.html", {"transfers": transfers})


@page_rule("people")
def new(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_request_transfer(request.user, nominal):
        raise Http404
    form = RequestForm(request.POST or None, areas=selectors.area_choices(requested_by=request.user))  # type: ignore[arg-type]

    def act(data: dict[str, Any]) -> object:
        return services.request_transfer(
            acting_user=signed_in_user(request),
            nominal=nominal,
            to_area=data.get("to_area"),
            to_jurisdiction=data.get("to_jurisdiction", ""),
            cross_border_basis=data.get("cross_border_basis", ""),
            new_address=data["new_address"],
            reason=data["reason"],
            under_probation_supervision=data["under_probation_supervision"],
            requested_on=data["requested_on"],
            request=request,
        )

    return action_page(
        request,
        form=form,
        title="Request a transfer to another area",
        caption=f"{nominal} · {nominal.reference}",
        back_url=reverse("cases:registration", args=[nominal.pk]),
        act=act,
        done="Transfer requested",
        done_url=lambda transfer: reverse("transfers:detail", args=[transfer.pk]),  # type: ignore[attr-defined]
        shows=nominal,
        section="request_transfer",
    )


@page_rule("people")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.get_transfer(requested_by=request.user, pk=pk)  # type: ignore[arg-type]
    trail.record(
        actor=request.user, action="transfer.view", obj=transfer, nominal_id=transfer.nominal_id, request=request
    )
    user = request.user
    steps = [
        ("approve", "Approve the transfer", policy.can_approve_transfer(user, transfer)),
        ("refuse", "Refuse the transfer", policy.can_refuse_transfer(user, transfer)),
        ("accept", "Accept the transfer", policy.can_accept_transfer(user, transfer)),
        (
            "meeting",
            "Record the receiving MAPP meeting",
            transfer.needs_receiving_meeting and policy.can_record_receiving_meeting(user, transfer),
        ),
        (
            "address",
            "Record the home visit confirming the address",
            transfer.needs_police_flow and policy.can_confirm_transfer_address(user, transfer),
        ),
        (
            "records",
            "Record the records sent",
            transfer.records_sent_on is None and policy.can_send_transfer_records(user, transfer),
        ),
        ("complete", "Complete the transfer", policy.can_complete_transfer(user, transfer)),
    ]
    context = {
        "transfer": transfer,
        "steps": [(f"transfers:{name}", label) for name, label, allowed in steps if allowed],
        "sees_person": policy.can_view_nominal(user, transfer.nominal),
    }
    return render(request, "transfers/detail.html", context)


def _step(
    request: HttpRequest,
    pk: int,
    allowed: Callable[[Any, Transfer], bool],
    make_form: Callable[[Transfer], forms.Form],
    title: str,
    act: Callable[[Transfer, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    transfer = selectors.get_transfer(requested_by=request.user, pk=pk)  # type: ignore[arg-type]
    if not allowed(request.user, transfer):
        raise Http404
    url = reverse("transfers:detail", args=[transfer.pk])
    return action_page(
        request,
        form=make_form(transfer),
        title=title,
        caption=f"{transfer.nominal} · {transfer.from_area} to {transfer.destination}",
        back_url=url,
        act=lambda data: act(transfer, data),
        done=done,
        done_url=url,
    )


def _versioned(form_class: type[forms.Form], request: HttpRequest, **kwargs: Any) -> Callable[[Transfer], forms.Form]:
    return lambda transfer: form_class(request.POST or None, initial={"version": transfer.version}, **kwargs)


@page_rule("people")
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Transfer, data: dict[str, Any]) -> object:
        return services.approve(
            acting_user=signed_in_user(request),
            transfer=transfer,
            assessment=data["assessment"],
            approved_on=data["approved_on"],
            expected_version=data["version"],
            request=request,
        )

    return _step(
        request, pk, policy.can_approve_transfer, _versioned(ApproveForm, request), "Approve the transfer", act,
        "Transfer approved: send the records within 5 working days",
    )  # fmt: skip


@page_rule("people")
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Transfer, data: dict[str, Any]) -> object:
        return services.refuse(
            acting_user=signed_in_user(request),
            transfer=transfer,
            refused_on=data["refused_on"],
            reason=data["reason"],
            expected_version=data["version"],
            request=request,
        )

    return _step(
        request, pk, policy.can_refuse_transfer, _versioned(RefuseForm, request), "Refuse the transfer", act,
        "Transfer refused",
    )  # fmt: skip


@page_rule("people")
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    def make_form(transfer: Transfer) -> forms.Form:
        return AcceptForm(
            request.POST or None,
            initial={"version": transfer.version},
            agencies=selectors.receiving_agency_choices(transfer=transfer),
            managers=selectors.receiving_manager_choices(transfer=transfer),
        )

    def act(transfer: Transfer, data: dict[str, Any]) -> object:
        return services.accept(
            acting_user=signed_in_user(request),
            transfer=transfer,
            accepted_on=data["accepted_on"],
            lead_agency=data["lead_agency"],
            record_manager=data["record_manager"],
            expected_version=data["version"],
            request=request,
        )

    return _step(request, pk, policy.can_accept_transfer, make_form, "Accept the transfer", act, "Transfer accepted")


@page_rule("people")
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Transfer, data: dict[str, Any]) -> object:
        return services.record_receiving_meeting(
            acting_user=signed_in_user(request),
            transfer=transfer,
            held_on=data["held_on"],
            sending_manager_attended=data["sending_manager_attended"],
            expected_version=data["version"],
            request=request,
        )

    return _step(
        request, pk, policy.can_record_receiving_meeting, _versioned(MeetingForm, request),
        "The receiving area's MAPP meeting", act, "Receiving meeting recorded",
    )  # fmt: skip


@page_rule("people")
def address(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Transfer, data: dict[str, Any]) -> object:
        return services.confirm_address(
            acting_user=signed_in_user(request),
            transfer=transfer,
            confirmed_on=data["confirmed_on"],
            expected_version=data["version"],
            request=request,
        )

    return _step(
        request, pk, policy.can_confirm_transfer_address, _versioned(AddressForm, request),
        "Home visit: the new address confirmed", act, "Address confirmed",
    )  # fmt: skip


@page_rule("people")
def records(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Transfer, data: dict[str, Any]) -> object:
        return services.record_records_sent(
            acting_user=signed_in_user(request),
            transfer=transfer,
            sent_on=data["sent_on"],
            expected_version=data["version"],
            request=request,
        )

    return _step(
        request, pk, policy.can_send_transfer_records, _versioned(RecordsSentForm, request),
        "Records sent to the receiving area", act, "Records sent recorded",
    )  # fmt: skip


@page_rule("people")
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Transfer, data: dict[str, Any]) -> object:
        return services.complete(
            acting_user=signed_in_user(request),
            transfer=transfer,
            completed_on=data["completed_on"],
            expected_version=data["version"],
            request=request,
        )

    return _step(
        request, pk, policy.can_complete_transfer, _versioned(CompleteForm, request), "Complete the transfer", act,
        "Transfer completed: the record has moved",
    )  # fmt: skip
