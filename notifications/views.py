"""Notification pages: the person's "Notification" tab and the forms that record to it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import policy
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from orders.forms import BreachForm
from orders.pages import create_page, edit_page, rso_form_page
from register import selectors as register_selectors
from register.frame import person_page

from . import selectors, services
from .forms import DeterminationForm, NotificationEventForm, RequirementForm, ReviewApplicationForm
from .models import NotificationRequirement

SECTION = "notifications"
TAB = "notifications:person"


def _back(nominal_pk: int) -> str:
    return reverse(TAB, args=[nominal_pk])


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


def _officer_is_recorder(request: HttpRequest) -> dict[str, Any]:
    # Notifications are mostly recorded by the officer who took them.
    return {"officer": signed_in_user(request).display_name}


record = create_page(
    form=NotificationEventForm,
    initial=_officer_is_recorder,
    service=services.record_notification,
    tab=TAB,
    title="Record a notification",
    section="record_notification",
    done="Notification recorded",
)
edit = edit_page(
    selector=selectors.get_event,
    form=NotificationEventForm,
    service=services.update_notification,
    record_keyword="event",
    tab=TAB,
    title="Change a notification",
    section="edit_notification",
    done="Notification updated",
)
requirement = create_page(
    form=RequirementForm,
    service=services.record_requirement,
    tab=TAB,
    title="Record that the person is subject to notification",
    section="record_notification_requirement",
    done="Notification requirement recorded",
)
requirement_edit = edit_page(
    selector=selectors.get_requirement,
    form=RequirementForm,
    service=services.update_requirement,
    record_keyword="requirement",
    tab=TAB,
    title="Change the notification requirement",
    section="edit_notification_requirement",
    done="Notification requirement updated",
)
breach = create_page(
    form=BreachForm,
    service=services.record_breach,
    tab=TAB,
    title="Record a breach of notification",
    section="record_notification_breach",
    done="Breach recorded",
)
breach_edit = edit_page(
    selector=selectors.get_breach,
    form=BreachForm,
    service=services.update_breach,
    record_keyword="breach",
    tab=TAB,
    title="Record the outcome of a breach of notification",
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
