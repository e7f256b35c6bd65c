"""Disclosure decisions.

A decision is seen by whoever sees the person, the area's co-ordinator (who keeps the
register of every disclosure) and a DTC SPOC only when it was shared with their agency.
At level 1 the lead agency decides (its staff, the record manager, the co-ordinator); at
levels 2 and 3 the MAPP meeting does, recorded by its chair or the co-ordinator (seed 003,
"Disclosure")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from ..models import ShareScope
from .people import can_edit_nominal, can_view_nominal, visible_nominals
from .records import disclosure_model, meeting_model
from .registrations import active_registration
from .roles import UserLike, agency_of, is_caseworker, is_coordinator, is_dtc_contact, works_with_people
from .sharing import live_share_grants, shared_object_ids

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Registration
    from disclosure.models import Disclosure
    from register.models import Nominal


def visible_disclosures(user: UserLike) -> QuerySet[Disclosure]:
    """The base of every list and lookup of disclosure decisions."""
    disclosures = disclosure_model().objects
    if is_coordinator(user):
        return disclosures.filter(nominal__area_id=agency_of(user).area_id)
    if is_caseworker(user):
        return disclosures.filter(nominal__in=visible_nominals(user))
    if is_dtc_contact(user):
        grants = live_share_grants(user).filter(scope=ShareScope.DISCLOSURE)
        ids = shared_object_ids(grants, "Disclosure")
        whole = grants.filter(object_type="").values("nominal_id")
        return disclosures.filter(Q(pk__in=ids) | Q(nominal_id__in=whole))
    return disclosures.none()


def can_view_disclosure(user: UserLike, disclosure: Disclosure) -> bool:
    return visible_disclosures(user).filter(pk=disclosure.pk).exists()


def can_view_person_disclosures(user: UserLike, nominal: Nominal) -> bool:
    """The person's "Disclosure" tab: those who work with people and see the person."""
    return works_with_people(user) and can_view_nominal(user, nominal)


def _decides_at_level_1(user: User, registration: Registration) -> bool:
    return bool(registration.lead_agency_id == user.agency_id or registration.record_manager_id == user.pk)


def can_decide_disclosure(user: UserLike, nominal: Nominal) -> bool:
    """Record a new decision: for an active registration, at level 1 the lead agency's staff,
    the record manager or the co-ordinator; at levels 2 and 3 the co-ordinator or the chair
    of a meeting about the person. Never on an archived record or by emergency access."""
    if not can_edit_nominal(user, nominal):
        return False
    registration = active_registration(nominal)
    if registration is None:
        return False
    if is_coordinator(user):
        return True
    if not is_caseworker(user):
        return False
    if registration.level == 1:
        return _decides_at_level_1(user, registration)
    return meeting_model().objects.filter(nominal=nominal, chair_id=user.pk).exists()


def can_edit_disclosure(user: UserLike, disclosure: Disclosure) -> bool:
    """Change a decision: at level 1 the lead agency, record manager or co-ordinator; at
    levels 2 and 3 the chair of the meeting that decided, or the co-ordinator."""
    if not can_edit_nominal(user, disclosure.nominal):
        return False
    if is_coordinator(user):
        return True
    if not is_caseworker(user):
        return False
    if disclosure.level == 1:
        registration = active_registration(disclosure.nominal)
        return registration is not None and _decides_at_level_1(user, registration)
    if disclosure.meeting_id is None:
        return False
    meeting = disclosure.meeting
    return meeting is not None and meeting.chair_id == user.pk


def can_record_disclosure_progress(user: UserLike, disclosure: Disclosure) -> bool:
    """Carried out, acknowledged, reviewed: whoever may edit the decision, and the
    practitioner named to make the disclosure (often police or probation for the meeting)."""
    if can_edit_disclosure(user, disclosure):
        return True
    return bool(
        disclosure.discloser_id == getattr(user, "pk", None)
        and is_caseworker(user)
        and can_edit_nominal(user, disclosure.nominal)
    )


def can_view_disclosure_register(user: UserLike) -> bool:
    return is_coordinator(user)
