"""Every write to meetings: schedule, invite, information requests, attendance, minutes,
the action list, sharing, and requests for minutes. Each is one transaction with its
audit event; every date the law or the guidance sets comes from rules/."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from access import sharing
from access.models import ShareGrant, ShareScope
from accounts.models import RESPONSIBLE_AUTHORITY, Agency, User
from audit import trail
from cases import services as case_services
from cases.models import RegistrationStatus
from kernel import records
from kernel.actor import Actor
from kernel.errors import VersionConflict, collect
from kernel.minutes_consumers import apply_minutes
from kernel.records import save_new_version
from referrals.models import RANK_TIER, Referral, ReferralStatus, StaffRank, tier_to_chair
from referrals.services import EMERGENCY_DATE_RULE
from register.models import Nominal
from rules.agreed_review import agreed_review_problem
from rules.information_requests import INFORMATION_REQUEST_BEFORE_MEETING, answer_due_on
from rules.level_basis import Basis
from rules.reviews import DISCLOSURE_REVIEW, next_review_due_on
from rules.working_days import ACTIONS_LIST
from rules.young_mappa import young_mappa_problem

from .models import (
    AGENCY_RESPONSES,
    NON_ATTENDANCE,
    ROSH_GROUPS,
    ActionListDelivery,
    Attendance,
    Attendee,
    Channel,
    DisclosureDecision,
    ExecutiveSummary,
    InformationRequest,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingType,
    Minutes,
    MinutesAction,
    MinutesAddendum,
    MinutesRequest,
    MinutesShare,
    MinutesStatus,
    PlanHeading,
    RequesterKind,
    RequestStatus,
    ResponseKind,
)

logger = logging.getLogger(__name__)

CHAIR_RA_RULE = (
    "The chair of a MAPP meeting is always from the Responsible Authority: police, probation or prison "
    "(rule meetings.chair_responsible_authority; seed 003, 'Chairing')"
)
CHAIR_RANK_RULE = {
    2: "A level 2 meeting is chaired by a Senior Probation Officer, Police Inspector or above "
    "(rule meetings.chair_rank; seed 003, 'Chairing')",
    3: "A level 3 meeting is chaired by an Assistant Chief Officer, BCU Commander or equivalent "
    "(rule meetings.chair_rank; seed 003, 'Chairing')",
}
PDP_RULE = (
    "A PDP discussion is for a potentially dangerous person outside MAPPA: it has no MAPPA level and is never "
    "counted as a MAPPA meeting (seed 003, 'Potentially Dangerous Persons')"
)
DISCLOSURE_RULE = f"Disclosure must be considered (rule {DISCLOSURE_REVIEW.key}): {DISCLOSURE_REVIEW.statement}"
REDUCTION_RULE = (
    "A reduction of level is considered at the end of every meeting "
    "(rule meetings.reduction_considered; seed 003, 'Levels of management')"
)
ATTENDANCE_RULE = "Record the attendance of every invited agency (seed 003, 'Attendance')"
PLAN_RULE = (
    "The risk management plan needs at least one action, each with an owning agency and a date "
    "(seed 003, 'Risk management plan')"
)
LOCKED_RULE = "Approved minutes are locked: a correction is made as an addendum, never an edit"
CANCELLED_RULE = "The meeting is cancelled: schedule a new meeting instead"

DEFAULT_AGENDA = "\n".join(
    (
        "1. Introductions, attendance and confidentiality",
        "2. Reason for the meeting",
        "3. New information from each agency",
        "4. Progress on each action",
        "5. Victims and potential victims",
        "6. Risk assessment",
        "7. Disclosure",
        "8. Risk management plan",
        "9. Level of management (a reduction considered)",
        "10. Next meeting",
    )
)

MINUTES_TEXT_FIELDS = (
    "attendance_notes",
    "reason_for_meeting",
    "agency_information",
    "risk_assessment",
    "victims",
    "disclosure_what",
    "disclosure_to_whom",
    "disclosure_by_whom",
    "disclosure_reasons_not",
    "offender_not_told_reason",
    "level_reasoning",
    "differing_views",
    "next_meeting_reason",
)
MINUTES_FIELDS = (
    *MINUTES_TEXT_FIELDS,
    *(field for field, _ in ROSH_GROUPS),
    "imminence",
    "disclosure_considered",
    "disclosure_decision",
    "disclosure_by_when",
    "offender_told",
    "level_decision",
    "reduction_considered",
    "next_meeting_on",
)


def _audit(actor: Actor, action: str, obj: Any, nominal_id: int, **detail: Any) -> None:
    trail.record(actor=actor, action=action, obj=obj, nominal_id=nominal_id, detail=detail)


# --- Scheduling --------------------------------------------------------------------------


def chair_errors(chair: User | None, *, level: int | None, area_id: int) -> list[str]:
    """Why this user may not chair a meeting of this level (empty when they may)."""
    if chair is None or not chair.is_active:
        return ["Select the chair"]
    if chair.agency is None or chair.agency.kind not in RESPONSIBLE_AUTHORITY:
        return [CHAIR_RA_RULE]
    if chair.agency.area_id != area_id:
        return ["The chair works in the MAPPA area of the meeting"]
    rank = StaffRank.objects.filter(user=chair).first()
    needed = tier_to_chair(level or 2)
    if rank is None or RANK_TIER.get(rank.rank, 0) < needed:
        return [CHAIR_RANK_RULE[3 if needed >= 3 else 2]]
    return []


def eligible_chairs(*, area_id: int, level: int) -> list[User]:
    """Users of the area's Responsible Authority agencies of the rank the level needs."""
    needed = tier_to_chair(level)
    ranks = [rank for rank, tier in RANK_TIER.items() if tier >= needed]
    return list(
        User.objects.filter(
            is_active=True,
            agency__area_id=area_id,
            agency__kind__in=list(RESPONSIBLE_AUTHORITY),
            staff_rank__rank__in=ranks,
        )
        .select_related("agency", "staff_rank")
        .order_by("last_name", "username")
    )


def _meeting_errors(
    *,
    nominal: Nominal,
    meeting_type: str,
    level: int | None,
    held_on: date | None,
    starts_at: time | None,
    ends_at: time | None,
    place: str,
    video_link: str,
    chair: User | None,
    referral: Referral | None,
    creating: bool,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if meeting_type not in MeetingType.values:
        errors["meeting_type"] = ["Select the type of meeting"]
    elif meeting_type == MeetingType.PDP_DISCUSSION:
        if level is not None:
            errors["level"] = [PDP_RULE]
        if not nominal.pdp_records.filter(status=RegistrationStatus.ACTIVE).exists():
            errors["meeting_type"] = ["This person is not recorded as a potentially dangerous person"]
    elif level not in (2, 3):
        errors["level"] = ["Select level 2 or level 3: MAPP meetings manage cases at level 2 or 3 (seed 003)"]
    elif meeting_type == MeetingType.YOUNG_MAPPA and held_on is not None:
        problem = young_mappa_problem(date_of_birth=nominal.date_of_birth, held_on=held_on, level=level)
        if problem:
            errors["meeting_type"] = [problem]
    if held_on is None:
        errors["held_on"] = ["Enter the date of the meeting"]
    elif creating and held_on < timezone.localdate():
        emergency = meeting_type == MeetingType.EMERGENCY or bool(referral and referral.is_emergency)
        errors["held_on"] = [EMERGENCY_DATE_RULE if emergency else "A new meeting is scheduled for today or later"]
    if starts_at is None:
        errors["starts_at"] = ["Enter the start time"]
    if ends_at is None:
        errors["ends_at"] = ["Enter the end time"]
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = ["The meeting ends after it starts"]
    if not (place.strip() or video_link.strip()):
        errors["place"] = ["Enter the place of the meeting or a video link"]
    chair_problems = chair_errors(chair, level=level, area_id=nominal.area_id)
    if chair_problems:
        errors["chair"] = chair_problems
    if referral is not None:
        if referral.nominal_id != nominal.pk:
            errors["referral"] = ["The referral is about another person"]
        elif referral.status != ReferralStatus.ACCEPTED:
            errors["referral"] = ["Only an accepted referral leads to a meeting"]
    return errors


def schedule_meeting(
    *,
    actor: Actor,
    nominal: Nominal,
    meeting_type: str,
    level: int | None,
    held_on: date | None,
    starts_at: time | None,
    ends_at: time | None,
    chair: User | None,
    place: str = "",
    video_link: str = "",
    agenda: str = "",
    invited_agencies: Iterable[Agency] = (),
    referral: Referral | None = None,
) -> Meeting:
    """Schedule a meeting, invite its agencies and send each an information request."""
    errors = _meeting_errors(
        nominal=nominal,
        meeting_type=meeting_type,
        level=level,
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        chair=chair,
        referral=referral,
        creating=True,
    )
    collect(errors)
    assert held_on is not None and starts_at is not None and ends_at is not None and chair is not None
    with transaction.atomic():
        meeting = Meeting.objects.create(
            reference=f"new-{uuid.uuid4().hex[:16]}",
            area=nominal.area,
            nominal=nominal,
            referral=referral,
            meeting_type=meeting_type,
            level=level,
            held_on=held_on,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            video_link=video_link.strip(),
            chair=chair,
            agenda=agenda.strip() or DEFAULT_AGENDA,
            created_by=actor.user,
        )
        meeting.reference = f"{nominal.area.code}-MTG-{meeting.pk:05d}"
        meeting.save(update_fields=["reference"])
        _audit(actor, "meeting.schedule", meeting, nominal.pk, type=meeting_type, level=level)
        for agency in invited_agencies:
            _invite(actor=actor, meeting=meeting, agency=agency)
    return meeting


def update_meeting(
    *,
    actor: Actor,
    meeting: Meeting,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Meeting:
    """Move the meeting, or change its place, chair or agenda, before its minutes are
    approved. Cancelling is `cancel_meeting`: it needs a reason and ends what was shared."""
    allowed = {"held_on", "starts_at", "ends_at", "place", "video_link", "chair", "agenda"}
    changes = {k: v for k, v in changes.items() if k in allowed}
    with transaction.atomic():
        locked = records.locked(meeting, expected_version)
        if locked.is_cancelled:
            collect({"meeting": [CANCELLED_RULE]})
        if Minutes.objects.filter(meeting=locked, status=MinutesStatus.APPROVED).exists():
            collect({"meeting": ["The minutes of this meeting are approved: the meeting can no longer change"]})
        merged = {f: getattr(locked, f) for f in allowed} | changes
        errors = _meeting_errors(
            nominal=locked.nominal,
            meeting_type=locked.meeting_type,
            level=locked.level,
            held_on=merged["held_on"],
            starts_at=merged["starts_at"],
            ends_at=merged["ends_at"],
            place=merged["place"],
            video_link=merged["video_link"],
            chair=merged["chair"],
            referral=None,
            creating=False,
        )
        collect(errors)
        moved = "held_on" in changes and changes["held_on"] != locked.held_on
        for field, value in changes.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        save_new_version(locked)
        redated = _redate_open_requests(locked) if moved else []
        if moved:
            _share_until_the_moved_meeting(actor, locked)
        _audit(actor, "meeting.update", locked, locked.nominal_id, fields=sorted(changes), redated_requests=redated)
    return locked


def _share_until_the_moved_meeting(actor: Actor, meeting: Meeting) -> None:
    """What each invited duty-to-co-operate agency was shown stays shown until after the
    meeting's new date: its grant is extended (sharing.grant never duplicates a live one)."""
    until = sharing.default_expiry() + max(timedelta(0), meeting.held_on - timezone.localdate())
    for invitation in meeting.invitations.select_related("agency"):
        if invitation.agency.kind in RESPONSIBLE_AUTHORITY:
            continue
        sharing.grant(
            actor=actor,
            nominal=meeting.nominal,
            agency=invitation.agency,
            scope=ShareScope.REFERRAL_SUMMARY,
            reason=f"Invited to MAPP meeting {meeting.reference}, moved to {meeting.held_on:%d %B %Y}",
            expires_at=until,
            obj=meeting,
        )


def _redate_open_requests(meeting: Meeting) -> list[int]:
    """A moved meeting moves the answers it waits for (rule {key}): every open request is
    due again by the rule, from the day it was made and the new date of the meeting."""
    redated: list[int] = []
    for request in InformationRequest.objects.select_for_update().filter(invitation__meeting=meeting, response_kind=""):
        due_on = answer_due_on(requested_on=request.requested_on, meeting_on=meeting.held_on)
        if due_on != request.due_on:
            request.due_on = due_on
            request.save(update_fields=["due_on"])
            redated.append(request.pk)
    return redated


_redate_open_requests.__doc__ = (_redate_open_requests.__doc__ or "").format(key=INFORMATION_REQUEST_BEFORE_MEETING.key)


def cancel_meeting(
    *,
    actor: Actor,
    meeting: Meeting,
    reason: str,
    expected_version: int | None = None,
) -> Meeting:
    """Cancel the meeting, with the reason. What its invitations shared goes with it: every
    live sharing grant the meeting justified (the referral summary for each invited
    duty-to-co-operate agency) is revoked in the same transaction, so a SPOC no longer sees
    the person through a meeting that will not happen."""
    reason = reason.strip()
    collect({} if reason else {"reason": ["Enter why the meeting is cancelled: the invited agencies are told"]})
    with transaction.atomic():
        locked = records.locked(meeting, expected_version)
        if locked.is_cancelled:
            collect({"meeting": ["This meeting is already cancelled"]})
        if Minutes.objects.filter(meeting=locked, status=MinutesStatus.APPROVED).exists():
            collect({"meeting": ["The minutes of this meeting are approved: a meeting that was held is not cancelled"]})
        locked.status = MeetingStatus.CANCELLED
        locked.cancelled_by = actor.user
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason
        save_new_version(locked)
        grants = ShareGrant.objects.filter(
            object_type=type(locked).__name__,
            object_id=str(locked.pk),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        revoked = [
            sharing.revoke(
                actor=actor,
                grant=grant,
                reason=f"MAPP meeting {locked.reference} cancelled: {reason}",
            ).pk
            for grant in grants
        ]
        # The open requests prepared a meeting that will not happen: closed, not left overdue.
        open_requests = InformationRequest.objects.select_for_update().filter(
            invitation__meeting=locked, response_kind=""
        )
        closed = list(open_requests.values_list("pk", flat=True))
        open_requests.update(
            response_kind=ResponseKind.CLOSED,
            response=f"Meeting cancelled: {reason}",
            responded_by=actor.user,
            responded_at=timezone.now(),
        )
        trail.record(
            actor=actor,
            action="meeting.cancel",
            obj=locked,
            nominal_id=locked.nominal_id,
            reason=reason,
            detail={"revoked_grants": revoked, "closed_requests": closed},
        )
    return locked


def _invite(*, actor: Actor, meeting: Meeting, agency: Agency) -> Invitation:
    now = timezone.now()
    invitation = Invitation.objects.create(meeting=meeting, agency=agency, invited_by=actor.user, invited_at=now)
    requested_on = timezone.localdate()
    InformationRequest.objects.create(
        invitation=invitation,
        area_id=meeting.area_id,
        requested_on=requested_on,
        due_on=answer_due_on(requested_on=requested_on, meeting_on=meeting.held_on),
    )
    _audit(actor, "meeting.invite", invitation, meeting.nominal_id, agency=agency.code)
    if agency.kind not in RESPONSIBLE_AUTHORITY:
        # The invitation is what justifies showing a DTC agency the referral summary.
        sharing.grant(
            actor=actor,
            nominal=meeting.nominal,
            agency=agency,
            scope=ShareScope.REFERRAL_SUMMARY,
            reason=f"Invited to MAPP meeting {meeting.reference} on {meeting.held_on:%d %B %Y}",
            obj=meeting,
        )
    return invitation


def invite_agency(*, actor: Actor, meeting: Meeting, agency: Agency) -> Invitation:
    """Invite one more agency; it is asked to search its records ({key})."""
    errors: dict[str, list[str]] = {}
    if agency.area_id != meeting.area_id:
        errors["agency"] = ["Invite agencies of the meeting's MAPPA area"]
    elif meeting.invitations.filter(agency=agency).exists():
        errors["agency"] = ["This agency is already invited"]
    if meeting.is_cancelled:
        errors["meeting"] = [CANCELLED_RULE]
    collect(errors)
    with transaction.atomic():
        return _invite(actor=actor, meeting=meeting, agency=agency)


invite_agency.__doc__ = (invite_agency.__doc__ or "").format(key=INFORMATION_REQUEST_BEFORE_MEETING.key)


def respond_to_information_request(
    *,
    actor: Actor,
    information_request: InformationRequest,
    response_kind: str,
    response: str = "",
) -> InformationRequest:
    """The agency's answer: the information it holds, or that it holds none."""
    response = response.strip()
    errors: dict[str, list[str]] = {}
    if response_kind not in AGENCY_RESPONSES:
        errors["response_kind"] = ["Select whether the agency holds information"]
    elif response_kind == ResponseKind.INFORMATION and not response:
        errors["response"] = ["Enter the information the agency holds"]
    collect(errors)
    with transaction.atomic():
        locked = InformationRequest.objects.select_for_update().get(pk=information_request.pk)
        if locked.invitation.meeting.is_cancelled or locked.is_closed:
            collect({"response_kind": ["The meeting is cancelled: no response is needed"]})
        if locked.is_answered:
            collect({"response_kind": ["This request has already been answered"]})
        locked.response_kind = response_kind
        locked.response = response
        locked.responded_by = actor.user
        locked.responded_at = timezone.now()
        locked.save()
        meeting = locked.invitation.meeting
        _audit(
            actor,
            "meeting.information_response",
            locked,
            meeting.nominal_id,
            kind=response_kind,
            on_time=timezone.localdate() <= locked.due_on,
        )
    return locked


def record_attendance(
    *,
    actor: Actor,
    meeting: Meeting,
    attendance: dict[int, tuple[str, str]],
) -> Meeting:
    """Attendance per invited agency: {invitation id: (attendance, represented by)}."""
    errors: dict[str, list[str]] = {}
    if meeting.held_on > timezone.localdate():
        errors["attendance"] = ["Attendance is recorded on or after the day of the meeting"]
    invitations = {i.pk: i for i in meeting.invitations.all()}
    for invitation_id, (value, _) in attendance.items():
        if invitation_id not in invitations:
            errors["attendance"] = ["Record attendance for invited agencies only"]
        elif value and value not in Attendance.values:
            errors["attendance"] = ["Select attended, written report, apologies or absent"]
    collect(errors)
    with transaction.atomic():
        for invitation_id, (value, represented_by) in attendance.items():
            invitation = invitations[invitation_id]
            invitation.attendance = value
            invitation.represented_by = represented_by.strip()
            invitation.save(update_fields=["attendance", "represented_by"])
        _audit(
            actor,
            "meeting.attendance",
            meeting,
            meeting.nominal_id,
            attendance={invitations[k].agency.code: v for k, (v, _) in attendance.items()},
        )
    return meeting


def record_follow_up(*, actor: Actor, invitation: Invitation, follow_up: str) -> Invitation:
    """The chair's follow-up of an agency's non-attendance (then the SMB, seed 003)."""
    errors: dict[str, list[str]] = {}
    if invitation.attendance not in NON_ATTENDANCE:
        errors["follow_up"] = ["Follow-up is for agencies that did not attend"]
    if not follow_up.strip():
        errors["follow_up"] = ["Enter the follow-up"]
    collect(errors)
    with transaction.atomic():
        invitation.follow_up = follow_up.strip()
        invitation.save(update_fields=["follow_up"])
        _audit(actor, "meeting.follow_up", invitation, invitation.meeting.nominal_id)
    return invitation


def add_attendee(
    *,
    actor: Actor,
    meeting: Meeting,
    name: str = "",
    email: str = "",
    agency: Agency | None = None,
    user: User | None = None,
) -> Attendee:
    """Someone at the meeting: an OpenMAPPA user (in-app and email) or a named guest (email)."""
    if user is not None:
        name = name.strip() or user.display_name
        email = email.strip() or user.email
        agency = agency or user.agency
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the attendee's name"]
    if user is None and not email.strip():
        errors["email"] = ["Enter an email address: the action list goes to every attendee"]
    if user is not None and meeting.attendees.filter(user=user).exists():
        errors["user"] = ["This person is already an attendee"]
    collect(errors)
    with transaction.atomic():
        attendee = Attendee.objects.create(
            meeting=meeting, name=name.strip(), email=email.strip(), agency=agency, user=user
        )
        _audit(actor, "meeting.attendee", attendee, meeting.nominal_id)
    return attendee


# --- Minutes -------------------------------------------------------------------------------


def minutes_for(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def _action_errors(actions: list[dict[str, Any]]) -> dict[str, list[str]]:
    problems: list[str] = []
    for number, row in enumerate(actions, start=1):
        if row.get("heading") not in PlanHeading.values:
            problems.append(f"Action {number}: select the plan heading")
        if not str(row.get("action") or "").strip():
            problems.append(f"Action {number}: enter the action")
        if not isinstance(row.get("owner"), Agency):
            problems.append(f"Action {number}: select the owning agency")
        if not isinstance(row.get("due_on"), date):
            problems.append(f"Action {number}: enter the date it is due")
    return {"actions": problems} if problems else {}


def save_minutes_draft(
    *,
    actor: Actor,
    meeting: Meeting,
    values: dict[str, Any],
    actions: list[dict[str, Any]] | None = None,
    expected_version: int | None = None,
) -> Minutes:
    """Save the draft, however incomplete; `actions` (when given) replaces the plan's rows."""
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in MINUTES_FIELDS}
    errors = _action_errors(actions or [])
    level = values.get("level_decision")
    if level not in (None, "") and int(level) not in (1, 2, 3):
        errors["level_decision"] = ["Select level 1, 2 or 3"]
    collect(errors)
    with transaction.atomic():
        if records.locked(meeting).is_cancelled:
            collect({"meeting": [CANCELLED_RULE]})
        minutes, created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
        if not created and expected_version is not None and minutes.version != expected_version:
            raise VersionConflict(minutes.version)
        if minutes.is_locked:
            collect({"minutes": [LOCKED_RULE]})
        for field, value in values.items():
            setattr(minutes, field, value)
        minutes.updated_by = actor.user
        if created:
            minutes.save()
        else:
            save_new_version(minutes)
        if actions is not None:
            minutes.actions.all().delete()
            MinutesAction.objects.bulk_create(
                MinutesAction(
                    minutes=minutes,
                    heading=row["heading"],
                    action=str(row["action"]).strip(),
                    owner=row["owner"],
                    due_on=row["due_on"],
                    position=position,
                )
                for position, row in enumerate(actions)
            )
        _audit(actor, "minutes.save_draft", minutes, meeting.nominal_id, fields=sorted(values))
    return minutes


def approval_errors(minutes: Minutes) -> dict[str, list[str]]:
    """Every required section of the MAPPA C minutes that is missing, with its rule."""
    meeting = minutes.meeting
    errors: dict[str, list[str]] = {}

    def need(field: str, message: str) -> None:
        value = getattr(minutes, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.setdefault(field, []).append(message)

    if any(not i.attendance for i in meeting.invitations.all()):
        errors["attendance"] = [ATTENDANCE_RULE]
    need("reason_for_meeting", "Enter the reason for the meeting")
    need("agency_information", "Enter the information from each agency (every meeting requests new information)")
    if not any(getattr(minutes, field) for field, _ in ROSH_GROUPS):
        errors["rosh_public"] = [
            "Record the risk of serious harm for each group at risk (OASys RoSH; seed 003, 'Risk assessment')"
        ]
    need("imminence", "Select how imminent the risk of serious harm is")
    need("victims", "Enter the victims and potential victims (every meeting requests victim information)")
    if not minutes.disclosure_considered:
        errors["disclosure_considered"] = [DISCLOSURE_RULE]
    if minutes.disclosure_decision == DisclosureDecision.DISCLOSE:
        need("disclosure_what", "Enter what is disclosed")
        need("disclosure_to_whom", "Enter to whom it is disclosed")
        need("disclosure_by_whom", "Enter who discloses it")
        need("disclosure_by_when", "Enter by when it is disclosed")
    elif minutes.disclosure_decision == DisclosureDecision.DO_NOT_DISCLOSE:
        need("disclosure_reasons_not", "Enter the defensible reasons for not disclosing")
    else:
        errors["disclosure_decision"] = ["Record the disclosure decision: disclose, or the reasons not to"]
    if minutes.offender_told is None:
        errors["offender_told"] = ["Record whether the offender is told of the disclosure decision"]
    elif minutes.offender_told is False:
        need("offender_not_told_reason", "Enter why the offender is not told")
    if not minutes.actions.exists():
        errors["actions"] = [PLAN_RULE]
    if meeting.is_mappa:
        need("level_decision", "Record the level decision")
        need("level_reasoning", "Enter the reasoning for the level decision")
        if not minutes.reduction_considered:
            errors["reduction_considered"] = [REDUCTION_RULE]
        if minutes.next_meeting_on is None:
            errors["next_meeting_on"] = ["Enter the date of the next meeting or review"]
        elif minutes.level_decision in (1, 2, 3):
            problem = agreed_review_problem(
                level=minutes.level_decision,
                decided_on=meeting.held_on,
                agreed_on=minutes.next_meeting_on,
                reason=minutes.next_meeting_reason,
            )
            if problem:
                field = "next_meeting_on" if minutes.next_meeting_on <= meeting.held_on else "next_meeting_reason"
                errors[field] = [f"{problem}, and how the review will happen instead"]
    return errors


def approve_minutes(
    *,
    actor: Actor,
    meeting: Meeting,
    expected_version: int | None = None,
) -> Minutes:
    """The chair approves: every required section present, then locked for good. In the same
    transaction the minutes drive the record: the level decision becomes the registration's
    level change (citing the meeting) with the agreed next review as its next review date,
    and every consumer registered in kernel.minutes_consumers (the plan's actions, the
    disclosure register) adds what the minutes decided."""
    with transaction.atomic():
        locked_meeting = records.locked(meeting)
        minutes = Minutes.objects.select_for_update().filter(meeting=locked_meeting).first()
        if minutes is None:
            collect({"minutes": ["There are no minutes to approve yet: save a draft first"]})
        assert minutes is not None
        if expected_version is not None and minutes.version != expected_version:
            raise VersionConflict(minutes.version)
        if minutes.is_locked:
            collect({"minutes": ["These minutes are already approved and locked"]})
        if locked_meeting.is_cancelled:
            collect({"meeting": [CANCELLED_RULE]})
        if locked_meeting.held_on > timezone.localdate():
            collect({"minutes": ["Minutes are approved after the meeting has been held"]})
        collect(approval_errors(minutes))
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_by = actor.user
        minutes.approved_at = timezone.now()
        save_new_version(minutes)
        registration_updated = _record_level_decision(actor, locked_meeting, minutes)
        outcomes = apply_minutes(actor, minutes)
        _audit(
            actor,
            "minutes.approve",
            minutes,
            locked_meeting.nominal_id,
            on_time=timezone.localdate() <= (locked_meeting.minutes_due_on or timezone.localdate()),
            registration_updated=registration_updated,
            **{f"{o.kind}_added": o.added for o in outcomes},
        )
    return minutes


def _record_level_decision(actor: Actor, meeting: Meeting, minutes: Minutes) -> bool:
    """The meeting's level decision is the registration's review, when it is the latest."""
    if not meeting.is_mappa or minutes.level_decision is None:
        return False
    registration = meeting.nominal.registrations.filter(status=RegistrationStatus.ACTIVE).first()
    if registration is None or meeting.held_on < registration.last_reviewed_on:
        return False
    try:
        case_services.change_level(
            actor=actor,
            registration=registration,
            to_level=minutes.level_decision,
            decided_on=meeting.held_on,
            reason=f"MAPP meeting {meeting.reference}: {minutes.level_reasoning}",
            # Leaving level 2 or 3: the meeting agreed the plan and the level 1 review date.
            plan_agreed_on=meeting.held_on,
            level_1_review_on=minutes.next_meeting_on or next_review_due_on(level=1, last_review_on=meeting.held_on),
            basis=Basis.MEETING,
            basis_reference=meeting.reference,
            next_review_on=minutes.next_meeting_on,
            review_date_reason=minutes.next_meeting_reason,
        )
    except ValidationError as error:
        messages = [m for values in error.message_dict.values() for m in values]
        raise ValidationError({"level_decision": messages}) from error
    return True


def add_addendum(
    *, actor: Actor, meeting: Meeting, text: str, actions: list[dict[str, Any]] | None = None
) -> MinutesAddendum:
    """A correction to approved minutes: the next numbered addendum, locked as it is made.

    `actions` (same shape as the draft's) are further agreed actions: in the same
    transaction they reach the plan through kernel.minutes_consumers, which adds only what
    it has not made from these minutes before, so nothing already there is duplicated."""
    actions = actions or []
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = ["Enter the correction"]
    minutes = minutes_for(meeting)
    if minutes is None or not minutes.is_locked:
        errors["minutes"] = ["An addendum corrects approved minutes: edit the draft instead"]
    errors |= _action_errors(actions)
    collect(errors)
    assert minutes is not None
    with transaction.atomic():
        locked_minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        number = (minutes.addenda.aggregate(top=Max("number"))["top"] or 0) + 1
        addendum = MinutesAddendum.objects.create(
            minutes=minutes, number=number, text=text.strip(), made_by=actor.user, made_at=timezone.now()
        )
        first = (minutes.actions.aggregate(top=Max("position"))["top"] or 0) + 1
        MinutesAction.objects.bulk_create(
            MinutesAction(
                minutes=minutes,
                addendum=addendum,
                heading=row["heading"],
                action=str(row["action"]).strip(),
                owner=row["owner"],
                due_on=row["due_on"],
                position=first + offset,
            )
            for offset, row in enumerate(actions)
        )
        outcomes = apply_minutes(actor, locked_minutes)
        _audit(
            actor,
            "minutes.addendum",
            addendum,
            meeting.nominal_id,
            number=number,
            actions=len(actions),
            **{f"{o.kind}_added": o.added for o in outcomes},
        )
    return addendum


# --- The action list ------------------------------------------------------------------------


def action_list(meeting: Meeting) -> list[dict[str, str]]:
    minutes = minutes_for(meeting)
    if minutes is None:
        return []
    return [
        {
            "heading": a.get_heading_display(),
            "action": a.action,
            "owner": a.owner.name,
            "due_on": a.due_on.isoformat(),
        }
        for a in minutes.actions.select_related("owner")
    ]


def distribute_action_list(*, actor: Actor, meeting: Meeting) -> list[ActionListDelivery]:
    """Send the agreed actions to every attendee, in OpenMAPPA and by email, and log each.

    Due within 24 hours of the end of the meeting (rule {key})."""
    actions = action_list(meeting)
    attendees = list(meeting.attendees.select_related("user"))
    errors: dict[str, list[str]] = {}
    if not meeting.has_ended:
        errors["meeting"] = ["The action list goes out after the meeting has ended"]
    if not actions:
        errors["actions"] = ["Record the agreed actions in the minutes first"]
    if not attendees:
        errors["attendees"] = ["Add the attendees first: the action list goes to every attendee"]
    collect(errors)
    now = timezone.now()
    on_time = now <= meeting.actions_due_by
    deliveries: list[ActionListDelivery] = []
    with transaction.atomic():
        for attendee in attendees:
            if attendee.user_id is not None:
                deliveries.append(
                    ActionListDelivery.objects.create(
                        meeting=meeting,
                        attendee=attendee,
                        channel=Channel.IN_APP,
                        address=attendee.user.username if attendee.user else "",
                        sent_by=actor.user,
                        sent_at=now,
                        on_time=on_time,
                        actions=actions,
                    )
                )
            if attendee.email:
                deliveries.append(
                    ActionListDelivery.objects.create(
                        meeting=meeting,
                        attendee=attendee,
                        channel=Channel.EMAIL,
                        address=attendee.email,
                        sent_by=actor.user,
                        sent_at=now,
                        on_time=on_time,
                        actions=actions,
                    )
                )
        _audit(
            actor,
            "meeting.action_list",
            meeting,
            meeting.nominal_id,
            recipients=len(attendees),
            on_time=on_time,
        )
    # Email after the log is committed; the email names the meeting, not the person. A
    # failure is written against its delivery, for the sender to see and follow up.
    body = _action_list_email(meeting, actions)
    for delivery in deliveries:
        if delivery.channel != Channel.EMAIL:
            continue
        try:
            send_mail(
                f"OFFICIAL-SENSITIVE: agreed actions, MAPP meeting {meeting.reference}",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [delivery.address],
            )
        except Exception as error:  # any mail server failure: logged against the delivery
            logger.warning("Action list email to %s failed: %s", delivery.address, error)
            delivery.failure = str(error)[:200] or type(error).__name__
            delivery.save(update_fields=["failure"])
    return deliveries


distribute_action_list.__doc__ = (distribute_action_list.__doc__ or "").format(key=ACTIONS_LIST.key)


def _action_list_email(meeting: Meeting, actions: list[dict[str, str]]) -> str:
    lines = [
        "OFFICIAL-SENSITIVE",
        f"Agreed actions from MAPP meeting {meeting.reference} held on {meeting.held_on:%d %B %Y}.",
        "Do not pass this on without the chair's agreement.",
        "",
    ]
    for number, action in enumerate(actions, start=1):
        lines.append(
            f"{number}. [{action['heading']}] {action['action']} Owner: {action['owner']}. Due: {action['due_on']}"
        )
    lines += ["", "The full minutes follow once the chair approves them. Sign in to OpenMAPPA to read them."]
    return "\n".join(lines)


def mark_delivery_read(*, actor: Actor, delivery: ActionListDelivery) -> None:
    if delivery.read_at is not None:
        return
    with transaction.atomic():
        delivery.read_at = timezone.now()
        delivery.save(update_fields=["read_at"])
        _audit(actor, "meeting.action_list_read", delivery, delivery.meeting.nominal_id)


# --- Sharing beyond the meeting ----------------------------------------------------------


def approve_sharing(
    *,
    actor: Actor,
    meeting: Meeting,
    agency: Agency,
    recipient_name: str,
    purpose: str,
) -> MinutesShare:
    """The chair adds a named recipient to the minutes' distribution list. A DTC agency
    then reads the minutes through a sharing grant."""
    minutes = minutes_for(meeting)
    errors: dict[str, list[str]] = {}
    if minutes is None or not minutes.is_locked:
        errors["minutes"] = ["Minutes are shared once the chair has approved them"]
    if not recipient_name.strip():
        errors["recipient_name"] = ["Enter the named recipient: minutes go to a named distribution list"]
    if not purpose.strip():
        errors["purpose"] = ["Enter the purpose: recipients get information for a purpose (seed 002, 003)"]
    collect(errors)
    assert minutes is not None
    with transaction.atomic():
        grant_id = None
        if agency.kind not in RESPONSIBLE_AUTHORITY:
            grant = sharing.grant(
                actor=actor,
                nominal=meeting.nominal,
                agency=agency,
                scope=ShareScope.MINUTES,
                reason=f"Chair approved sharing the minutes of {meeting.reference} with {recipient_name.strip()}: "
                f"{purpose.strip()}",
                obj=meeting,
            )
            grant_id = grant.pk
        share = MinutesShare.objects.create(
            minutes=minutes,
            agency=agency,
            recipient_name=recipient_name.strip(),
            purpose=purpose.strip(),
            approved_by=actor.user,
            approved_at=timezone.now(),
            grant_id=grant_id,
        )
        _audit(actor, "minutes.share", share, meeting.nominal_id, agency=agency.code)
    return share


# --- Requests for minutes and the executive summary ------------------------------------------


def latest_minuted_meeting(nominal: Nominal) -> Meeting | None:
    """The latest MAPPA meeting about the person with approved minutes (never a PDP one)."""
    return (
        Meeting.objects.filter(nominal=nominal, minutes__status=MinutesStatus.APPROVED)
        .exclude(meeting_type=MeetingType.PDP_DISCUSSION)
        .order_by("-held_on", "-starts_at", "-pk")
        .first()
    )


def log_minutes_request(
    *,
    actor: Actor,
    nominal: Nominal,
    requester_kind: str,
    requester: str,
    purpose: str,
    received_on: date | None,
) -> MinutesRequest:
    """Log a request for minutes and route it to the chair of the latest meeting."""
    errors: dict[str, list[str]] = {}
    if requester_kind not in RequesterKind.values:
        errors["requester_kind"] = ["Select who is asking"]
    if not requester.strip():
        errors["requester"] = ["Enter who is asking"]
    if not purpose.strip():
        errors["purpose"] = ["Enter what the minutes are wanted for"]
    if received_on is None:
        errors["received_on"] = ["Enter the date the request was received"]
    elif received_on > timezone.localdate():
        errors["received_on"] = ["The date received must be today or in the past"]
    meeting = latest_minuted_meeting(nominal)
    if meeting is None:
        errors["nominal"] = ["There are no approved minutes of a MAPP meeting about this person to summarise"]
    collect(errors)
    assert meeting is not None and received_on is not None
    with transaction.atomic():
        minutes_request = MinutesRequest.objects.create(
            nominal=nominal,
            meeting=meeting,
            requester_kind=requester_kind,
            requester=requester.strip(),
            purpose=purpose.strip(),
            received_on=received_on,
            logged_by=actor.user,
            logged_at=timezone.now(),
            routed_to=meeting.chair,
        )
        _audit(
            actor,
            "minutes_request.log",
            minutes_request,
            nominal.pk,
            kind=requester_kind,
            routed_to=meeting.chair.username,
        )
    return minutes_request


SUMMARY_FIELDS: tuple[tuple[str, str], ...] = (
    ("personal_details", "Personal details"),
    ("reason_for_referral", "Reason for referral"),
    ("category_and_index_offence", "Category and index offence"),
    ("level_and_decision", "Level and how it was decided"),
    ("information_considered", "Information considered"),
    ("specific_risks", "Specific risks to others"),
    ("active_management_needed", "Active multi-agency management needed"),
    ("lead_agency_contact", "Lead agency contact"),
)


def executive_summary_draft(meeting: Meeting) -> dict[str, str]:
    """The Minutes Executive Summary, built from the approved minutes (seed 003)."""
    minutes = meeting.minutes
    nominal = meeting.nominal
    registration = nominal.registrations.order_by("-start_date", "-pk").first()
    index = nominal.convictions.filter(is_index_offence=True).first()
    referral = meeting.referral
    if registration is not None:
        category = registration.get_category_display()
    elif referral is not None and referral.category:
        category = f"Category {referral.category}"
    else:
        category = "Not registered"
    offence = index.offence if index else (referral.index_offence if referral else "Not recorded")
    informed = [
        f"{i.agency.name} ({i.get_attendance_display().lower()})"
        for i in meeting.invitations.select_related("agency")
        if i.attendance
    ]
    risks = "; ".join(f"{label}: {value}" for label, value in minutes.rosh_rows() if value != "Not assessed")
    active = minutes.level_decision in (2, 3)
    contact = "Not recorded"
    if registration is not None:
        manager = registration.record_manager
        contact = f"{registration.lead_agency.name}: {manager.display_name}" + (
            f", {manager.email}" if manager.email else ""
        )
    return {
        "personal_details": f"{nominal.full_name}, born {nominal.date_of_birth:%d %B %Y}, "
        f"{nominal.get_gender_display().lower()}; OpenMAPPA reference {nominal.reference}",
        "reason_for_referral": (referral.reason_for_referral if referral else "") or minutes.reason_for_meeting,
        "category_and_index_offence": f"{category}. Index offence: {offence}",
        "level_and_decision": f"{minutes.get_level_decision_display() or 'No MAPPA level'}, decided at meeting "
        f"{meeting.reference} ({meeting.get_meeting_type_display()}) on {meeting.held_on:%d %B %Y}: "
        f"{minutes.level_reasoning}",
        "information_considered": "Information and reports from "
        + (", ".join(informed) or "the agencies invited")
        + "; the risk assessment and the risk management plan reviewed at the meeting.",
        "specific_risks": f"Risk of serious harm to {risks}." if risks else "Not assessed",
        "active_management_needed": (
            "Yes: active multi-agency management continues at level " + str(minutes.level_decision)
            if active
            else "No: ordinary management by the lead agency"
        ),
        "lead_agency_contact": contact,
    }


def decide_minutes_request(
    *,
    actor: Actor,
    minutes_request: MinutesRequest,
    release: bool,
    reason: str,
    specific_risks: str | None = None,
) -> MinutesRequest:
    """The chair's decision: release the executive summary (never the full minutes), or refuse."""
    reason = reason.strip()
    collect({} if reason else {"reason": ["Enter the reason for the decision"]})
    with transaction.atomic():
        locked = MinutesRequest.objects.select_for_update().get(pk=minutes_request.pk)
        if locked.status != RequestStatus.WITH_CHAIR:
            collect({"request": ["This request has already been decided"]})
        locked.status = RequestStatus.RELEASED if release else RequestStatus.REFUSED
        locked.decided_by = actor.user
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        locked.save()
        if release:
            content = executive_summary_draft(locked.meeting)
            if specific_risks is not None and specific_risks.strip():
                content["specific_risks"] = specific_risks.strip()
            ExecutiveSummary.objects.create(
                request=locked, meeting=locked.meeting, created_by=actor.user, created_at=timezone.now(), **content
            )
        _audit(actor, "minutes_request.decide", locked, locked.nominal_id, released=release)
    return locked
