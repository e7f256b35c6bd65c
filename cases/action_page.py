"""One small pattern for every form that records a step (custody, transfers, exit,
PDPs, retention): check, validate, call the service, show its rule errors on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access.declare import signed_in_user
from openmappa.errors import VersionConflict
from register import services as register_services
from register.models import Nominal
from register.views import add_service_errors

CONFLICT_MESSAGE = (
    "Someone else changed this record while you were working on it. Nothing has been saved: check it and try again."
)


def action_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    caption: str,
    back_url: str,
    act: Callable[[dict[str, Any]], object],
    done: str,
    done_url: str | Callable[[object], str],
    intro: str = "",
    shows: Nominal | None = None,
    section: str = "",
) -> HttpResponse:
    """`shows`: the person the form names. Showing (or re-showing) the form is a read of
    their record and is audited under `section`; a successful write is audited by its service."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(done_url(result) if callable(done_url) else done_url)
    if shows is not None:
        register_services.record_view(
            acting_user=signed_in_user(request), nominal=shows, section=section, request=request
        )
    context = {"form": form, "title": title, "caption": caption, "back_url": back_url, "intro": intro}
    return render(request, "cases/action_form.html", context)
