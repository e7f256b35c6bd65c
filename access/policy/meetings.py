"""MAPP meetings, their minutes, information requests and requests for minutes.

A meeting and its minutes are seen by the practitioners who can see the person, the
meeting's chair and the area's co-ordinator; DTC SPOCs only through sharing grants (an
invitation shares the referral summary, the chair's approval the minutes); lay advisers,
SMB members, auditors and administrators never."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from ..models import ShareScope
from .people import can_view_nominal, visible_nominals
from .records import information_request_model, meeting_model, minutes_model, minutes_request_model
from .roles import UserLike, agency_id_of, agency_of, coordinates_area, is_caseworker, is_coordinator, is_dtc_contact
from .sharing import can_view_shared, live_share_grants, shared_object_ids

if TYPE_CHECKING:
    from accounts.models import User
    from meetings.models import InformationRequest, Meeting, Minutes, MinutesRequest
    from register.models import Nominal


def can_schedule_meeting(user: UserLike, nominal: Nominal) -> bool:
    return coordinates_area(user, nominal.area_id)


def _shared_meeting_filter(user: User) -> Q:
    """Meetings a DTC SPOC reaches through live grants (referral summary or minutes)."""
    grants = live_share_grants(user).filter(scope__in=[ShareScope.REFERRAL_SUMMARY, ShareScope.MINUTES])
    ids = shared_object_ids(grants, "Meeting")
    whole_scope = grants.filter(object_type="").values("nominal_id")
    return Q(pk__in=ids) | Q(nominal_id__in=whole_scope, invitations__agency_id=user.agency_id)


def visible_meetings(user: UserLike) -> QuerySet[Meeting]:
    """The base of every list and lookup of meetings."""
    meetings = meeting_model().objects
    if is_coordinator(user):
        return meetings.filter(area_id=agency_of(user).area_id)
    if is_caseworker(user):
        return meetings.filter(Q(chair_id=user.pk) | Q(nominal__in=visible_nominals(user)))
    if is_dtc_contact(user):
        return meetings.filter(_shared_meeting_filter(user)).distinct()
    return meetings.none()


def can_view_meeting(user: UserLike, meeting: Meeting) -> bool:
    return visible_meetings(user).filter(pk=meeting.pk).exists()


def sees_meeting_in_full(user: UserLike, meeting: Meeting) -> bool:
    """Everything but the minutes: the chair, the co-ordinator, those who see the person.
    A DTC SPOC sees only what was shared (is_dtc_contact never sees it in full)."""
    if meeting.chair_id == getattr(user, "pk", None) and is_caseworker(user):
        return True
    if coordinates_area(user, meeting.area_id):
        return True
    return is_caseworker(user) and can_view_nominal(user, meeting.nominal)


def can_manage_meeting(user: UserLike, meeting: Meeting) -> bool:
    """Invitations, attendance, attendees, the minutes draft and the action list: the
    chair and the area's co-ordinator (the MAPPA administrator)."""
    return (meeting.chair_id == getattr(user, "pk", None) and is_caseworker(user)) or coordinates_area(
        user, meeting.area_id
    )


def can_approve_minutes(user: UserLike, meeting: Meeting) -> bool:
    """Only the meeting's chair approves its minutes and who else may see them."""
    return meeting.chair_id == getattr(user, "pk", None) and is_caseworker(user)


def can_view_minutes(user: UserLike, meeting: Meeting) -> bool:
    """Draft minutes: the chair and co-ordinator. Approved: whoever sees the meeting in
    full, and a DTC SPOC once the chair has shared them with the agency."""
    minutes: Minutes | None = getattr(meeting, "minutes", None)
    if minutes is None:
        return False
    if minutes.status != minutes_model().Status.APPROVED:
        return can_manage_meeting(user, meeting)
    if sees_meeting_in_full(user, meeting):
        return True
    return is_dtc_contact(user) and can_view_shared(user, meeting.nominal, ShareScope.MINUTES, obj=meeting)


def visible_information_requests(user: UserLike) -> QuerySet[InformationRequest]:
    """Requests to the user's agency: its SPOC sees them all (the invitation shares the
    referral summary); an RA practitioner those about people they can see."""
    requests = information_request_model().objects
    if is_dtc_contact(user):
        return requests.filter(invitation__agency_id=agency_id_of(user), invitation__meeting__in=visible_meetings(user))
    if is_caseworker(user):
        return requests.filter(
            invitation__agency_id=agency_id_of(user), invitation__meeting__nominal__in=visible_nominals(user)
        )
    return requests.none()


def can_answer_information_request(user: UserLike, information_request: InformationRequest) -> bool:
    return visible_information_requests(user).filter(pk=information_request.pk).exists()


def can_log_minutes_request(user: UserLike, nominal: Nominal) -> bool:
    return coordinates_area(user, nominal.area_id)


def visible_minutes_requests(user: UserLike) -> QuerySet[MinutesRequest]:
    """The co-ordinator sees the area's requests; a chair those routed to them."""
    requests = minutes_request_model().objects
    if is_coordinator(user):
        return requests.filter(nominal__area_id=agency_of(user).area_id)
    if is_caseworker(user):
        return requests.filter(routed_to_id=user.pk)
    return requests.none()


def can_decide_minutes_request(user: UserLike, minutes_request: MinutesRequest) -> bool:
    """The chair of the latest meeting decides (seed 003)."""
    return (
        minutes_request.status == minutes_request.Status.WITH_CHAIR
        and minutes_request.routed_to_id == getattr(user, "pk", None)
        and is_caseworker(user)
    )
