"""What the meeting pages share: the meeting a page may change, and the form page that
records to it through a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import policy
from accounts.models import Agency, User
from kernel.actor import actor_of
from kernel.web import try_save

from . import selectors, services
from .models import Meeting

CONFLICT_MESSAGE = (
    "Someone else changed this while you were working on it. Nothing has been saved: check it and try again."
)


def meeting_for(request: HttpRequest, pk: int, rule: Callable[[User, Meeting], bool] | None = None) -> Meeting:
    """The meeting, when the user may use this page of it (by default: manage it); 404 otherwise."""
    user = actor_of(request).user
    meeting = selectors.get_meeting(requested_by=user, pk=pk)
    if not (rule or policy.can_manage_meeting)(user, meeting):
        raise Http404
    return meeting


def chairs(area_id: int) -> QuerySet[User]:
    return User.objects.filter(pk__in=[u.pk for u in services.eligible_chairs(area_id=area_id, level=2)])


def area_agencies(area_id: int) -> QuerySet[Agency]:
    return Agency.objects.filter(area_id=area_id).order_by("name")


def form_page(
    request: HttpRequest,
    meeting: Meeting | None,
    form: forms.Form,
    save: Callable[[], Any],
    *,
    title: str = "",
    done: str | Callable[[Any], str],
    done_url: str | Callable[[Any], str] | None = None,
    template: str = "meetings/simple_form.html",
    **context: Any,
) -> HttpResponse:
    """Show the form; on a valid POST call `save()` (it reads the form) and go to `done_url`
    (by default the meeting), saying `done`; `done` and `done_url` may be worked out from
    what `save` returned."""
    if request.method == "POST" and form.is_valid():
        saved, result = try_save(form, save, conflict=CONFLICT_MESSAGE)
        if saved:
            messages.success(request, done(result) if callable(done) else done)
            target = done_url or (reverse("meetings:detail", args=[meeting.pk]) if meeting else "/")
            return redirect(target(result) if callable(target) else target)
    return render(request, template, {"form": form, "meeting": meeting, "title": title, **context})
