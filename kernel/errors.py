"""Errors the service layer raises, shared by the web pages and the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class VersionConflict(Exception):
    """Someone else changed the record since this edit began."""

    def __init__(self, current_version: int) -> None:
        super().__init__(f"The record has changed since you opened it (now version {current_version}).")
        self.current_version = current_version


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def collect(errors: dict[str, list[str]]) -> None:
    """Raise every problem found at once, so the user can fix them in one go."""
    if errors:
        raise ValidationError(errors)
