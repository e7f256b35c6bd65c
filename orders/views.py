"""Civil order pages: the person's "Civil orders" tab and the forms that record to it."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access import policy
from kernel.declare import page_rule, signed_in_user
from register.frame import person_page

from . import selectors, services
from .forms import BreachForm, CivilOrderForm
from .pages import check_writable, create_page, edit_page, writable_nominal

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
    return create_page(
        request,
        nominal=nominal,
        form=CivilOrderForm(request.POST or None),
        create=partial(services.create_order, nominal=nominal),
        title="Add a civil order",
        back_url=_back(nominal.pk),
        section="add_civil_order",
        done="Civil order added",
    )


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.get_order(requested_by=signed_in_user(request), pk=pk)
    return edit_page(
        request,
        nominal=order.nominal,
        form=CivilOrderForm(request.POST or None, initial=CivilOrderForm.initial_for(order)),
        update=partial(services.update_order, order=order),
        title="Change a civil order",
        back_url=_back(order.nominal_id),
        section="edit_civil_order",
        done="Civil order updated",
    )


@page_rule("people")
def breach(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.get_order(requested_by=signed_in_user(request), pk=pk)
    check_writable(request, order.nominal)
    return create_page(
        request,
        nominal=order.nominal,
        form=BreachForm(request.POST or None),
        create=partial(services.record_breach, order=order),
        title=f"Record a breach of the {order.get_kind_display()}",
        back_url=_back(order.nominal_id),
        section="record_order_breach",
        done="Breach recorded",
    )


@page_rule("people")
def breach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_breach(requested_by=signed_in_user(request), pk=pk)
    initial = {name: getattr(found, name) for name in BreachForm.base_fields}
    return edit_page(
        request,
        nominal=found.order.nominal,
        form=BreachForm(request.POST or None, initial=initial),
        update=partial(services.update_breach, breach=found),
        title="Record the outcome of a breach",
        back_url=_back(found.order.nominal_id),
        section="edit_order_breach",
        done="Breach updated",
    )
