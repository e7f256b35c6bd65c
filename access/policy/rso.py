"""Registered sex offender management: notification, civil orders, home visits, and the
review of indefinite notification requirements (SOA 2003 s91A-s91F).

Read by whoever sees the person (emergency access included, read-only). Written by the
co-ordinator and the caseworkers of the agencies managing the current registration (lead,
partners, the record manager); before any registration, by the agency that created the
record. Archived records are read-only. An indefinite review is recorded by police public
protection staff and the co-ordinator for a person whose notification records they may
write, and read by whoever reads those records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .people import can_edit_nominal, can_view_nominal
from .registrations import current_registration_of
from .roles import UserLike, agency_id_of, is_caseworker, is_coordinator, works_on_indefinite_reviews

if TYPE_CHECKING:
    from register.models import Nominal


def can_view_rso_records(user: UserLike, nominal: Nominal) -> bool:
    return can_view_nominal(user, nominal)


def can_record_rso(user: UserLike, nominal: Nominal) -> bool:
    if not can_edit_nominal(user, nominal):
        return False
    if is_coordinator(user):
        return True
    if not is_caseworker(user):
        return False
    current = current_registration_of(nominal)
    if current is None:
        return bool(nominal.owning_agency_id == user.agency_id)
    return bool(
        current.lead_agency_id == user.agency_id
        or current.record_manager_id == user.pk
        or current.partners.filter(agency_id=agency_id_of(user)).exists()
    )


def can_view_indefinite_reviews(user: UserLike, nominal: Nominal) -> bool:
    return can_view_rso_records(user, nominal)


def can_record_indefinite_review(user: UserLike, nominal: Nominal) -> bool:
    return works_on_indefinite_reviews(user) and can_record_rso(user, nominal)
