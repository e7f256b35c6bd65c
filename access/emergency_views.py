"""Pages for emergency access: asking for it, and the co-ordinator's review queue."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.web import try_save

from . import emergency
from .grant_pages import saved
from .sharing_forms import EmergencyAccessForm, EmergencyReviewForm


def _opened_message(opened: emergency.Opened) -> str:
    if opened.access is None:
        return "You can already see this record: no emergency access was needed"
    until = timezone.localtime(opened.access.expires_at)
    return (
        f"Emergency access to {opened.nominal.reference} until {until:%H:%M on %d %B %Y}. "
        "It is read-only and will be reviewed."
    )


@page_rule("emergency_access")
def request_access(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accepted, opened = try_save(
            form, lambda: emergency.open_access(actor=actor, identifier=data["identifier"], reason=data["reason"])
        )
        if accepted:
            messages.success(request, _opened_message(opened))
            return redirect("register:summary", pk=opened.nominal.pk)
    return render(
        request,
        "access/emergency/request.html",
        {
            "form": form,
            "hours": emergency.access_hours(),
            "live": list(emergency.my_live_accesses(requested_by=actor.user)),
        },
    )


@page_rule("emergency_review")
def review_queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "access/emergency/review_queue.html",
        {
            "queue": list(emergency.review_queue(requested_by=user)),
            "reviewed": emergency.recently_reviewed(requested_by=user),
        },
    )


@page_rule("emergency_review")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    access = emergency.reviewable(requested_by=user, pk=pk)
    if access is None:
        raise Http404
    form = EmergencyReviewForm(request.POST or None)

    def record_review() -> object:
        data = form.cleaned_data
        return emergency.review(actor=actor_of(request), access=access, outcome=data["outcome"], note=data["note"])

    if saved(request, form, record_review, lambda: f"Review of {access.user.display_name}'s emergency access recorded"):
        return redirect("emergency:review-queue")
    return render(
        request,
        "access/emergency/review.html",
        {"access": access, "form": form, "events": list(emergency.events_during(access=access)[:200])},
    )
