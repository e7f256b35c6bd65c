"""Versioned records: nothing lost when two people edit the same record at once.

A record that people edit carries a version. An edit names the version it started from;
`locked` takes the row lock and refuses a stale version with VersionConflict (the page
shows it, the API answers 412); `save_new_version` stores the change as the next version.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from .errors import VersionConflict

Record = TypeVar("Record", bound="VersionedRecord")


class VersionedRecord(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def locked(record: Record, expected_version: int | None = None) -> Record:
    """The record read again under a row lock (inside the caller's transaction), refused
    when someone saved a newer version than `expected_version` (None: no check)."""
    fresh = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise VersionConflict(fresh.version)
    return fresh


def save_new_version(record: VersionedRecord, **kwargs: Any) -> None:
    """Save the locked record as its next version."""
    record.version += 1
    update_fields = kwargs.get("update_fields")
    if update_fields is not None:
        kwargs["update_fields"] = [*update_fields, "version"]
    record.save(**kwargs)
