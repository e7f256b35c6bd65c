"""Notifications, the requirement and breaches, civil orders and home visits on the
person's timeline (kernel/timeline.py). The timeline's selector has checked the caller
may see the person; these records are read by whoever sees the person."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from accounts.models import User
from kernel.timeline import TimelineEvent, register_timeline_source
from orders.models import CivilOrder, OrderBreach
from register.models import Nominal
from visits.models import HomeVisit

from .models import (
    IndefiniteReview,
    NotificationBreach,
    NotificationEvent,
    NotificationRequirement,
    ReviewDetermination,
)


@register_timeline_source("notifications")
def notification_events(nominal: Nominal, requested_by: User) -> Iterable[TimelineEvent]:
    url = reverse("notifications:person", args=[nominal.pk])
    for event in NotificationEvent.objects.filter(nominal=nominal):
        yield TimelineEvent(
            "notification",
            event.notified_on,
            f"Notified: {event.get_kind_display().lower()}",
            event.police_station,
            url,
        )
    for requirement in NotificationRequirement.objects.filter(nominal=nominal):
        yield TimelineEvent(
            "notification", requirement.relevant_date, "Subject to notification", requirement.get_basis_display(), url
        )
    for breach in NotificationBreach.objects.filter(nominal=nominal):
        outcome = breach.get_outcome_display() if breach.outcome else "outcome not known yet"
        yield TimelineEvent("notification-breach", breach.breach_on, "Breach of notification", outcome, url)
    for review in IndefiniteReview.objects.filter(nominal=nominal):
        yield TimelineEvent(
            "indefinite-review",
            review.received_on,
            "Application for review of indefinite notification",
            f"Determination due by {review.determine_by:%d %B %Y}",
            url,
        )
        if review.determined_on is None:
            continue
        if review.determination == ReviewDetermination.DISCHARGED:
            assert review.notice_received_on is not None
            title = "Indefinite notification discharged on review"
            detail = f"No longer subject from {review.notice_received_on:%d %B %Y}, when the notice was received"
        else:
            assert review.next_application_from is not None
            title = "Indefinite notification continues after review"
            detail = f"A further application may be made from {review.next_application_from:%d %B %Y}"
        yield TimelineEvent("indefinite-review", review.determined_on, title, detail, url)


@register_timeline_source("orders")
def order_events(nominal: Nominal, requested_by: User) -> Iterable[TimelineEvent]:
    url = reverse("orders:person", args=[nominal.pk])
    for order in CivilOrder.objects.filter(nominal=nominal):
        yield TimelineEvent("civil-order", order.made_on, f"{order.get_kind_display()} made", order.court, url)
        if order.discharged_on:
            yield TimelineEvent("civil-order", order.discharged_on, f"{order.get_kind_display()} discharged", url=url)
    for breach in OrderBreach.objects.filter(order__nominal=nominal).select_related("order"):
        outcome = breach.get_outcome_display() if breach.outcome else "outcome not known yet"
        yield TimelineEvent(
            "order-breach", breach.breach_on, f"Breach of the {breach.order.get_kind_display()}", outcome, url
        )


@register_timeline_source("visits")
def visit_events(nominal: Nominal, requested_by: User) -> Iterable[TimelineEvent]:
    url = reverse("visits:person", args=[nominal.pk])
    for visit in HomeVisit.objects.filter(nominal=nominal).select_related("agency"):
        yield TimelineEvent(
            "home-visit",
            visit.visit_on,
            f"Home visit ({visit.get_status_display().lower()})",
            f"{visit.agency}{', joint with probation' if visit.joint else ''}",
            url,
        )
