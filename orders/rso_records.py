"""What the services and selectors of civil orders, home visits and notification records
share: the same shape of write (clean, check, lock, save the next version, audit) and the
same scoping of reads. Civil orders are the lowest of the three apps, so the others find
it here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404

from access import policy
from accounts.models import User
from audit import trail
from kernel.actor import Actor
from kernel.errors import collect
from kernel.records import VersionedRecord, locked, save_new_version
from register.models import Nominal

Record = TypeVar("Record", bound=VersionedRecord)
Problems = Callable[[Record, dict[str, Any]], dict[str, list[str]]]


def cleaned(values: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Only the fields a service writes, text without its surrounding spaces."""
    kept = {k: v for k, v in values.items() if k in allowed}
    return {k: v.strip() if isinstance(v, str) else v for k, v in kept.items()}


def audited(actor: Actor, action: str, obj: Any, nominal_id: int, **detail: Any) -> None:
    trail.record(actor=actor, action=action, obj=obj, nominal_id=nominal_id, detail=detail)


def edited(
    record: Record,
    values: dict[str, Any],
    *,
    fields: tuple[str, ...],
    expected_version: int | None,
    problems: Problems[Record],
) -> Record:
    """The record changed by `values` and saved as its next version, once the row lock is
    held and the whole record as it would become passes `problems(locked, merged)`. Called
    inside the caller's transaction, which also writes the audit event."""
    fresh = locked(record, expected_version)
    collect(problems(fresh, {f: getattr(fresh, f) for f in fields} | values))
    for field, value in values.items():
        setattr(fresh, field, value)
    save_new_version(fresh)
    return fresh


def check_visible(requested_by: User, nominal: Nominal) -> None:
    """404 unless the user may see the person's notification, order and visit records."""
    if not policy.can_view_rso_records(requested_by, nominal):
        raise Http404


def visible_one(records: QuerySet[Record], requested_by: User, pk: Any, *, nominal: str = "nominal") -> Record:
    """One record about a person the user may see (`nominal`: the path to that person);
    missing, unreadable or not theirs to see is the same 404."""
    try:
        return records.filter(**{f"{nominal}__in": policy.visible_nominals(requested_by)}).get(pk=pk)
    except (records.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
