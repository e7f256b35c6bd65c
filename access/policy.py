"""Who may see and change what. The one place that decides; views and the API ask it.

Need to know, deny by default (DESIGN.md "Access"):
- a person's record is visible to the agency that created it, and for any of its MAPPA
  registrations to the lead agency, the record manager and the partner agencies;
- the MAPPA co-ordinator sees every record in their area;
- lay advisers, SMB members, auditors and administrators see no person;
- everyone else gets the same 404 as for a record that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import CASEWORK_ROLES, RESPONSIBLE_AUTHORITY, Role
from cases.models import Registration, RegistrationStatus
from register.models import Nominal

UserLike = Any  # a User or AnonymousUser


def _signed_in(user: UserLike) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_caseworker(user: UserLike) -> bool:
    """A practitioner in a case-managing agency (police, probation, prison, YOT, health)."""
    return (
        _signed_in(user) and user.role in CASEWORK_ROLES and user.agency_id is not None and user.agency.can_manage_cases
    )


def is_coordinator(user: UserLike) -> bool:
    return _signed_in(user) and user.role == Role.COORDINATOR and user.agency_id is not None


def works_with_people(user: UserLike) -> bool:
    return is_caseworker(user) or is_coordinator(user)


# Duty-to-co-operate staff who receive shared material. Only the agency's single point of
# contact does (docs/decisions/0004); other DTC staff get what their SPOC passes on.
DTC_SHARING_ROLES = frozenset({Role.DTC_SPOC})
# Responsible Authority practitioners who may break glass (docs/decisions/0006).
EMERGENCY_ACCESS_ROLES = frozenset({Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM})


def is_dtc_contact(user: UserLike) -> bool:
    """The single point of contact of a duty-to-co-operate agency."""
    return (
        _signed_in(user)
        and user.role in DTC_SHARING_ROLES
        and user.agency_id is not None
        and user.agency.kind not in RESPONSIBLE_AUTHORITY
    )


def may_request_emergency_access(user: UserLike) -> bool:
    """A police, probation or prison offender manager in a Responsible Authority agency."""
    return (
        _signed_in(user)
        and user.role in EMERGENCY_ACCESS_ROLES
        and user.agency_id is not None
        and user.agency.kind in RESPONSIBLE_AUTHORITY
    )


# Coarse rules that every view and endpoint declares (see access/declare.py). A route
# whose rule is missing from this table is unreachable.
RULES: dict[str, Callable[[UserLike], bool]] = {
    "public": lambda user: True,
    "signed_in": _signed_in,
    "people": works_with_people,
    # Referrals to MAPP meetings: practitioners who refer, countersign and gatekeep.
    "referrals": lambda user: works_with_people(user),
    # MAPP meetings: practitioners and co-ordinators, and DTC SPOCs through what is shared.
    "meetings": lambda user: works_with_meetings(user),
    # The co-ordinator's meeting administration: ranks, requests for minutes.
    "meetings_coordination": lambda user: is_coordinator(user),
    # Duty-to-co-operate SPOCs: the "Shared with my agency" pages and endpoints.
    "shared": lambda user: is_dtc_contact(user),
    # Break glass: asking for emergency access to a record outside the user's agencies.
    "emergency_access": lambda user: may_request_emergency_access(user),
    # The co-ordinator's review queue of emergency accesses in their area.
    "emergency_review": lambda user: is_coordinator(user),
    # "Who has viewed this record": people workers reach the route; each record then asks
    # can_see_record_viewers (its record manager and its area's co-ordinator only).
    "record_viewers": lambda user: works_with_people(user),
    # Searching the audit log: auditors only (who see no person's record).
    "audit_search": lambda user: is_auditor(user),
    # A disclosure decision: practitioners and co-ordinators who see the person, and DTC
    # SPOCs for a decision shared with their agency (read-only).
    "disclosure": lambda user: works_with_disclosures(user),
    # The co-ordinator's register of every disclosure in the area.
    "disclosure_register": lambda user: is_coordinator(user),
    # Plan actions: practitioners and co-ordinators, and DTC SPOCs for their own agency's
    # actions shared with them.
    "plan_actions": lambda user: works_with_plan_actions(user),
    # The retention review at the 100th birthday: the co-ordinator's list and decisions.
    "retention": lambda user: is_coordinator(user),
}


def allows(rule: str, user: UserLike) -> bool:
    check = RULES.get(rule)
    return bool(check and check(user))


def visible_nominals(user: UserLike, *, few: bool = False) -> QuerySet[Nominal]:
    """Every person the user may see; the base of every list and lookup of people.

    Includes, read-only, people the user has live emergency access to. `few` when the
    caller narrows the people by an index to a few (a search by name, one person by id):
    the sight is then checked person by person, where collecting every id the user may see
    (a police force leads over 10,000 registrations) would cost more than the search."""
    if not may_request_emergency_access(user):
        return ordinarily_visible_nominals(user, few=few)
    return Nominal.objects.filter(_ordinary_sight(user, few=few) | Q(pk__in=emergency_nominal_ids(user)))


def ordinarily_visible_nominals(user: UserLike, *, few: bool = False) -> QuerySet[Nominal]:
    """The people the user sees through their role and agency, without emergency access."""
    if not works_with_people(user):
        return Nominal.objects.none()
    return Nominal.objects.filter(_ordinary_sight(user, few=few))


def _ordinary_sight(user: UserLike, *, few: bool = False) -> Q:
    """The condition on a person for the user's ordinary (not emergency) sight of them."""
    if is_coordinator(user):
        return Q(area_id=user.agency.area_id)
    if not is_caseworker(user):
        return Q(pk__in=[])  # matches no one
    if few:
        seen = _registrations_seen_by(user).filter(nominal_id=OuterRef("pk"))
        return Q(owning_agency_id=user.agency_id) | Q(Exists(seen))
    return Q(owning_agency_id=user.agency_id) | Q(pk__in=_registered_nominal_ids(user))


def _registrations_seen_by(user: UserLike) -> QuerySet[Registration]:
    """The same registrations as _registered_nominal_ids, as one condition on a registration,
    for checking one person's few registrations by their index."""
    from cases.models import PartnerAgency

    partnered = PartnerAgency.objects.filter(registration_id=OuterRef("pk"), agency_id=user.agency_id)
    return Registration.objects.filter(
        Q(lead_agency_id=user.agency_id) | Q(record_manager_id=user.pk) | Exists(partnered)
    ).order_by()


def _registered_nominal_ids(user: UserLike) -> QuerySet[Any]:
    """Ids of the people with a registration (of any status) that the caseworker's agency
    leads, that they manage, or that their agency is partner to.

    A union of id lists, each read from its own index, rather than one OR across joins:
    the OR made PostgreSQL scan every person and every registration (issue 8, search
    under 50 ms). order_by() drops the default orderings, which would only slow it."""
    agency_id = user.agency_id
    return (
        Registration.objects.filter(lead_agency_id=agency_id)
        .order_by()
        .values("nominal_id")
        .union(
            Registration.objects.filter(record_manager_id=user.pk).order_by().values("nominal_id"),
            _registrations_partnered_by(agency_id).values("nominal_id"),
            all=True,  # only ever read by IN, which needs no duplicates removed
        )
    )


def _registrations_partnered_by(agency_id: int) -> QuerySet[Registration]:
    """The registrations the agency is a partner to.

    On PostgreSQL as `id = ANY(ARRAY(partner rows))`: the planner then reads each
    registration by its key, where a join or IN would have it scan every registration."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db import connection

    from cases.models import PartnerAgency

    partnered = PartnerAgency.objects.filter(agency_id=agency_id).order_by().values("registration_id")
    if connection.vendor != "postgresql":
        return Registration.objects.filter(pk__in=partnered).order_by()
    return Registration.objects.filter(_EqualsAny(F("pk"), ArraySubquery(partnered))).order_by()


class _EqualsAny(Func):
    """`value = ANY(array)`, PostgreSQL's membership test against an array."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def can_view_nominal(user: UserLike, nominal: Nominal) -> bool:
    return visible_nominals(user, few=True).filter(pk=nominal.pk).exists()


def _is_archived(nominal: Nominal) -> bool:
    """Archived: it has registrations and none of them is active. Archived is read-only."""
    statuses = set(nominal.registrations.values_list("status", flat=True))
    return bool(statuses) and RegistrationStatus.ACTIVE not in statuses


def can_view_nominal_ordinarily(user: UserLike, nominal: Nominal) -> bool:
    return ordinarily_visible_nominals(user).filter(pk=nominal.pk).exists()


def can_edit_nominal(user: UserLike, nominal: Nominal) -> bool:
    """Emergency access is read-only, so editing needs ordinary sight of the record."""
    return can_view_nominal_ordinarily(user, nominal) and not _is_archived(nominal)


def can_create_nominal(user: UserLike) -> bool:
    return works_with_people(user)


def can_manage_registration(user: UserLike, nominal: Nominal) -> bool:
    """Register, change level, archive or reactivate: the co-ordinator, the lead agency and
    the record manager; for a person not yet registered, any caseworker who can see them."""
    if not can_view_nominal_ordinarily(user, nominal):
        return False
    if is_coordinator(user):
        return True
    current = _current_registration(nominal)  # the active one, else the latest archived
    if current is None:
        return is_caseworker(user)
    return bool(current.lead_agency_id == user.agency_id or current.record_manager_id == user.pk)


# --- Emergency access ("break glass") -------------------------------------------------


def emergency_nominal_ids(user: UserLike) -> QuerySet[Any]:
    """Ids of the people the user has live emergency access to (read-only)."""
    from .models import EmergencyAccess

    if not may_request_emergency_access(user):
        return EmergencyAccess.objects.none().values("nominal_id")
    return EmergencyAccess.objects.filter(user_id=user.pk, expires_at__gt=timezone.now()).values("nominal_id")


def live_emergency_access(user: UserLike, nominal: Nominal) -> Any:
    """The user's live emergency access to this person, if that is how they see it.

    None when they see the person anyway (their own agency's record) or have no live
    emergency access."""
    from .models import EmergencyAccess

    if not may_request_emergency_access(user):
        return None
    live = (
        EmergencyAccess.objects.filter(user_id=user.pk, nominal_id=nominal.pk, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
    if live is None or can_view_nominal_ordinarily(user, nominal):
        return None
    return live


def can_review_emergency_access(user: UserLike, access: Any) -> bool:
    """The co-ordinator of the area the record belongs to reviews each emergency access."""
    return is_coordinator(user) and access.nominal.area_id == user.agency.area_id and access.user_id != user.pk


# --- Restricted sections (victims, intelligence, health) -------------------------------


def current_registration_of(nominal: Nominal) -> Registration | None:
    """The active registration, else the latest archived one."""
    return _current_registration(nominal)


def _current_registration(nominal: Nominal) -> Registration | None:
    active = nominal.registrations.filter(status=RegistrationStatus.ACTIVE).order_by("-start_date", "-pk").first()
    return active or nominal.registrations.order_by("-start_date", "-pk").first()


def holds_restricted_implicitly(user: UserLike, nominal: Nominal) -> bool:
    """The record manager of the current registration needs every part of the record
    (docs/decisions/0005); nobody else holds a restricted section without a grant."""
    if not _signed_in(user):
        return False
    current = _current_registration(nominal)
    return bool(current and current.record_manager_id == user.pk)


def restricted_sections_visible(user: UserLike, nominal: Nominal) -> set[str]:
    """The restricted sections of this person's record the user may see. Emergency access
    never opens them: only ordinary sight of the record plus a grant does."""
    from .models import RestrictedAccessGrant, RestrictedSection

    if not can_view_nominal_ordinarily(user, nominal):
        return set()
    if holds_restricted_implicitly(user, nominal):
        return set(RestrictedSection.values)
    now = timezone.now()
    return set(
        RestrictedAccessGrant.objects.filter(nominal_id=nominal.pk, user_id=user.pk, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list("section", flat=True)
    )


def can_view_restricted(user: UserLike, nominal: Nominal, section: str) -> bool:
    return section in restricted_sections_visible(user, nominal)


def can_manage_restricted_access(user: UserLike, nominal: Nominal) -> bool:
    """The area co-ordinator and the record manager grant and revoke restricted access."""
    if not can_view_nominal_ordinarily(user, nominal):
        return False
    return is_coordinator(user) or holds_restricted_implicitly(user, nominal)


# --- Sharing with duty-to-co-operate agencies ------------------------------------------


def _live_share_grants(user: UserLike) -> QuerySet[Any]:
    from .models import ShareGrant

    if not is_dtc_contact(user):
        return ShareGrant.objects.none()
    return ShareGrant.objects.filter(agency_id=user.agency_id, revoked_at__isnull=True, expires_at__gt=timezone.now())


def shared_scopes(user: UserLike, nominal: Nominal) -> set[str]:
    """The scopes shared, now, with the user's agency about this person (SPOCs only)."""
    return set(_live_share_grants(user).filter(nominal_id=nominal.pk).values_list("scope", flat=True))


def can_view_shared(user: UserLike, nominal: Nominal, scope: str, obj: Any = None) -> bool:
    """Whether a DTC SPOC may see this scope (and, given obj, this object) for this person.

    A grant naming no object covers the whole scope; a grant naming an object covers only
    that object. `obj` is a model instance or a ("Type", "id") pair."""
    grants = _live_share_grants(user).filter(nominal_id=nominal.pk, scope=scope)
    if obj is None:
        return grants.exists()
    if isinstance(obj, tuple):  # ("Meeting", "12"), as sharing.grant accepts
        object_type, object_id = (str(part) for part in obj)
    else:
        object_type, object_id = type(obj).__name__, str(obj.pk)
    return grants.filter(Q(object_type="") | Q(object_type=object_type, object_id=object_id)).exists()


def shared_nominals(user: UserLike) -> QuerySet[Nominal]:
    """The people with at least one live grant to the user's agency."""
    if not is_dtc_contact(user):
        return Nominal.objects.none()
    return Nominal.objects.filter(pk__in=_live_share_grants(user).values("nominal_id"))


def can_manage_sharing(user: UserLike, nominal: Nominal) -> bool:
    """Share by hand, or revoke: the co-ordinator, the lead agency and the record manager."""
    return can_manage_registration(user, nominal)


# --- The audit log: who has viewed a record, and the auditor's search ------------------


def is_auditor(user: UserLike) -> bool:
    return _signed_in(user) and user.role == Role.AUDITOR


def can_see_record_viewers(user: UserLike, nominal: Nominal) -> bool:
    """Who has viewed or changed this person's record: shown to the record manager of the
    current registration and to the MAPPA co-ordinator of the person's area, never through
    emergency access, and to nobody else."""
    if not can_view_nominal_ordinarily(user, nominal):
        return False
    if is_coordinator(user):
        return bool(nominal.area_id == user.agency.area_id)
    if not is_caseworker(user):
        return False
    current = _current_registration(nominal)
    return bool(current and current.record_manager_id == user.pk)


def _home_area_id(user: UserLike) -> int | None:
    if user.area_id is not None:
        return int(user.area_id)
    return int(user.agency.area_id) if user.agency_id is not None else None


def visible_audit_events(user: UserLike) -> QuerySet[Any]:
    """The audit events an auditor may search. An auditor with no area audits every area;
    an area's auditor sees events about that area's people and events by its staff."""
    from audit.models import AuditEvent

    if not is_auditor(user):
        return AuditEvent.objects.none()
    area_id = _home_area_id(user)
    if area_id is None:
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(
        Q(nominal_id__in=Nominal.objects.filter(area_id=area_id).values("pk"))
        | Q(actor__area_id=area_id)
        | Q(actor__agency__area_id=area_id)
    )


# --- Referrals to MAPP meetings and the meetings themselves ----------------------------
# A meeting and its minutes are seen by the practitioners who can see the person, the
# meeting's chair and the area's co-ordinator; DTC SPOCs only through sharing grants (an
# invitation shares the referral summary, the chair's approval the minutes); lay
# advisers, SMB members, auditors and administrators never.


def works_with_meetings(user: UserLike) -> bool:
    return works_with_people(user) or is_dtc_contact(user)


def _coordinates_area(user: UserLike, area_id: int) -> bool:
    return is_coordinator(user) and user.agency.area_id == area_id


def rank_tier(user: UserLike) -> int:
    """The user's management tier (referrals.models.RANK_TIER), 0 when none is recorded."""
    from referrals.models import StaffRank

    if not _signed_in(user):
        return 0
    rank = StaffRank.objects.filter(user_id=user.pk).first()
    return rank.tier if rank else 0


def can_refer(user: UserLike, nominal: Nominal) -> bool:
    """A practitioner who sees the person through their own agency may refer them."""
    return is_caseworker(user) and can_view_nominal_ordinarily(user, nominal)


def visible_referrals(user: UserLike) -> QuerySet[Any]:
    """Referrals the user may read: the co-ordinator those of the area once submitted; a
    practitioner their own, and their agency's once submitted (for countersigning and
    disputes)."""
    from referrals.models import Referral, ReferralStatus

    if is_coordinator(user):
        return Referral.objects.filter(nominal__area_id=user.agency.area_id).exclude(status=ReferralStatus.DRAFT)
    if not is_caseworker(user):
        return Referral.objects.none()
    return Referral.objects.filter(
        Q(referrer_id=user.pk) | (Q(referring_agency_id=user.agency_id) & ~Q(status=ReferralStatus.DRAFT))
    ).filter(nominal__in=ordinarily_visible_nominals(user))


def can_view_referral(user: UserLike, referral: Any) -> bool:
    return visible_referrals(user).filter(pk=referral.pk).exists()


def can_edit_referral(user: UserLike, referral: Any) -> bool:
    from referrals.models import ReferralStatus

    return (
        referral.referrer_id == getattr(user, "pk", None)
        and referral.status == ReferralStatus.DRAFT
        and can_refer(user, referral.nominal)
    )


def can_countersign_referral(user: UserLike, referral: Any) -> bool:
    """A manager of the referring agency, not the referrer (seed 003)."""
    from referrals.models import MANAGER_TIER, ReferralStatus

    return (
        referral.status == ReferralStatus.SUBMITTED
        and is_caseworker(user)
        and user.agency_id == referral.referring_agency_id
        and user.pk != referral.referrer_id
        and rank_tier(user) >= MANAGER_TIER
        and can_view_referral(user, referral)
    )


def can_gatekeep_referral(user: UserLike, referral: Any) -> bool:
    from referrals.models import ReferralStatus

    return referral.status == ReferralStatus.COUNTERSIGNED and _coordinates_area(user, referral.nominal.area_id)


def can_dispute_referral(user: UserLike, referral: Any) -> bool:
    """The referrer, or a manager of the referring agency, may dispute a refusal."""
    from referrals.models import MANAGER_TIER, ReferralStatus

    if referral.status not in (ReferralStatus.NOT_ACCEPTED, ReferralStatus.INELIGIBLE):
        return False
    if not (is_caseworker(user) and user.agency_id == referral.referring_agency_id):
        return False
    return user.pk == referral.referrer_id or rank_tier(user) >= MANAGER_TIER


def can_resolve_referral_dispute(user: UserLike, referral: Any) -> bool:
    """A senior manager of the referring agency is the final arbiter (seed 003)."""
    from referrals.models import SENIOR_MANAGER_TIER, ReferralStatus

    return (
        referral.status == ReferralStatus.DISPUTED
        and is_caseworker(user)
        and user.agency_id == referral.referring_agency_id
        and rank_tier(user) >= SENIOR_MANAGER_TIER
    )


def can_record_ranks(user: UserLike) -> bool:
    return is_coordinator(user)


def can_schedule_meeting(user: UserLike, nominal: Nominal) -> bool:
    return _coordinates_area(user, nominal.area_id)


def _shared_meeting_filter(user: UserLike) -> Q:
    """Meetings a DTC SPOC reaches through live grants (referral summary or minutes)."""
    from .models import ShareScope

    grants = _live_share_grants(user).filter(scope__in=[ShareScope.REFERRAL_SUMMARY, ShareScope.MINUTES])
    ids = [int(i) for i in grants.filter(object_type="Meeting").values_list("object_id", flat=True) if i.isdigit()]
    whole_scope = grants.filter(object_type="").values("nominal_id")
    return Q(pk__in=ids) | Q(nominal_id__in=whole_scope, invitations__agency_id=user.agency_id)


def visible_meetings(user: UserLike) -> QuerySet[Any]:
    """The base of every list and lookup of meetings."""
    from meetings.models import Meeting

    if is_coordinator(user):
        return Meeting.objects.filter(area_id=user.agency.area_id)
    if is_caseworker(user):
        return Meeting.objects.filter(Q(chair_id=user.pk) | Q(nominal__in=visible_nominals(user)))
    if is_dtc_contact(user):
        return Meeting.objects.filter(_shared_meeting_filter(user)).distinct()
    return Meeting.objects.none()


def can_view_meeting(user: UserLike, meeting: Any) -> bool:
    return visible_meetings(user).filter(pk=meeting.pk).exists()


def sees_meeting_in_full(user: UserLike, meeting: Any) -> bool:
    """Everything but the minutes: the chair, the co-ordinator, those who see the person.
    A DTC SPOC sees only what was shared (is_dtc_contact never sees it in full)."""
    if meeting.chair_id == getattr(user, "pk", None) and is_caseworker(user):
        return True
    if _coordinates_area(user, meeting.area_id):
        return True
    return is_caseworker(user) and can_view_nominal(user, meeting.nominal)


def can_manage_meeting(user: UserLike, meeting: Any) -> bool:
    """Invitations, attendance, attendees, the minutes draft and the action list: the
    chair and the area's co-ordinator (the MAPPA administrator)."""
    return (meeting.chair_id == getattr(user, "pk", None) and is_caseworker(user)) or _coordinates_area(
        user, meeting.area_id
    )


def can_approve_minutes(user: UserLike, meeting: Any) -> bool:
    """Only the meeting's chair approves its minutes and who else may see them."""
    return meeting.chair_id == getattr(user, "pk", None) and is_caseworker(user)


def can_view_minutes(user: UserLike, meeting: Any) -> bool:
    """Draft minutes: the chair and co-ordinator. Approved: whoever sees the meeting in
    full, and a DTC SPOC once the chair has shared them with the agency."""
    from meetings.models import MinutesStatus

    from .models import ShareScope

    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        return False
    if minutes.status != MinutesStatus.APPROVED:
        return can_manage_meeting(user, meeting)
    if sees_meeting_in_full(user, meeting):
        return True
    return is_dtc_contact(user) and can_view_shared(user, meeting.nominal, ShareScope.MINUTES, obj=meeting)


def visible_information_requests(user: UserLike) -> QuerySet[Any]:
    """Requests to the user's agency: its SPOC sees them all (the invitation shares the
    referral summary); an RA practitioner those about people they can see."""
    from meetings.models import InformationRequest

    if is_dtc_contact(user):
        return InformationRequest.objects.filter(
            invitation__agency_id=user.agency_id, invitation__meeting__in=visible_meetings(user)
        )
    if is_caseworker(user):
        return InformationRequest.objects.filter(
            invitation__agency_id=user.agency_id, invitation__meeting__nominal__in=visible_nominals(user)
        )
    return InformationRequest.objects.none()


def can_answer_information_request(user: UserLike, information_request: Any) -> bool:
    return visible_information_requests(user).filter(pk=information_request.pk).exists()


def can_log_minutes_request(user: UserLike, nominal: Nominal) -> bool:
    return _coordinates_area(user, nominal.area_id)


def visible_minutes_requests(user: UserLike) -> QuerySet[Any]:
    """The co-ordinator sees the area's requests; a chair those routed to them."""
    from meetings.models import MinutesRequest

    if is_coordinator(user):
        return MinutesRequest.objects.filter(nominal__area_id=user.agency.area_id)
    if is_caseworker(user):
        return MinutesRequest.objects.filter(routed_to_id=user.pk)
    return MinutesRequest.objects.none()


def can_decide_minutes_request(user: UserLike, minutes_request: Any) -> bool:
    """The chair of the latest meeting decides (seed 003)."""
    from meetings.models import RequestStatus

    return (
        minutes_request.status == RequestStatus.WITH_CHAIR
        and minutes_request.routed_to_id == getattr(user, "pk", None)
        and is_caseworker(user)
    )


# --- Risk assessments, risk management plans and their actions, external controls ------
# Seen by whoever sees the person. Written by the lead agency, the record manager and the
# co-ordinator (for a person not yet registered, any caseworker who sees them), never on
# an archived record and never through emergency access. A DTC SPOC sees and updates only
# the actions its own agency owns, through the sharing grant made when it was given one.


def works_with_plan_actions(user: UserLike) -> bool:
    return works_with_people(user) or is_dtc_contact(user)


def can_view_plans(user: UserLike, nominal: Nominal) -> bool:
    return works_with_people(user) and can_view_nominal(user, nominal)


def can_edit_plans(user: UserLike, nominal: Nominal) -> bool:
    if not can_view_nominal_ordinarily(user, nominal) or _is_archived(nominal):
        return False
    if is_coordinator(user):
        return True
    if not is_caseworker(user):
        return False
    current = _current_registration(nominal)
    if current is None:
        return True
    return bool(current.lead_agency_id == user.agency_id or current.record_manager_id == user.pk)


def visible_plan_actions(user: UserLike) -> QuerySet[Any]:
    """The base of every list and lookup of plan actions."""
    from plans.models import PlanAction

    from .models import ShareScope

    if works_with_people(user):
        return PlanAction.objects.filter(plan__nominal__in=visible_nominals(user))
    if not is_dtc_contact(user):
        return PlanAction.objects.none()
    grants = _live_share_grants(user).filter(scope=ShareScope.ACTIONS)
    ids = [int(i) for i in grants.filter(object_type="PlanAction").values_list("object_id", flat=True) if i.isdigit()]
    whole_scope = grants.filter(object_type="").values("nominal_id")
    return PlanAction.objects.filter(Q(pk__in=ids) | Q(plan__nominal_id__in=whole_scope)).filter(
        owner_agency_id=user.agency_id
    )


def can_view_plan_action(user: UserLike, action: Any) -> bool:
    return visible_plan_actions(user).filter(pk=action.pk).exists()


def can_edit_plan_action(user: UserLike, action: Any) -> bool:
    """Change what the action is, who owns it, its date or status (including cancelling)."""
    return action.plan.registration.is_active and can_edit_plans(user, action.plan.nominal)


def can_update_action_progress(user: UserLike, action: Any) -> bool:
    """Progress on an open action: its owning agency (a DTC SPOC through its grant, a
    caseworker of the agency who sees the person) or those who edit the plan."""
    from .models import ShareScope

    if action.is_closed or not action.plan.registration.is_active:
        return False
    if can_edit_plan_action(user, action):
        return True
    if getattr(user, "agency_id", None) != action.owner_agency_id:
        return False
    if is_dtc_contact(user):
        return can_view_shared(user, action.plan.nominal, ShareScope.ACTIONS, obj=action)
    return is_caseworker(user) and can_edit_nominal(user, action.plan.nominal)


# --- Disclosure decisions and victims (disclosure/, victims/) ---------------------------
# A disclosure decision is seen by whoever sees the person, the area's co-ordinator (who
# keeps the register of every disclosure) and a DTC SPOC only when it was shared with
# their agency. At level 1 the lead agency decides (its staff, the record manager, the
# co-ordinator); at levels 2 and 3 the MAPP meeting does, recorded by its chair or the
# co-ordinator (seed 003, "Disclosure"). Victims are a restricted section
# (docs/decisions/0005): only the record manager and named grant holders see them.


def works_with_disclosures(user: UserLike) -> bool:
    return works_with_people(user) or is_dtc_contact(user)


def _active_registration(nominal: Nominal) -> Registration | None:
    return nominal.registrations.filter(status=RegistrationStatus.ACTIVE).order_by("-start_date", "-pk").first()


def visible_disclosures(user: UserLike) -> QuerySet[Any]:
    """The base of every list and lookup of disclosure decisions."""
    from disclosure.models import Disclosure

    from .models import ShareScope

    if is_coordinator(user):
        return Disclosure.objects.filter(nominal__area_id=user.agency.area_id)
    if is_caseworker(user):
        return Disclosure.objects.filter(nominal__in=visible_nominals(user))
    if is_dtc_contact(user):
        grants = _live_share_grants(user).filter(scope=ShareScope.DISCLOSURE)
        shared_ids = grants.filter(object_type="Disclosure").values_list("object_id", flat=True)
        ids = [int(i) for i in shared_ids if i.isdigit()]
        whole = grants.filter(object_type="").values("nominal_id")
        return Disclosure.objects.filter(Q(pk__in=ids) | Q(nominal_id__in=whole))
    return Disclosure.objects.none()


def can_view_disclosure(user: UserLike, disclosure: Any) -> bool:
    return visible_disclosures(user).filter(pk=disclosure.pk).exists()


def can_view_person_disclosures(user: UserLike, nominal: Nominal) -> bool:
    """The person's "Disclosure" tab: those who work with people and see the person."""
    return works_with_people(user) and can_view_nominal(user, nominal)


def _decides_at_level_1(user: UserLike, registration: Registration) -> bool:
    return bool(registration.lead_agency_id == user.agency_id or registration.record_manager_id == user.pk)


def can_decide_disclosure(user: UserLike, nominal: Nominal) -> bool:
    """Record a new decision: for an active registration, at level 1 the lead agency's staff,
    the record manager or the co-ordinator; at levels 2 and 3 the co-ordinator or the chair
    of a meeting about the person. Never on an archived record or by emergency access."""
    if not can_edit_nominal(user, nominal):
        return False
    registration = _active_registration(nominal)
    if registration is None:
        return False
    if is_coordinator(user):
        return True
    if not is_caseworker(user):
        return False
    if registration.level == 1:
        return _decides_at_level_1(user, registration)
    from meetings.models import Meeting

    return Meeting.objects.filter(nominal=nominal, chair_id=user.pk).exists()


def can_edit_disclosure(user: UserLike, disclosure: Any) -> bool:
    """Change a decision: at level 1 the lead agency, record manager or co-ordinator; at
    levels 2 and 3 the chair of the meeting that decided, or the co-ordinator."""
    if not can_edit_nominal(user, disclosure.nominal):
        return False
    if is_coordinator(user):
        return True
    if not is_caseworker(user):
        return False
    if disclosure.level == 1:
        registration = _active_registration(disclosure.nominal)
        return registration is not None and _decides_at_level_1(user, registration)
    return disclosure.meeting_id is not None and disclosure.meeting.chair_id == user.pk


def can_record_disclosure_progress(user: UserLike, disclosure: Any) -> bool:
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


def can_view_victims(user: UserLike, nominal: Nominal) -> bool:
    """The restricted victims section: the record manager, and users with a live grant."""
    from .models import RestrictedSection

    return works_with_people(user) and can_view_restricted(user, nominal, RestrictedSection.VICTIMS)


def can_edit_victims(user: UserLike, nominal: Nominal) -> bool:
    return can_view_victims(user, nominal) and can_edit_nominal(user, nominal)


# --- Worklists, reminders and the Strategic Management Board's reports -----------------
# Everyone signed in has a "my work" page and notifications (each source scopes itself to
# the user). The co-ordinator alone sees the whole area's work. SMB members, lay advisers
# and the co-ordinator see the reports, which are aggregates with nothing personal; the
# co-ordinator (for their area) and the administrator enter the ONS population figures.

SMB_REPORT_ROLES = frozenset({Role.SMB_MEMBER, Role.LAY_ADVISER, Role.COORDINATOR})


def sees_smb_reports(user: UserLike) -> bool:
    return _signed_in(user) and user.role in SMB_REPORT_ROLES


def may_enter_population(user: UserLike) -> bool:
    return is_coordinator(user) or (_signed_in(user) and user.role == Role.ADMIN)


def can_enter_population_for(user: UserLike, area_id: int) -> bool:
    """The administrator for any area; a co-ordinator for their own."""
    if _signed_in(user) and user.role == Role.ADMIN:
        return True
    return _coordinates_area(user, area_id)


RULES.update(
    {
        "worklist_area": lambda user: is_coordinator(user),
        "reports": lambda user: sees_smb_reports(user),
        "reports_population": lambda user: may_enter_population(user),
    }
)


# --- Registered sex offender management: notification, civil orders, home visits --------
# Read by whoever sees the person (emergency access included, read-only). Written by the
# co-ordinator and the caseworkers of the agencies managing the current registration
# (lead, partners, the record manager); before any registration, by the agency that
# created the record. Archived records are read-only.


def can_view_rso_records(user: UserLike, nominal: Nominal) -> bool:
    return can_view_nominal(user, nominal)


def can_record_rso(user: UserLike, nominal: Nominal) -> bool:
    if not can_edit_nominal(user, nominal):
        return False
    if is_coordinator(user):
        return True
    if not is_caseworker(user):
        return False
    current = _current_registration(nominal)
    if current is None:
        return bool(nominal.owning_agency_id == user.agency_id)
    return bool(
        current.lead_agency_id == user.agency_id
        or current.record_manager_id == user.pk
        or current.partners.filter(agency_id=user.agency_id).exists()
    )


# --- Custody and release, serious further offences, transfers, PDPs, retention ----------
# Custody: whoever may change the record records custody; only the holding prison
# confirms its release dates. Transfers: the sending side (the registration's managers)
# requests and approves, probation alone when the person is under its supervision; the
# receiving area's co-ordinator accepts, holds the meeting and completes; a category 1
# move's address is confirmed by the receiving police force.


def can_record_custody(user: UserLike, nominal: Nominal) -> bool:
    return works_with_people(user) and can_edit_nominal(user, nominal)


def can_confirm_release(user: UserLike, spell: Any) -> bool:
    """The prison holding the person confirms its release dates (seed 003)."""
    return (
        is_caseworker(user)
        and user.agency_id == spell.prison_id
        and spell.released_on is None
        and can_view_nominal_ordinarily(user, spell.nominal)
    )


def can_manage_custody(user: UserLike, spell: Any) -> bool:
    """Dates, Approved Premises, releases: those who may change the record."""
    return can_record_custody(user, spell.nominal)


def can_complete_urgent_review(user: UserLike, review: Any) -> bool:
    return can_manage_registration(user, review.nominal) and not _is_archived(review.nominal)


def visible_urgent_reviews(user: UserLike) -> QuerySet[Any]:
    from custody.models import UrgentReview

    if not works_with_people(user):
        return UrgentReview.objects.none()
    return UrgentReview.objects.filter(nominal__in=ordinarily_visible_nominals(user))


def visible_serious_further_offences(user: UserLike) -> QuerySet[Any]:
    from custody.models import SeriousFurtherOffence

    if not works_with_people(user):
        return SeriousFurtherOffence.objects.none()
    return SeriousFurtherOffence.objects.filter(nominal__in=ordinarily_visible_nominals(user))


def can_record_sfo_notification(user: UserLike, sfo: Any) -> bool:
    return can_manage_registration(user, sfo.nominal)


def can_record_review_decision(user: UserLike, sfo: Any) -> bool:
    """The co-ordinator of the person's area records the SMB's decision."""
    return _coordinates_area(user, sfo.nominal.area_id)


def _sending_side(user: UserLike, transfer: Any) -> bool:
    return bool(transfer.from_area_id == transfer.nominal.area_id and can_manage_registration(user, transfer.nominal))


def can_request_transfer(user: UserLike, nominal: Nominal) -> bool:
    return (
        can_manage_registration(user, nominal)
        and nominal.registrations.filter(status=RegistrationStatus.ACTIVE).exists()
        and not (is_caseworker(user) and user.agency.area_id != nominal.area_id)
    )


def visible_transfers(user: UserLike) -> QuerySet[Any]:
    """The sending side sees its transfers; the receiving co-ordinator once approved, and
    the receiving police force and record manager once accepted."""
    from transfers.models import Transfer, TransferStatus

    shown_to_receiver = ~Q(status__in=[TransferStatus.REQUESTED, TransferStatus.REFUSED]) | Q(approved_on__isnull=False)
    if is_coordinator(user):
        area_id = user.agency.area_id
        return Transfer.objects.filter(Q(from_area_id=area_id) | (Q(to_area_id=area_id) & shown_to_receiver))
    if is_caseworker(user):
        return Transfer.objects.filter(
            Q(nominal__in=ordinarily_visible_nominals(user), from_area_id=user.agency.area_id)
            | Q(receiving_record_manager_id=user.pk)
            | (Q(to_area_id=user.agency.area_id, receiving_police_id=user.agency_id) & shown_to_receiver)
        )
    return Transfer.objects.none()


def can_view_transfer(user: UserLike, transfer: Any) -> bool:
    return visible_transfers(user).filter(pk=transfer.pk).exists()


def can_approve_transfer(user: UserLike, transfer: Any) -> bool:
    """The sending area decides; probation does when the person is under its supervision."""
    from accounts.models import AgencyKind
    from transfers.models import TransferStatus

    if transfer.status != TransferStatus.REQUESTED or not _sending_side(user, transfer):
        return False
    return not transfer.under_probation_supervision or user.agency.kind == AgencyKind.PROBATION


def can_refuse_transfer(user: UserLike, transfer: Any) -> bool:
    from transfers.models import TransferStatus

    if transfer.status == TransferStatus.REQUESTED:
        return can_approve_transfer(user, transfer)
    return transfer.status == TransferStatus.APPROVED and _coordinates_area(user, transfer.to_area_id)


def can_accept_transfer(user: UserLike, transfer: Any) -> bool:
    from transfers.models import TransferStatus

    return transfer.status == TransferStatus.APPROVED and _coordinates_area(user, transfer.to_area_id)


def can_record_receiving_meeting(user: UserLike, transfer: Any) -> bool:
    from transfers.models import TransferStatus

    return transfer.status == TransferStatus.ACCEPTED and _coordinates_area(user, transfer.to_area_id)


def can_confirm_transfer_address(user: UserLike, transfer: Any) -> bool:
    """The receiving force's home visit confirms the address of a category 1 move."""
    from transfers.models import TransferStatus

    if transfer.status != TransferStatus.ACCEPTED:
        return False
    return _coordinates_area(user, transfer.to_area_id) or (
        is_caseworker(user) and user.agency_id == transfer.receiving_police_id
    )


def can_send_transfer_records(user: UserLike, transfer: Any) -> bool:
    from transfers.models import TransferStatus

    return transfer.status in (TransferStatus.APPROVED, TransferStatus.ACCEPTED) and _sending_side(user, transfer)


def can_complete_transfer(user: UserLike, transfer: Any) -> bool:
    """The receiving co-ordinator completes; a cross-border transfer, the sending side."""
    from transfers.models import TransferStatus

    if transfer.is_cross_border:
        return transfer.status == TransferStatus.APPROVED and _sending_side(user, transfer)
    return transfer.status == TransferStatus.ACCEPTED and _coordinates_area(user, transfer.to_area_id)


def can_record_pdp(user: UserLike, nominal: Nominal) -> bool:
    """Police lead PDP management; the co-ordinator records it too. Never alongside MAPPA."""
    from accounts.models import AgencyKind

    if not can_view_nominal_ordinarily(user, nominal):
        return False
    if not (is_coordinator(user) or (is_caseworker(user) and user.agency.kind == AgencyKind.POLICE)):
        return False
    return not nominal.registrations.filter(status=RegistrationStatus.ACTIVE).exists()


def can_end_pdp(user: UserLike, pdp: Any) -> bool:
    if not can_view_nominal_ordinarily(user, pdp.nominal):
        return False
    return is_coordinator(user) or (is_caseworker(user) and user.agency_id == pdp.lead_agency_id)


def visible_pdps(user: UserLike) -> QuerySet[Any]:
    from cases.models import PotentiallyDangerousPerson

    if is_coordinator(user):
        return PotentiallyDangerousPerson.objects.filter(nominal__area_id=user.agency.area_id)
    if is_caseworker(user):
        return PotentiallyDangerousPerson.objects.filter(nominal__in=ordinarily_visible_nominals(user))
    return PotentiallyDangerousPerson.objects.none()


def can_decide_retention(user: UserLike, nominal: Nominal) -> bool:
    """The co-ordinator of the person's area records the retention review's decision."""
    return _coordinates_area(user, nominal.area_id)


# --- Review of indefinite notification requirements (SOA 2003 s91A-s91F) ---------------
# The relevant chief officer of police determines an application; their public protection
# staff and the MAPPA co-ordinator record it and its determination, for a person whose
# notification records they may write. Whoever reads the person's notification record
# reads the reviews.


def works_on_indefinite_reviews(user: UserLike) -> bool:
    from accounts.models import AgencyKind

    return is_coordinator(user) or (is_caseworker(user) and user.agency.kind == AgencyKind.POLICE)


def can_view_indefinite_reviews(user: UserLike, nominal: Nominal) -> bool:
    return can_view_rso_records(user, nominal)


def can_record_indefinite_review(user: UserLike, nominal: Nominal) -> bool:
    return works_on_indefinite_reviews(user) and can_record_rso(user, nominal)


RULES["indefinite_reviews"] = works_on_indefinite_reviews
