"""Victims: a restricted section (docs/decisions/0005), seen only by the record manager
and named grant holders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import RestrictedSection
from .people import can_edit_nominal
from .restricted import can_view_restricted
from .roles import UserLike, works_with_people

if TYPE_CHECKING:
    from register.models import Nominal


def can_view_victims(user: UserLike, nominal: Nominal) -> bool:
    """The restricted victims section: the record manager, and users with a live grant."""
    return works_with_people(user) and can_view_restricted(user, nominal, RestrictedSection.VICTIMS)


def can_edit_victims(user: UserLike, nominal: Nominal) -> bool:
    return can_view_victims(user, nominal) and can_edit_nominal(user, nominal)
