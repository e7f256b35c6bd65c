"""Worklist sources for the clocks of registrations, meetings and referrals.

Each source answers one scope with one query (plus, for meetings, a filter in Python on
the due date that rules/ computes from the meeting). A user's scope is their own work:
the registrations they manage, the meetings they chair (all the area's meetings for the
co-ordinator, who administers them), the information requests to their agency, the
referrals waiting for them. The area scope is the co-ordinator's view across agencies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from access import policy
from cases.models import Registration, RegistrationStatus
from kernel.due_dates import REGISTRATION_REVIEW, Due, register_calculator
from kernel.worklist_counting import CountedSource, codepoint_order, register_counted_source, shown_name
from kernel.worklist_sources import WorkItem, WorklistScope, register_source, url_maker
from kernel.worklist_stored import stored_for_area
from meetings.models import InformationRequest, Meeting, MeetingStatus, MeetingType, MinutesStatus
from referrals.models import MANAGER_TIER, Referral, ReferralStatus


def _person(nominal: object) -> str:
    return str(nominal)


_REVIEW_FIELDS = (
    "level",
    "category",
    "next_review_due_on",
    "lead_agency_id",
    "record_manager_id",
    "nominal_id",
    "nominal__area_id",
    "nominal__family_name",
    "nominal__given_names",
)


def _reviews_in_scope(scope: WorklistScope) -> QuerySet[Registration] | None:
    registrations = Registration.objects.filter(status=RegistrationStatus.ACTIVE, next_review_due_on__lte=scope.due_by)
    if scope.area_id is not None:
        return registrations.filter(nominal__area_id=scope.area_id)
    if policy.is_caseworker(scope.user):
        return registrations.filter(record_manager_id=scope.user.pk)
    return None


def _review_label(level: int, category: int) -> str:
    return f"Level {level} review (category {category})"


@register_calculator(REGISTRATION_REVIEW)
def _stored_reviews(nominal_ids: Sequence[int], today: date) -> Iterator[Due]:
    """The next review of each active registration, stored for the area view."""
    registrations = Registration.objects.filter(
        nominal_id__in=nominal_ids, status=RegistrationStatus.ACTIVE, next_review_due_on__isnull=False
    )
    for pk, nominal_id, level, category, due_on in registrations.values_list(
        "pk", "nominal_id", "level", "category", "next_review_due_on"
    ):
        yield Due(nominal_id=nominal_id, label=_review_label(level, category), due_on=due_on, ref_id=pk)


def _review_item(scope: WorklistScope) -> Callable[[Any], WorkItem]:
    url = url_maker("cases:change-level")

    def item(row: Any) -> WorkItem:
        level, category, due_on, agency_id, manager_id, nominal_id, area_id, family, given = row
        return WorkItem(
            kind="registration-review",
            label=_review_label(level, category),
            due_on=due_on,
            url=url(nominal_id),
            area_id=area_id,
            nominal_id=nominal_id,
            person_name=shown_name(family, given),
            owner_agency_id=agency_id,
            owner_user_id=manager_id,
        )

    return item


# The next review of each active registration, by level (rules.reviews sets the date on
# every review; the stored date is indexed). An area holds thousands.
registration_reviews = register_counted_source(
    "registration-review",
    "Registration reviews",
    CountedSource(
        rows=_reviews_in_scope,
        fields=_REVIEW_FIELDS,
        due="next_review_due_on",
        nominal="nominal",
        agency="lead_agency_id",
        item=_review_item,
        label_order=(F("level"), F("category")),  # single digits: as "Level 1 review (category 2)" sorts
    ),
    # An area's thousands are counted from their stored copies (cases.services names the
    # person's dates of every kind as changed when it writes a registration).
    for_area=stored_for_area(REGISTRATION_REVIEW, "cases:change-level"),
)


# What the meeting items show: a worklist reads a whole area's held meetings.
_MEETING_FIELDS = (
    "pk",
    "meeting_type",
    "reference",
    "level",
    "held_on",
    "ends_at",
    "area_id",
    "nominal_id",
    "nominal__family_name",
    "nominal__given_names",
    "chair_id",
    "chair__agency_id",
)


def _meetings_for(scope: WorklistScope) -> QuerySet[Meeting] | None:
    """Held MAPPA meetings in the scope: the chair's, or the area's for its co-ordinator."""
    meetings = (
        Meeting.objects.filter(status=MeetingStatus.SCHEDULED, held_on__lte=min(scope.today, scope.due_by))
        .exclude(meeting_type=MeetingType.PDP_DISCUSSION)
        .select_related("nominal", "chair")
        .only(*_MEETING_FIELDS)
    )
    if scope.area_id is not None:
        return meetings.filter(area_id=scope.area_id)
    if policy.is_coordinator(scope.user):
        return meetings.filter(area_id=scope.user.agency.area_id)  # type: ignore[union-attr]
    if policy.is_caseworker(scope.user):
        return meetings.filter(chair_id=scope.user.pk)
    return None


def _meeting_item(kind: str, label: str, due_on: date, page: Callable[[int], str], meeting: Meeting) -> WorkItem:
    """The chair's work on a held meeting (for the co-ordinator, the area's)."""
    return WorkItem(
        kind=kind,
        label=label,
        due_on=due_on,
        url=page(meeting.pk),
        area_id=meeting.area_id,
        nominal_id=meeting.nominal_id,
        person_name=_person(meeting.nominal),
        owner_agency_id=meeting.chair.agency_id,
        owner_user_id=meeting.chair_id,
    )


@register_source("minutes", title="Minutes to approve")
def minutes_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """Minutes not yet approved: level 2 within 10, level 3 within 5 working days
    (rules.working_days, through Meeting.minutes_due_on)."""
    meetings = _meetings_for(scope)
    if meetings is None:
        return
    page = url_maker("meetings:minutes")
    for meeting in meetings.exclude(minutes__status=MinutesStatus.APPROVED):
        due_on = meeting.minutes_due_on
        if due_on is None or due_on > scope.due_by:
            continue
        label = f"Minutes of {meeting.reference} (level {meeting.level})"
        yield _meeting_item("minutes", label, due_on, page, meeting)


@register_source("action-list", title="Action lists to send")
def action_lists_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """The agreed actions go to every attendee within 24 hours of the end of the meeting
    (rules.working_days.actions_due_by, through Meeting.actions_due_by)."""
    meetings = _meetings_for(scope)
    if meetings is None:
        return
    page = url_maker("meetings:detail")
    for meeting in meetings.filter(action_list_deliveries__isnull=True):
        due_on = timezone.localtime(meeting.actions_due_by).date()
        if due_on > scope.due_by:
            continue
        yield _meeting_item("action-list", f"Send the action list of {meeting.reference}", due_on, page, meeting)


def _requests_in_scope(scope: WorklistScope) -> QuerySet[InformationRequest] | None:
    """Open requests of meetings not cancelled: the area's, a DTC contact's (those of their
    agency they may see), or a practitioner's own (to their agency, about their cases)."""
    requests = InformationRequest.objects.filter(response_kind="", due_on__lte=scope.due_by).exclude(
        invitation__meeting__status=MeetingStatus.CANCELLED
    )
    if scope.area_id is not None:
        return requests.filter(area_id=scope.area_id)
    if policy.is_dtc_contact(scope.user):
        return requests.filter(pk__in=policy.visible_information_requests(scope.user).values("pk"))
    if policy.is_caseworker(scope.user) and scope.managed:
        return requests.filter(  # type: ignore[misc]
            invitation__agency_id=scope.user.agency_id, invitation__meeting__nominal_id__in=list(scope.managed)
        )
    return None


def _names_shown(scope: WorklistScope) -> bool:
    # A DTC contact sees the meeting only through what was shared: the person's name is
    # not theirs to see on a worklist.
    return scope.area_id is not None or policy.is_caseworker(scope.user)


def _request_item(scope: WorklistScope) -> Callable[[Any], WorkItem]:
    names = _names_shown(scope)
    # The invited agency answers the request on its own page; the co-ordinator, watching the
    # area's requests, follows them up from the meeting (the answer page is the agency's).
    in_area = scope.area_id is not None
    url = url_maker("meetings:detail" if in_area else "meetings:respond")

    def item(row: Any) -> WorkItem:
        pk, agency, reference, due_on, area_id, nominal_id, family, given, agency_id, meeting_id = row
        return WorkItem(
            kind="information-request",
            label=f"{agency}: information for {reference}",
            due_on=due_on,
            url=url(meeting_id if in_area else pk),
            area_id=area_id,
            nominal_id=nominal_id,
            person_name=shown_name(family, given) if names else "",
            owner_agency_id=agency_id,
        )

    return item


# Each invited agency responds within 7 days (the due date is stored from rules).
information_requests_due = register_counted_source(
    "information-request",
    "Information requests to answer",
    CountedSource(
        rows=_requests_in_scope,
        fields=(
            "pk",
            "invitation__agency__name",
            "invitation__meeting__reference",
            "due_on",
            "area_id",
            "invitation__meeting__nominal_id",
            "invitation__meeting__nominal__family_name",
            "invitation__meeting__nominal__given_names",
            "invitation__agency_id",
            "invitation__meeting_id",
        ),
        due="due_on",
        nominal="invitation__meeting__nominal",
        agency="invitation__agency_id",
        item=_request_item,
        label_order=(
            codepoint_order(
                Concat("invitation__agency__name", Value(": information for "), "invitation__meeting__reference")
            ),
        ),
        names_shown=_names_shown,
    ),
)


def _arrived_on(moment: object) -> date:
    return timezone.localtime(moment).date() if moment else timezone.localdate()  # type: ignore[arg-type]


@register_source("referral-countersign", title="Referrals to countersign")
def referrals_to_countersign(scope: WorklistScope) -> Iterator[WorkItem]:
    """A submitted referral waits for a manager of the referring agency. No rule sets a
    period, so it is due on the day it arrives."""
    referrals = Referral.objects.filter(status=ReferralStatus.SUBMITTED, submitted_at__date__lte=scope.due_by)
    if scope.area_id is not None:
        referrals = referrals.filter(nominal__area_id=scope.area_id)
    elif policy.is_caseworker(scope.user) and policy.rank_tier(scope.user) >= MANAGER_TIER:
        referrals = referrals.filter(referring_agency_id=scope.user.agency_id).exclude(referrer_id=scope.user.pk)
        referrals = referrals.filter(nominal__in=policy.ordinarily_visible_nominals(scope.user))
    else:
        return
    page = url_maker("referrals:detail")
    for referral in referrals.select_related("nominal"):
        yield WorkItem(
            kind="referral-countersign",
            label=f"Countersign referral {referral.pk}" + (" (emergency)" if referral.is_emergency else ""),
            due_on=_arrived_on(referral.submitted_at),
            url=page(referral.pk),
            area_id=referral.nominal.area_id,
            nominal_id=referral.nominal_id,
            person_name=_person(referral.nominal),
            owner_agency_id=referral.referring_agency_id,
        )


@register_source("referral-gatekeeping", title="Referrals to gatekeep")
def referrals_to_gatekeep(scope: WorklistScope) -> Iterator[WorkItem]:
    """A countersigned referral waits for the area's co-ordinator; an emergency is due by
    the date the referrer needs the meeting, if that is sooner than its arrival."""
    referrals = Referral.objects.filter(status=ReferralStatus.COUNTERSIGNED)
    if scope.area_id is not None:
        referrals = referrals.filter(nominal__area_id=scope.area_id)
    elif policy.is_coordinator(scope.user):
        referrals = referrals.filter(nominal__area_id=scope.user.agency.area_id)  # type: ignore[union-attr]
    else:
        return
    page = url_maker("referrals:gatekeep")
    for referral in referrals.select_related("nominal").filter(
        Q(countersigned_at__date__lte=scope.due_by) | Q(countersigned_at__isnull=True)
    ):
        due_on = _arrived_on(referral.countersigned_at)
        if referral.is_emergency and referral.emergency_meeting_by:
            due_on = min(due_on, referral.emergency_meeting_by)
        yield WorkItem(
            kind="referral-gatekeeping",
            label=f"Gatekeep referral {referral.pk}" + (" (emergency)" if referral.is_emergency else ""),
            due_on=due_on,
            url=page(referral.pk),
            area_id=referral.nominal.area_id,
            nominal_id=referral.nominal_id,
            person_name=_person(referral.nominal),
            owner_agency_id=referral.referring_agency_id,
        )
