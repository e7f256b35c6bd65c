"""Grants to the restricted sections of a record: victims, intelligence and health.

Seeing a record does not open these sections. A named user needs a grant for each one
(docs/decisions/0005), given and revoked by the area co-ordinator or the record manager.
The record manager of the current registration holds every section without a grant.
Pages ask `policy.can_view_restricted`; templates use the `restricted` tag library.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from audit import trail
from kernel.actor import Actor
from kernel.errors import collect

from . import policy
from .models import RestrictedAccessGrant, RestrictedSection
from .revocation import revoke_now

if TYPE_CHECKING:
    from register.models import Nominal


def grant(
    *,
    actor: Actor,
    nominal: Nominal,
    user: User,
    section: str,
    reason: str,
    expires_at: datetime | None = None,
) -> RestrictedAccessGrant:
    """Give one user one restricted section of one person's record."""
    errors: dict[str, list[str]] = {}
    if section not in RestrictedSection.values:
        errors["section"] = ["Select victims, intelligence or health"]
    if not reason.strip():
        errors["reason"] = ["Enter the reason this person needs to know"]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = ["The expiry must be in the future"]
    if not user.is_active or not policy.can_view_nominal_ordinarily(user, nominal):
        errors["user"] = ["Select someone who can already see this record"]
    elif section in RestrictedSection.values and live_grants(nominal=nominal).filter(user=user, section=section):
        errors["section"] = ["This person already holds a grant to this section"]
    collect(errors)
    with transaction.atomic():
        granted = RestrictedAccessGrant.objects.create(
            nominal=nominal,
            section=section,
            user=user,
            reason=reason.strip(),
            granted_by=actor.user,
            granted_at=timezone.now(),
            expires_at=expires_at,
        )
        trail.record(
            actor=actor,
            action="restricted.grant",
            obj=granted,
            nominal_id=nominal.pk,
            reason=granted.reason,
            detail={
                "section": section,
                "user": user.username,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return granted


def revoke(*, actor: Actor, grant: RestrictedAccessGrant, reason: str) -> RestrictedAccessGrant:
    collect({"reason": ["Enter the reason for revoking the access"]} if not reason.strip() else {})
    return revoke_now(
        grant,
        actor=actor,
        reason=reason,
        action="restricted.revoke",
        already="This access has already been revoked",
        detail={"section": grant.section, "user_id": grant.user_id},
    )


def live_grants(*, nominal: Nominal) -> QuerySet[RestrictedAccessGrant]:
    now = timezone.now()
    return (
        RestrictedAccessGrant.objects.filter(nominal=nominal, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("user", "user__agency", "granted_by")
        .order_by("section", "user__last_name", "user__username")
    )


def past_grants(*, nominal: Nominal) -> QuerySet[RestrictedAccessGrant]:
    now = timezone.now()
    return (
        RestrictedAccessGrant.objects.filter(nominal=nominal)
        .filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now))
        .select_related("user", "granted_by", "revoked_by")
        .order_by("-granted_at")
    )


def grantee_choices(*, nominal: Nominal) -> list[User]:
    """Active users who can see this record through their role and agency."""
    registrations = nominal.registrations.all()
    agency_ids = {nominal.owning_agency_id}
    agency_ids |= set(registrations.values_list("lead_agency_id", flat=True))
    agency_ids |= set(registrations.values_list("partners__agency_id", flat=True))
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(agency_id__in=[a for a in agency_ids if a]) | Q(role=Role.COORDINATOR, agency__area=nominal.area_id))
        .select_related("agency")
        .order_by("last_name", "first_name", "username")
    )
    return [user for user in candidates if policy.can_view_nominal_ordinarily(user, nominal)]


def implicit_holder(*, nominal: Nominal) -> User | None:
    """The record manager of the current registration, who holds every section."""
    current = policy.current_registration_of(nominal)
    return current.record_manager if current else None


def restricted_context(user: User, nominal: Nominal) -> dict[str, object]:
    """Context for a person page that shows restricted sections: which ones the user may see."""
    visible = policy.restricted_sections_visible(user, nominal)
    return {
        "restricted_sections": visible,
        **{f"may_see_{section}": section in visible for section in RestrictedSection.values},
    }
