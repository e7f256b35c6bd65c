"""Victims pages: the restricted "Victims" tab of a person's record, each victim and what
they must be told. Without the grant every page answers 404, as for a missing record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.web import try_save
from register import selectors as register_selectors
from register import services as register_services
from register.frame import person_page

from . import selectors, services
from .forms import NotificationForm, VictimForm
from .models import Victim

CONFLICT_MESSAGE = (
    "Someone else changed this victim's record while you were working on it. Nothing has been saved: check it "
    "and try again."
)


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
    victims = list(selectors.victims_of(requested_by=user, nominal=nominal))  # 404 without the grant
    context = person_page(request, pk, "victims")
    context |= {"victims": victims, "can_edit_victims": policy.can_edit_victims(user, nominal)}
    return render(request, "victims/person.html", context)


def _saved(request: HttpRequest, form: forms.Form, save: Callable[[], Any], done: str) -> Any:
    """On a valid POST, what `save` returned (None when the service refused it, shown on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    saved, result = try_save(form, save, conflict=CONFLICT_MESSAGE)
    if saved:
        messages.success(request, done)
    return result


@page_rule("people")
def create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
    if not policy.can_edit_victims(actor.user, nominal):
        raise Http404
    form = VictimForm(request.POST or None)
    victim = _saved(
        request,
        form,
        lambda: services.record_victim(actor=actor, nominal=nominal, values=form.values()),
        "Victim recorded",
    )
    if victim is not None:
        return redirect("victims:detail", pk=victim.pk)
    # The form shows the person's name and identifiers: a read of their record.
    register_services.record_view(actor=actor, nominal=nominal, section="add_victim")
    return render(request, "victims/victim_form.html", {"form": form, "nominal": nominal, "victim": None})


@page_rule("people")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    victim = selectors.read_victim(actor=actor_of(request), pk=pk)
    return render(
        request,
        "victims/detail.html",
        {
            "victim": victim,
            "nominal": victim.nominal,
            "notifications": list(victim.notifications.all()),
            "can_edit": policy.can_edit_victims(signed_in_user(request), victim.nominal),
            "history": list(selectors.history(victim=victim)[:100]),
        },
    )


def _editable(request: HttpRequest, pk: int) -> Victim:
    user = signed_in_user(request)
    victim = selectors.get_victim(requested_by=user, pk=pk)
    if not policy.can_edit_victims(user, victim.nominal):
        raise Http404
    return victim


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    victim = _editable(request, pk)
    initial = {f: getattr(victim, f) for f in services.VICTIM_FIELDS} | {"version": victim.version}
    form = VictimForm(request.POST or None, initial=initial)

    def save() -> Victim:
        return services.update_victim(
            actor=actor_of(request),
            victim=victim,
            values=form.values(),
            expected_version=form.cleaned_data.get("version"),
        )

    if _saved(request, form, save, "Victim's record updated") is not None:
        return redirect("victims:detail", pk=victim.pk)
    return render(request, "victims/victim_form.html", {"form": form, "nominal": victim.nominal, "victim": victim})


@page_rule("people")
def add_notification(request: HttpRequest, pk: int) -> HttpResponse:
    victim = _editable(request, pk)
    form = NotificationForm(request.POST or None)
    added = _saved(
        request,
        form,
        lambda: services.add_notification(actor=actor_of(request), victim=victim, values=form.cleaned_data),
        "Notification recorded",
    )
    if added is not None:
        return redirect("victims:detail", pk=victim.pk)
    return render(request, "victims/notification_form.html", {"form": form, "victim": victim})
