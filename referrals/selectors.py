"""Reads of referrals, always scoped to the requesting user through the policy."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from access import policy
from accounts.models import RESPONSIBLE_AUTHORITY, Agency, User
from audit import trail
from kernel.actor import Actor
from register.models import Nominal

from .models import MANAGER_TIER, SENIOR_MANAGER_TIER, MeetingNeeded, Referral, ReferralStatus


def _with_related(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("nominal", "referring_agency", "referrer")


def get_referral(*, requested_by: User, pk: int) -> Referral:
    """The referral, or 404 whether it does not exist or is not the user's to see."""
    try:
        return _with_related(policy.visible_referrals(requested_by)).get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def read_referral(*, actor: Actor, pk: int, rule: Callable[[User, Referral], bool] | None = None) -> Referral:
    """The referral, if the actor may see it (and, given a `rule`, may use the page that
    shows it; 404 otherwise), with the read audited: the pages and the endpoints that show
    a referral read it through here."""
    referral = get_referral(requested_by=actor.user, pk=pk)
    if rule is not None and not rule(actor.user, referral):
        raise Http404
    trail.record(actor=actor, action="referral.view", obj=referral, nominal_id=referral.nominal_id)
    return referral


def gatekeeping_queue(*, requested_by: User) -> QuerySet[Referral]:
    """Countersigned referrals awaiting the co-ordinator: emergencies first, then the
    soonest emergency date, then the longest waiting."""
    if not policy.is_coordinator(requested_by):
        return Referral.objects.none()
    return _with_related(
        policy.visible_referrals(requested_by)
        .filter(status=ReferralStatus.COUNTERSIGNED)
        .annotate(
            emergency_first=Case(
                When(meeting_needed=MeetingNeeded.EMERGENCY, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("emergency_first", "emergency_meeting_by", "submitted_at", "pk")
    )


def my_referrals(*, requested_by: User) -> QuerySet[Referral]:
    return _with_related(policy.visible_referrals(requested_by).filter(referrer=requested_by)).order_by(
        "-created_at", "-pk"
    )


def awaiting_my_countersignature(*, requested_by: User) -> QuerySet[Referral]:
    if policy.rank_tier(requested_by) < MANAGER_TIER:
        return Referral.objects.none()
    return _with_related(
        policy.visible_referrals(requested_by)
        .filter(status=ReferralStatus.SUBMITTED, referring_agency_id=requested_by.agency_id)
        .exclude(referrer=requested_by)
    ).order_by("submitted_at", "pk")


def disputes_for_my_decision(*, requested_by: User) -> QuerySet[Referral]:
    if policy.rank_tier(requested_by) < SENIOR_MANAGER_TIER:
        return Referral.objects.none()
    return _with_related(
        policy.visible_referrals(requested_by).filter(
            status=ReferralStatus.DISPUTED, referring_agency_id=requested_by.agency_id
        )
    ).order_by("disputed_at", "pk")


def referrals_about(*, requested_by: User, nominal: Nominal) -> QuerySet[Referral]:
    return _with_related(policy.visible_referrals(requested_by).filter(nominal=nominal))


def invitable_agencies(*, requested_by: User, nominal: Nominal) -> QuerySet[Agency]:
    """The agencies of the person's area, to invite to a meeting."""
    if not policy.works_with_people(requested_by):
        return Agency.objects.none()
    return Agency.objects.filter(area_id=nominal.area_id).order_by("name")


def rankable_users(*, requested_by: User) -> QuerySet[User]:
    """Staff of the area's Responsible Authority agencies, whose ranks the co-ordinator records."""
    if not policy.can_record_ranks(requested_by) or requested_by.agency is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            agency__area_id=requested_by.agency.area_id,
            agency__kind__in=list(RESPONSIBLE_AUTHORITY),
        )
        .select_related("agency", "staff_rank")
        .order_by("agency__name", "last_name", "username")
    )
