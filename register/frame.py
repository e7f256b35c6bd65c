"""The frame of every page of a person's record, and the form page that records to it.

`person_page` looks the person up for the user (404 when not theirs to see), audits the
read and gives the template what the person's header and tabs need. `person_form_page`
shows a form that records to the person through a service: showing the form names the
person, so it is a read of their record and an audit event; a successful write never
reaches that point and is audited by its service. Each family of pages keeps its own template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from kernel.actor import actor_of
from kernel.registries import person_tabs
from kernel.web import CONFLICT_MESSAGE, try_save

from . import selectors, services
from .models import Nominal


def person_page(request: HttpRequest, pk: int, section: str) -> dict[str, Any]:
    """Look the person up for this user (404 if not theirs to see) and audit the read."""
    nominal = services.read_person(actor=actor_of(request), pk=pk, section=section)
    # The tabs ask the policy which parts the user may open; asked once, here, for the page.
    tabs = person_tabs(request.user, nominal, section)
    return {
        "nominal": nominal,
        "registration": selectors.current_registration(nominal),
        "section": section,
        "person_tabs": tabs,
        "can_edit": policy.can_edit_nominal(request.user, nominal),
        "can_manage_registration": policy.can_manage_registration(request.user, nominal),
        "can_see_viewers": any(tab["section"] == "viewers" for tab in tabs),
        "emergency_access": policy.live_emergency_access(request.user, nominal),
    }


def person_form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    save: Callable[[], Any],
    template: str,
    title: str,
    back_url: str,
    done: str,
    done_url: str | Callable[[Any], str] | None = None,
    nominal: Nominal | None = None,
    section: str = "",
    conflict: str = CONFLICT_MESSAGE,
    **context: Any,
) -> HttpResponse:
    """Show the form; on a valid POST call `save()` (it reads the form), then go to
    `done_url` (by default back; a callable gets what save returned).

    `nominal`: the person the form names; showing it is audited as a read under `section`.
    The template gets the form, title, back link (as `back_url` and `back`), the person,
    an intro, the submit label and any other `context`."""
    if request.method == "POST" and form.is_valid():
        saved, result = try_save(form, save, conflict=conflict)
        if saved:
            messages.success(request, done)
            target = done_url or back_url
            return redirect(target(result) if callable(target) else target)
    if nominal is not None:
        services.record_view(actor=actor_of(request), nominal=nominal, section=section)
    page = {"form": form, "title": title, "back_url": back_url, "back": back_url, "nominal": nominal}
    return render(request, template, {"intro": "", "submit": "Save"} | page | context)
