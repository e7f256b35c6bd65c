"""Every write to civil orders and their breaches.

The rules of each kind of order are in rules/orders.py and are applied here, each refusal
naming its rule. What a breach's outcome brings in other records (a conviction or caution
for breaching a Sexual Risk Order makes the person subject to notification) is written by
the app that keeps those records, registered with `on_breach_outcome`, in the same
transaction as the breach.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from kernel.actor import Actor
from kernel.errors import collect
from register.models import Nominal
from rules.orders import order_problems

from .models import BreachOutcome, CivilOrder, OrderBreach, OrderKind
from .rso_records import audited, cleaned, edited

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

BreachConsequence = Callable[[Actor, OrderBreach], Any]
_BREACH_CONSEQUENCES: list[BreachConsequence] = []


def on_breach_outcome(consequence: BreachConsequence) -> BreachConsequence:
    """Register what a breach's recorded outcome brings elsewhere (from an AppConfig.ready)."""
    if consequence not in _BREACH_CONSEQUENCES:
        _BREACH_CONSEQUENCES.append(consequence)
    return consequence


def _clean(values: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    kept = cleaned(values, allowed)
    if "prohibitions" in kept:
        kept["prohibitions"] = [str(p).strip() for p in kept["prohibitions"] or [] if str(p).strip()]
    return kept


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


def create_order(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> CivilOrder:
    values = _clean(values, ORDER_FIELDS)
    for optional in ("ends_on", "foreign_travel_ends_on", "discharged_on"):
        values.setdefault(optional, None)
    values.setdefault("foreign_travel_restriction", False)
    values.setdefault("prohibitions", [])
    collect(_order_errors(values))
    with transaction.atomic():
        order = CivilOrder.objects.create(nominal=nominal, recorded_by=actor.user, **values)
        audited(actor, "civil_order.create", order, nominal.pk, kind=order.kind)
    return order


def update_order(
    *, actor: Actor, order: CivilOrder, values: dict[str, Any], expected_version: int | None = None
) -> CivilOrder:
    """Correct the order, record its variation or renewal (a new end date), or its discharge."""
    values = _clean(values, ORDER_FIELDS)
    with transaction.atomic():
        saved = edited(
            order,
            values,
            fields=ORDER_FIELDS,
            expected_version=expected_version,
            problems=lambda _, merged: _order_errors(merged),
        )
        audited(actor, "civil_order.update", saved, saved.nominal_id, fields=sorted(values))
    return saved


def breach_errors(values: dict[str, Any], order: CivilOrder | None = None) -> dict[str, list[str]]:
    """The rules of a breach: of the notification requirements (notifications records those)
    or of `order`, which must have been in force that day and whose breach outcomes are
    checked here too."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    breach_on, outcome, outcome_on = values.get("breach_on"), values.get("outcome"), values.get("outcome_on")
    if not isinstance(breach_on, date):
        errors["breach_on"] = ["Enter the date of the breach"]
    elif breach_on > today:
        errors["breach_on"] = [DATE_IN_FUTURE]
    elif order is not None and not order.in_force_on(breach_on):
        errors["breach_on"] = ["The order was not in force on that date: a breach happens while the order has effect"]
    if not values.get("description"):
        errors["description"] = ["Describe the breach"]
    if order is not None and outcome and outcome not in BreachOutcome.values:
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


def _consequences(actor: Actor, breach: OrderBreach) -> None:
    for consequence in _BREACH_CONSEQUENCES:
        consequence(actor, breach)


def record_breach(*, actor: Actor, order: CivilOrder, values: dict[str, Any]) -> OrderBreach:
    values = _clean(values, BREACH_FIELDS)
    values.setdefault("outcome", "")
    values.setdefault("outcome_on", None)
    collect(breach_errors(values, order))
    with transaction.atomic():
        breach = OrderBreach.objects.create(order=order, recorded_by=actor.user, **values)
        audited(actor, "order_breach.create", breach, order.nominal_id, outcome=breach.outcome)
        _consequences(actor, breach)
    return breach


def _breach_update_errors(breach: OrderBreach, merged: dict[str, Any]) -> dict[str, list[str]]:
    errors = breach_errors(merged, breach.order)
    # The requirement a breach brought points back at it (notifications keeps it).
    brought = OrderBreach.objects.filter(pk=breach.pk, notification_requirement__isnull=False).exists()
    if brought and any(merged[f] != getattr(breach, f) for f in ("outcome", "outcome_on")):
        errors.setdefault("outcome", []).append(
            "This breach has made the person subject to notification: its outcome cannot be changed here"
        )
    return errors


def update_breach(
    *, actor: Actor, breach: OrderBreach, values: dict[str, Any], expected_version: int | None = None
) -> OrderBreach:
    """Record the outcome when it is known. Once a breach has brought notification its
    outcome stands: correcting it is a matter for the notification requirement itself."""
    values = _clean(values, BREACH_FIELDS)
    with transaction.atomic():
        saved = edited(
            breach, values, fields=BREACH_FIELDS, expected_version=expected_version, problems=_breach_update_errors
        )
        audited(actor, "order_breach.update", saved, saved.order.nominal_id, outcome=saved.outcome)
        _consequences(actor, saved)
    return saved
