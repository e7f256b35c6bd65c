"""What the notification, civil order and home visit pages share: finding the person for a
write, and the layout and wording of their form pages (register.frame does the work)."""

from __future__ import annotations

from functools import partial

from django.http import Http404, HttpRequest

from access import policy
from register import selectors as register_selectors
from register.frame import person_form_page
from register.models import Nominal

CONFLICT = (
    "Someone else changed this record while you were editing it. Your changes have not been saved: "
    "check the record and make them again."
)

# A form that records a notification, civil order or home visit against the person.
rso_form_page = partial(person_form_page, template="rso/form.html", conflict=CONFLICT)


def writable_nominal(request: HttpRequest, pk: int) -> Nominal:
    """The person, if the user may record notifications, orders and visits for them (else 404)."""
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    check_writable(request, nominal)
    return nominal


def check_writable(request: HttpRequest, nominal: Nominal) -> None:
    if not policy.can_record_rso(request.user, nominal):
        raise Http404
