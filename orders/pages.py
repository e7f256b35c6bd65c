"""What the civil order, home visit and notification pages share: finding the person for
a write, and the pages that record to the person or change one of their records, made by
`create_page` and `edit_page` from the form, the service and the wording (register.frame
does the work). Civil orders are the lowest of the three apps, so the others find it here."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from operator import attrgetter
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from access import policy
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
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

Page = Callable[[HttpRequest, int], HttpResponse]
# What a form needs beyond its data and initial values, given the person (such as their area).
FormOptions = Callable[[Nominal], dict[str, Any]]


def writable_nominal(request: HttpRequest, pk: int) -> Nominal:
    """The person, if the user may record notifications, orders and visits for them (else 404)."""
    nominal = register_selectors.get_nominal(requested_by=signed_in_user(request), pk=pk)
    check_writable(request, nominal)
    return nominal


def check_writable(request: HttpRequest, nominal: Nominal) -> None:
    if not policy.can_record_rso(signed_in_user(request), nominal):
        raise Http404


def _no_options(nominal: Nominal) -> dict[str, Any]:
    return {}


def create_page(
    *,
    form: type[VersionedForm],
    service: Callable[..., Any],
    tab: str,
    title: str,
    section: str,
    done: str,
    initial: Callable[[HttpRequest], dict[str, Any]] | None = None,
    form_options: FormOptions = _no_options,
) -> Page:
    """The page (at /people/<pk>/...) that records something new about the person, 404
    unless the user may; a valid `form` is saved by `service(actor=, nominal=, values=)`,
    then the person's `tab` (a URL name) is shown. `section` names the page in the audit."""

    @page_rule("people")
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        nominal = writable_nominal(request, pk)
        filled = form(request.POST or None, initial=initial(request) if initial else None, **form_options(nominal))
        actor = actor_of(request)
        return rso_form_page(
            request,
            form=filled,
            nominal=nominal,
            save=lambda: service(actor=actor, nominal=nominal, values=filled.values()),
            title=title,
            back_url=reverse(tab, args=[nominal.pk]),
            section=section,
            done=done,
        )

    return page


def edit_page(
    *,
    selector: Callable[..., Any],
    form: type[VersionedForm],
    service: Callable[..., Any],
    record_keyword: str,
    tab: str,
    title: str | Callable[[Any], str],
    section: str,
    done: str,
    initial: Callable[[Any], dict[str, Any]] | None = None,
    form_options: FormOptions = _no_options,
    person_path: str = "nominal",
) -> Page:
    """The page (at .../<pk>/edit/) that changes the record `selector(requested_by=, pk=)`
    finds, 404 unless the user may see it and record about its person (found from the
    record by the attribute path `person_path`). The form starts from `initial(record)`, by
    default the record's values of the form's fields; a valid one is saved by
    `service(actor=, <record_keyword>=, values=, expected_version=)`. `title` may be worded
    from the record."""

    @page_rule("people")
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        record = selector(requested_by=signed_in_user(request), pk=pk)
        nominal: Nominal = attrgetter(person_path)(record)
        check_writable(request, nominal)
        starting = initial(record) if initial else {name: getattr(record, name) for name in form.base_fields}
        filled = form(request.POST or None, initial=starting, **form_options(nominal))
        actor = actor_of(request)

        def save() -> Any:
            values, expected = filled.values(), filled.expected_version()
            return service(actor=actor, **{record_keyword: record}, values=values, expected_version=expected)

        return rso_form_page(
            request,
            form=filled,
            nominal=nominal,
            save=save,
            title=title(record) if callable(title) else title,
            back_url=reverse(tab, args=[nominal.pk]),
            section=section,
            done=done,
        )

    return page
