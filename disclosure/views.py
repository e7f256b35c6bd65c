"""Disclosure pages: the person's "Disclosure" tab, the decision and each step after it,
and the co-ordinator's register of every disclosure in the area."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from kernel.actor import Actor, actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.web import try_save
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
    actor = actor_of(request)
    nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
    if not policy.can_decide_disclosure(actor.user, nominal):
        raise Http404
    registration = policy.current_registration_of(nominal)
    form = _decision_form(request, nominal, initial={"considered": "yes"})
    if request.method == "POST" and form.is_valid():
        saved, disclosure = try_save(
            form, lambda: services.record_decision(actor=actor, nominal=nominal, values=form.values())
        )
        if saved:
            messages.success(request, "Disclosure decision recorded and reported to the MAPPA co-ordinator")
            return redirect("disclosure:detail", pk=disclosure.pk)
    # The form shows the person's name and identifiers: a read of their record.
    register_services.record_view(actor=actor, nominal=nominal, section="disclosure_decision")
    return render(
        request,
        "disclosure/decision_form.html",
        {"form": form, "nominal": nominal, "disclosure": None, "level": registration.level if registration else None},
    )


@page_rule("disclosure")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    disclosure = selectors.read_disclosure(actor=actor_of(request), pk=pk)
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
    disclosure = selectors.read_disclosure(actor=actor_of(request), pk=pk, rule=policy.can_edit_disclosure)
    initial: dict[str, Any] = {f: getattr(disclosure, f) for f in services.DECISION_FIELDS}
    initial |= {
        "considered": as_yes_no(disclosure.considered),
        "offender_told": as_yes_no(disclosure.offender_told),
        "version": disclosure.version,
    }
    form = _decision_form(request, disclosure.nominal, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save() -> Disclosure:
            return services.update_decision(
                actor=actor_of(request),
                disclosure=disclosure,
                values=form.values(),
                expected_version=form.cleaned_data.get("version"),
            )

        if try_save(form, save, conflict=CONFLICT_MESSAGE)[0]:
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
    make_form: Callable[[Disclosure, Any], forms.Form],
    title: str,
    save: Callable[[Actor, Disclosure, dict[str, Any]], Disclosure],
    done: str,
) -> HttpResponse:
    """A step after the decision, on the decision as it stood when the form was shown."""
    actor = actor_of(request)
    disclosure = selectors.read_disclosure(actor=actor, pk=pk, rule=policy.can_record_disclosure_progress)
    form = make_form(disclosure, request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, _ = try_save(form, lambda: save(actor, disclosure, form.cleaned_data), conflict=CONFLICT_MESSAGE)
        if saved:
            messages.success(request, done)
            return redirect("disclosure:detail", pk=disclosure.pk)
    return render(request, "disclosure/step_form.html", {"form": form, "disclosure": disclosure, "title": title})


def _saving(
    service: Callable[..., Disclosure], **renamed: str
) -> Callable[[Actor, Disclosure, dict[str, Any]], Disclosure]:
    """Record a step with `service`, at the version the form was shown with. The form's
    fields are the service's arguments; `renamed` gives argument=field where they differ."""

    def save(actor: Actor, disclosure: Disclosure, data: dict[str, Any]) -> Disclosure:
        values = dict(data)
        expected = values.pop("version")
        values |= {argument: values.pop(field) for argument, field in renamed.items()}
        return service(actor=actor, disclosure=disclosure, expected_version=expected, **values)

    return save


_carry_out = _saving(services.record_carried_out)
_acknowledge = _saving(services.record_acknowledgement, method="acknowledgement_method")
_review = _saving(services.record_review)


@page_rule("people")
def carried_out(request: HttpRequest, pk: int) -> HttpResponse:
    def make_form(disclosure: Disclosure, data: Any) -> forms.Form:
        disclosers = selectors.discloser_choices(requested_by=signed_in_user(request), nominal=disclosure.nominal)
        initial = {"version": disclosure.version, "carried_out_by": disclosure.discloser_id}
        return CarriedOutForm(data, disclosers=disclosers, initial=initial)

    return _step(request, pk, make_form, "Record the disclosure as made", _carry_out, "Disclosure recorded as made")


def _versioned(form_class: Callable[..., forms.Form]) -> Callable[[Disclosure, Any], forms.Form]:
    return lambda disclosure, data: form_class(data, initial={"version": disclosure.version})


@page_rule("people")
def acknowledgement(request: HttpRequest, pk: int) -> HttpResponse:
    title, done = "Record the recipient's acknowledgement", "Acknowledgement recorded"
    return _step(request, pk, _versioned(AcknowledgementForm), title, _acknowledge, done)


@page_rule("people")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, _versioned(ReviewForm), "Review the disclosure decision", _review, "Review recorded")


@page_rule("disclosure")
def shared(request: HttpRequest, pk: int) -> HttpResponse:
    """The decisions about one person the user may see: for a DTC SPOC, those shared with
    their agency (the whole disclosure scope or single decisions). None: 404, as for a
    person who does not exist."""
    actor = actor_of(request)
    found = list(selectors.disclosures_for(requested_by=actor.user, nominal_pk=pk))
    if not found:
        raise Http404
    nominal = found[0].nominal
    selectors.person_list_viewed(actor, nominal, found)
    return render(request, "disclosure/shared.html", {"nominal": nominal, "disclosures": found})


@page_rule("disclosure_register")
def register(request: HttpRequest) -> HttpResponse:
    """The MAPPA co-ordinator's register: every disclosure decision in the area."""
    actor = actor_of(request)
    status = request.GET.get("status", "")
    found = selectors.register(requested_by=actor.user, status=status)
    rows = list(found[:500])
    selectors.register_viewed(actor, rows)
    return render(request, "disclosure/register.html", {"disclosures": rows, "status": status, "count": found.count()})
