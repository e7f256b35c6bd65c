"""Every read of civil orders, scoped to the requesting user through the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from access import policy
from register.models import Nominal

from .models import CivilOrder, OrderBreach


def orders_about(*, requested_by: Any, nominal: Nominal) -> QuerySet[CivilOrder]:
    """The person's orders, newest first, with their breaches and what each brought."""
    if not policy.can_view_rso_records(requested_by, nominal):
        raise Http404
    breaches = OrderBreach.objects.select_related("notification_requirement").order_by("-breach_on", "-pk")
    return CivilOrder.objects.filter(nominal=nominal).prefetch_related(Prefetch("breaches", queryset=breaches))


def get_order(*, requested_by: Any, pk: Any) -> CivilOrder:
    try:
        return (
            CivilOrder.objects.select_related("nominal")
            .filter(nominal__in=policy.visible_nominals(requested_by))
            .get(pk=pk)
        )
    except (CivilOrder.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_breach(*, requested_by: Any, pk: Any) -> OrderBreach:
    try:
        return (
            OrderBreach.objects.select_related("order", "order__nominal")
            .filter(order__nominal__in=policy.visible_nominals(requested_by))
            .get(pk=pk)
        )
    except (OrderBreach.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
