"""Reads of the audit log, always scoped by the requesting user through the policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from audit import trail
from audit.models import AuditEvent
from kernel.actor import Actor

from . import policy
from .policy.records import nominal_model

if TYPE_CHECKING:
    from register.models import Nominal

# A record number (12) or an OpenMAPPA reference (DEMO-000012).
_PERSON_PATTERN = re.compile(r"^(\d{1,18}|[A-Za-z0-9]{1,8}-\d{1,12})$")
PERSON_FORMAT_MESSAGE = "Enter an OpenMAPPA reference, for example DEMO-000012, or a record number, for example 12"
DATE_ORDER_MESSAGE = "The end date must be the same as or after the start date"
FUTURE_START_MESSAGE = "The start date must be today or in the past"


@dataclass(frozen=True)
class AuditFilters:
    """What the auditor searches by. Blank means any; both dates are inclusive."""

    person: str = ""
    username: str = ""
    agency: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_detail(self) -> dict[str, Any]:
        """The filters as the audit event of the search records them."""
        return {
            "nominal": self.person,
            "user": self.username,
            "agency": self.agency,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }


def audit_filter_problems(filters: AuditFilters) -> dict[str, str]:
    """Bad input, by filter name (nominal, from, to), with the message to show."""
    problems: dict[str, str] = {}
    if filters.person and not _PERSON_PATTERN.match(filters.person):
        problems["nominal"] = PERSON_FORMAT_MESSAGE
    if filters.date_from and filters.date_from > timezone.localdate():
        problems["from"] = FUTURE_START_MESSAGE
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        problems["to"] = DATE_ORDER_MESSAGE
    return problems


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _person_ids(person: str) -> list[int]:
    """The record numbers a person filter names: the number itself, or the reference's
    record (references are looked up, not parsed, so a renamed area still matches)."""
    if person.isdigit():
        return [int(person)]
    return list(nominal_model().objects.filter(reference__iexact=person).values_list("pk", flat=True))


def search_audit_events(*, requested_by: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The auditor's search of the events they may see, newest first."""
    events = policy.visible_audit_events(requested_by)
    if filters.person:
        events = events.filter(nominal_id__in=_person_ids(filters.person))
    if filters.username:
        events = events.filter(actor_username=filters.username)
    if filters.agency:
        events = events.filter(agency_code__iexact=filters.agency)
    if filters.date_from:
        events = events.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return events.select_related("actor").order_by("-occurred_at", "-id")


def record_search(*, actor: Actor, filters: AuditFilters, count: int, **detail: Any) -> None:
    """Each search of the audit log is itself an audit event: its filters and how many it found."""
    trail.record(actor=actor, action="audit.search", detail={"filters": filters.as_detail(), "count": count, **detail})


def nominal_for_viewers(*, requested_by: User, pk: int) -> Nominal:
    """The person whose audit trail the user asks for; 404 unless they may see who viewed it."""
    person_model = nominal_model()
    try:
        nominal = person_model.objects.get(pk=pk)
    except (person_model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not policy.can_see_record_viewers(requested_by, nominal):
        raise Http404
    return nominal


def record_events(*, requested_by: User, nominal: Nominal) -> QuerySet[AuditEvent]:
    """Every audit event about this person, newest first, for those who may see them."""
    if not policy.can_see_record_viewers(requested_by, nominal):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(nominal_id=nominal.pk).select_related("actor").order_by("-occurred_at", "-id")
