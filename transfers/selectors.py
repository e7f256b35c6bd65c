"""Reads of transfers, scoped through the policy; showing one is audited."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404

from access import policy
from accounts.models import CASE_MANAGING, Agency, Area, User
from audit import trail
from kernel.actor import Actor

from .models import Transfer


def transfers(*, requested_by: User) -> QuerySet[Transfer]:
    return (
        policy.visible_transfers(requested_by)
        .select_related("nominal", "from_area", "to_area", "registration")
        .order_by("-requested_on", "-pk")
    )


def get_transfer(*, requested_by: User, pk: int) -> Transfer:
    transfer = transfers(requested_by=requested_by).filter(pk=pk).first()
    if transfer is None:
        raise Http404
    return transfer


def read_transfer(*, actor: Actor, pk: int, rule: Callable[[User, Transfer], bool] | None = None) -> Transfer:
    """The transfer (and, given a `rule`, only if the actor may take that step; 404
    otherwise), its read audited: every page that shows it, its steps included, reads it here."""
    transfer = get_transfer(requested_by=actor.user, pk=pk)
    if rule is not None and not rule(actor.user, transfer):
        raise Http404
    trail.record(actor=actor, action="transfer.view", obj=transfer, nominal_id=transfer.nominal_id)
    return transfer


def area_choices(*, requested_by: User) -> QuerySet[Area]:
    if not policy.works_with_people(requested_by):
        return Area.objects.none()
    return Area.objects.order_by("name")


def receiving_agency_choices(*, transfer: Transfer) -> QuerySet[Agency]:
    if transfer.to_area_id is None:  # cross-border: no agency here receives it
        return Agency.objects.none()
    return Agency.objects.filter(area_id=transfer.to_area_id, kind__in=list(CASE_MANAGING)).order_by("name")


def receiving_manager_choices(*, transfer: Transfer) -> QuerySet[User]:
    if transfer.to_area_id is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, agency__area_id=transfer.to_area_id, agency__kind__in=list(CASE_MANAGING))
        .select_related("agency")
        .order_by("last_name", "username")
    )
