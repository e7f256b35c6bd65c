"""Civil order pages: the person's "Civil orders" tab and the forms that record to it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access import policy
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from register.frame import person_page

from . import selectors, services
from .forms import BreachForm, CivilOrderForm
from .pages import check_writable, create_page, edit_page, rso_form_page

SECTION = "orders"
TAB = "orders:person"


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, SECTION)
    user, nominal = signed_in_user(request), context["nominal"]
    context |= {
        "orders": list(selectors.orders_about(requested_by=user, nominal=nominal)),
        "can_record": policy.can_record_rso(user, nominal),
    }
    return render(request, "orders/person.html", context)


create = create_page(
    form=CivilOrderForm,
    service=services.create_order,
    tab=TAB,
    title="Add a civil order",
    section="add_civil_order",
    done="Civil order added",
)
edit = edit_page(
    selector=selectors.get_order,
    form=CivilOrderForm,
    initial=CivilOrderForm.initial_for,
    service=services.update_order,
    record_keyword="order",
    tab=TAB,
    title="Change a civil order",
    section="edit_civil_order",
    done="Civil order updated",
)


@page_rule("people")
def breach(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a breach of the order (the page is the order's, not the person's)."""
    order = selectors.get_order(requested_by=signed_in_user(request), pk=pk)
    check_writable(request, order.nominal)
    form = BreachForm(request.POST or None)
    actor = actor_of(request)
    return rso_form_page(
        request,
        nominal=order.nominal,
        form=form,
        save=lambda: services.record_breach(actor=actor, order=order, values=form.values()),
        title=f"Record a breach of the {order.get_kind_display()}",
        back_url=reverse(TAB, args=[order.nominal_id]),
        section="record_order_breach",
        done="Breach recorded",
    )


breach_edit = edit_page(
    selector=selectors.get_breach,
    form=BreachForm,
    service=services.update_breach,
    record_keyword="breach",
    person_path="order.nominal",
    tab=TAB,
    title="Record the outcome of a breach",
    section="edit_order_breach",
    done="Breach updated",
)
