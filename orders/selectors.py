"""Every read of civil orders, scoped to the requesting user through the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from kernel.actor import Actor
from register.models import Nominal

from .models import CivilOrder, OrderBreach
from .rso_records import audited, check_visible, visible_one


def orders_about(*, requested_by: User, nominal: Nominal) -> QuerySet[CivilOrder]:
    """The person's orders, newest first, with their breaches and what each brought."""
    check_visible(requested_by, nominal)
    breaches = OrderBreach.objects.select_related("notification_requirement").order_by("-breach_on", "-pk")
    return CivilOrder.objects.filter(nominal=nominal).prefetch_related(Prefetch("breaches", queryset=breaches))


def get_order(*, requested_by: User, pk: Any) -> CivilOrder:
    return visible_one(CivilOrder.objects.select_related("nominal"), requested_by, pk)


def get_breach(*, requested_by: User, pk: Any) -> OrderBreach:
    breaches = OrderBreach.objects.select_related("order", "order__nominal")
    return visible_one(breaches, requested_by, pk, nominal="order__nominal")


def read_order_breaches(*, actor: Actor, pk: Any) -> tuple[CivilOrder, list[OrderBreach]]:
    """An order the actor may see with its breaches, the read audited."""
    order = get_order(requested_by=actor.user, pk=pk)
    breaches = list(order.breaches.all())
    audited(actor, "order_breach.list", order, order.nominal_id)
    return order, breaches
