"""Reads of disclosure decisions, always scoped to the requesting user through the policy."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404

from access import policy
from accounts.models import RESPONSIBLE_AUTHORITY, User
from audit import trail
from audit.models import AuditEvent
from kernel.actor import Actor
from meetings.models import Meeting
from register.models import Nominal

from .models import Disclosure


def _with_related(disclosures: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return disclosures.select_related(
        "nominal", "deciding_agency", "meeting", "meeting__chair", "discloser", "carried_out_by", "recorded_by"
    )


def get_disclosure(*, requested_by: User, pk: int) -> Disclosure:
    """The decision, or 404 whether it does not exist or is not the user's to see."""
    try:
        return _with_related(policy.visible_disclosures(requested_by)).get(pk=pk)
    except (Disclosure.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def disclosures_about(*, requested_by: User, nominal: Nominal) -> QuerySet[Disclosure]:
    return _with_related(policy.visible_disclosures(requested_by).filter(nominal=nominal)).order_by(
        "-decided_on", "-pk"
    )


def disclosures_for(*, requested_by: User, nominal_pk: int) -> QuerySet[Disclosure]:
    """The person's decisions the user may see, by the person's id (no sight of the person
    itself needed: a DTC SPOC reaches them only through what was shared)."""
    return _with_related(policy.visible_disclosures(requested_by).filter(nominal_id=nominal_pk)).order_by(
        "-decided_on", "-pk"
    )


def register(*, requested_by: User, status: str = "") -> QuerySet[Disclosure]:
    """The co-ordinator's register: every disclosure decision in their area, newest first.
    `status` "disclosed" keeps those carried out; "pending" those decided but not yet made."""
    if not policy.can_view_disclosure_register(requested_by):
        return Disclosure.objects.none()
    found = policy.visible_disclosures(requested_by)
    if status == "disclosed":
        found = found.filter(carried_out_on__isnull=False)
    elif status == "pending":
        found = found.filter(decision="disclose", carried_out_on__isnull=True)
    return _with_related(found).order_by("-decided_on", "-pk")


def discloser_choices(*, requested_by: User, nominal: Nominal) -> QuerySet[User]:
    """Practitioners of the person's area's Responsible Authority agencies, who make disclosures."""
    if not policy.works_with_people(requested_by):
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True, agency__area_id=nominal.area_id, agency__kind__in=list(RESPONSIBLE_AUTHORITY)
        )
        .select_related("agency")
        .order_by("agency__name", "last_name", "username")
    )


def meeting_choices(*, requested_by: User, nominal: Nominal) -> QuerySet[Meeting]:
    """The MAPP meetings about the person the user may see, newest first."""
    return policy.visible_meetings(requested_by).filter(nominal=nominal, level__in=[2, 3]).order_by("-held_on", "-pk")


def read_disclosure(*, actor: Actor, pk: int, rule: Callable[[User, Disclosure], bool] | None = None) -> Disclosure:
    """The decision, if the actor may see it (and, given a `rule`, may take that step on it;
    404 otherwise), with the read audited: a read by emergency access carries the reason the
    user gave, as reads of the person's record do. Every page that shows the decision, its
    forms included, reads it here."""
    disclosure = get_disclosure(requested_by=actor.user, pk=pk)
    if rule is not None and not rule(actor.user, disclosure):
        raise Http404
    emergency = (
        policy.live_emergency_access(actor.user, disclosure.nominal) if policy.is_caseworker(actor.user) else None
    )
    trail.record(
        actor=actor,
        action="disclosure.view",
        obj=disclosure,
        nominal_id=disclosure.nominal_id,
        reason=emergency.reason if emergency is not None else "",
        detail={"emergency_access": emergency.pk} if emergency is not None else {},
    )
    return disclosure


def person_list_viewed(actor: Actor, nominal: Nominal, shown: list[Disclosure]) -> None:
    """Audit a read of a person's decisions."""
    trail.record(
        actor=actor,
        action="disclosure.list_view",
        obj=nominal,
        nominal_id=nominal.pk,
        detail={"shown": [d.pk for d in shown]},
    )


def register_viewed(actor: Actor, shown: list[Disclosure]) -> None:
    """Audit a read of the co-ordinator's register."""
    trail.record(actor=actor, action="disclosure.register_view", detail={"shown": [d.pk for d in shown]})


def history(*, disclosure: Disclosure) -> QuerySet[AuditEvent]:
    """The timeline of changes: every write recorded against the decision (reads left out).
    Callers have already checked the user may see the decision."""
    return (
        AuditEvent.objects.filter(object_type="Disclosure", object_id=str(disclosure.pk))
        .exclude(action__endswith=".view")
        .order_by("-occurred_at", "-id")
    )
