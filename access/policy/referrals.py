"""Referrals to MAPP meetings: referring, countersigning, gatekeeping and disputes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .records import referral_model, staff_rank_model
from .roles import UserLike, agency_of, coordinates_area, is_caseworker, is_coordinator, signed_in
from .sight import can_view_nominal_ordinarily, ordinarily_visible_nominals

if TYPE_CHECKING:
    from referrals.models import Referral
    from register.models import Nominal


def rank_tier(user: UserLike) -> int:
    """The user's management tier (referrals.models.RANK_TIER), 0 when none is recorded."""
    if not signed_in(user):
        return 0
    rank = staff_rank_model().objects.filter(user_id=user.pk).first()
    return rank.tier if rank else 0


def can_refer(user: UserLike, nominal: Nominal) -> bool:
    """A practitioner who sees the person through their own agency may refer them."""
    return is_caseworker(user) and can_view_nominal_ordinarily(user, nominal)


def visible_referrals(user: UserLike) -> QuerySet[Referral]:
    """Referrals the user may read: the co-ordinator those of the area once submitted; a
    practitioner their own, and their agency's once submitted (for countersigning and
    disputes)."""
    referrals = referral_model()
    draft = referrals.Status.DRAFT
    if is_coordinator(user):
        return referrals.objects.filter(nominal__area_id=agency_of(user).area_id).exclude(status=draft)
    if not is_caseworker(user):
        return referrals.objects.none()
    return referrals.objects.filter(
        Q(referrer_id=user.pk) | (Q(referring_agency_id=user.agency_id) & ~Q(status=draft))
    ).filter(nominal__in=ordinarily_visible_nominals(user))


def can_view_referral(user: UserLike, referral: Referral) -> bool:
    return visible_referrals(user).filter(pk=referral.pk).exists()


def can_edit_referral(user: UserLike, referral: Referral) -> bool:
    return (
        referral.referrer_id == getattr(user, "pk", None)
        and referral.status == referral.Status.DRAFT
        and can_refer(user, referral.nominal)
    )


def can_countersign_referral(user: UserLike, referral: Referral) -> bool:
    """A manager of the referring agency, not the referrer (seed 003)."""
    return (
        referral.status == referral.Status.SUBMITTED
        and is_caseworker(user)
        and user.agency_id == referral.referring_agency_id
        and user.pk != referral.referrer_id
        and rank_tier(user) >= staff_rank_model().MANAGER_TIER
        and can_view_referral(user, referral)
    )


def can_gatekeep_referral(user: UserLike, referral: Referral) -> bool:
    return referral.status == referral.Status.COUNTERSIGNED and coordinates_area(user, referral.nominal.area_id)


def can_dispute_referral(user: UserLike, referral: Referral) -> bool:
    """The referrer, or a manager of the referring agency, may dispute a refusal."""
    if referral.status not in (referral.Status.NOT_ACCEPTED, referral.Status.INELIGIBLE):
        return False
    if not (is_caseworker(user) and user.agency_id == referral.referring_agency_id):
        return False
    return user.pk == referral.referrer_id or rank_tier(user) >= staff_rank_model().MANAGER_TIER


def can_resolve_referral_dispute(user: UserLike, referral: Referral) -> bool:
    """A senior manager of the referring agency is the final arbiter (seed 003)."""
    return (
        referral.status == referral.Status.DISPUTED
        and is_caseworker(user)
        and user.agency_id == referral.referring_agency_id
        and rank_tier(user) >= staff_rank_model().SENIOR_MANAGER_TIER
    )


def can_record_ranks(user: UserLike) -> bool:
    return is_coordinator(user)
