"""Worklist sources for custody and release (kernel/worklist_sources.py): release dates the
prison must confirm, Approved Premises referrals, end-of-custody confirmations, the
pre- and post-release meetings of level 2/3 cases, urgent reviews and SFO notifications.

Due dates come from rules/ (custody, reviews, serious_further_offences), and the release
clocks' states from custody/clocks.py, as the custody page shows them: a clock met (on
time or late) or ended is never an item. The candidate rows are few (open spells of
registered people), so each source selects them with one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from access import policy
from accounts.models import AgencyKind
from cases.models import Registration, RegistrationStatus
from kernel.worklist_sources import Managed, WorkItem, WorklistScope, register_source, url_maker
from meetings.models import Meeting, MeetingStatus
from rules.clocks import Clock
from rules.custody import APPROVED_PREMISES_REFERRAL, END_OF_CUSTODY_LICENCE_CONFIRMED, RELEASE_DATE_CONFIRMED
from rules.reviews import POST_RELEASE_MEETING, PRE_RELEASE_MEETING, released_on_or_after_for_post_release_meeting

from .clocks import SpellFacts, spell_clocks
from .models import ApprovedPremisesReferral, CustodySpell, SeriousFurtherOffence, UrgentReview


def _active_level_2_3(scope: WorklistScope, nominal_ids: Iterable[int]) -> dict[int, Managed]:
    """The active level 2/3 registration of each of these people, if they have one."""
    if scope.area_id is not None:
        cases = scope.area_level_2_3
        return {nominal_id: cases[nominal_id] for nominal_id in nominal_ids if nominal_id in cases}
    registrations = Registration.objects.filter(
        nominal_id__in=list(nominal_ids), status=RegistrationStatus.ACTIVE, level__in=[2, 3]
    ).values_list("nominal_id", "lead_agency_id", "level", "record_manager_id")
    return {
        nominal_id: Managed(agency_id, level, manager_id) for nominal_id, agency_id, level, manager_id in registrations
    }


# What the custody items read of a spell and its person.
_SPELL_FIELDS = (
    "pk",
    "prison_id",
    "release_on",
    "released_on",
    "release_confirmed_on",
    "end_of_custody_release_on",
    "end_of_custody_confirmed_on",
    "nominal_id",
    "nominal__area_id",
    "nominal__family_name",
    "nominal__given_names",
)


def _spells(scope: WorklistScope, *, prison_side: bool) -> QuerySet[CustodySpell]:
    """The area's spells for the co-ordinator; for a user, their own cases' spells (as
    record manager), or, for prison staff on prison work, the spells of their prison
    that they may see."""
    # Every custody source is about level 2/3 cases: only their spells are read (an
    # area's few hundred are known to the scope; open spells number ten thousand).
    spells = CustodySpell.objects.select_related("nominal").only(*_SPELL_FIELDS)
    if scope.area_id is not None:
        return spells.filter(nominal_id__in=list(scope.area_level_2_3))
    level_2_3 = Registration.objects.filter(
        nominal_id=OuterRef("nominal_id"), status=RegistrationStatus.ACTIVE, level__in=[2, 3]
    )
    spells = spells.filter(Exists(level_2_3))
    user = scope.user
    if user is None or not policy.works_with_people(user):
        return spells.none()
    mine = Q(nominal_id__in=list(scope.managed))
    if prison_side and user.agency.kind == AgencyKind.PRISON:  # type: ignore[union-attr]
        in_my_prison = Q(prison_id=user.agency_id, nominal__in=policy.ordinarily_visible_nominals(user))
        return spells.filter(mine | in_my_prison)
    return spells.filter(mine) if scope.managed else spells.none()


def _candidates(scope: WorklistScope, *, prison_side: bool) -> list[CustodySpell]:
    """The spells every custody source looks at, read once per worklist: open ones, and
    those released recently enough to still need a post-release meeting. Each source picks
    its own from them."""
    since = released_on_or_after_for_post_release_meeting(scope.today)
    first_referral = (
        ApprovedPremisesReferral.objects.filter(spell=OuterRef("pk")).order_by("referred_on").values("referred_on")[:1]
    )

    def read() -> list[CustodySpell]:
        spells = _spells(scope, prison_side=prison_side).filter(Q(released_on=None) | Q(released_on__gte=since))
        return list(spells.annotate(first_referred_on=Subquery(first_referral)))

    return scope.shared(f"custody-spells:{prison_side}", read)


def _in_custody(scope: WorklistScope, *, prison_side: bool) -> list[CustodySpell]:
    return [spell for spell in _candidates(scope, prison_side=prison_side) if spell.released_on is None]


@cache
def _person_page() -> Callable[[int], str]:
    return url_maker("custody:person")


def _item(kind: str, label: str, due_on: date, spell: CustodySpell, registration: Managed | None) -> WorkItem:
    return WorkItem(
        kind=kind,
        label=label,
        due_on=due_on,
        url=_person_page()(spell.nominal_id),
        area_id=spell.nominal.area_id,
        nominal_id=spell.nominal_id,
        person_name=str(spell.nominal),
        owner_agency_id=spell.prison_id if kind == "release-date-confirmation" else None,
        owner_user_id=registration.record_manager_id if registration else None,
    )


def _facts(scope: WorklistScope, spells: list[CustodySpell]) -> Iterator[tuple[CustodySpell, Managed, list[Clock]]]:
    """Each spell of a level 2/3 case with its release clocks, as the custody page shows
    them (custody/clocks.py): one reading of what meets and ends each clock."""
    registrations = _active_level_2_3(scope, (s.nominal_id for s in spells))
    meetings = _meeting_dates(registrations)
    for spell in spells:
        registration = registrations.get(spell.nominal_id)
        if registration is None:
            continue
        facts = SpellFacts(
            level=registration.level,
            meeting_days=tuple(meetings.get(spell.nominal_id, ())),
            referred_on=getattr(spell, "first_referred_on", None),
        )
        yield spell, registration, spell_clocks(spell, facts, scope.today)


def _due_items(
    scope: WorklistScope, kind: str, key: str, spells: list[CustodySpell], label: Callable[[CustodySpell], str]
) -> Iterator[WorkItem]:
    """An item for each spell whose clock `key` is still running and falls due by the
    horizon: a clock met (on time or late) or ended is never due."""
    for spell, registration, clocks in _facts(scope, spells):
        for clock in clocks:
            if clock.key == key and clock.is_open and clock.due_on is not None and clock.due_on <= scope.due_by:
                yield _item(kind, label(spell), clock.due_on, spell, registration)


@register_source("release-date-confirmation", title="Release dates to confirm")
def release_date_confirmations(scope: WorklistScope) -> Iterator[WorkItem]:
    yield from _due_items(
        scope,
        "release-date-confirmation",
        RELEASE_DATE_CONFIRMED.key,
        _in_custody(scope, prison_side=True),
        lambda spell: f"Confirm the release date ({spell.release_on:%d %b %Y}) with the MAPPA co-ordinator",
    )


@register_source("approved-premises-referral", title="Approved Premises referrals")
def approved_premises_referrals(scope: WorklistScope) -> Iterator[WorkItem]:
    yield from _due_items(
        scope,
        "approved-premises-referral",
        APPROVED_PREMISES_REFERRAL.key,
        _in_custody(scope, prison_side=False),
        lambda _: "Consider an Approved Premises referral",
    )


@register_source("end-of-custody-confirmation", title="End of custody releases to confirm")
def end_of_custody_confirmations(scope: WorklistScope) -> Iterator[WorkItem]:
    yield from _due_items(
        scope,
        "end-of-custody-confirmation",
        END_OF_CUSTODY_LICENCE_CONFIRMED.key,
        _in_custody(scope, prison_side=True),
        lambda _: "Confirm the risk management plan is in place for end-of-custody early release",
    )


def _meeting_dates(nominal_ids: Iterable[int]) -> dict[int, list[date]]:
    dates: dict[int, list[date]] = {}
    # A meeting booked in the window arranges it; a cancelled one does not.
    meetings = Meeting.objects.filter(nominal_id__in=list(nominal_ids)).exclude(status=MeetingStatus.CANCELLED)
    for nominal_id, held_on in meetings.values_list("nominal_id", "held_on"):
        dates.setdefault(nominal_id, []).append(held_on)
    return dates


def _booked(spell: CustodySpell, clock: Clock, meeting_days: list[date], today: date) -> bool:
    """A meeting booked ahead (not yet held) in the clock's window arranges it: nothing to
    do but hold it."""
    if clock.key == PRE_RELEASE_MEETING.key:
        closes = spell.release_on or today
        return any(today < d <= closes for d in meeting_days)
    return any(d > today for d in meeting_days)


@register_source("release-meeting", title="Pre- and post-release meetings")
def release_meetings(scope: WorklistScope) -> Iterator[WorkItem]:
    """Level 2/3: a meeting 6 months before release, and one within a month after it
    (rules.reviews); each is met by a MAPP meeting in its window (rules.clock_events), and
    the pre-release one ends unmet with the release."""
    labels = {
        PRE_RELEASE_MEETING.key: "Pre-release MAPP meeting (6 months before release)",
        POST_RELEASE_MEETING.key: "MAPP meeting within a month of release",
    }
    meetings = _meeting_dates({s.nominal_id for s in _candidates(scope, prison_side=False)})
    for spell, registration, clocks in _facts(scope, _candidates(scope, prison_side=False)):
        for clock in clocks:
            if clock.key not in labels or not clock.is_open or clock.due_on is None or clock.due_on > scope.due_by:
                continue
            if clock.key == POST_RELEASE_MEETING.key and clock.due_on < scope.today:
                continue  # its month has passed (see _candidates)
            if not _booked(spell, clock, meetings.get(spell.nominal_id, []), scope.today):
                yield _item("release-meeting", labels[clock.key], clock.due_on, spell, registration)


@register_source("urgent-review", title="Urgent reviews")
def urgent_reviews(scope: WorklistScope) -> Iterator[WorkItem]:
    """A release without notice: the review is due the day it is raised."""
    reviews = UrgentReview.objects.filter(completed_on=None, raised_on__lte=scope.due_by).select_related("nominal")
    if scope.area_id is not None:
        reviews = reviews.filter(nominal__area_id=scope.area_id)
    elif scope.user is not None and policy.works_with_people(scope.user) and scope.managed:
        reviews = reviews.filter(nominal_id__in=list(scope.managed))
    else:
        return
    for review in reviews:
        yield WorkItem(
            kind="urgent-review",
            label=f"Urgent review: {review.reason}",
            due_on=review.raised_on,
            url=reverse("custody:person", args=[review.nominal_id]),
            area_id=review.nominal.area_id,
            nominal_id=review.nominal_id,
            person_name=str(review.nominal),
        )


@register_source("sfo-notification", title="SFO notifications")
def sfo_notifications(scope: WorklistScope) -> Iterator[WorkItem]:
    """SFOs not yet notified to both the SMB chair and the co-ordinator (due from rules/)."""
    sfos = SeriousFurtherOffence.objects.filter(notification_due_on__lte=scope.due_by).filter(
        Q(chair_notified_on=None) | Q(coordinator_notified_on=None)
    )
    if scope.area_id is not None:
        sfos = sfos.filter(nominal__area_id=scope.area_id)
    elif scope.user is not None and policy.works_with_people(scope.user) and scope.managed:
        sfos = sfos.filter(nominal_id__in=list(scope.managed))
    else:
        return
    for sfo in sfos.select_related("nominal"):
        yield WorkItem(
            kind="sfo-notification",
            label="Notify the SMB chair and the MAPPA co-ordinator of a serious further offence",
            due_on=sfo.notification_due_on,
            url=reverse("custody:sfo", args=[sfo.pk]),
            area_id=sfo.nominal.area_id,
            nominal_id=sfo.nominal_id,
            person_name=str(sfo.nominal),
        )
