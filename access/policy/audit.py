"""The audit log: who has viewed a record, and the auditor's search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from audit.models import AuditEvent

from .records import nominal_model
from .registrations import current_registration_of
from .roles import UserLike, agency_of, is_auditor, is_caseworker, is_coordinator
from .sight import can_view_nominal_ordinarily

if TYPE_CHECKING:
    from accounts.models import User
    from register.models import Nominal


def can_see_record_viewers(user: UserLike, nominal: Nominal) -> bool:
    """Who has viewed or changed this person's record: shown to the record manager of the
    current registration and to the MAPPA co-ordinator of the person's area, never through
    emergency access, and to nobody else."""
    if not can_view_nominal_ordinarily(user, nominal):
        return False
    if is_coordinator(user):
        return bool(nominal.area_id == agency_of(user).area_id)
    if not is_caseworker(user):
        return False
    current = current_registration_of(nominal)
    return bool(current and current.record_manager_id == user.pk)


def _home_area_id(user: User) -> int | None:
    if user.area_id is not None:
        return int(user.area_id)
    return int(agency_of(user).area_id) if user.agency_id is not None else None


def visible_audit_events(user: UserLike) -> QuerySet[AuditEvent]:
    """The audit events an auditor may search. An auditor with no area audits every area;
    an area's auditor sees events about that area's people and events by its staff."""
    if not is_auditor(user):
        return AuditEvent.objects.none()
    area_id = _home_area_id(user)
    if area_id is None:
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(
        Q(nominal_id__in=nominal_model().objects.filter(area_id=area_id).values("pk"))
        | Q(actor__area_id=area_id)
        | Q(actor__agency__area_id=area_id)
    )
