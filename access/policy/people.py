"""Which people the user sees and changes, and who manages a person's registration.

Everyone who may not see a record gets the same 404 as for a record that does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .emergency import emergency_nominal_ids
from .records import nominal_model
from .registrations import current_registration_of, is_archived
from .roles import (
    UserLike,
    coordinates_area,
    is_caseworker,
    is_coordinator,
    may_request_emergency_access,
    works_with_people,
)
from .sight import can_view_nominal_ordinarily, ordinarily_visible_nominals, ordinary_sight

if TYPE_CHECKING:
    from register.models import Nominal


def visible_nominals(user: UserLike, *, few: bool = False) -> QuerySet[Nominal]:
    """Every person the user may see; the base of every list and lookup of people.

    Includes, read-only, people the user has live emergency access to. `few` when the
    caller narrows the people by an index to a few (a search by name, one person by id):
    the sight is then checked person by person, where collecting every id the user may see
    (a police force leads over 10,000 registrations) would cost more than the search."""
    if not may_request_emergency_access(user):
        return ordinarily_visible_nominals(user, few=few)
    return nominal_model().objects.filter(ordinary_sight(user, few=few) | Q(pk__in=emergency_nominal_ids(user)))


def can_view_nominal(user: UserLike, nominal: Nominal) -> bool:
    return visible_nominals(user, few=True).filter(pk=nominal.pk).exists()


def can_edit_nominal(user: UserLike, nominal: Nominal) -> bool:
    """Emergency access is read-only, so editing needs ordinary sight of the record."""
    return can_view_nominal_ordinarily(user, nominal) and not is_archived(nominal)


def can_create_nominal(user: UserLike) -> bool:
    return works_with_people(user)


def can_manage_registration(user: UserLike, nominal: Nominal) -> bool:
    """Register, change level, archive or reactivate: the co-ordinator, the lead agency and
    the record manager; for a person not yet registered, any caseworker who can see them."""
    if not can_view_nominal_ordinarily(user, nominal):
        return False
    if is_coordinator(user):
        return True
    current = current_registration_of(nominal)  # the active one, else the latest archived
    if current is None:
        return is_caseworker(user)
    return bool(current.lead_agency_id == user.agency_id or current.record_manager_id == user.pk)


def can_decide_retention(user: UserLike, nominal: Nominal) -> bool:
    """The co-ordinator of the person's area records the retention review's decision."""
    return coordinates_area(user, nominal.area_id)
