"""Sharing with duty-to-co-operate agencies: explicit, expiring, revocable, audited grants.

The events that justify sharing call `grant` (an invitation to a meeting about a person
shares the referral summary with the invited agency; the chair's approval shares the
minutes). Callers have already decided that the acting user may share: the policy's
`can_manage_sharing` for a page or endpoint, the event's own rule for an event.

A DTC single point of contact then sees exactly what was granted, through
`policy.shared_scopes`, `policy.can_view_shared` and `policy.shared_nominals`, and every
read of shared material is recorded with `record_shared_view`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import RESPONSIBLE_AUTHORITY, Agency, User
from audit import trail
from kernel.actor import Actor, as_actor
from kernel.errors import collect
from register.models import Nominal

from .models import ShareGrant, ShareScope


def default_expiry() -> datetime:
    return timezone.now() + timedelta(days=getattr(settings, "SHARE_GRANT_DAYS", 90))


def _object_key(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        object_type, object_id = obj
        return str(object_type), str(object_id)
    return type(obj).__name__, str(obj.pk)


def grant(
    *,
    acting_user: User | Actor,
    nominal: Nominal,
    agency: Agency,
    scope: str,
    reason: str,
    expires_at: datetime | None = None,
    obj: Any = None,
    request: HttpRequest | None = None,
) -> ShareGrant:
    """Share one scope (or one object of it, `obj`: a model instance or a
    ("Type", "id") pair) about one person with one DTC agency until `expires_at`
    (default SHARE_GRANT_DAYS, 90 days).

    Idempotent: while a live grant for the same person, agency, scope and object exists,
    it is extended to the later expiry instead of being duplicated."""
    now = timezone.now()
    expires_at = expires_at or default_expiry()
    errors: dict[str, list[str]] = {}
    if scope not in ShareScope.values:
        errors["scope"] = ["Select what to share"]
    if agency.kind in RESPONSIBLE_AUTHORITY:
        errors["agency"] = ["Police, probation and prison see records as lead or partner agencies, not by sharing"]
    if not reason.strip():
        errors["reason"] = ["Enter the reason for sharing (the event that justifies it)"]
    if expires_at <= now:
        errors["expires_at"] = ["The expiry must be in the future"]
    collect(errors)
    object_type, object_id = _object_key(obj)
    with transaction.atomic():
        existing = (
            ShareGrant.objects.select_for_update()
            .filter(
                nominal=nominal,
                agency=agency,
                scope=scope,
                object_type=object_type,
                object_id=object_id,
                revoked_at__isnull=True,
                expires_at__gt=now,
            )
            .order_by("-expires_at")
            .first()
        )
        if existing is not None:
            if expires_at > existing.expires_at:
                previous = existing.expires_at
                existing.expires_at = expires_at
                existing.save(update_fields=["expires_at"])
                trail.record(
                    actor=acting_user,
                    action="share.extend",
                    obj=existing,
                    nominal_id=nominal.pk,
                    request=request,
                    reason=reason.strip(),
                    detail={
                        "agency": agency.code,
                        "scope": scope,
                        "from": previous.isoformat(),
                        "to": expires_at.isoformat(),
                    },
                )
            return existing
        share = ShareGrant.objects.create(
            nominal=nominal,
            agency=agency,
            scope=scope,
            object_type=object_type,
            object_id=object_id,
            reason=reason.strip(),
            granted_by=as_actor(acting_user).user,
            granted_at=now,
            expires_at=expires_at,
        )
        trail.record(
            actor=acting_user,
            action="share.grant",
            obj=share,
            nominal_id=nominal.pk,
            request=request,
            reason=share.reason,
            detail={
                "agency": agency.code,
                "scope": scope,
                "object_type": object_type,
                "object_id": object_id,
                "expires_at": expires_at.isoformat(),
            },
        )
    return share


def revoke(
    *, acting_user: User | Actor, grant: ShareGrant, reason: str, request: HttpRequest | None = None
) -> ShareGrant:
    """End a grant now. Revoking a grant that has already ended is refused."""
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Enter the reason for revoking the share"]
    collect(errors)
    with transaction.atomic():
        locked = ShareGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.revoked_at is not None:
            collect({"grant": ["This share has already been revoked"]})
        locked.revoked_at = timezone.now()
        locked.revoked_by = as_actor(acting_user).user
        locked.revoke_reason = reason.strip()
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        trail.record(
            actor=acting_user,
            action="share.revoke",
            obj=locked,
            nominal_id=locked.nominal_id,
            request=request,
            reason=locked.revoke_reason,
            detail={"agency_id": locked.agency_id, "scope": locked.scope},
        )
    return locked


def active_grants(*, agency: Agency, nominal: Nominal | None = None) -> QuerySet[ShareGrant]:
    """Live (unexpired, unrevoked) grants to an agency, optionally about one person."""
    grants = ShareGrant.objects.filter(agency=agency, revoked_at__isnull=True, expires_at__gt=timezone.now())
    if nominal is not None:
        grants = grants.filter(nominal=nominal)
    return grants.select_related("nominal", "granted_by").order_by("nominal_id", "scope", "-granted_at")


def grants_for_nominal(*, nominal: Nominal) -> QuerySet[ShareGrant]:
    """Every grant about a person, live or not, for the people who manage sharing."""
    return ShareGrant.objects.filter(nominal=nominal).select_related("agency", "granted_by", "revoked_by")


def record_shared_view(
    *,
    acting_user: User | Actor,
    nominal: Nominal,
    scope: str = "",
    obj: Any = None,
    request: HttpRequest | None = None,
) -> None:
    """Every read of shared material is an audit event. Call after `can_view_shared`."""
    object_type, object_id = _object_key(obj)
    trail.record(
        actor=acting_user,
        action="share.view",
        nominal_id=nominal.pk,
        request=request,
        detail={"scope": scope, "object_type": object_type, "object_id": object_id},
    )


# Where a shared item can be read, for the links on a DTC user's shared-person page. The
# app that owns the material registers a function from a grant to a URL (or None): for
# example meetings registers one for "minutes". Without one the page lists the grant only.
ItemLink = Callable[[ShareGrant], "str | None"]
_ITEM_LINKS: dict[str, ItemLink] = {}


def register_item_link(scope: str, link: ItemLink) -> None:
    _ITEM_LINKS[scope] = link


def item_link(share: ShareGrant) -> str | None:
    link = _ITEM_LINKS.get(share.scope)
    return link(share) if link else None
