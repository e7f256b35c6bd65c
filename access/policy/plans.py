"""Risk assessments, risk management plans and their actions, external controls.

Seen by whoever sees the person. Written by the lead agency, the record manager and the
co-ordinator (for a person not yet registered, any caseworker who sees them), never on an
archived record and never through emergency access. A DTC SPOC sees and updates only the
actions its own agency owns, through the sharing grant made when it was given one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from ..models import ShareScope
from .people import can_edit_nominal, can_view_nominal, visible_nominals
from .records import plan_action_model
from .registrations import current_registration_of, is_archived
from .roles import UserLike, is_caseworker, is_coordinator, is_dtc_contact, works_with_people
from .sharing import can_view_shared, live_share_grants, shared_object_ids
from .sight import can_view_nominal_ordinarily

if TYPE_CHECKING:
    from plans.models import PlanAction
    from register.models import Nominal


def can_view_plans(user: UserLike, nominal: Nominal) -> bool:
    return works_with_people(user) and can_view_nominal(user, nominal)


def can_edit_plans(user: UserLike, nominal: Nominal) -> bool:
    if not can_view_nominal_ordinarily(user, nominal) or is_archived(nominal):
        return False
    if is_coordinator(user):
        return True
    if not is_caseworker(user):
        return False
    current = current_registration_of(nominal)
    if current is None:
        return True
    return bool(current.lead_agency_id == user.agency_id or current.record_manager_id == user.pk)


def visible_plan_actions(user: UserLike) -> QuerySet[PlanAction]:
    """The base of every list and lookup of plan actions."""
    actions = plan_action_model().objects
    if works_with_people(user):
        return actions.filter(plan__nominal__in=visible_nominals(user))
    if not is_dtc_contact(user):
        return actions.none()
    grants = live_share_grants(user).filter(scope=ShareScope.ACTIONS)
    ids = shared_object_ids(grants, "PlanAction")
    whole_scope = grants.filter(object_type="").values("nominal_id")
    return actions.filter(Q(pk__in=ids) | Q(plan__nominal_id__in=whole_scope)).filter(owner_agency_id=user.agency_id)


def can_view_plan_action(user: UserLike, action: PlanAction) -> bool:
    return visible_plan_actions(user).filter(pk=action.pk).exists()


def can_edit_plan_action(user: UserLike, action: PlanAction) -> bool:
    """Change what the action is, who owns it, its date or status (including cancelling)."""
    return action.plan.registration.is_active and can_edit_plans(user, action.plan.nominal)


def can_update_action_progress(user: UserLike, action: PlanAction) -> bool:
    """Progress on an open action: its owning agency (a DTC SPOC through its grant, a
    caseworker of the agency who sees the person) or those who edit the plan."""
    if action.is_closed or not action.plan.registration.is_active:
        return False
    if can_edit_plan_action(user, action):
        return True
    if getattr(user, "agency_id", None) != action.owner_agency_id:
        return False
    if is_dtc_contact(user):
        return can_view_shared(user, action.plan.nominal, ShareScope.ACTIONS, obj=action)
    return is_caseworker(user) and can_edit_nominal(user, action.plan.nominal)
