"""Licence conditions and other external controls, and contracts for controlled disclosure:
records about the person, each kept to one set of fields and edited as a whole version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from audit import trail
from kernel.actor import Actor
from kernel.errors import collect
from kernel.records import locked, save_new_version
from register.models import Nominal

from .models import ControlKind, DisclosureContract, ExternalControl
from .services import stripped

CONTROL_FIELDS = ("kind", "text", "from_on", "to_on", "source")
CONTRACT_FIELDS = (
    "setting",
    "undertakings",
    "who_will_know",
    "breach_consequence",
    "offender_signed_on",
    "offender_manager",
    "offender_manager_signed_on",
)
_CONTRACT_REQUIRED = {
    "setting": "Enter where the contract applies",
    "undertakings": "Enter what the person undertakes to do and not do, one per line",
    "who_will_know": "Enter who will be told, on a need-to-know basis, and why",
    "breach_consequence": "Enter what happens if the contract is broken",
    "offender_manager": "Enter the offender manager's name",
}

Record = TypeVar("Record", ExternalControl, DisclosureContract)
Errors = Callable[[dict[str, Any]], dict[str, list[str]]]


def _control_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in ControlKind.values:
        errors["kind"] = ["Select the kind of control"]
    if not stripped(values.get("text")):
        errors["text"] = ["Enter the condition as it is written"]
    if not stripped(values.get("source")):
        errors["source"] = ["Enter where the condition comes from (for example the licence)"]
    from_on, to_on = values.get("from_on"), values.get("to_on")
    if not isinstance(from_on, date):
        errors["from_on"] = ["Enter the date the condition starts"]
    elif isinstance(to_on, date) and to_on < from_on:
        errors["to_on"] = ["The end date must be on or after the start date"]
    return errors


def _contract_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors = {field: [message] for field, message in _CONTRACT_REQUIRED.items() if not stripped(values.get(field))}
    today = timezone.localdate()
    for field in ("offender_signed_on", "offender_manager_signed_on"):
        signed = values.get(field)
        if isinstance(signed, date) and signed > today:
            errors[field] = ["A signature cannot be dated in the future"]
    return errors


def _stored(value: Any) -> Any:
    return stripped(value) if isinstance(value, str) else value


def _create(
    model: type[Record],
    fields: tuple[str, ...],
    errors: Errors,
    *,
    actor: Actor,
    nominal: Nominal,
    values: dict[str, Any],
    action: str,
) -> Record:
    values = {k: v for k, v in values.items() if k in fields}
    collect(errors(values))
    with transaction.atomic():
        record = model.objects.create(
            nominal=nominal, recorded_by=actor.user, **{k: _stored(v) for k, v in values.items()}
        )
        trail.record(actor=actor, action=action, obj=record, nominal_id=nominal.pk)
    return record


def _update(
    record: Record,
    fields: tuple[str, ...],
    errors: Errors,
    *,
    actor: Actor,
    values: dict[str, Any],
    expected_version: int | None,
    action: str,
    detail: Callable[[Record], dict[str, Any]] = lambda record: {},
) -> Record:
    """Check the record as it would be after the change, then save it as its next version."""
    values = {k: v for k, v in values.items() if k in fields}
    with transaction.atomic():
        current = locked(record, expected_version)
        collect(errors({f: getattr(current, f) for f in fields} | values))
        for field, value in values.items():
            setattr(current, field, _stored(value))
        save_new_version(current)
        trail.record(
            actor=actor,
            action=action,
            obj=current,
            nominal_id=current.nominal_id,
            detail={"fields": sorted(values)} | detail(current),
        )
    return current


def record_control(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> ExternalControl:
    return _create(
        ExternalControl,
        CONTROL_FIELDS,
        _control_errors,
        actor=actor,
        nominal=nominal,
        values=values,
        action="external_control.create",
    )


def update_control(
    *, actor: Actor, control: ExternalControl, values: dict[str, Any], expected_version: int | None = None
) -> ExternalControl:
    return _update(
        control,
        CONTROL_FIELDS,
        _control_errors,
        actor=actor,
        values=values,
        expected_version=expected_version,
        action="external_control.update",
    )


def record_contract(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> DisclosureContract:
    return _create(
        DisclosureContract,
        CONTRACT_FIELDS,
        _contract_errors,
        actor=actor,
        nominal=nominal,
        values=values,
        action="disclosure_contract.create",
    )


def update_contract(
    *, actor: Actor, contract: DisclosureContract, values: dict[str, Any], expected_version: int | None = None
) -> DisclosureContract:
    return _update(
        contract,
        CONTRACT_FIELDS,
        _contract_errors,
        actor=actor,
        values=values,
        expected_version=expected_version,
        action="disclosure_contract.update",
        detail=lambda contract: {"signed": contract.is_signed},
    )
