"""A person's MAPPA registration as the rules read it: current, active, archived."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .records import registration_model

if TYPE_CHECKING:
    from cases.models import Registration
    from register.models import Nominal


def current_registration_of(nominal: Nominal) -> Registration | None:
    """The active registration, else the latest archived one."""
    active = active_registration(nominal)
    return active or nominal.registrations.order_by("-start_date", "-pk").first()


def active_registration(nominal: Nominal) -> Registration | None:
    return (
        nominal.registrations.filter(status=registration_model().Status.ACTIVE).order_by("-start_date", "-pk").first()
    )


def has_active_registration(nominal: Nominal) -> bool:
    return nominal.registrations.filter(status=registration_model().Status.ACTIVE).exists()


def is_archived(nominal: Nominal) -> bool:
    """Archived: it has registrations and none of them is active. Archived is read-only."""
    statuses = set(nominal.registrations.values_list("status", flat=True))
    return bool(statuses) and registration_model().Status.ACTIVE not in statuses
