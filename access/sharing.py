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
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import RESPONSIBLE_AUTHORITY, Agency
from audit import trail
from kernel.actor import Actor
from kernel.errors import collect

from . import policy
from .models import ShareGrant, ShareScope
from .revocation import revoke_now

if TYPE_CHECKING:
    from register.models import Nominal


def default_expiry() -> datetime:
    return timezone.now() + timedelta(days=getattr(settings, "SHARE_GRANT_DAYS", 90))


# What a grant may name: a model instance, or a ("Type", "id") pair.
SharedObject = Model | tuple[object, object] | None


def _object_key(obj: SharedObject) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        object_type, object_id = obj
        return str(object_type), str(object_id)
    return type(obj).__name__, str(obj.pk)


def grant(
    *,
    actor: Actor,
    nominal: Nominal,
    agency: Agency,
    scope: str,
    reason: str,
    expires_at: datetime | None = None,
    obj: SharedObject = None,
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
                    actor=actor,
                    action="share.extend",
                    obj=existing,
                    nominal_id=nominal.pk,
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
            granted_by=actor.user,
            granted_at=now,
            expires_at=expires_at,
        )
        trail.record(
            actor=actor,
            action="share.grant",
            obj=share,
            nominal_id=nominal.pk,
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


def revoke(*, actor: Actor, grant: ShareGrant, reason: str) -> ShareGrant:
    """End a grant now. Revoking a grant that has already ended is refused."""
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Enter the reason for revoking the share"]
    collect(errors)
    return revoke_now(
        grant,
        actor=actor,
        reason=reason,
        action="share.revoke",
        already="This share has already been revoked",
        detail={"agency_id": grant.agency_id, "scope": grant.scope},
    )


def active_grants(*, agency: Agency, nominal: Nominal | None = None) -> QuerySet[ShareGrant]:
    """Live (unexpired, unrevoked) grants to an agency, optionally about one person."""
    grants = ShareGrant.objects.filter(agency=agency, revoked_at__isnull=True, expires_at__gt=timezone.now())
    if nominal is not None:
        grants = grants.filter(nominal=nominal)
    return grants.select_related("nominal", "granted_by").order_by("nominal_id", "scope", "-granted_at")


def grants_for_nominal(*, nominal: Nominal) -> QuerySet[ShareGrant]:
    """Every grant about a person, live or not, for the people who manage sharing."""
    return ShareGrant.objects.filter(nominal=nominal).select_related("agency", "granted_by", "revoked_by")


def record_shared_view(*, actor: Actor, nominal: Nominal, scope: str = "", obj: SharedObject = None) -> None:
    """Every read of shared material is an audit event. Call after `can_view_shared`."""
    object_type, object_id = _object_key(obj)
    trail.record(
        actor=actor,
        action="share.view",
        nominal_id=nominal.pk,
        detail={"scope": scope, "object_type": object_type, "object_id": object_id},
    )


def read_shared_people(*, actor: Actor) -> list[Nominal]:
    """The people shared with the actor's agency, by name, with the listing audited."""
    people = list(policy.shared_nominals(actor.user).order_by("family_name", "given_names", "pk"))
    trail.record(actor=actor, action="share.list", detail={"shown": [person.pk for person in people]})
    return people


def read_shared_person(*, actor: Actor, pk: int, scope: str = "") -> Nominal:
    """One person shared with the actor's agency (and, given `scope`, that scope of them),
    with the read audited; 404 when nothing of it is shared."""
    nominal = policy.shared_nominals(actor.user).filter(pk=pk).first()
    if nominal is None or (scope and not _scope_shared(actor, nominal, scope)):
        raise Http404
    record_shared_view(actor=actor, nominal=nominal, scope=scope)
    return nominal


def _scope_shared(actor: Actor, nominal: Nominal, scope: str) -> bool:
    return scope in ShareScope.values and policy.can_view_shared(actor.user, nominal, scope)


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
