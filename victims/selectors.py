"""Reads of the victims section. Every read asks the policy for the restricted grant
first: without it the section does not exist (404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from access import policy
from accounts.models import User
from audit import trail
from audit.models import AuditEvent
from kernel.actor import Actor
from register.models import Nominal

from .models import Victim


def victims_of(*, requested_by: User, nominal: Nominal) -> QuerySet[Victim]:
    if not policy.can_view_victims(requested_by, nominal):
        raise Http404
    return Victim.objects.filter(nominal=nominal).prefetch_related("notifications").order_by("status", "name", "pk")


def get_victim(*, requested_by: User, pk: int) -> Victim:
    """The victim, or 404 whether they do not exist or the user holds no grant to see them."""
    try:
        victim = Victim.objects.select_related("nominal", "recorded_by").get(pk=pk)
    except (Victim.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not policy.can_view_victims(requested_by, victim.nominal):
        raise Http404
    return victim


def read_victim(*, actor: Actor, pk: int) -> Victim:
    """The victim, if the actor holds the grant to see them (404 otherwise), with the read audited."""
    victim = get_victim(requested_by=actor.user, pk=pk)
    trail.record(actor=actor, action="victim.view", obj=victim, nominal_id=victim.nominal_id)
    return victim


def read_victims_of(*, actor: Actor, nominal: Nominal) -> list[Victim]:
    """The person's victims, if the actor holds the grant (404 otherwise), with the read audited."""
    victims = list(victims_of(requested_by=actor.user, nominal=nominal).select_related("recorded_by"))
    trail.record(
        actor=actor,
        action="victim.list_view",
        obj=nominal,
        nominal_id=nominal.pk,
        detail={"shown": [v.pk for v in victims]},
    )
    return victims


def history(*, victim: Victim) -> QuerySet[AuditEvent]:
    """The timeline of changes to the victim's record (reads left out)."""
    return (
        AuditEvent.objects.filter(object_type="Victim", object_id=str(victim.pk))
        .exclude(action__endswith=".view")
        .order_by("-occurred_at", "-id")
    )
