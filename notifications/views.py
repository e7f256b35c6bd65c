"""Notification pages: the person's "Notification" tab and the forms that record to it."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import policy
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from orders.forms import BreachForm
from orders.pages import create_page, edit_page, rso_form_page, writable_nominal
from register import selectors as register_selectors
from register.frame import person_page

from . import selectors, services
from .forms import DeterminationForm, NotificationEventForm, RequirementForm, ReviewApplicationForm
from .models import NotificationRequirement

SECTION = "notifications"


def _back(nominal_pk: int) -> str:
    return reverse("notifications:person", args=[nominal_pk])


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """The clocks, the notifications in order, what the person is subject to, breaches and
    verification visits."""
    context = person_page(request, pk, SECTION)
    user, nominal = signed_in_user(request), context["nominal"]
    events = list(selectors.events_about(requested_by=user, nominal=nominal))
    context |= {
        "clocks": selectors.notification_clocks(requested_by=user, nominal=nominal),
        "events": events,
        "requirements": list(selectors.requirements_about(requested_by=user, nominal=nominal)),
        "breaches": list(selectors.breaches_about(requested_by=user, nominal=nominal)),
        "verification_visits": list(selectors.verification_visits(requested_by=user, nominal=nominal)),
        "reviews": list(selectors.reviews_about(requested_by=user, nominal=nominal)),
        "can_record": policy.can_record_rso(user, nominal),
        "can_record_review": policy.can_record_indefinite_review(user, nominal),
    }
    return render(request, "notifications/person.html", context)


@page_rule("people")
def record(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = writable_nominal(request, pk)
    initial = {"officer": signed_in_user(request).display_name}
    return create_page(
        request,
        nominal=nominal,
        form=NotificationEventForm(request.POST or None, initial=initial),
        create=partial(services.record_notification, nominal=nominal),
        title="Record a notification",
        back_url=_back(nominal.pk),
        section="record_notification",
        done="Notification recorded",
    )


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event(requested_by=signed_in_user(request), pk=pk)
    initial = {name: getattr(event, name) for name in NotificationEventForm.base_fields}
    return edit_page(
        request,
        nominal=event.nominal,
        form=NotificationEventForm(request.POST or None, initial=initial),
        update=partial(services.update_notification, event=event),
        title="Change a notification",
        back_url=_back(event.nominal_id),
        section="edit_notification",
        done="Notification updated",
    )


@page_rule("people")
def requirement(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = writable_nominal(request, pk)
    return create_page(
        request,
        nominal=nominal,
        form=RequirementForm(request.POST or None),
        create=partial(services.record_requirement, nominal=nominal),
        title="Record that the person is subject to notification",
        back_url=_back(nominal.pk),
        section="record_notification_requirement",
        done="Notification requirement recorded",
    )


@page_rule("people")
def requirement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_requirement(requested_by=signed_in_user(request), pk=pk)
    initial = {name: getattr(found, name) for name in RequirementForm.base_fields}
    return edit_page(
        request,
        nominal=found.nominal,
        form=RequirementForm(request.POST or None, initial=initial),
        update=partial(services.update_requirement, requirement=found),
        title="Change the notification requirement",
        back_url=_back(found.nominal_id),
        section="edit_notification_requirement",
        done="Notification requirement updated",
    )


@page_rule("people")
def breach(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = writable_nominal(request, pk)
    return create_page(
        request,
        nominal=nominal,
        form=BreachForm(request.POST or None),
        create=partial(services.record_breach, nominal=nominal),
        title="Record a breach of notification",
        back_url=_back(nominal.pk),
        section="record_notification_breach",
        done="Breach recorded",
    )


@page_rule("people")
def breach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_breach(requested_by=signed_in_user(request), pk=pk)
    initial = {name: getattr(found, name) for name in BreachForm.base_fields}
    return edit_page(
        request,
        nominal=found.nominal,
        form=BreachForm(request.POST or None, initial=initial),
        update=partial(services.update_breach, breach=found),
        title="Record the outcome of a breach of notification",
        back_url=_back(found.nominal_id),
        section="edit_notification_breach",
        done="Breach updated",
    )


def _requirement_label(found: NotificationRequirement) -> str:
    return f"{found.get_basis_display()}, relevant date {found.relevant_date:%d %B %Y}"


@page_rule("indefinite_reviews")
def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an application for review of indefinite notification received by the police."""
    user = signed_in_user(request)
    nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
    if not policy.can_record_indefinite_review(user, nominal):
        raise Http404
    actor = actor_of(request)
    requirements = {r.pk: r for r in selectors.reviewable_requirements(requested_by=user, nominal=nominal)}
    form = ReviewApplicationForm(
        request.POST or None, requirements=[(key, _requirement_label(r)) for key, r in requirements.items()]
    )

    def save() -> None:
        values = form.values()
        chosen = requirements.get(int(values.pop("requirement")))
        services.record_review_application(actor=actor, nominal=nominal, requirement=chosen, values=values)

    return rso_form_page(
        request,
        nominal=nominal,
        form=form,
        save=save,
        title="Record an application for review of indefinite notification",
        back_url=_back(nominal.pk),
        section="record_indefinite_review",
        done="Application for review recorded",
    )


@page_rule("indefinite_reviews")
def review_determination(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the police's determination of an application for review."""
    user = signed_in_user(request)
    review = selectors.get_review(requested_by=user, pk=pk)
    if not policy.can_record_indefinite_review(user, review.nominal):
        raise Http404
    if review.is_determined and request.method != "POST":
        messages.info(request, "The determination of this application is already recorded")
        return redirect(_back(review.nominal_id))
    form = DeterminationForm(request.POST or None, initial={"version": review.version, "further_review_years": 8})
    actor = actor_of(request)

    return rso_form_page(
        request,
        nominal=review.nominal,
        form=form,
        save=lambda: services.record_determination(
            actor=actor, review=review, values=form.values(), expected_version=form.expected_version()
        ),
        title="Record the determination of the application for review",
        back_url=_back(review.nominal_id),
        section="record_indefinite_review_determination",
        done="Determination recorded",
    )
