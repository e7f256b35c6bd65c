"""Errors the service layer raises, shared by the web pages and the API."""

from __future__ import annotations

import functools
import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q


class VersionConflict(Exception):
    """Someone else changed the record since this edit began."""

    def __init__(self, current_version: int | None) -> None:
        super().__init__(
            f"The record has changed since you opened it (now version {current_version})."
            if current_version is not None
            else "This record carries no version to match: send If-Match: *"
        )
        self.current_version = current_version


class StateConflict(ValidationError):
    """The record is no longer in a state that allows the change (archived, say, since the
    caller read it): a 409 in the API, an error summary on a page."""


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def collect(errors: dict[str, list[str]]) -> None:
    """Raise every problem found at once, so the user can fix them in one go."""
    if errors:
        raise ValidationError(errors)


# A constraint race: two requests passed the service's checks at once and the database
# refused the second. The answer is a conflict (409 / a form error), never a crash.
CONSTRAINT_MESSAGE = (
    "Someone else saved a record that conflicts with this one at the same time "
    "(the rule that {rule}). Nothing has been saved: check the record and try again."
)
_KEY_COLUMNS = re.compile(r"Key \((?P<columns>[^)]*)\)=")


def constraint_name(error: IntegrityError) -> str:
    """The name of the database constraint that refused the write ('' when unknown)."""
    diag = getattr(error.__cause__, "diag", None)
    return (getattr(diag, "constraint_name", None) or "") if diag is not None else ""


def constraint_errors(error: IntegrityError) -> dict[str, list[str]]:
    """The refusal as {field: [message]}, naming the field when the constraint tells it."""
    name = constraint_name(error)
    field = _constrained_field(error, name)
    rule = name.replace("_", " ") if name else "each record is recorded once"
    return {field: [CONSTRAINT_MESSAGE.format(rule=rule)]}


def _constrained_field(error: IntegrityError, name: str) -> str:
    declared = _declared_fields().get(name)
    if declared:
        return declared
    diag = getattr(error.__cause__, "diag", None)
    columns = _KEY_COLUMNS.search(getattr(diag, "message_detail", None) or "")
    if columns:
        return columns.group("columns").split(",")[0].strip().removesuffix("_id")
    column = getattr(diag, "column_name", None)
    return column.removesuffix("_id") if column else "non_field_errors"


@functools.cache
def _declared_fields() -> dict[str, str]:
    """Each named model constraint -> the first field it constrains (Meta.constraints)."""
    fields: dict[str, str] = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            named = getattr(constraint, "fields", None) or _condition_fields(getattr(constraint, "condition", None))
            if named:
                fields[constraint.name] = named[0]
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                fields[f"{model._meta.db_table}_{field.column}_key"] = field.name
    return fields


def _condition_fields(condition: Q | None) -> list[str]:
    if condition is None:
        return []
    found: list[str] = []
    for child in condition.children:
        if isinstance(child, Q):
            found.extend(_condition_fields(child))
        elif isinstance(child, tuple):
            found.append(str(child[0]).split("__")[0])
    return found
