"""The access matrix: every route, every role, every kind of record.

The routes come from the URL configuration itself (django.urls.get_resolver), so a route
added without an entry in ROUTES below fails `test_every_route_has_an_expectation`. The
expectations are written out by hand from the policy in access/policy.py:

- the lead agency, the record manager and partner agencies see a record (and the agency
  that created it, before any registration);
- the MAPPA co-ordinator sees every record in their area;
- lay advisers, SMB members, auditors, administrators and DTC single points of contact
  see no person (404, exactly as for an id that does not exist; never 403);
- another area's police see nothing of DEMO;
- archived records are read-only; only the lead agency, the record manager and the
  co-ordinator manage registrations;
- anonymous visitors are sent to sign in (pages) or get 401 (API).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter
from django.utils import timezone

from access import policy, sharing
from access.models import ShareScope
from accounts.models import User
from conftest import ACTORS, RECORD_KINDS, Records, TablesCopy, agency, create_records, create_users
from kernel.actor import Actor
from kernel.declare import declared_rule

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
MISSING_ID = 987_654_321

# --- Who each coarse rule lets through (handwritten, per actor) --------------------------

PEOPLE_WORKERS = frozenset({"police_om", "probation_om", "prison_om", "coordinator", "chair", "other_area_police"})
RULE_ACTORS: dict[str, frozenset[str]] = {
    "public": frozenset(ACTORS) | {ANONYMOUS},
    "signed_in": frozenset(ACTORS),
    "people": PEOPLE_WORKERS,
    "referrals": PEOPLE_WORKERS,
    "meetings": PEOPLE_WORKERS | {"dtc_spoc"},
    "meetings_coordination": frozenset({"coordinator"}),
    "shared": frozenset({"dtc_spoc"}),
    "emergency_access": frozenset({"police_om", "probation_om", "prison_om", "other_area_police"}),
    "emergency_review": frozenset({"coordinator"}),
    "record_viewers": PEOPLE_WORKERS,
    "audit_search": frozenset({"auditor"}),
    "worklist_area": frozenset({"coordinator"}),
    "reports": frozenset({"coordinator", "lay_adviser", "smb_member"}),
    "reports_population": frozenset({"coordinator", "admin"}),
    "disclosure": PEOPLE_WORKERS | {"dtc_spoc"},
    "disclosure_register": frozenset({"coordinator"}),
    "plan_actions": PEOPLE_WORKERS | {"dtc_spoc"},
    "retention": frozenset({"coordinator"}),
    "indefinite_reviews": frozenset({"police_om", "coordinator", "other_area_police"}),
}

# --- Who sees or manages which kind of record (handwritten, per actor) -------------------
# Record kinds (conftest.records): own, partner, other_agency, other_area, archived, unregistered.


def _table(**rows: str) -> frozenset[tuple[str, str]]:
    return frozenset((actor, kind) for actor, kinds in rows.items() for kind in kinds.split())


READ = _table(
    police_om="own partner archived",
    probation_om="partner unregistered",
    prison_om="other_agency",
    coordinator="own partner other_agency archived unregistered",
    chair="partner unregistered",
    other_area_police="other_area",
)
# Archived records are read-only.
EDIT = _table(
    police_om="own partner",
    probation_om="partner unregistered",
    prison_om="other_agency",
    coordinator="own partner other_agency unregistered",
    chair="partner unregistered",
    other_area_police="other_area",
)
# Register, change level, archive, reactivate: the lead agency, the record manager, the
# co-ordinator; for a person not yet registered, a caseworker who sees them. A partner
# agency does not manage the registration.
MANAGE = _table(
    police_om="own archived",
    probation_om="partner unregistered",
    prison_om="other_agency",
    coordinator="own partner other_agency archived unregistered",
    chair="partner unregistered",
    other_area_police="other_area",
)
# Changing the level or archiving needs an active registration.
MANAGE_ACTIVE = _table(
    police_om="own",
    probation_om="partner",
    prison_om="other_agency",
    coordinator="own partner other_agency",
    chair="partner",
    other_area_police="other_area",
)
# Reactivating needs an archived one.
REACTIVATE = _table(police_om="archived", coordinator="archived")
# Who has viewed the record, and restricted-section access: the record manager of the
# current registration and the area's co-ordinator.
RECORD_MANAGER_OR_COORDINATOR = _table(
    police_om="own archived",
    probation_om="partner",
    prison_om="other_agency",
    coordinator="own partner other_agency archived unregistered",
    other_area_police="other_area",
)
# Referring to a MAPP meeting: practitioners who see the person through their agency.
REFER = _table(
    police_om="own partner archived",
    probation_om="partner unregistered",
    prison_om="other_agency",
    chair="partner unregistered",
    other_area_police="other_area",
)
# Scheduling a MAPP meeting: the co-ordinator of the person's area.
SCHEDULE = _table(coordinator="own partner other_agency archived unregistered")
# The DTC SPOC's "shared with my agency" pages: only what was shared (the fixture shares
# the "own" record's referral summary with DEMO housing).
SHARED = _table(dtc_spoc="own")
NOBODY: frozenset[tuple[str, str]] = frozenset()
# Disclosure decisions: for an active registration, at level 1 (every fixture record) the
# lead agency's staff, the record manager and the co-ordinator; never on an archived record.
DISCLOSE = _table(
    police_om="own",
    probation_om="partner",
    prison_om="other_agency",
    coordinator="own partner other_agency",
    chair="partner",
    other_area_police="other_area",
)
# The restricted victims section: the record manager of the current registration holds it
# without a grant; nobody else in the fixture has one (the co-ordinator included).
VICTIMS_READ = _table(
    police_om="own archived", probation_om="partner", prison_om="other_agency", other_area_police="other_area"
)
VICTIMS_EDIT = frozenset(pair for pair in VICTIMS_READ if pair[1] != "archived")
# Risk assessments, plans, controls and contracts: written by the lead agency, the record
# manager and the co-ordinator (for an unregistered person, a caseworker who sees them),
# never on an archived record. The plan itself needs a registration.
PLAN_EDIT = _table(
    police_om="own",
    probation_om="partner unregistered",
    prison_om="other_agency",
    coordinator="own partner other_agency unregistered",
    chair="partner unregistered",
    other_area_police="other_area",
)
PLAN_EDIT_REGISTERED = frozenset(pair for pair in PLAN_EDIT if pair[1] != "unregistered")
READ_REGISTERED = frozenset(pair for pair in READ if pair[1] != "unregistered")
# Recording a potentially dangerous person: police caseworkers and the co-ordinator who see
# the person ordinarily, only while no MAPPA registration is active.
PDP_RECORD = _table(police_om="archived", coordinator="archived unregistered")
# The retention review's decision: the co-ordinator of the person's area.
RETENTION_DECIDE = _table(coordinator="own partner other_agency archived unregistered")
# Reviews of indefinite notification: recorded by police public protection staff and the
# co-ordinator for a person whose notification records they write (never archived).
REVIEW_RECORD = _table(
    police_om="own partner",
    coordinator="own partner other_agency unregistered",
    other_area_police="other_area",
)


@dataclass(frozen=True)
class Route:
    """What a route is for, as the matrix tests it.

    target: "none" (no id), "person" (the id is a person), "registration" (the id is a
    registration) or "object" (the id is another kind of object, tested by its app; here
    only with an id that does not exist).
    checks: for person and registration routes, (method, allowed (actor, kind) pairs,
    status when allowed, status when the actor sees the record but may not do this).
    ok: for routes without an id, the status an allowed actor gets.
    """

    rule: str
    target: str = "none"
    checks: tuple[tuple[str, frozenset[tuple[str, str]], int, int], ...] = ()
    ok: int = 200
    anonymous_ok: int | None = None


def person_get(allowed: frozenset[tuple[str, str]]) -> Route:
    return Route("people", "person", (("get", allowed, 200, 404),))


def person_form(allowed: frozenset[tuple[str, str]]) -> Route:
    """A page with a form: an empty POST re-shows it with errors (and writes nothing)."""
    return Route("people", "person", (("get", allowed, 200, 404), ("post", allowed, 200, 404)))


def api_post(rule: str, target: str, allowed: frozenset[tuple[str, str]]) -> Route:
    """An API write: an empty body is refused as bad input (400) once access is granted."""
    return Route(rule, target, (("post", allowed, 400, 404),))


OBJECT = "object"
ROUTES: dict[str, Route] = {
    # Service, sign-in, home.
    "home": Route("signed_in"),
    "healthz": Route("public", anonymous_ok=200),
    "accounts:sign-in": Route("public", ok=302, anonymous_ok=200),
    "accounts:sign-out": Route("public", ok=405, anonymous_ok=405),
    # The sign-in steps after the password, and resets: with no sign-in under way, back to the start.
    "accounts:sign-in-code": Route("public", ok=302, anonymous_ok=302),
    "accounts:enrol": Route("public", ok=302, anonymous_ok=302),
    "accounts:reset": Route("public", anonymous_ok=200),
    "accounts:security": Route("signed_in"),
    "accounts:change-authenticator": Route("signed_in"),
    "accounts:change-password": Route("signed_in"),
    "accounts:keep-alive": Route("signed_in", ok=405),
    # The person register and MAPPA registration (pages).
    "register:search": Route("people"),
    "register:create": Route("people"),
    "register:summary": person_get(READ),
    "register:personal-details": person_get(READ),
    "register:addresses": person_get(READ),
    "register:convictions": person_get(READ),
    "register:edit": person_form(EDIT),
    "register:add-alias": person_form(EDIT),
    "register:add-address": person_form(EDIT),
    "register:add-conviction": person_form(EDIT),
    "register:correct-address": Route("people", OBJECT),
    "register:end-address": Route("people", OBJECT),
    "cases:registration": person_get(READ),
    "cases:register": person_form(MANAGE),
    "cases:change-level": person_form(MANAGE_ACTIVE),
    "cases:archive": person_form(MANAGE_ACTIVE),
    "cases:reactivate": person_form(REACTIVATE),
    # Sharing, restricted sections, emergency access, the audit log (pages).
    "sharing:manage": person_get(MANAGE),
    "sharing:revoke": Route("people", OBJECT),
    "restricted:manage": person_get(RECORD_MANAGER_OR_COORDINATOR),
    "restricted:revoke": Route("people", OBJECT),
    "shared:list": Route("shared"),
    "shared:person": Route("shared", "person", (("get", SHARED, 200, 404),)),
    "shared:scope": Route("shared", "person", (("get", SHARED, 200, 404),)),
    "emergency:request": Route("emergency_access"),
    "emergency:review-queue": Route("emergency_review"),
    "emergency:review": Route("emergency_review", OBJECT),
    "audit:record-viewers": Route("record_viewers", "person", (("get", RECORD_MANAGER_OR_COORDINATOR, 200, 404),)),
    "audit:search": Route("audit_search"),
    # Rules pages.
    "clocks:catalogue": Route("signed_in"),
    "clocks:notification-calculator": Route("people"),
    # Referrals and meetings (pages).
    "referrals:index": Route("referrals"),
    "referrals:ranks": Route("meetings_coordination"),
    "referrals:create": Route("referrals", "person", (("get", REFER, 200, 404),)),
    "referrals:detail": Route("referrals", OBJECT),
    "referrals:edit": Route("referrals", OBJECT),
    "referrals:submit": Route("referrals", OBJECT),
    "referrals:countersign": Route("referrals", OBJECT),
    "referrals:gatekeep": Route("referrals", OBJECT),
    "referrals:dispute": Route("referrals", OBJECT),
    "referrals:resolve": Route("referrals", OBJECT),
    "meetings:index": Route("meetings"),
    "meetings:calendar": Route("meetings"),
    "meetings:person": person_get(READ),
    "meetings:create": Route("meetings_coordination", "person", (("get", SCHEDULE, 200, 404),)),
    "meetings:information-requests": Route("meetings"),
    "meetings:respond": Route("meetings", OBJECT),
    "meetings:action-list": Route("meetings", OBJECT),
    "meetings:minutes-requests": Route("people"),
    "meetings:minutes-request-new": Route("meetings_coordination"),
    "meetings:minutes-request": Route("people", OBJECT),
    "meetings:executive-summary-pdf": Route("people", OBJECT),
    "meetings:detail": Route("meetings", OBJECT),
    "meetings:edit": Route("meetings", OBJECT),
    "meetings:cancel": Route("meetings", OBJECT),
    "meetings:invite": Route("meetings", OBJECT),
    "meetings:attendance": Route("meetings", OBJECT),
    "meetings:follow-up": Route("meetings", OBJECT),
    "meetings:distribute": Route("meetings", OBJECT),
    "meetings:minutes": Route("meetings", OBJECT),
    "meetings:minutes-edit": Route("meetings", OBJECT),
    "meetings:minutes-approve": Route("meetings", OBJECT),
    "meetings:addendum": Route("meetings", OBJECT),
    "meetings:share": Route("meetings", OBJECT),
    "meetings:minutes-pdf": Route("meetings", OBJECT),
    # Disclosure decisions and the restricted victims section (pages).
    "disclosure:person": person_get(READ),
    "disclosure:create": person_form(DISCLOSE),
    "disclosure:register": Route("disclosure_register"),
    # Decisions about a person reached by id: none exist in the fixture, so every actor gets
    # the missing-record answer (disclosure/tests cover the shared and visible cases).
    "disclosure:shared": Route("disclosure", "person", (("get", NOBODY, 200, 404),)),
    "disclosure:detail": Route("disclosure", OBJECT),
    "disclosure:edit": Route("people", OBJECT),
    "disclosure:carried-out": Route("people", OBJECT),
    "disclosure:acknowledgement": Route("people", OBJECT),
    "disclosure:review": Route("people", OBJECT),
    "victims:person": person_get(VICTIMS_READ),
    "victims:create": person_form(VICTIMS_EDIT),
    "victims:detail": Route("people", OBJECT),
    "victims:edit": Route("people", OBJECT),
    "victims:add-notification": Route("people", OBJECT),
    # Risk, the risk management plan and its actions, external controls (pages).
    "plans:overview": person_get(READ),
    "plans:plan": person_get(READ),
    "plans:assessment-create": person_form(PLAN_EDIT),
    "plans:agreement-create": person_form(PLAN_EDIT),
    "plans:plan-edit": person_form(PLAN_EDIT_REGISTERED),
    "plans:action-create": person_form(PLAN_EDIT_REGISTERED),
    "plans:control-create": person_form(PLAN_EDIT),
    "plans:contract-create": person_form(PLAN_EDIT),
    "plans:assessment": Route("people", OBJECT),
    "plans:actions": Route("plan_actions"),
    "plans:action": Route("plan_actions", OBJECT),
    "plans:action-edit": Route("people", OBJECT),
    "plans:control-edit": Route("people", OBJECT),
    "plans:contract-edit": Route("people", OBJECT),
    # Worklists, notifications and the SMB's reports (pages): aggregates, no person.
    "worklists:my-work": Route("signed_in"),
    "drafts:list": Route("signed_in"),
    "drafts:detail": Route("signed_in", OBJECT),
    "drafts:discard": Route("signed_in", OBJECT),
    "worklists:area": Route("worklist_area"),
    "worklists:notifications": Route("signed_in"),
    "reports:index": Route("reports"),
    "reports:annual": Route("reports"),
    "reports:annual-csv": Route("reports"),
    "reports:annual-pdf": Route("reports"),
    "reports:quarterly": Route("reports"),
    "reports:quarterly-csv": Route("reports"),
    "reports:population": Route("reports_population"),
    # Sex offender notification, civil orders and home visits (pages and API): read by
    # whoever sees the person, written by those who edit it (lead and partner agencies, the
    # record manager, the co-ordinator; the creating agency before a registration).
    "notifications:person": person_get(READ),
    "notifications:record": person_form(EDIT),
    "notifications:requirement": person_form(EDIT),
    "notifications:breach": person_form(EDIT),
    "notifications:edit": Route("people", OBJECT),
    "notifications:requirement-edit": Route("people", OBJECT),
    "notifications:breach-edit": Route("people", OBJECT),
    "orders:person": person_get(READ),
    "orders:create": person_form(EDIT),
    "orders:edit": Route("people", OBJECT),
    "orders:breach": Route("people", OBJECT),
    "orders:breach-edit": Route("people", OBJECT),
    "visits:person": person_get(READ),
    "visits:create": person_form(EDIT),
    "visits:schedule": person_form(EDIT),
    "visits:edit": Route("people", OBJECT),
    "visits:schedule-edit": Route("people", OBJECT),
    "api:nominal-notifications": Route("people", "person", (("get", READ, 200, 404), ("post", EDIT, 400, 404))),
    "api:notification": Route("people", OBJECT),
    "api:nominal-notification-requirements": Route(
        "people", "person", (("get", READ, 200, 404), ("post", EDIT, 400, 404))
    ),
    "api:notification-requirement": Route("people", OBJECT),
    "api:nominal-notification-breaches": Route("people", "person", (("get", READ, 200, 404), ("post", EDIT, 400, 404))),
    "api:notification-breach": Route("people", OBJECT),
    "notifications:review-new": Route(
        "indefinite_reviews", "person", (("get", REVIEW_RECORD, 200, 404), ("post", REVIEW_RECORD, 200, 404))
    ),
    "notifications:review-determination": Route("indefinite_reviews", OBJECT),
    "api:nominal-indefinite-reviews": Route(
        "people", "person", (("get", READ, 200, 404), ("post", REVIEW_RECORD, 400, 404))
    ),
    "api:indefinite-review": Route("people", OBJECT),
    "api:nominal-orders": Route("people", "person", (("get", READ, 200, 404), ("post", EDIT, 400, 404))),
    "api:order": Route("people", OBJECT),
    "api:order-breaches": Route("people", OBJECT),
    "api:order-breach": Route("people", OBJECT),
    "api:nominal-visits": Route("people", "person", (("get", READ, 200, 404), ("post", EDIT, 400, 404))),
    "api:visit": Route("people", OBJECT),
    "api:nominal-visit-schedules": Route("people", "person", (("get", READ, 200, 404), ("post", EDIT, 400, 404))),
    "api:visit-schedule": Route("people", OBJECT),
    # The API.
    "api:schema": Route("public", anonymous_ok=200),
    "api:docs": Route("public", anonymous_ok=200),
    "api:token": Route("public", ok=405, anonymous_ok=405),
    "api:nominals": Route("people"),
    "api:nominal-addresses": Route("people", "person", (("get", READ, 200, 404), ("post", EDIT, 400, 404))),
    "api:address": Route("people", OBJECT),
    "api:address-end": Route("people", OBJECT),
    "api:nominal-alerts": person_get(READ),
    "api:nominal": Route(
        "people",
        "person",
        (
            ("get", READ, 200, 404),
            # PATCH without If-Match: 428 when editable; an archived record is read-only (409).
            ("patch", EDIT, 428, 409),
        ),
    ),
    "api:register": api_post("people", "person", MANAGE),
    "api:nominal-viewers": Route("record_viewers", "person", (("get", RECORD_MANAGER_OR_COORDINATOR, 200, 404),)),
    "api:audit-events": Route("audit_search"),
    "api:registration": Route("people", "registration", (("get", READ, 200, 404),)),
    "api:level-change": api_post("people", "registration", MANAGE),
    "api:archive": api_post("people", "registration", MANAGE),
    "api:reactivate": api_post("people", "registration", MANAGE),
    "api:shared-list": Route("shared"),
    "api:shared-person": Route("shared", "person", (("get", SHARED, 200, 404),)),
    "api:share-grants": Route("people", "person", (("get", MANAGE, 200, 404), ("post", MANAGE, 400, 404))),
    "api:share-grant-revoke": Route("people", OBJECT),
    "api:restricted-access": Route("people", "person", (("get", RECORD_MANAGER_OR_COORDINATOR, 200, 404),)),
    "api:restricted-access-revoke": Route("people", OBJECT),
    "api:emergency-access": Route("emergency_access"),
    "api:emergency-review-queue": Route("emergency_review"),
    "api:emergency-review": Route("emergency_review", OBJECT),
    "api:notification-period": Route("people", ok=405),
    "api:referrals": Route("referrals"),
    "api:referral": Route("referrals", OBJECT),
    "api:referral-submit": Route("referrals", OBJECT),
    "api:referral-countersign": Route("referrals", OBJECT),
    "api:referral-gatekeep": Route("referrals", OBJECT),
    "api:referral-dispute": Route("referrals", OBJECT),
    "api:referral-resolve-dispute": Route("referrals", OBJECT),
    "api:meetings": Route("meetings"),
    "api:information-requests": Route("meetings"),
    "api:information-request-response": Route("meetings", OBJECT),
    "api:minutes-requests": Route("people"),
    "api:minutes-request": Route("people", OBJECT),
    "api:minutes-request-decision": Route("people", OBJECT),
    "api:executive-summary-pdf": Route("people", OBJECT),
    "api:meeting": Route("meetings", OBJECT),
    "api:meeting-invitations": Route("meetings", OBJECT),
    "api:meeting-cancel": Route("meetings", OBJECT),
    "api:meeting-attendance": Route("meetings", OBJECT),
    "api:meeting-attendees": Route("meetings", OBJECT),
    "api:meeting-action-list": Route("meetings", OBJECT),
    "api:minutes": Route("meetings", OBJECT),
    "api:minutes-approve": Route("meetings", OBJECT),
    "api:minutes-addenda": Route("meetings", OBJECT),
    "api:minutes-shares": Route("meetings", OBJECT),
    "api:minutes-pdf": Route("meetings", OBJECT),
    "api:worklist": Route("signed_in"),
    "api:worklist-area": Route("worklist_area"),
    "api:worklist-kinds": Route("signed_in"),
    "api:notifications": Route("signed_in"),
    "api:notifications-read": Route("signed_in", ok=405),
    "api:drafts": Route("signed_in"),
    "api:draft": Route("signed_in", OBJECT),
    # Without area and year_ending the reports answer 400 naming them, once access is granted.
    "api:annual-report": Route("reports", ok=400),
    "api:quarterly-report": Route("reports", ok=400),
    "api:populations": Route("reports_population"),
    "api:population": Route("reports_population", OBJECT),
    "api:nominal-disclosures": Route("people", "person", (("get", READ, 200, 404), ("post", DISCLOSE, 400, 404))),
    "api:disclosure-register": Route("disclosure_register"),
    "api:disclosure": Route("disclosure", OBJECT),
    "api:disclosure-carried-out": Route("people", OBJECT),
    "api:disclosure-acknowledgement": Route("people", OBJECT),
    "api:disclosure-review": Route("people", OBJECT),
    "api:nominal-victims": Route(
        "people", "person", (("get", VICTIMS_READ, 200, 404), ("post", VICTIMS_EDIT, 400, 404))
    ),
    "api:victim": Route("people", OBJECT),
    "api:victim-notifications": Route("people", OBJECT),
    "api:risk-assessments": Route("people", "person", (("get", READ, 200, 404), ("post", PLAN_EDIT, 400, 404))),
    "api:risk-assessment": Route("people", OBJECT),
    "api:agreed-risk-levels": Route("people", "person", (("get", READ, 200, 404), ("post", PLAN_EDIT, 400, 404))),
    "api:risk-plan": Route(
        "people", "person", (("get", READ_REGISTERED, 200, 404), ("patch", PLAN_EDIT_REGISTERED, 428, 404))
    ),
    "api:plan-actions": Route(
        "people", "person", (("get", READ_REGISTERED, 200, 404), ("post", PLAN_EDIT_REGISTERED, 400, 404))
    ),
    "api:my-plan-actions": Route("plan_actions"),
    "api:plan-action": Route("plan_actions", OBJECT),
    "api:plan-action-progress": Route("plan_actions", OBJECT),
    "api:external-controls": Route("people", "person", (("get", READ, 200, 404), ("post", PLAN_EDIT, 400, 404))),
    "api:external-control": Route("people", OBJECT),
    "api:disclosure-contracts": Route("people", "person", (("get", READ, 200, 404), ("post", PLAN_EDIT, 400, 404))),
    "api:disclosure-contract": Route("people", OBJECT),
    # Custody and release, serious further offences (pages and API).
    "custody:person": person_get(READ),
    "custody:start": person_form(EDIT),
    "custody:sfo-new": person_form(EDIT),
    "custody:dates": Route("people", OBJECT),
    "custody:confirm-release": Route("people", OBJECT),
    "custody:end-of-custody": Route("people", OBJECT),
    "custody:approved-premises": Route("people", OBJECT),
    "custody:approved-premises-decision": Route("people", OBJECT),
    "custody:release": Route("people", OBJECT),
    "custody:urgent-review": Route("people", OBJECT),
    "custody:sfo-list": Route("people"),
    "custody:sfo": Route("people", OBJECT),
    "custody:sfo-notification": Route("people", OBJECT),
    "custody:sfo-decision": Route("people", OBJECT),
    "api:nominal-custody": Route("people", "person", (("get", READ, 200, 404), ("post", EDIT, 400, 404))),
    "api:nominal-serious-further-offences": api_post("people", "person", EDIT),
    "api:custody-spell": Route("people", OBJECT),
    "api:custody-release-confirmation": Route("people", OBJECT),
    "api:custody-end-of-custody": Route("people", OBJECT),
    "api:custody-approved-premises": Route("people", OBJECT),
    "api:custody-release": Route("people", OBJECT),
    "api:approved-premises-decision": Route("people", OBJECT),
    "api:urgent-reviews": Route("people"),
    "api:urgent-review-complete": Route("people", OBJECT),
    "api:serious-further-offences": Route("people"),
    "api:serious-further-offence": Route("people", OBJECT),
    "api:serious-further-offence-notification": Route("people", OBJECT),
    "api:serious-further-offence-review-decision": Route("people", OBJECT),
    # Transfers between areas (pages and API).
    "transfers:index": Route("people"),
    "transfers:new": person_form(MANAGE_ACTIVE),
    "transfers:detail": Route("people", OBJECT),
    "transfers:approve": Route("people", OBJECT),
    "transfers:refuse": Route("people", OBJECT),
    "transfers:accept": Route("people", OBJECT),
    "transfers:meeting": Route("people", OBJECT),
    "transfers:address": Route("people", OBJECT),
    "transfers:records": Route("people", OBJECT),
    "transfers:complete": Route("people", OBJECT),
    "api:transfers": Route("people"),
    "api:transfer": Route("people", OBJECT),
    "api:transfer-approve": Route("people", OBJECT),
    "api:transfer-refuse": Route("people", OBJECT),
    "api:transfer-accept": Route("people", OBJECT),
    "api:transfer-receiving-meeting": Route("people", OBJECT),
    "api:transfer-address-confirmation": Route("people", OBJECT),
    "api:transfer-records-sent": Route("people", OBJECT),
    "api:transfer-complete": Route("people", OBJECT),
    # The timeline, exit dates, PDPs and the retention review.
    "cases:timeline": person_get(READ),
    "cases:pdp": person_get(READ),
    "cases:pdp-new": person_form(PDP_RECORD),
    "cases:retention-decision": Route(
        "retention", "person", (("get", RETENTION_DECIDE, 200, 404), ("post", RETENTION_DECIDE, 200, 404))
    ),
    "casework:pdp-list": Route("people"),
    "casework:pdp-end": Route("people", OBJECT),
    "casework:retention": Route("retention"),
    "api:nominal-timeline": person_get(READ),
    "api:nominal-pdp": Route("people", "person", (("get", READ, 200, 404), ("post", PDP_RECORD, 400, 404))),
    "api:pdps": Route("people"),
    "api:pdp-end": Route("people", OBJECT),
    "api:registration-exit": Route("people", "registration", (("get", READ, 200, 404),)),
    "api:retention-reviews": Route("retention"),
    "api:retention-decision": api_post("retention", "person", RETENTION_DECIDE),
}


# --- The routes, from the resolver ---------------------------------------------------------


@dataclass(frozen=True)
class ResolvedRoute:
    name: str
    pattern: str
    callback: Callable[..., Any]
    converters: tuple[tuple[str, type], ...]

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    def methods(self) -> tuple[str, ...]:
        view_class = getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)
        if view_class is None:
            return ("get", "post")
        return tuple(m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m))


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = "", converters: tuple[tuple[str, type], ...] = ()
) -> Iterator[Any]:
    for entry in resolver.url_patterns:
        found = tuple((name, type(conv)) for name, conv in getattr(entry.pattern, "converters", {}).items())
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner or "", converters + found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield ResolvedRoute(name, prefix + str(entry.pattern), entry.callback, converters + found)


def all_routes() -> list[ResolvedRoute]:
    return list(_walk(get_resolver()))


ROUTES_BY_NAME = {route.name: route for route in all_routes()}


def url_for(route: ResolvedRoute, pk: int) -> str:
    kwargs: dict[str, Any] = {}
    for name, converter in route.converters:
        if converter is IntConverter:
            kwargs[name] = pk if name in ("pk", "nominal_pk") else MISSING_ID
        elif converter is SlugConverter:
            kwargs[name] = ShareScope.REFERRAL_SUMMARY.value
        else:
            raise AssertionError(f"{route.name}: no filler for the {converter.__name__} in {route.pattern}")
    return reverse(route.name, kwargs=kwargs)


# --- Requests --------------------------------------------------------------------------------

_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
# What differs between any two pages by design: the CSP nonce, and the session notice's clock.
_PER_RESPONSE = re.compile(rb'nonce="[^"]*"|<p class="govuk-body-s app-session-notice".*?</p>', re.S)


def body_without_csrf(response: Any) -> bytes:
    return _PER_RESPONSE.sub(b"", _CSRF.sub(b"", response.content))


def send(client: Client, method: str, url: str, is_api: bool) -> Any:
    if method == "get":
        return client.get(url)
    if is_api:
        # "Any version": the matrix asks who may reach a record; the version check that
        # comes after it is tested by kernel/tests/test_if_match_everywhere.py.
        return getattr(client, method)(url, data={}, content_type="application/json", HTTP_IF_MATCH="*")
    return getattr(client, method)(url, data={})


def clients(users: dict[str, User]) -> dict[str, Client]:
    anonymous = Client()
    made = {ANONYMOUS: anonymous}
    for actor in ACTORS:
        made[actor] = Client()
        # One middleware chain for all of them, as one server process has: building it for
        # each client (whitenoise indexes every static file) costs a third of a request.
        made[actor].handler = anonymous.handler
        made[actor].force_login(users[actor])
    return made


def refusal_for_anonymous(response: Any, is_api: bool) -> str | None:
    """None when an anonymous visitor got the sign-in redirect (pages) or 401 (API)."""
    if is_api:
        return None if response.status_code == 401 else f"expected 401, got {response.status_code}"
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("accounts:sign-in")):
        return None
    return f"expected a redirect to sign in, got {response.status_code} {location}"


@dataclass(frozen=True)
class World:
    """What every test here reads: one user per actor (by primary key) and the records."""

    user_pks: dict[str, int]
    records: Records


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The users and the records (conftest.create_users and create_records), with the "own"
    person's referral summary shared with DEMO housing, built and committed once for this
    module; at its end the tables are put back as they were (conftest.TablesCopy). Each test
    still runs in a transaction of its own, rolled back afterwards (pytest-django's db
    fixture), so what one test writes never reaches another."""
    with django_db_blocker.unblock():
        before = TablesCopy.take("access_matrix_before")
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            users = create_users()
            records = create_records(users)
            sharing.grant(
                actor=Actor(users["police_om"]),
                nominal=records.people["own"],
                agency=agency("DEMO-HSG"),
                scope=ShareScope.REFERRAL_SUMMARY,
                reason="Invited to the MAPP meeting",
                expires_at=timezone.now() + timedelta(days=30),
            )
            # Built inside a test, as it used to be, this data was never committed, so work
            # deferred to a commit (transaction.on_commit) never ran for it: nor does it here.
            connection.run_on_commit.clear()
        yield World(user_pks={actor: user.pk for actor, user in users.items()}, records=records)
    finally:
        with django_db_blocker.unblock():
            before.restore()
            before.drop()


@pytest.fixture
def users(world: World, db: None) -> dict[str, User]:
    """The world's users, read afresh for each test (a test may change one)."""
    found = User.objects.select_related("agency__area", "area").in_bulk(world.user_pks.values())
    return {actor: found[pk] for actor, pk in world.user_pks.items()}


@pytest.fixture
def shared_records(world: World, db: None) -> Records:
    """The records, with the "own" person's referral summary shared with DEMO housing."""
    return world.records


# --- The tests -------------------------------------------------------------------------------


def test_every_route_has_an_expectation() -> None:
    """A new route fails here until its access is written into ROUTES (and tested)."""
    found = set(ROUTES_BY_NAME)
    assert sorted(found - set(ROUTES)) == [], "routes without an expectation in the access matrix"
    assert sorted(set(ROUTES) - found) == [], "expectations for routes that no longer exist"


@pytest.mark.parametrize("name", sorted(ROUTES_BY_NAME))
def test_every_route_declares_a_rule_the_policy_knows(name: str) -> None:
    route = ROUTES_BY_NAME[name]
    rule = declared_rule(route.callback)
    assert rule in policy.RULES, f"{name} ({route.pattern}) declares no known access rule: {rule!r}"
    expected = ROUTES.get(name)
    assert expected is not None and rule == expected.rule, f"{name} declares {rule!r}"


def test_every_policy_rule_has_a_row_in_the_matrix() -> None:
    assert set(RULE_ACTORS) == set(policy.RULES)


@pytest.mark.parametrize("rule", sorted(RULE_ACTORS))
def test_each_rule_admits_exactly_its_actors(rule: str, users: dict[str, User]) -> None:
    from django.contrib.auth.models import AnonymousUser

    admitted = {actor for actor in ACTORS if policy.allows(rule, users[actor])}
    if policy.allows(rule, AnonymousUser()):
        admitted.add(ANONYMOUS)
    assert admitted == set(RULE_ACTORS[rule])


def test_an_inactive_user_is_admitted_by_no_rule(users: dict[str, User]) -> None:
    officer = users["police_om"]
    officer.is_active = False
    officer.save()
    assert [rule for rule in policy.RULES if rule != "public" and policy.allows(rule, officer)] == []


def test_an_unknown_rule_admits_nobody(users: dict[str, User]) -> None:
    assert not any(policy.allows("no_such_rule", users[actor]) for actor in ACTORS)


@pytest.mark.urls("access.tests.undeclared_urls")
@pytest.mark.parametrize("path", ["/undeclared/", "/unknown-rule/", "/api/undeclared/"])
def test_a_route_without_a_known_rule_is_unreachable(path: str, users: dict[str, User]) -> None:
    """Deny by default: the middleware refuses a view that declares no rule, or a rule the
    policy does not know, even to a signed-in co-ordinator; the declared one answers."""
    client = Client()
    client.force_login(users["coordinator"])
    assert client.get(path).status_code == 404
    assert client.get("/declared/").status_code == 200


PERSON_ROUTES = sorted(name for name, route in ROUTES.items() if route.target in ("person", "registration"))
OTHER_ROUTES = sorted(name for name, route in ROUTES.items() if route.target == "none")
OBJECT_ROUTES = sorted(name for name, route in ROUTES.items() if route.target == OBJECT)


def kinds_for(route: Route) -> tuple[str, ...]:
    if route.target == "registration":
        return tuple(kind for kind in RECORD_KINDS if kind != "unregistered")
    return RECORD_KINDS


def matrix_size() -> int:
    actors = len(ACTORS) + 1  # and the anonymous visitor
    return sum(len(route.checks) * actors * len(kinds_for(route)) for route in (ROUTES[n] for n in PERSON_ROUTES))


def test_matrix_size() -> None:
    """The size of the matrix, printed with the test run (pytest -s) and kept from shrinking."""
    actors = len(ACTORS) + 1
    checks = sum(len(ROUTES[name].checks) for name in PERSON_ROUTES)
    cells = matrix_size()
    print(
        f"access matrix: {len(PERSON_ROUTES)} person-record routes, {checks} route x method checks, "
        f"x {actors} actors ({len(ACTORS)} users and the anonymous visitor) x {len(RECORD_KINDS)} record kinds "
        f"(5 for routes about a registration) = {cells} checked answers; plus {len(OTHER_ROUTES)} routes without "
        f"an id and {len(OBJECT_ROUTES)} routes about other objects x {actors} actors = "
        f"{(len(OTHER_ROUTES) + len(OBJECT_ROUTES)) * actors}"
    )
    assert len(PERSON_ROUTES) >= 30 and checks >= 40
    assert cells >= 30 * actors * 5


@pytest.mark.parametrize("name", PERSON_ROUTES)
def test_person_record_route(name: str, users: dict[str, User], shared_records: Records) -> None:
    """Every actor on every kind of record gets exactly the handwritten answer; a refusal
    is a 404 indistinguishable from the answer for an id that does not exist."""
    route, resolved = ROUTES[name], ROUTES_BY_NAME[name]
    records = shared_records
    by_actor = clients(users)
    problems: list[str] = []
    for method, allowed, ok_status, seen_but_refused in route.checks:
        missing_url = url_for(resolved, MISSING_ID)
        missing = {actor: send(by_actor[actor], method, missing_url, resolved.is_api) for actor in (*ACTORS, ANONYMOUS)}
        for actor in (*ACTORS, ANONYMOUS):
            assert missing[actor].status_code in ((404,) if actor != ANONYMOUS else (302, 401)), (
                f"{method.upper()} {missing_url} as {actor}: {missing[actor].status_code}"
            )
        for kind in kinds_for(route):
            target = records.people[kind] if route.target == "person" else records.registrations[kind]
            assert target is not None
            url = url_for(resolved, target.pk)
            for actor in (*ACTORS, ANONYMOUS):
                response = send(by_actor[actor], method, url, resolved.is_api)
                where = f"{method.upper()} {url} ({kind}) as {actor}"
                if actor == ANONYMOUS:
                    refusal = refusal_for_anonymous(response, resolved.is_api)
                    if refusal:
                        problems.append(f"{where}: {refusal}")
                    continue
                if (actor, kind) in allowed:
                    expected = ok_status
                elif (actor, kind) in READ and seen_but_refused != 404:
                    expected = seen_but_refused
                else:
                    expected = 404
                if response.status_code != expected:
                    problems.append(f"{where}: expected {expected}, got {response.status_code}")
                elif expected == 404 and body_without_csrf(response) != body_without_csrf(missing[actor]):
                    problems.append(f"{where}: the refusal differs from the answer for a missing id")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", OTHER_ROUTES)
def test_route_without_an_id(name: str, users: dict[str, User]) -> None:
    """Routes with no record in the path: the coarse rule alone decides."""
    route, resolved = ROUTES[name], ROUTES_BY_NAME[name]
    url = reverse(name)
    problems: list[str] = []
    for actor, client in clients(users).items():
        response = client.get(url)
        if actor == ANONYMOUS and route.anonymous_ok is None:
            refusal = refusal_for_anonymous(response, resolved.is_api)
            if refusal:
                problems.append(f"GET {url} as {actor}: {refusal}")
            continue
        expected = route.ok if actor in RULE_ACTORS[route.rule] else 404
        if actor == ANONYMOUS and route.anonymous_ok is not None:
            expected = route.anonymous_ok
        if response.status_code != expected:
            problems.append(f"GET {url} as {actor}: expected {expected}, got {response.status_code}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_route_for_another_object_refuses_every_actor_a_missing_id(name: str, users: dict[str, User]) -> None:
    """Routes about meetings, referrals, grants and the like: their apps test the objects;
    here every actor asking for one that does not exist gets the same 404, and an anonymous
    visitor is sent to sign in."""
    resolved = ROUTES_BY_NAME[name]
    url = url_for(resolved, MISSING_ID)
    methods = resolved.methods()
    method = "get" if "get" in methods else methods[0]
    problems: list[str] = []
    answers: dict[str, bytes] = {}
    for actor, client in clients(users).items():
        response = send(client, method, url, resolved.is_api)
        if actor == ANONYMOUS:
            refusal = refusal_for_anonymous(response, resolved.is_api)
            if refusal:
                problems.append(f"{method.upper()} {url} as {actor}: {refusal}")
            continue
        if response.status_code != 404:
            problems.append(f"{method.upper()} {url} as {actor}: expected 404, got {response.status_code}")
        answers[actor] = body_without_csrf(response)
    if resolved.is_api:
        assert len(set(answers.values())) == 1, "API 404s differ between actors"
    assert problems == [], "\n".join(problems)
