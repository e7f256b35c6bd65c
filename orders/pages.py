"""What the civil order, home visit and notification pages share: finding the person for
a write, and the layout and wording of their form pages (register.frame does the work).
Civil orders are the lowest of the three apps, so the others find it here."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from access import policy
from kernel.actor import actor_of
from kernel.declare import signed_in_user
from register import selectors as register_selectors
from register.frame import person_form_page
from register.models import Nominal
from ui.forms import VersionedForm

CONFLICT = (
    "Someone else changed this record while you were editing it. Your changes have not been saved: "
    "check the record and make them again."
)

# A form that records a notification, civil order or home visit against the person.
rso_form_page = partial(person_form_page, template="rso/form.html", conflict=CONFLICT)


def writable_nominal(request: HttpRequest, pk: int) -> Nominal:
    """The person, if the user may record notifications, orders and visits for them (else 404)."""
    nominal = register_selectors.get_nominal(requested_by=signed_in_user(request), pk=pk)
    check_writable(request, nominal)
    return nominal


def check_writable(request: HttpRequest, nominal: Nominal) -> None:
    if not policy.can_record_rso(signed_in_user(request), nominal):
        raise Http404


def create_page(
    request: HttpRequest, *, nominal: Nominal, form: VersionedForm, create: Callable[..., Any], **page: Any
) -> HttpResponse:
    """A form that records something new about the person (found by `writable_nominal`);
    a valid one is saved by `create(actor=..., values=...)`."""
    actor = actor_of(request)
    return rso_form_page(
        request, form=form, nominal=nominal, save=lambda: create(actor=actor, values=form.values()), **page
    )


def edit_page(
    request: HttpRequest, *, nominal: Nominal, form: VersionedForm, update: Callable[..., Any], **page: Any
) -> HttpResponse:
    """A form that changes a record about the person (404 unless the user may); a valid
    one is saved by `update(actor=..., values=..., expected_version=...)`."""
    check_writable(request, nominal)
    actor = actor_of(request)

    def save() -> Any:
        return update(actor=actor, values=form.values(), expected_version=form.expected_version())

    return rso_form_page(request, form=form, nominal=nominal, save=save, **page)
