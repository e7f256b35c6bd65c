"""Restricted sections of a record (victims, intelligence, health): docs/decisions/0005."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from ..models import RestrictedAccessGrant, RestrictedSection
from .registrations import current_registration_of
from .roles import UserLike, is_coordinator, signed_in
from .sight import can_view_nominal_ordinarily

if TYPE_CHECKING:
    from register.models import Nominal


def holds_restricted_implicitly(user: UserLike, nominal: Nominal) -> bool:
    """The record manager of the current registration needs every part of the record
    (docs/decisions/0005); nobody else holds a restricted section without a grant."""
    if not signed_in(user):
        return False
    current = current_registration_of(nominal)
    return bool(current and current.record_manager_id == user.pk)


def restricted_sections_visible(user: UserLike, nominal: Nominal) -> set[str]:
    """The restricted sections of this person's record the user may see. Emergency access
    never opens them: only ordinary sight of the record plus a grant does."""
    if not can_view_nominal_ordinarily(user, nominal):
        return set()
    if holds_restricted_implicitly(user, nominal):
        return set(RestrictedSection.values)
    now = timezone.now()
    return set(
        RestrictedAccessGrant.objects.filter(nominal_id=nominal.pk, user_id=user.pk, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list("section", flat=True)
    )


def can_view_restricted(user: UserLike, nominal: Nominal, section: str) -> bool:
    return section in restricted_sections_visible(user, nominal)


def can_manage_restricted_access(user: UserLike, nominal: Nominal) -> bool:
    """The area co-ordinator and the record manager grant and revoke restricted access."""
    if not can_view_nominal_ordinarily(user, nominal):
        return False
    return is_coordinator(user) or holds_restricted_implicitly(user, nominal)
