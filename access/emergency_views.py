"""Pages for emergency access: asking for it, and the co-ordinator's review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kernel.declare import page_rule, signed_in_user
from kernel.web import add_service_errors

from . import emergency
from .sharing_forms import EmergencyAccessForm, EmergencyReviewForm


@page_rule("emergency_access")
def request_access(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = emergency.open_access(
                acting_user=user,
                identifier=form.cleaned_data["identifier"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if opened.access is None:
                messages.success(request, "You can already see this record: no emergency access was needed")
            else:
                until = timezone.localtime(opened.access.expires_at)
                messages.success(
                    request,
                    f"Emergency access to {opened.nominal.reference} until {until:%H:%M on %d %B %Y}. "
                    "It is read-only and will be reviewed.",
                )
            return redirect("register:summary", pk=opened.nominal.pk)
    return render(
        request,
        "access/emergency/request.html",
        {"form": form, "hours": emergency.access_hours(), "live": list(emergency.my_live_accesses(requested_by=user))},
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
    if request.method == "POST" and form.is_valid():
        try:
            emergency.review(
                acting_user=user,
                access=access,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Review of {access.user.display_name}'s emergency access recorded")
            return redirect("emergency:review-queue")
    return render(
        request,
        "access/emergency/review.html",
        {"access": access, "form": form, "events": list(emergency.events_during(access=access)[:200])},
    )
