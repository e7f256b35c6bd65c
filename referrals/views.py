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
from accounts.models import User
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.web import add_service_errors, try_save
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
        done, saved = try_save(form, save, conflict=CONFLICT_MESSAGE)
        if done and request.POST.get("action") != "submit":
            messages.success(request, "Draft saved")
            return redirect("referrals:detail", pk=saved.pk)
        if done:
            return _submit(request, saved, request.POST, expected_version=saved.version)
    return render(request, "referrals/form.html", {"form": form, "nominal": nominal, "referral": referral})


def _submit(request: HttpRequest, referral: Referral, shown: Any, *, expected_version: int | None) -> HttpResponse:
    """Submit the draft for countersignature; refused, show it (as `shown`) with what is missing."""
    try:
        services.submit_referral(actor=actor_of(request), referral=referral, expected_version=expected_version)
    except ValidationError as error:
        return _incomplete(request, shown, referral, error)
    messages.success(request, "Referral submitted for countersignature")
    return redirect("referrals:detail", pk=referral.pk)


@page_rule("referrals")
def create(request: HttpRequest, nominal_pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal = register_selectors.get_nominal(requested_by=actor.user, pk=nominal_pk)
    if not policy.can_refer(actor.user, nominal):
        raise Http404
    agencies = selectors.invitable_agencies(requested_by=actor.user, nominal=nominal)
    form = ReferralForm(request.POST or None, agencies=agencies)

    def save() -> Referral:
        return services.create_referral(
            actor=actor,
            nominal=nominal,
            values=form.values(),
            agencies_to_invite=form.cleaned_data["agencies_to_invite"],
        )

    # The form shows the person's name and identifiers: a read of their record.
    register_services.record_view(actor=actor, nominal=nominal, section="refer")
    return _form_page(request, form, nominal, None, save)


@page_rule("referrals")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    referral = selectors.read_referral(actor=actor, pk=pk, rule=policy.can_edit_referral)
    initial = {f: getattr(referral, f) for f in services.DRAFT_FIELDS}
    initial |= {"agencies_to_invite": list(referral.agencies_to_invite.all()), "version": referral.version}
    agencies = selectors.invitable_agencies(requested_by=actor.user, nominal=referral.nominal)
    form = ReferralForm(request.POST or None, initial=initial, agencies=agencies)

    def save() -> Referral:
        return services.update_referral(
            actor=actor,
            referral=referral,
            values=form.values(),
            agencies_to_invite=form.cleaned_data["agencies_to_invite"],
            expected_version=form.cleaned_data.get("version"),
        )

    return _form_page(request, form, referral.nominal, referral, save)


@page_rule("referrals")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.read_referral(actor=actor_of(request), pk=pk)
    user = signed_in_user(request)
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
    referral = selectors.get_referral(requested_by=signed_in_user(request), pk=pk)
    if not policy.can_edit_referral(request.user, referral):
        raise Http404
    if request.method == "POST":
        return _submit(request, referral, _as_post(referral), expected_version=None)
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


# A decision's service, called with the actor, the referral, the version the form was
# shown at and the form's other fields (as `arguments` names them).
Decide = Callable[..., Referral]


def _decision_page(
    allowed: Callable[[User, Referral], bool],
    form_class: type[forms.Form],
    title: str,
    decide: Decide,
    done: str,
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = dict,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The page of one decision on a referral: its form, then back to the referral."""

    def page(request: HttpRequest, pk: int) -> HttpResponse:
        actor = actor_of(request)
        referral = selectors.read_referral(actor=actor, pk=pk, rule=allowed)
        form = form_class(request.POST or None, initial={"version": referral.version})

        def save() -> Referral:
            fields = dict(form.cleaned_data)
            version = fields.pop("version")
            return decide(actor=actor, referral=referral, expected_version=version, **arguments(fields))

        if request.method == "POST" and form.is_valid() and try_save(form, save, conflict=CONFLICT_MESSAGE)[0]:
            messages.success(request, done)
            return redirect("referrals:detail", pk=referral.pk)
        return render(request, "referrals/decision_form.html", {"form": form, "referral": referral, "title": title})

    return page_rule("referrals")(page)


def _countersign_arguments(fields: dict[str, Any]) -> dict[str, Any]:
    return {"approve": fields["decision"] == "countersign", "comment": fields["comment"]}


countersign = _decision_page(
    policy.can_countersign_referral,
    CountersignForm,
    "Countersign the referral",
    services.countersign,
    "Recorded",
    _countersign_arguments,
)
gatekeep = _decision_page(
    policy.can_gatekeep_referral, GatekeepForm, "Gatekeep the referral", services.gatekeep, "Decision recorded"
)
dispute = _decision_page(
    policy.can_dispute_referral,
    DisputeForm,
    "Dispute the decision",
    services.dispute,
    "Dispute sent to a senior manager of your agency",
)
resolve = _decision_page(
    policy.can_resolve_referral_dispute,
    ResolveDisputeForm,
    "Final decision on the dispute",
    services.resolve_dispute,
    "Final decision recorded",
)


@page_rule("meetings_coordination")
def ranks(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    users = selectors.rankable_users(requested_by=actor.user)
    form = RankForm(request.POST or None, users=users)

    def save() -> Any:
        return services.record_rank(actor=actor, user=form.cleaned_data["user"], rank=form.cleaned_data["rank"])

    if request.method == "POST" and form.is_valid() and try_save(form, save)[0]:
        messages.success(request, "Rank recorded")
        return redirect("referrals:ranks")
    return render(request, "referrals/ranks.html", {"form": form, "people": users})
