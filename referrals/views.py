"""Referral pages: the co-ordinator's queue, the MAPPA A form and each decision on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from access import policy
from audit import trail
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.errors import VersionConflict
from kernel.web import add_service_errors
from register import selectors as register_selectors
from register import services as register_services

from . import selectors, services
from .forms import CountersignForm, DisputeForm, GatekeepForm, RankForm, ReferralForm, ResolveDisputeForm
from .models import Referral

CONFLICT_MESSAGE = (
    "Someone else changed this referral while you were working on it. "
    "Nothing has been saved: check the referral and try again."
)


@page_rule("referrals")
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "referrals/index.html",
        {
            "queue": list(selectors.gatekeeping_queue(requested_by=user)),
            "is_coordinator": policy.is_coordinator(user),
            "mine": list(selectors.my_referrals(requested_by=user)[:100]),
            "to_countersign": list(selectors.awaiting_my_countersignature(requested_by=user)),
            "disputes": list(selectors.disputes_for_my_decision(requested_by=user)),
        },
    )


def _incomplete(request: HttpRequest, data: Any, saved: Referral, error: ValidationError) -> HttpResponse:
    """The draft is saved but not ready to submit: show it for editing with what is missing."""
    data = data.copy()
    data["version"] = saved.version
    agencies = selectors.invitable_agencies(requested_by=signed_in_user(request), nominal=saved.nominal)
    form = ReferralForm(data, agencies=agencies)
    form.is_valid()
    add_service_errors(form, error)
    return render(request, "referrals/form.html", {"form": form, "nominal": saved.nominal, "referral": saved})


def _form_page(
    request: HttpRequest, form: ReferralForm, nominal: Any, referral: Referral | None, save: Callable[[], Referral]
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.POST.get("action") != "submit":
                messages.success(request, "Draft saved")
                return redirect("referrals:detail", pk=saved.pk)
            try:
                services.submit_referral(
                    acting_user=signed_in_user(request), referral=saved, expected_version=saved.version, request=request
                )
            except ValidationError as error:
                return _incomplete(request, request.POST, saved, error)
            messages.success(request, "Referral submitted for countersignature")
            return redirect("referrals:detail", pk=saved.pk)
    return render(request, "referrals/form.html", {"form": form, "nominal": nominal, "referral": referral})


@page_rule("referrals")
def create(request: HttpRequest, nominal_pk: int) -> HttpResponse:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=nominal_pk)
    if not policy.can_refer(request.user, nominal):
        raise Http404
    agencies = selectors.invitable_agencies(requested_by=signed_in_user(request), nominal=nominal)
    form = ReferralForm(request.POST or None, agencies=agencies)

    def save() -> Referral:
        return services.create_referral(
            acting_user=signed_in_user(request),
            nominal=nominal,
            values=form.values(),
            agencies_to_invite=form.cleaned_data["agencies_to_invite"],
            request=request,
        )

    # The form shows the person's name and identifiers: a read of their record.
    register_services.record_view(actor=actor_of(request), nominal=nominal, section="refer")
    return _form_page(request, form, nominal, None, save)


@page_rule("referrals")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral(requested_by=request.user, pk=pk)
    if not policy.can_edit_referral(request.user, referral):
        raise Http404
    initial = {f: getattr(referral, f) for f in services.DRAFT_FIELDS}
    initial |= {"agencies_to_invite": list(referral.agencies_to_invite.all()), "version": referral.version}
    agencies = selectors.invitable_agencies(requested_by=signed_in_user(request), nominal=referral.nominal)
    form = ReferralForm(request.POST or None, initial=initial, agencies=agencies)

    def save() -> Referral:
        return services.update_referral(
            acting_user=signed_in_user(request),
            referral=referral,
            values=form.values(),
            agencies_to_invite=form.cleaned_data["agencies_to_invite"],
            expected_version=form.cleaned_data.get("version"),
            request=request,
        )

    trail.record(
        actor=signed_in_user(request),
        action="referral.view",
        obj=referral,
        nominal_id=referral.nominal_id,
        request=request,
    )
    return _form_page(request, form, referral.nominal, referral, save)


@page_rule("referrals")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral(requested_by=request.user, pk=pk)
    user = signed_in_user(request)
    trail.record(actor=user, action="referral.view", obj=referral, nominal_id=referral.nominal_id, request=request)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "nominal": referral.nominal,
            "meetings": list(referral.meetings.all()),
            "can_edit": policy.can_edit_referral(user, referral),
            "can_countersign": policy.can_countersign_referral(user, referral),
            "can_gatekeep": policy.can_gatekeep_referral(user, referral),
            "can_dispute": policy.can_dispute_referral(user, referral),
            "can_resolve": policy.can_resolve_referral_dispute(user, referral),
            "can_schedule": referral.status == "accepted" and policy.can_schedule_meeting(user, referral.nominal),
        },
    )


@page_rule("referrals")
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral(requested_by=request.user, pk=pk)
    if not policy.can_edit_referral(request.user, referral):
        raise Http404
    if request.method == "POST":
        try:
            services.submit_referral(acting_user=signed_in_user(request), referral=referral, request=request)
        except ValidationError as error:
            return _incomplete(request, _as_post(referral), referral, error)
        messages.success(request, "Referral submitted for countersignature")
    return redirect("referrals:detail", pk=referral.pk)


def _as_post(referral: Referral) -> QueryDict:
    """The saved draft as form data, so a refused submission shows what is missing."""
    data = QueryDict(mutable=True)
    for field in services.DRAFT_FIELDS:
        value = getattr(referral, field)
        if field == "emergency_meeting_by" and value:
            data.update({f"{field}-day": value.day, f"{field}-month": value.month, f"{field}-year": value.year})
        elif value is not None:
            data[field] = value
    data.setlist("agencies_to_invite", [str(a.pk) for a in referral.agencies_to_invite.all()])
    return data


def _decision(
    request: HttpRequest,
    pk: int,
    allowed: Callable[[Any, Referral], bool],
    form_class: type[forms.Form],
    title: str,
    decide: Callable[[Referral, dict[str, Any]], Referral],
    done: str,
) -> HttpResponse:
    referral = selectors.get_referral(requested_by=request.user, pk=pk)
    if not allowed(request.user, referral):
        raise Http404
    form = form_class(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        try:
            decide(referral, form.cleaned_data)
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/decision_form.html", {"form": form, "referral": referral, "title": title})


@page_rule("referrals")
def countersign(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(referral: Referral, data: dict[str, Any]) -> Referral:
        return services.countersign(
            acting_user=signed_in_user(request),
            referral=referral,
            approve=data["decision"] == "countersign",
            comment=data["comment"],
            expected_version=data["version"],
            request=request,
        )

    return _decision(
        request, pk, policy.can_countersign_referral, CountersignForm, "Countersign the referral", decide, "Recorded"
    )


@page_rule("referrals")
def gatekeep(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(referral: Referral, data: dict[str, Any]) -> Referral:
        return services.gatekeep(
            acting_user=signed_in_user(request),
            referral=referral,
            decision=data["decision"],
            level=data["level"],
            reason=data["reason"],
            pdp_considered=data["pdp_considered"],
            pdp_outcome=data["pdp_outcome"],
            expected_version=data["version"],
            request=request,
        )

    return _decision(
        request, pk, policy.can_gatekeep_referral, GatekeepForm, "Gatekeep the referral", decide, "Decision recorded"
    )


@page_rule("referrals")
def dispute(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(referral: Referral, data: dict[str, Any]) -> Referral:
        return services.dispute(
            acting_user=signed_in_user(request),
            referral=referral,
            reason=data["reason"],
            expected_version=data["version"],
            request=request,
        )

    return _decision(
        request,
        pk,
        policy.can_dispute_referral,
        DisputeForm,
        "Dispute the decision",
        decide,
        "Dispute sent to a senior manager of your agency",
    )


@page_rule("referrals")
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(referral: Referral, data: dict[str, Any]) -> Referral:
        return services.resolve_dispute(
            acting_user=signed_in_user(request),
            referral=referral,
            decision=data["decision"],
            level=data["level"],
            reason=data["reason"],
            expected_version=data["version"],
            request=request,
        )

    return _decision(
        request,
        pk,
        policy.can_resolve_referral_dispute,
        ResolveDisputeForm,
        "Final decision on the dispute",
        decide,
        "Final decision recorded",
    )


@page_rule("meetings_coordination")
def ranks(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    users = selectors.rankable_users(requested_by=user)
    form = RankForm(request.POST or None, users=users)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_rank(
                acting_user=user, user=form.cleaned_data["user"], rank=form.cleaned_data["rank"], request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Rank recorded")
            return redirect("referrals:ranks")
    return render(request, "referrals/ranks.html", {"form": form, "people": users})
