"""MAPPA registration pages: the registration and level history, and its decisions."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access import policy
from kernel.actor import Actor, actor_of
from kernel.declare import page_rule
from kernel.person_clocks import clocks_of
from register.frame import person_form_page, person_page
from register.models import Nominal
from register.selectors import current_registration

from . import selectors, services
from .forms import ArchiveForm, LevelChangeForm, ReactivateForm, RegisterForm
from .models import ExitBasis, LevelBasis, Registration

CONFLICT_MESSAGE = (
    "Someone else changed this registration while you were working on it. "
    "Nothing has been saved: check the registration and try again."
)


@page_rule("people")
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request).user
    context = person_page(request, pk, "mappa")
    current = context["registration"]
    context["history"] = selectors.level_history(registration=current) if current else []
    context["earlier"] = [r for r in context["nominal"].registrations.all() if r != current]
    context["clocks"] = clocks_of(user, context["nominal"])
    context["exit"] = selectors.exit_date(requested_by=user, registration=current) if current else None
    context["can_request_transfer"] = policy.can_request_transfer(user, context["nominal"])
    return render(request, "cases/registration.html", context)


def _decision_page(
    request: HttpRequest,
    nominal: Nominal,
    form: forms.Form,
    title: str,
    decide: Callable[[], object],
    done: str,
    intro: str = "",
) -> HttpResponse:
    back = reverse("cases:registration", args=[nominal.pk])
    return person_form_page(
        request,
        form=form,
        save=decide,
        template="cases/decision_form.html",
        title=title,
        back_url=back,
        done=done,
        nominal=nominal,
        section="mappa_decision",
        conflict=CONFLICT_MESSAGE,
        intro=intro,
    )


def _current(actor: Actor, pk: int, *, active: bool) -> tuple[Nominal, Registration]:
    """The person whose registration the actor manages, and that registration when it is
    active (or archived, as asked); 404 otherwise."""
    nominal = selectors.manageable_person(requested_by=actor.user, pk=pk)
    registration = current_registration(nominal)
    if registration is None or registration.is_active != active:
        raise Http404
    return nominal, registration


@page_rule("people")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal = selectors.manageable_person(requested_by=actor.user, pk=pk)
    form = RegisterForm(
        request.POST or None,
        initial={"basis": LevelBasis.REGISTRATION},
        agencies=selectors.lead_agency_choices(requested_by=actor.user),
        managers=selectors.record_manager_choices(requested_by=actor.user),
    )

    def decide() -> object:
        data = form.cleaned_data
        return services.register(
            actor=actor,
            nominal=nominal,
            category=data["category"],
            level=data["level"],
            lead_agency=data["lead_agency"],
            record_manager=data["record_manager"],
            start_date=data["start_date"],
            reason=data["reason"],
            partner_agencies=list(data["partner_agencies"]),
            basis=data["basis"] or LevelBasis.REGISTRATION,
            basis_reference=data["basis_reference"],
            emergency_reason=data["emergency_reason"],
        )

    return _decision_page(request, nominal, form, "Register for MAPPA", decide, "MAPPA registration recorded")


@page_rule("people")
def change_level(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal, current = _current(actor, pk, active=True)
    form = LevelChangeForm(
        request.POST or None,
        initial={"level": current.level, "version": current.version, "basis": LevelBasis.REVIEW},
    )

    def decide() -> object:
        data = form.cleaned_data
        return services.change_level(
            actor=actor,
            registration=current,
            to_level=data["level"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=data["version"],
            plan_agreed_on=data.get("plan_agreed_on"),
            level_1_review_on=data.get("level_1_review_on"),
            basis=data["basis"] or LevelBasis.REVIEW,
            basis_reference=data["basis_reference"],
            emergency_reason=data["emergency_reason"],
        )

    return _decision_page(request, nominal, form, "Change or review the level", decide, "Level decision recorded")


@page_rule("people")
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal, current = _current(actor, pk, active=True)
    form = ArchiveForm(request.POST or None, initial={"version": current.version, "exit_basis": ExitBasis.EXIT_POINT})

    def decide() -> object:
        data = form.cleaned_data
        return services.archive(
            actor=actor,
            registration=current,
            archived_on=data["archived_on"],
            reason=data["reason"],
            expected_version=data["version"],
            plan_agreed_on=data.get("plan_agreed_on"),
            reregister_at_level=data.get("reregister_at_level"),
            exit_basis=data["exit_basis"],
            meeting_decided_on=data.get("meeting_decided_on"),
        )

    leaving = selectors.exit_date(requested_by=actor.user, registration=current)
    when = f"from {leaving.exit_on.day} {leaving.exit_on:%B %Y}" if leaving.exit_on else "no date"
    intro = f"Exit point ({leaving.rule_label}): {when}. {leaving.detail}"
    return _decision_page(request, nominal, form, "Archive: leave MAPPA", decide, "Registration archived", intro)


@page_rule("people")
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal, current = _current(actor, pk, active=False)
    form = ReactivateForm(request.POST or None)

    def decide() -> object:
        data = form.cleaned_data
        return services.reactivate(
            actor=actor, registration=current, reactivated_on=data["reactivated_on"], reason=data["reason"]
        )

    return _decision_page(request, nominal, form, "Reactivate the registration", decide, "Registration reactivated")
