"""Civil order pages: the person's "Civil orders" tab and the forms that record to it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access import policy
from kernel.declare import page_rule, signed_in_user
from notifications.pages import check_writable, rso_form_page, writable_nominal
from register.frame import person_page

from . import selectors, services
from .forms import BreachForm, CivilOrderForm

# The form pages this tab shares with notifications: their layout and wording.
_page = rso_form_page

SECTION = "orders"


def _back(nominal_pk: int) -> str:
    return reverse("orders:person", args=[nominal_pk])


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, SECTION)
    user, nominal = signed_in_user(request), context["nominal"]
    context |= {
        "orders": list(selectors.orders_about(requested_by=user, nominal=nominal)),
        "can_record": policy.can_record_rso(user, nominal),
    }
    return render(request, "orders/person.html", context)


@page_rule("people")
def create(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = writable_nominal(request, pk)
    user = signed_in_user(request)
    form = CivilOrderForm(request.POST or None)

    return _page(
        request,
        form=form,
        save=lambda: services.create_order(acting_user=user, nominal=nominal, values=form.values(), request=request),
        nominal=nominal,
        title="Add a civil order",
        back_url=_back(nominal.pk),
        section="add_civil_order",
        done="Civil order added",
    )


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    order = selectors.get_order(requested_by=user, pk=pk)
    check_writable(request, order.nominal)
    form = CivilOrderForm(request.POST or None, initial=CivilOrderForm.initial_for(order))

    return _page(
        request,
        form=form,
        save=lambda: services.update_order(
            acting_user=user,
            order=order,
            values=form.values(),
            expected_version=form.expected_version(),
            request=request,
        ),
        nominal=order.nominal,
        title="Change a civil order",
        back_url=_back(order.nominal_id),
        section="edit_civil_order",
        done="Civil order updated",
    )


@page_rule("people")
def breach(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    order = selectors.get_order(requested_by=user, pk=pk)
    check_writable(request, order.nominal)
    form = BreachForm(request.POST or None)

    return _page(
        request,
        form=form,
        save=lambda: services.record_breach(acting_user=user, order=order, values=form.values(), request=request),
        nominal=order.nominal,
        title=f"Record a breach of the {order.get_kind_display()}",
        back_url=_back(order.nominal_id),
        section="record_order_breach",
        done="Breach recorded",
    )


@page_rule("people")
def breach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.get_breach(requested_by=user, pk=pk)
    nominal = found.order.nominal
    check_writable(request, nominal)
    initial = {name: getattr(found, name) for name in BreachForm.base_fields}
    form = BreachForm(request.POST or None, initial=initial)

    return _page(
        request,
        form=form,
        save=lambda: services.update_breach(
            acting_user=user,
            breach=found,
            values=form.values(),
            expected_version=form.expected_version(),
            request=request,
        ),
        nominal=nominal,
        title="Record the outcome of a breach",
        back_url=_back(nominal.pk),
        section="edit_order_breach",
        done="Breach updated",
    )
