"""MAPPA registration pages: the registration and level history, and its decisions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from clocks.selectors import clocks_for
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.errors import VersionConflict
from kernel.web import add_service_errors
from register import selectors as register_selectors
from register import services as register_services
from register.frame import person_page

from . import selectors, services
from .forms import ArchiveForm, LevelChangeForm, ReactivateForm, RegisterForm
from .models import Registration

CONFLICT_MESSAGE = (
    "Someone else changed this registration while you were working on it. "
    "Nothing has been saved: check the registration and try again."
)


@page_rule("people")
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, "mappa")
    current = context["registration"]
    context["history"] = selectors.level_history(registration=current) if current else []
    context["earlier"] = [r for r in context["nominal"].registrations.all() if r != current]
    context["clocks"] = clocks_for(requested_by=request.user, nominal=context["nominal"])
    context["exit"] = selectors.exit_date(requested_by=request.user, registration=current) if current else None  # type: ignore[arg-type]
    context["can_request_transfer"] = policy.can_request_transfer(request.user, context["nominal"])
    return render(request, "cases/registration.html", context)


def _decision_page(
    request: HttpRequest, pk: int, form: forms.Form, title: str, decide: Callable[[Any], object], done: str
) -> HttpResponse:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_manage_registration(request.user, nominal):
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            decide(nominal)
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("cases:registration", pk=nominal.pk)
    register_services.record_view(actor=actor_of(request), nominal=nominal, section="mappa_decision")
    return render(request, "cases/decision_form.html", {"form": form, "nominal": nominal, "title": title})


def _current(nominal: Any, *, active: bool) -> Registration:
    registration = register_selectors.current_registration(nominal)
    if registration is None or registration.is_active != active:
        raise Http404
    return registration


@page_rule("people")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    form = RegisterForm(
        request.POST or None,
        agencies=selectors.lead_agency_choices(requested_by=request.user),  # type: ignore[arg-type]
        managers=selectors.record_manager_choices(requested_by=request.user),  # type: ignore[arg-type]
    )

    def decide(nominal: Any) -> object:
        data = form.cleaned_data
        return services.register(
            acting_user=signed_in_user(request),
            nominal=nominal,
            category=data["category"],
            level=data["level"],
            lead_agency=data["lead_agency"],
            record_manager=data["record_manager"],
            start_date=data["start_date"],
            reason=data["reason"],
            partner_agencies=list(data["partner_agencies"]),
            request=request,
        )

    return _decision_page(request, pk, form, "Register for MAPPA", decide, "MAPPA registration recorded")


@page_rule("people")
def change_level(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    current = _current(nominal, active=True)
    form = LevelChangeForm(request.POST or None, initial={"level": current.level, "version": current.version})

    def decide(nominal: Any) -> object:
        data = form.cleaned_data
        return services.change_level(
            acting_user=signed_in_user(request),
            registration=current,
            to_level=data["level"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=data["version"],
            plan_agreed_on=data.get("plan_agreed_on"),
            level_1_review_on=data.get("level_1_review_on"),
            request=request,
        )

    return _decision_page(request, pk, form, "Change or review the level", decide, "Level decision recorded")


@page_rule("people")
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    current = _current(nominal, active=True)
    form = ArchiveForm(request.POST or None, initial={"version": current.version})

    def decide(nominal: Any) -> object:
        data = form.cleaned_data
        return services.archive(
            acting_user=signed_in_user(request),
            registration=current,
            archived_on=data["archived_on"],
            reason=data["reason"],
            expected_version=data["version"],
            plan_agreed_on=data.get("plan_agreed_on"),
            reregister_at_level=data.get("reregister_at_level"),
            request=request,
        )

    return _decision_page(request, pk, form, "Archive: leave MAPPA", decide, "Registration archived")


@page_rule("people")
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    current = _current(nominal, active=False)
    form = ReactivateForm(request.POST or None)

    def decide(nominal: Any) -> object:
        data = form.cleaned_data
        return services.reactivate(
            acting_user=signed_in_user(request),
            registration=current,
            reactivated_on=data["reactivated_on"],
            reason=data["reason"],
            request=request,
        )

    return _decision_page(request, pk, form, "Reactivate the registration", decide, "Registration reactivated")
