"""What the notification, civil order and home visit pages share: finding the person for a
write, and the one form page that creates or edits a record through a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from access.declare import signed_in_user
from openmappa.errors import VersionConflict
from register import selectors as register_selectors
from register import services as register_services
from register.models import Nominal
from register.views import add_service_errors

CONFLICT = (
    "Someone else changed this record while you were editing it. Your changes have not been saved: "
    "check the record and make them again."
)


def writable_nominal(request: HttpRequest, pk: int) -> Nominal:
    """The person, if the user may record notifications, orders and visits for them (else 404)."""
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_record_rso(request.user, nominal):
        raise Http404
    return nominal


def check_writable(request: HttpRequest, nominal: Nominal) -> None:
    if not policy.can_record_rso(request.user, nominal):
        raise Http404


def form_page(
    request: HttpRequest,
    *,
    nominal: Nominal,
    form: forms.Form,
    save: Callable[[dict[str, Any], int | None], Any],
    title: str,
    back_url: str,
    section: str,
    submit: str = "Save",
    done: str = "",
) -> HttpResponse:
    """Show the form; on a valid POST call save(values, expected_version) and go back.

    The service's rule violations appear in the GOV.UK error summary against their fields;
    a version conflict keeps what was typed and says what happened."""
    if request.method == "POST" and form.is_valid():
        values = form.values() if hasattr(form, "values") else dict(form.cleaned_data)
        try:
            save(values, form.cleaned_data.get("version"))
        except VersionConflict:
            form.add_error(None, CONFLICT)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done or f"{title}: saved")
            return redirect(back_url)
    register_services.record_view(
        acting_user=signed_in_user(request), nominal=nominal, section=section, request=request
    )
    context = {"form": form, "nominal": nominal, "title": title, "back_url": back_url, "submit": submit}
    return render(request, "rso/form.html", context)
