"""Potentially dangerous persons: police-led management outside MAPPA."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts.models import AgencyKind

from .records import pdp_model
from .registrations import has_active_registration
from .roles import UserLike, agency_of, is_caseworker, is_coordinator
from .sight import can_view_nominal_ordinarily, ordinarily_visible_nominals

if TYPE_CHECKING:
    from cases.models import PotentiallyDangerousPerson
    from register.models import Nominal


def can_record_pdp(user: UserLike, nominal: Nominal) -> bool:
    """Police lead PDP management; the co-ordinator records it too. Never alongside MAPPA."""
    if not can_view_nominal_ordinarily(user, nominal):
        return False
    if not (is_coordinator(user) or (is_caseworker(user) and agency_of(user).kind == AgencyKind.POLICE)):
        return False
    return not has_active_registration(nominal)


def can_end_pdp(user: UserLike, pdp: PotentiallyDangerousPerson) -> bool:
    if not can_view_nominal_ordinarily(user, pdp.nominal):
        return False
    return is_coordinator(user) or (is_caseworker(user) and user.agency_id == pdp.lead_agency_id)


def visible_pdps(user: UserLike) -> QuerySet[PotentiallyDangerousPerson]:
    pdps = pdp_model().objects
    if is_coordinator(user):
        return pdps.filter(nominal__area_id=agency_of(user).area_id)
    if is_caseworker(user):
        return pdps.filter(nominal__in=ordinarily_visible_nominals(user))
    return pdps.none()
