"""Custody and release, urgent reviews and serious further offences.

Whoever may change the record records custody; only the holding prison confirms its
release dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .people import can_edit_nominal, can_manage_registration
from .records import serious_further_offence_model, urgent_review_model
from .registrations import is_archived
from .roles import UserLike, coordinates_area, is_caseworker, works_with_people
from .sight import can_view_nominal_ordinarily, ordinarily_visible_nominals

if TYPE_CHECKING:
    from custody.models import CustodySpell, SeriousFurtherOffence, UrgentReview
    from register.models import Nominal


def can_record_custody(user: UserLike, nominal: Nominal) -> bool:
    return works_with_people(user) and can_edit_nominal(user, nominal)


def can_confirm_release(user: UserLike, spell: CustodySpell) -> bool:
    """The prison holding the person confirms its release dates (seed 003)."""
    return (
        is_caseworker(user)
        and user.agency_id == spell.prison_id
        and spell.released_on is None
        and can_view_nominal_ordinarily(user, spell.nominal)
    )


def can_manage_custody(user: UserLike, spell: CustodySpell) -> bool:
    """Dates, Approved Premises, releases: those who may change the record."""
    return can_record_custody(user, spell.nominal)


def can_complete_urgent_review(user: UserLike, review: UrgentReview) -> bool:
    return can_manage_registration(user, review.nominal) and not is_archived(review.nominal)


def visible_urgent_reviews(user: UserLike) -> QuerySet[UrgentReview]:
    reviews = urgent_review_model().objects
    if not works_with_people(user):
        return reviews.none()
    return reviews.filter(nominal__in=ordinarily_visible_nominals(user))


def visible_serious_further_offences(user: UserLike) -> QuerySet[SeriousFurtherOffence]:
    offences = serious_further_offence_model().objects
    if not works_with_people(user):
        return offences.none()
    return offences.filter(nominal__in=ordinarily_visible_nominals(user))


def can_record_sfo_notification(user: UserLike, sfo: SeriousFurtherOffence) -> bool:
    return can_manage_registration(user, sfo.nominal)


def can_record_review_decision(user: UserLike, sfo: SeriousFurtherOffence) -> bool:
    """The co-ordinator of the person's area records the SMB's decision."""
    return coordinates_area(user, sfo.nominal.area_id)
