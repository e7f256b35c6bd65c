"""The form page of the service: a form that records to a person's record through a service.

Check the form, call the service, show its refusals on the form (a version conflict as a
message that keeps what was typed, a broken rule against its field in the GOV.UK error
summary), and on success say so and go on. Showing the form again names the person, so it
is a read of their record and an audit event; a successful write never reaches that point
and is audited by its service. Each family of pages keeps its own template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access.declare import signed_in_user
from register import services as register_services
from register.models import Nominal
from register.views import add_service_errors

from .errors import VersionConflict

CONFLICT_MESSAGE = (
    "Someone else changed this record while you were working on it. Nothing has been saved: check it and try again."
)


def posted(request: HttpRequest) -> Any:
    """The submitted data, even when empty: an empty submission is checked, not ignored."""
    return request.POST if request.method == "POST" else None


def try_save(form: forms.Form, save: Callable[[], Any], *, conflict: str = CONFLICT_MESSAGE) -> tuple[bool, Any]:
    """Run the service on a valid form: (True, what it returned), or (False, None) with its
    refusal shown on the form."""
    try:
        result = save()
    except VersionConflict:
        form.add_error(None, conflict)
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        return True, result
    return False, None


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
        register_services.record_view(
            acting_user=signed_in_user(request), nominal=nominal, section=section, request=request
        )
    page = {"form": form, "title": title, "back_url": back_url, "back": back_url, "nominal": nominal}
    return render(request, template, {"intro": "", "submit": "Save"} | page | context)
