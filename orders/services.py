"""Every write to civil orders and their breaches.

The rules of each kind of order are in rules/orders.py and are applied here, each refusal
naming its rule. When a breach of a Sexual Risk Order ends in a conviction or caution, the
same transaction records that the person has become subject to notification.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit import trail
from kernel.errors import VersionConflict, collect
from notifications import services as notification_services
from notifications.models import NotificationRequirement
from register.models import Nominal
from rules.orders import order_problems

from .models import BreachOutcome, CivilOrder, OrderBreach, OrderKind

ORDER_FIELDS = (
    "kind",
    "made_on",
    "ends_on",
    "court",
    "foreign_travel_restriction",
    "foreign_travel_ends_on",
    "prohibitions",
    "discharged_on",
)
BREACH_FIELDS = ("breach_on", "description", "outcome", "outcome_on")
DATE_IN_FUTURE = "The date must be today or in the past"

M = TypeVar("M", bound=models.Model)


def _clean(values: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in allowed}
    for key, value in cleaned.items():
        if isinstance(value, str):
            cleaned[key] = value.strip()
    if "prohibitions" in cleaned:
        cleaned["prohibitions"] = [str(p).strip() for p in cleaned["prohibitions"] or [] if str(p).strip()]
    return cleaned


def _order_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    kind, made_on = values.get("kind"), values.get("made_on")
    if kind not in OrderKind.values:
        errors["kind"] = ["Select the kind of order"]
    if not isinstance(made_on, date):
        errors["made_on"] = ["Enter the date the order was made"]
    elif made_on > timezone.localdate():
        errors["made_on"] = [DATE_IN_FUTURE]
    if not values.get("court"):
        errors["court"] = ["Enter the court that made the order"]
    discharged = values.get("discharged_on")
    if isinstance(discharged, date):
        if discharged > timezone.localdate():
            errors["discharged_on"] = [DATE_IN_FUTURE]
        elif isinstance(made_on, date) and discharged < made_on:
            errors["discharged_on"] = ["The discharge date must be on or after the date the order was made"]
    if kind in OrderKind.values and isinstance(made_on, date):
        for problem in order_problems(
            kind=kind,
            made_on=made_on,
            ends_on=values.get("ends_on"),
            foreign_travel_restriction=bool(values.get("foreign_travel_restriction")),
            foreign_travel_ends_on=values.get("foreign_travel_ends_on"),
        ):
            errors.setdefault(problem.field, []).append(problem.message)
    return errors


def _record(actor: User, action: str, obj: Any, nominal_id: int, request: HttpRequest | None, **detail: Any) -> None:
    trail.record(actor=actor, action=action, obj=obj, nominal_id=nominal_id, request=request, detail=detail)


def _lock(model: type[M], obj: M, expected_version: int | None) -> M:
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    current = int(getattr(locked, "version"))  # noqa: B009 - every locked model here carries a version
    if expected_version is not None and current != expected_version:
        raise VersionConflict(current)
    return locked


def create_order(
    *, acting_user: User, nominal: Nominal, values: dict[str, Any], request: HttpRequest | None = None
) -> CivilOrder:
    values = _clean(values, ORDER_FIELDS)
    for optional in ("ends_on", "foreign_travel_ends_on", "discharged_on"):
        values.setdefault(optional, None)
    values.setdefault("foreign_travel_restriction", False)
    values.setdefault("prohibitions", [])
    collect(_order_errors(values))
    with transaction.atomic():
        order = CivilOrder.objects.create(nominal=nominal, recorded_by=acting_user, **values)
        _record(acting_user, "civil_order.create", order, nominal.pk, request, kind=order.kind)
    return order


def update_order(
    *,
    acting_user: User,
    order: CivilOrder,
    values: dict[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> CivilOrder:
    """Correct the order, record its variation or renewal (a new end date), or its discharge."""
    values = _clean(values, ORDER_FIELDS)
    with transaction.atomic():
        locked = _lock(CivilOrder, order, expected_version)
        merged = {f: getattr(locked, f) for f in ORDER_FIELDS} | values
        collect(_order_errors(merged))
        for field, value in values.items():
            setattr(locked, field, value)
        locked.version += 1
        locked.save()
        _record(acting_user, "civil_order.update", locked, locked.nominal_id, request, fields=sorted(values))
    return locked


def _breach_errors(values: dict[str, Any], order: CivilOrder) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    breach_on, outcome, outcome_on = values.get("breach_on"), values.get("outcome"), values.get("outcome_on")
    if not isinstance(breach_on, date):
        errors["breach_on"] = ["Enter the date of the breach"]
    elif breach_on > today:
        errors["breach_on"] = [DATE_IN_FUTURE]
    elif not order.in_force_on(breach_on):
        errors["breach_on"] = ["The order was not in force on that date: a breach happens while the order has effect"]
    if not values.get("description"):
        errors["description"] = ["Describe the breach"]
    if outcome and outcome not in BreachOutcome.values:
        errors["outcome"] = ["Select the outcome"]
    if outcome and not isinstance(outcome_on, date):
        errors["outcome_on"] = ["Enter the date of the outcome"]
    elif isinstance(outcome_on, date):
        if not outcome:
            errors["outcome"] = ["Select the outcome, or leave the outcome date blank"]
        if outcome_on > today:
            errors["outcome_on"] = [DATE_IN_FUTURE]
        elif isinstance(breach_on, date) and outcome_on < breach_on:
            errors["outcome_on"] = ["The outcome date must be on or after the date of the breach"]
    return errors


def _consequences(acting_user: User, breach: OrderBreach, request: HttpRequest | None) -> None:
    if breach.order.kind == OrderKind.SRO:
        notification_services.subject_after_sro_breach(acting_user=acting_user, breach=breach, request=request)


def record_breach(
    *, acting_user: User, order: CivilOrder, values: dict[str, Any], request: HttpRequest | None = None
) -> OrderBreach:
    values = _clean(values, BREACH_FIELDS)
    values.setdefault("outcome", "")
    values.setdefault("outcome_on", None)
    collect(_breach_errors(values, order))
    with transaction.atomic():
        breach = OrderBreach.objects.create(order=order, recorded_by=acting_user, **values)
        _record(acting_user, "order_breach.create", breach, order.nominal_id, request, outcome=breach.outcome)
        _consequences(acting_user, breach, request)
    return breach


def update_breach(
    *,
    acting_user: User,
    breach: OrderBreach,
    values: dict[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> OrderBreach:
    """Record the outcome when it is known. Once a breach has brought notification its
    outcome stands: correcting it is a matter for the notification requirement itself."""
    values = _clean(values, BREACH_FIELDS)
    with transaction.atomic():
        locked = _lock(OrderBreach, breach, expected_version)
        merged = {f: getattr(locked, f) for f in BREACH_FIELDS} | values
        errors = _breach_errors(merged, locked.order)
        brought = NotificationRequirement.objects.filter(breach=locked).exists()
        if brought and any(merged[f] != getattr(locked, f) for f in ("outcome", "outcome_on")):
            errors.setdefault("outcome", []).append(
                "This breach has made the person subject to notification: its outcome cannot be changed here"
            )
        collect(errors)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.version += 1
        locked.save()
        _record(acting_user, "order_breach.update", locked, locked.order.nominal_id, request, outcome=locked.outcome)
        _consequences(acting_user, locked, request)
    return locked
