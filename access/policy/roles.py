"""Who the user is, by role and agency, and the coarse rules every route declares.

Each check that finds a user in a role also tells the type checker the user is signed in,
so the rules after it may read the user's role and agency."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias, TypeGuard

from django.contrib.auth.models import AnonymousUser

from accounts.models import CASEWORK_ROLES, RESPONSIBLE_AUTHORITY, Agency, AgencyKind, Role, User

# Whoever is asking: a signed-in user, an anonymous visitor, or nobody (no request user).
UserLike: TypeAlias = User | AnonymousUser | None

# Duty-to-co-operate staff who receive shared material. Only the agency's single point of
# contact does (docs/decisions/0004); other DTC staff get what their SPOC passes on.
DTC_SHARING_ROLES = frozenset({Role.DTC_SPOC})
# Responsible Authority practitioners who may break glass (docs/decisions/0006).
EMERGENCY_ACCESS_ROLES = frozenset({Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM})
# SMB members, lay advisers and the co-ordinator see the reports, which are aggregates
# with nothing personal.
SMB_REPORT_ROLES = frozenset({Role.SMB_MEMBER, Role.LAY_ADVISER, Role.COORDINATOR})


def signed_in(user: UserLike) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active)


def agency_of(user: UserLike) -> Agency:
    """The user's agency, read once a role check has found that they have one."""
    agency: Agency | None = getattr(user, "agency", None)
    if agency is None:
        raise LookupError("the user belongs to no agency")
    return agency


def agency_id_of(user: User) -> int:
    """The id of the user's agency, read once a role check has found that they have one."""
    if user.agency_id is None:
        raise LookupError("the user belongs to no agency")
    return user.agency_id


def is_caseworker(user: UserLike) -> TypeGuard[User]:
    """A practitioner in a case-managing agency (police, probation, prison, YOT, health)."""
    return (
        signed_in(user)
        and user.role in CASEWORK_ROLES
        and user.agency_id is not None
        and agency_of(user).can_manage_cases
    )


def is_coordinator(user: UserLike) -> TypeGuard[User]:
    return signed_in(user) and user.role == Role.COORDINATOR and user.agency_id is not None


def works_with_people(user: UserLike) -> TypeGuard[User]:
    return is_caseworker(user) or is_coordinator(user)


def coordinates_area(user: UserLike, area_id: int | None) -> bool:
    return is_coordinator(user) and agency_of(user).area_id == area_id


def is_dtc_contact(user: UserLike) -> TypeGuard[User]:
    """The single point of contact of a duty-to-co-operate agency."""
    return (
        signed_in(user)
        and user.role in DTC_SHARING_ROLES
        and user.agency_id is not None
        and agency_of(user).kind not in RESPONSIBLE_AUTHORITY
    )


def may_request_emergency_access(user: UserLike) -> TypeGuard[User]:
    """A police, probation or prison offender manager in a Responsible Authority agency."""
    return (
        signed_in(user)
        and user.role in EMERGENCY_ACCESS_ROLES
        and user.agency_id is not None
        and agency_of(user).kind in RESPONSIBLE_AUTHORITY
    )


def is_auditor(user: UserLike) -> TypeGuard[User]:
    return signed_in(user) and user.role == Role.AUDITOR


def works_with_meetings(user: UserLike) -> bool:
    return works_with_people(user) or is_dtc_contact(user)


def works_with_disclosures(user: UserLike) -> bool:
    return works_with_people(user) or is_dtc_contact(user)


def works_with_plan_actions(user: UserLike) -> bool:
    return works_with_people(user) or is_dtc_contact(user)


def sees_smb_reports(user: UserLike) -> bool:
    return signed_in(user) and user.role in SMB_REPORT_ROLES


def may_enter_population(user: UserLike) -> bool:
    return is_coordinator(user) or (signed_in(user) and user.role == Role.ADMIN)


def works_on_indefinite_reviews(user: UserLike) -> bool:
    """Police public protection staff and the co-ordinator record reviews of indefinite
    notification requirements (SOA 2003 s91A-s91F)."""
    return is_coordinator(user) or (is_caseworker(user) and agency_of(user).kind == AgencyKind.POLICE)


# Coarse rules that every view and endpoint declares (see access/declare.py). A route
# whose rule is missing from this table is unreachable.
RULES: dict[str, Callable[[UserLike], bool]] = {
    "public": lambda user: True,
    "signed_in": signed_in,
    "people": works_with_people,
    # Referrals to MAPP meetings: practitioners who refer, countersign and gatekeep.
    "referrals": works_with_people,
    # MAPP meetings: practitioners and co-ordinators, and DTC SPOCs through what is shared.
    "meetings": works_with_meetings,
    # The co-ordinator's meeting administration: ranks, requests for minutes.
    "meetings_coordination": is_coordinator,
    # Duty-to-co-operate SPOCs: the "Shared with my agency" pages and endpoints.
    "shared": is_dtc_contact,
    # Break glass: asking for emergency access to a record outside the user's agencies.
    "emergency_access": may_request_emergency_access,
    # The co-ordinator's review queue of emergency accesses in their area.
    "emergency_review": is_coordinator,
    # "Who has viewed this record": people workers reach the route; each record then asks
    # can_see_record_viewers (its record manager and its area's co-ordinator only).
    "record_viewers": works_with_people,
    # Searching the audit log: auditors only (who see no person's record).
    "audit_search": is_auditor,
    # A disclosure decision: practitioners and co-ordinators who see the person, and DTC
    # SPOCs for a decision shared with their agency (read-only).
    "disclosure": works_with_disclosures,
    # The co-ordinator's register of every disclosure in the area.
    "disclosure_register": is_coordinator,
    # Plan actions: practitioners and co-ordinators, and DTC SPOCs for their own agency's
    # actions shared with them.
    "plan_actions": works_with_plan_actions,
    # The retention review at the 100th birthday: the co-ordinator's list and decisions.
    "retention": is_coordinator,
    # Everyone signed in has a "my work" page; the co-ordinator alone sees the area's work.
    "worklist_area": is_coordinator,
    "reports": sees_smb_reports,
    # The co-ordinator (for their area) and the administrator enter the ONS population.
    "reports_population": may_enter_population,
    "indefinite_reviews": works_on_indefinite_reviews,
}


def allows(rule: str, user: UserLike) -> bool:
    check = RULES.get(rule)
    return bool(check and check(user))
