"""Disclosure pages: the person's "Disclosure" tab, the decision and each step after it,
and the co-ordinator's register of every disclosure in the area."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from audit import trail
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.errors import VersionConflict
from kernel.web import add_service_errors
from register import selectors as register_selectors
from register import services as register_services
from register.frame import person_page

from . import selectors, services
from .forms import AcknowledgementForm, CarriedOutForm, DecisionForm, ReviewForm, as_yes_no
from .models import Disclosure

CONFLICT_MESSAGE = (
    "Someone else changed this disclosure decision while you were working on it. "
    "Nothing has been saved: check the decision and try again."
)


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's disclosure decisions: the "Disclosure" tab of their record."""
    context = person_page(request, pk, "disclosure")
    user = signed_in_user(request)
    nominal = context["nominal"]
    context |= {
        "disclosures": list(selectors.disclosures_about(requested_by=user, nominal=nominal)),
        "can_decide": policy.can_decide_disclosure(user, nominal),
    }
    return render(request, "disclosure/person.html", context)


def _decision_form(request: HttpRequest, nominal: Any, **kwargs: Any) -> DecisionForm:
    user = signed_in_user(request)
    return DecisionForm(
        request.POST or None,
        meetings=selectors.meeting_choices(requested_by=user, nominal=nominal),
        disclosers=selectors.discloser_choices(requested_by=user, nominal=nominal),
        **kwargs,
    )


@page_rule("people")
def create(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
    if not policy.can_decide_disclosure(user, nominal):
        raise Http404
    registration = policy.current_registration_of(nominal)
    form = _decision_form(request, nominal, initial={"considered": "yes"})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.record_decision(
                acting_user=user, nominal=nominal, values=form.values(), request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Disclosure decision recorded and reported to the MAPPA co-ordinator")
            return redirect("disclosure:detail", pk=disclosure.pk)
    # The form shows the person's name and identifiers: a read of their record.
    register_services.record_view(actor=actor_of(request), nominal=nominal, section="disclosure_decision")
    return render(
        request,
        "disclosure/decision_form.html",
        {"form": form, "nominal": nominal, "disclosure": None, "level": registration.level if registration else None},
    )


@page_rule("disclosure")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    disclosure = selectors.get_disclosure(requested_by=user, pk=pk)
    selectors.record_view(user=user, disclosure=disclosure, request=request)
    may_edit = policy.can_edit_disclosure(user, disclosure)
    may_progress = policy.can_record_disclosure_progress(user, disclosure)
    return render(
        request,
        "disclosure/detail.html",
        {
            "disclosure": disclosure,
            "nominal": disclosure.nominal,
            "sees_person": policy.can_view_person_disclosures(user, disclosure.nominal),
            "can_edit": may_edit and disclosure.carried_out_on is None,
            "can_carry_out": may_progress and disclosure.decision == "disclose" and disclosure.carried_out_on is None,
            "can_acknowledge": may_progress
            and disclosure.carried_out_on is not None
            and not disclosure.acknowledged_on,
            "can_review": may_progress and disclosure.review_due_on is not None,
            "history": list(selectors.history(disclosure=disclosure)[:100]),
        },
    )


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    disclosure = selectors.get_disclosure(requested_by=user, pk=pk)
    if not policy.can_edit_disclosure(user, disclosure):
        raise Http404
    initial: dict[str, Any] = {f: getattr(disclosure, f) for f in services.DECISION_FIELDS}
    initial |= {
        "considered": as_yes_no(disclosure.considered),
        "offender_told": as_yes_no(disclosure.offender_told),
        "version": disclosure.version,
    }
    form = _decision_form(request, disclosure.nominal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_decision(
                acting_user=user,
                disclosure=disclosure,
                values=form.values(),
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Disclosure decision updated")
            return redirect("disclosure:detail", pk=disclosure.pk)
    return render(
        request,
        "disclosure/decision_form.html",
        {"form": form, "nominal": disclosure.nominal, "disclosure": disclosure, "level": disclosure.level},
    )


def _step(
    request: HttpRequest,
    pk: int,
    make_form: Callable[[Disclosure], forms.Form],
    title: str,
    save: Callable[[Disclosure, dict[str, Any]], Disclosure],
    done: str,
) -> HttpResponse:
    user = signed_in_user(request)
    disclosure = selectors.get_disclosure(requested_by=user, pk=pk)
    if not policy.can_record_disclosure_progress(user, disclosure):
        raise Http404
    form = make_form(disclosure)
    if request.method == "POST" and form.is_valid():
        try:
            save(disclosure, form.cleaned_data)
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("disclosure:detail", pk=disclosure.pk)
    return render(request, "disclosure/step_form.html", {"form": form, "disclosure": disclosure, "title": title})


@page_rule("people")
def carried_out(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)

    def make_form(disclosure: Disclosure) -> forms.Form:
        disclosers = selectors.discloser_choices(requested_by=user, nominal=disclosure.nominal)
        initial = {"version": disclosure.version, "carried_out_by": disclosure.discloser_id}
        return CarriedOutForm(request.POST or None, disclosers=disclosers, initial=initial)

    def save(disclosure: Disclosure, data: dict[str, Any]) -> Disclosure:
        return services.record_carried_out(
            acting_user=user,
            disclosure=disclosure,
            carried_out_on=data["carried_out_on"],
            carried_out_by=data["carried_out_by"],
            expected_version=data["version"],
            request=request,
        )

    return _step(request, pk, make_form, "Record the disclosure as made", save, "Disclosure recorded as made")


@page_rule("people")
def acknowledgement(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)

    def make_form(disclosure: Disclosure) -> forms.Form:
        return AcknowledgementForm(request.POST or None, initial={"version": disclosure.version})

    def save(disclosure: Disclosure, data: dict[str, Any]) -> Disclosure:
        return services.record_acknowledgement(
            acting_user=user,
            disclosure=disclosure,
            acknowledged_on=data["acknowledged_on"],
            method=data["acknowledgement_method"],
            expected_version=data["version"],
            request=request,
        )

    return _step(request, pk, make_form, "Record the recipient's acknowledgement", save, "Acknowledgement recorded")


@page_rule("people")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)

    def make_form(disclosure: Disclosure) -> forms.Form:
        return ReviewForm(request.POST or None, initial={"version": disclosure.version})

    def save(disclosure: Disclosure, data: dict[str, Any]) -> Disclosure:
        return services.record_review(
            acting_user=user,
            disclosure=disclosure,
            reviewed_on=data["reviewed_on"],
            outcome=data["outcome"],
            expected_version=data["version"],
            request=request,
        )

    return _step(request, pk, make_form, "Review the disclosure decision", save, "Review recorded")


@page_rule("disclosure")
def shared(request: HttpRequest, pk: int) -> HttpResponse:
    """The decisions about one person the user may see: for a DTC SPOC, those shared with
    their agency (the whole disclosure scope or single decisions). None: 404, as for a
    person who does not exist."""
    user = signed_in_user(request)
    found = list(selectors.disclosures_for(requested_by=user, nominal_pk=pk))
    if not found:
        raise Http404
    nominal = found[0].nominal
    trail.record(
        actor=user,
        action="disclosure.list_view",
        obj=nominal,
        nominal_id=nominal.pk,
        request=request,
        detail={"shown": [d.pk for d in found]},
    )
    return render(request, "disclosure/shared.html", {"nominal": nominal, "disclosures": found})


@page_rule("disclosure_register")
def register(request: HttpRequest) -> HttpResponse:
    """The MAPPA co-ordinator's register: every disclosure decision in the area."""
    user = signed_in_user(request)
    status = request.GET.get("status", "")
    found = selectors.register(requested_by=user, status=status)
    rows = list(found[:500])
    trail.record(actor=user, action="disclosure.register_view", request=request, detail={"shown": [d.pk for d in rows]})
    return render(request, "disclosure/register.html", {"disclosures": rows, "status": status, "count": found.count()})
