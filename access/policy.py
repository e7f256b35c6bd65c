"""Who may see and change what. The one place that decides; views and the API ask it.

Need to know, deny by default (DESIGN.md "Access"):
- a person's record is visible to the agency that created it, and for any of its MAPPA
  registrations to the lead agency, the record manager and the partner agencies;
- the MAPPA co-ordinator sees every record in their area;
- lay advisers, SMB members, auditors and administrators see no person;
- everyone else gets the same 404 as for a record that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import CASEWORK_ROLES, Role
from cases.models import Registration, RegistrationStatus
from register.models import Nominal

UserLike = Any  # a User or AnonymousUser


def _signed_in(user: UserLike) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_caseworker(user: UserLike) -> bool:
    """A practitioner in a case-managing agency (police, probation, prison, YOT, health)."""
    return (
        _signed_in(user) and user.role in CASEWORK_ROLES and user.agency_id is not None and user.agency.can_manage_cases
    )


def is_coordinator(user: UserLike) -> bool:
    return _signed_in(user) and user.role == Role.COORDINATOR and user.agency_id is not None


def works_with_people(user: UserLike) -> bool:
    return is_caseworker(user) or is_coordinator(user)


# Coarse rules that every view and endpoint declares (see access/declare.py). A route
# whose rule is missing from this table is unreachable.
RULES: dict[str, Callable[[UserLike], bool]] = {
    "public": lambda user: True,
    "signed_in": _signed_in,
    "people": works_with_people,
}


def allows(rule: str, user: UserLike) -> bool:
    check = RULES.get(rule)
    return bool(check and check(user))


def visible_nominals(user: UserLike) -> QuerySet[Nominal]:
    """Every person the user may see; the base of every list and lookup of people."""
    if is_coordinator(user):
        return Nominal.objects.filter(area_id=user.agency.area_id)
    if not is_caseworker(user):
        return Nominal.objects.none()
    agency_id = user.agency_id
    involved = Registration.objects.filter(nominal=OuterRef("pk")).filter(
        Q(lead_agency_id=agency_id) | Q(record_manager_id=user.pk) | Q(partners__agency_id=agency_id)
    )
    return Nominal.objects.filter(Q(owning_agency_id=agency_id) | Exists(involved))


def can_view_nominal(user: UserLike, nominal: Nominal) -> bool:
    return visible_nominals(user).filter(pk=nominal.pk).exists()


def _is_archived(nominal: Nominal) -> bool:
    """Archived: it has registrations and none of them is active. Archived is read-only."""
    statuses = set(nominal.registrations.values_list("status", flat=True))
    return bool(statuses) and RegistrationStatus.ACTIVE not in statuses


def can_edit_nominal(user: UserLike, nominal: Nominal) -> bool:
    return can_view_nominal(user, nominal) and not _is_archived(nominal)


def can_create_nominal(user: UserLike) -> bool:
    return works_with_people(user)


def can_manage_registration(user: UserLike, nominal: Nominal) -> bool:
    """Register, change level, archive or reactivate: the co-ordinator, the lead agency and
    the record manager; for a person not yet registered, any caseworker who can see them."""
    if not can_view_nominal(user, nominal):
        return False
    if is_coordinator(user):
        return True
    current = nominal.registrations.order_by("-start_date", "-pk").first()
    if current is None:
        return is_caseworker(user)
    return bool(current.lead_agency_id == user.agency_id or current.record_manager_id == user.pk)
