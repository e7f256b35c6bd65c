"""Worklist sources for decisions others wait on: requests for minutes from third parties
(the chair of the latest meeting decides, seed 003) and disputed gatekeeping decisions (a
senior manager of the referring agency is the final arbiter, seed 003).

No rule sets a period for either, so each is due on the day it arrives, as a referral
waiting for countersignature is. The co-ordinator's area view holds the area's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils import timezone

from access import policy
from kernel.worklist_sources import WorkItem, WorklistScope, register_source, url_maker
from meetings.models import MinutesRequest, RequestStatus
from referrals.models import SENIOR_MANAGER_TIER, Referral, ReferralStatus


@register_source("minutes-request", title="Requests for minutes to decide")
def minutes_requests_to_decide(scope: WorklistScope) -> Iterator[WorkItem]:
    """A request for minutes waits with the chair it was routed to."""
    requests = MinutesRequest.objects.filter(status=RequestStatus.WITH_CHAIR, received_on__lte=scope.due_by)
    if scope.area_id is not None:
        requests = requests.filter(nominal__area_id=scope.area_id)
    elif policy.is_caseworker(scope.user):
        requests = requests.filter(routed_to_id=scope.user.pk)
    else:
        return
    page = url_maker("meetings:minutes-request")
    for request in requests.select_related("nominal", "meeting", "routed_to"):
        yield WorkItem(
            kind="minutes-request",
            label=f"Decide the request for minutes of {request.meeting.reference} from {request.requester}",
            due_on=request.received_on,
            url=page(request.pk),
            area_id=request.nominal.area_id,
            nominal_id=request.nominal_id,
            person_name=str(request.nominal),
            owner_agency_id=request.routed_to.agency_id,
            owner_user_id=request.routed_to_id,
        )


def _disputed_on(referral: Referral) -> date:
    return timezone.localtime(referral.disputed_at).date() if referral.disputed_at else timezone.localdate()


@register_source("referral-dispute", title="Disputed referral decisions")
def referral_disputes(scope: WorklistScope) -> Iterator[WorkItem]:
    """A disputed gatekeeping decision waits for a senior manager of the referring agency;
    the co-ordinator, whose decision it is, sees the area's in the area view."""
    referrals = Referral.objects.filter(status=ReferralStatus.DISPUTED)
    if scope.area_id is not None:
        referrals = referrals.filter(nominal__area_id=scope.area_id)
        page = url_maker("referrals:detail")
    elif policy.is_caseworker(scope.user) and policy.rank_tier(scope.user) >= SENIOR_MANAGER_TIER:
        referrals = referrals.filter(
            referring_agency_id=scope.user.agency_id, nominal__in=policy.ordinarily_visible_nominals(scope.user)
        )
        page = url_maker("referrals:resolve")
    else:
        return
    for referral in referrals.select_related("nominal"):
        due_on = _disputed_on(referral)
        if due_on > scope.due_by:
            continue
        yield WorkItem(
            kind="referral-dispute",
            label=f"Decide the dispute over referral {referral.pk}",
            due_on=due_on,
            url=page(referral.pk),
            area_id=referral.nominal.area_id,
            nominal_id=referral.nominal_id,
            person_name=str(referral.nominal),
            owner_agency_id=referral.referring_agency_id,
        )
