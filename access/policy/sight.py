"""A person's record seen through the user's role and agency, without emergency access.

Need to know, deny by default (DESIGN.md "Access"): a person's record is visible to the
agency that created it, and for any of its MAPPA registrations to the lead agency, the
record manager and the partner agencies; the MAPPA co-ordinator sees every record in their
area; lay advisers, SMB members, auditors and administrators see no person."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet

from .records import nominal_model, partner_agency_model, registration_model
from .roles import UserLike, agency_id_of, agency_of, is_caseworker, is_coordinator, works_with_people

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Registration
    from register.models import Nominal

    from .records import NominalIdRow


def ordinarily_visible_nominals(user: UserLike, *, few: bool = False) -> QuerySet[Nominal]:
    """The people the user sees through their role and agency, without emergency access."""
    if not works_with_people(user):
        return nominal_model().objects.none()
    return nominal_model().objects.filter(ordinary_sight(user, few=few))


def can_view_nominal_ordinarily(user: UserLike, nominal: Nominal) -> TypeGuard[User]:
    """Only a signed-in user in a role that works with people sees anyone."""
    return ordinarily_visible_nominals(user).filter(pk=nominal.pk).exists()


def ordinary_sight(user: UserLike, *, few: bool = False) -> Q:
    """The condition on a person for the user's ordinary (not emergency) sight of them."""
    if is_coordinator(user):
        return Q(area_id=agency_of(user).area_id)
    if not is_caseworker(user):
        return Q(pk__in=[])  # matches no one
    if few:
        seen = _registrations_seen_by(user).filter(nominal_id=OuterRef("pk"))
        return Q(owning_agency_id=user.agency_id) | Q(Exists(seen))
    return Q(owning_agency_id=user.agency_id) | Q(pk__in=_registered_nominal_ids(user))


def _registrations_seen_by(user: User) -> QuerySet[Registration]:
    """The same registrations as _registered_nominal_ids, as one condition on a registration,
    for checking one person's few registrations by their index."""
    partnered = partner_agency_model().objects.filter(registration_id=OuterRef("pk"), agency_id=agency_id_of(user))
    return (
        registration_model()
        .objects.filter(Q(lead_agency_id=user.agency_id) | Q(record_manager_id=user.pk) | Exists(partnered))
        .order_by()
    )


def _registered_nominal_ids(user: User) -> QuerySet[Registration, NominalIdRow]:
    """Ids of the people with a registration (of any status) that the caseworker's agency
    leads, that they manage, or that their agency is partner to.

    A union of id lists, each read from its own index, rather than one OR across joins:
    the OR made PostgreSQL scan every person and every registration (issue 8, search
    under 50 ms). order_by() drops the default orderings, which would only slow it."""
    agency_id = agency_id_of(user)
    registrations = registration_model().objects
    return (
        registrations.filter(lead_agency_id=agency_id)
        .order_by()
        .values("nominal_id")
        .union(
            registrations.filter(record_manager_id=user.pk).order_by().values("nominal_id"),
            _registrations_partnered_by(agency_id).values("nominal_id"),
            all=True,  # only ever read by IN, which needs no duplicates removed
        )
    )


def _registrations_partnered_by(agency_id: int) -> QuerySet[Registration]:
    """The registrations the agency is a partner to.

    On PostgreSQL as `id = ANY(ARRAY(partner rows))`: the planner then reads each
    registration by its key, where a join or IN would have it scan every registration."""
    partnered = partner_agency_model().objects.filter(agency_id=agency_id).order_by().values("registration_id")
    registrations = registration_model().objects
    if connection.vendor != "postgresql":
        return registrations.filter(pk__in=partnered).order_by()
    return registrations.filter(_EqualsAny(F("pk"), ArraySubquery(partnered))).order_by()


class _EqualsAny(Func):
    """`value = ANY(array)`, PostgreSQL's membership test against an array."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()
