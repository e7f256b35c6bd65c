"""Emergency access ("break glass"): read-only sight of a record outside the user's agencies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from ..models import EmergencyAccess
from .roles import UserLike, agency_of, is_coordinator, may_request_emergency_access
from .sight import can_view_nominal_ordinarily

if TYPE_CHECKING:
    from register.models import Nominal

    from .records import NominalIdRow


def emergency_nominal_ids(user: UserLike) -> QuerySet[EmergencyAccess, NominalIdRow]:
    """Ids of the people the user has live emergency access to (read-only)."""
    if not may_request_emergency_access(user):
        return EmergencyAccess.objects.none().values("nominal_id")
    return EmergencyAccess.objects.filter(user_id=user.pk, expires_at__gt=timezone.now()).values("nominal_id")


def live_emergency_access(user: UserLike, nominal: Nominal) -> EmergencyAccess | None:
    """The user's live emergency access to this person, if that is how they see it.

    None when they see the person anyway (their own agency's record) or have no live
    emergency access."""
    if not may_request_emergency_access(user):
        return None
    live = (
        EmergencyAccess.objects.filter(user_id=user.pk, nominal_id=nominal.pk, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
    if live is None or can_view_nominal_ordinarily(user, nominal):
        return None
    return live


def can_review_emergency_access(user: UserLike, access: EmergencyAccess) -> bool:
    """The co-ordinator of the area the record belongs to reviews each emergency access."""
    return is_coordinator(user) and access.nominal.area_id == agency_of(user).area_id and access.user_id != user.pk
