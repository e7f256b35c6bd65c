"""Transfer pages: the request, each step, the list and the transfer itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access import policy
from accounts.models import User
from cases.action_page import action_page
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from register import selectors as register_selectors
from rules import transfers as transfer_rules

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
    transfers = selectors.transfers(requested_by=signed_in_user(request))[:200]
    return render(request, "transfers/index.html", {"transfers": transfers})


@page_rule("people")
def new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
    if not policy.can_request_transfer(user, nominal):
        raise Http404
    form = RequestForm(request.POST or None, areas=selectors.area_choices(requested_by=user))

    def act(data: dict[str, Any]) -> object:
        return services.request_transfer(
            actor=actor_of(request),
            nominal=nominal,
            to_area=data.get("to_area"),
            to_jurisdiction=data.get("to_jurisdiction", ""),
            cross_border_basis=data.get("cross_border_basis", ""),
            new_address=data["new_address"],
            reason=data["reason"],
            under_probation_supervision=data["under_probation_supervision"],
            requested_on=data["requested_on"],
        )

    return action_page(
        request,
        form=form,
        title="Request a transfer to another area",
        caption=f"{nominal} · {nominal.reference}",
        back_url=reverse("cases:registration", args=[nominal.pk]),
        act=act,
        done="Transfer requested",
        done_url=lambda transfer: reverse("transfers:detail", args=[transfer.pk]),
        shows=nominal,
        section="request_transfer",
    )


@page_rule("people")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    transfer, user = selectors.read_transfer(actor=actor, pk=pk), actor.user
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
        "why_not": _why_not(user, transfer),
    }
    return render(request, "transfers/detail.html", context)


def _why_not(user: User, transfer: Transfer) -> str:
    """Why a sending-side user cannot decide a requested transfer (its rule), so the
    missing button is explained rather than simply absent."""
    if transfer.status != transfer.Status.REQUESTED or not policy.can_manage_registration(user, transfer.nominal):
        return ""
    broken = policy.approval_refusal(user, transfer)
    return transfer_rules.refusal_message(broken) if broken is not None else ""


def _step_page(
    allowed: Callable[[User, Transfer], bool],
    form_class: type[forms.Form],
    service: Callable[..., Transfer],
    title: str,
    done: str,
    **choices: Callable[[Transfer], Any],
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The page of one step: its form (with the transfer's version, and any `choices` the
    form offers for this transfer) saved by `service`, given each field of the form."""

    @page_rule("people")
    def step(request: HttpRequest, pk: int) -> HttpResponse:
        transfer = selectors.read_transfer(actor=actor_of(request), pk=pk, rule=allowed)
        offered = {name: choose(transfer) for name, choose in choices.items()}
        form = form_class(request.POST or None, initial={"version": transfer.version}, **offered)

        def act(data: dict[str, Any]) -> object:
            values = dict(data)
            version = values.pop("version")
            return service(actor=actor_of(request), transfer=transfer, expected_version=version, **values)

        url = reverse("transfers:detail", args=[transfer.pk])
        return action_page(
            request,
            form=form,
            title=title,
            caption=f"{transfer.nominal} · {transfer.from_area} to {transfer.destination}",
            back_url=url,
            act=act,
            done=done,
            done_url=url,
        )

    return step


approve = _step_page(
    policy.can_approve_transfer, ApproveForm, services.approve, "Approve the transfer",
    "Transfer approved: send the records within 5 working days",
)  # fmt: skip
refuse = _step_page(policy.can_refuse_transfer, RefuseForm, services.refuse, "Refuse the transfer", "Transfer refused")
accept = _step_page(
    policy.can_accept_transfer, AcceptForm, services.accept, "Accept the transfer", "Transfer accepted",
    agencies=lambda transfer: selectors.receiving_agency_choices(transfer=transfer),
    managers=lambda transfer: selectors.receiving_manager_choices(transfer=transfer),
)  # fmt: skip
meeting = _step_page(
    policy.can_record_receiving_meeting, MeetingForm, services.record_receiving_meeting,
    "The receiving area's MAPP meeting", "Receiving meeting recorded",
)  # fmt: skip
address = _step_page(
    policy.can_confirm_transfer_address, AddressForm, services.confirm_address,
    "Home visit: the new address confirmed", "Address confirmed",
)  # fmt: skip
records = _step_page(
    policy.can_send_transfer_records, RecordsSentForm, services.record_records_sent,
    "Records sent to the receiving area", "Records sent recorded",
)  # fmt: skip
complete = _step_page(
    policy.can_complete_transfer, CompleteForm, services.complete, "Complete the transfer",
    "Transfer completed: the record has moved",
)  # fmt: skip
