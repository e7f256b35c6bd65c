"""Worklist sources for custody and release (kernel/worklist_sources.py): release dates the
prison must confirm, Approved Premises referrals, end-of-custody confirmations, the
pre- and post-release meetings of level 2/3 cases, urgent reviews and SFO notifications.

Due dates come from rules/ (custody, reviews, serious_further_offences). The candidate
rows are few (open spells of registered people), so each source selects them with one
query and asks the rules for each row's date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from access import policy
from accounts.models import AgencyKind
from cases.models import Registration, RegistrationStatus
from kernel.worklist_sources import Managed, WorkItem, WorklistScope, register_source, url_maker
from meetings.models import Meeting, MeetingStatus
from rules.custody import (
    approved_premises_referral_due_on,
    end_of_custody_licence_confirmation_due_on,
    release_date_confirmation_due,
)
from rules.reviews import (
    post_release_meeting_due_on,
    pre_release_meeting_due_on,
    released_on_or_after_for_post_release_meeting,
)

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
    has_referral = ApprovedPremisesReferral.objects.filter(spell=OuterRef("pk"))

    def read() -> list[CustodySpell]:
        spells = _spells(scope, prison_side=prison_side).filter(Q(released_on=None) | Q(released_on__gte=since))
        return list(spells.annotate(referred=Exists(has_referral)))

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


def _due_items(
    scope: WorklistScope,
    kind: str,
    spells: list[CustodySpell],
    field: str,
    due_from: Callable[[date], date],
    label: Callable[[date], str],
) -> Iterator[WorkItem]:
    """An item for each spell of a level 2/3 case whose step, due by rules/ from the spell's
    date `field`, falls due by the horizon."""
    registrations = _active_level_2_3(scope, (s.nominal_id for s in spells))
    for spell in spells:
        registration, on = registrations.get(spell.nominal_id), getattr(spell, field)
        if registration is None or on is None:
            continue
        due = due_from(on)
        if due <= scope.due_by:
            yield _item(kind, label(on), due, spell, registration)


@register_source("release-date-confirmation", title="Release dates to confirm")
def release_date_confirmations(scope: WorklistScope) -> Iterator[WorkItem]:
    spells = [s for s in _in_custody(scope, prison_side=True) if s.release_confirmed_on is None and s.release_on]
    yield from _due_items(
        scope,
        "release-date-confirmation",
        spells,
        "release_on",
        lambda release_on: release_date_confirmation_due(release_on).required_by,
        lambda release_on: f"Confirm the release date ({release_on:%d %b %Y}) with the MAPPA co-ordinator",
    )


@register_source("approved-premises-referral", title="Approved Premises referrals")
def approved_premises_referrals(scope: WorklistScope) -> Iterator[WorkItem]:
    spells = [s for s in _in_custody(scope, prison_side=False) if not s.referred and s.release_on]  # type: ignore[attr-defined]
    yield from _due_items(
        scope,
        "approved-premises-referral",
        spells,
        "release_on",
        approved_premises_referral_due_on,
        lambda _: "Consider an Approved Premises referral",
    )


@register_source("end-of-custody-confirmation", title="End of custody releases to confirm")
def end_of_custody_confirmations(scope: WorklistScope) -> Iterator[WorkItem]:
    spells = [
        s
        for s in _in_custody(scope, prison_side=True)
        if s.end_of_custody_confirmed_on is None and s.end_of_custody_release_on
    ]
    yield from _due_items(
        scope,
        "end-of-custody-confirmation",
        spells,
        "end_of_custody_release_on",
        end_of_custody_licence_confirmation_due_on,
        lambda _: "Confirm the risk management plan is in place for end-of-custody early release",
    )


def _meeting_dates(nominal_ids: Iterable[int]) -> dict[int, list[date]]:
    dates: dict[int, list[date]] = {}
    # A meeting booked in the window arranges it; a cancelled one does not.
    meetings = Meeting.objects.filter(nominal_id__in=list(nominal_ids)).exclude(status=MeetingStatus.CANCELLED)
    for nominal_id, held_on in meetings.values_list("nominal_id", "held_on"):
        dates.setdefault(nominal_id, []).append(held_on)
    return dates


@register_source("release-meeting", title="Pre- and post-release meetings")
def release_meetings(scope: WorklistScope) -> Iterator[WorkItem]:
    """Level 2/3: a meeting 6 months before release, and one within a month after it
    (rules.reviews); each is met by any MAPP meeting held in its window."""
    candidates = _candidates(scope, prison_side=False)
    spells = [s for s in candidates if s.released_on is None and s.release_on]
    released = [s for s in candidates if s.released_on is not None]  # recently enough: see _candidates
    registrations = _active_level_2_3(scope, (s.nominal_id for s in [*spells, *released]))
    meetings = _meeting_dates(registrations)
    for spell in spells:
        registration = registrations.get(spell.nominal_id)
        if registration is None or spell.release_on is None:
            continue
        due = pre_release_meeting_due_on(level=registration.level, release_on=spell.release_on)
        held = any(due <= d <= spell.release_on for d in meetings.get(spell.nominal_id, []))
        if not held and due <= scope.due_by:
            yield _item(
                "release-meeting", "Pre-release MAPP meeting (6 months before release)", due, spell, registration
            )
    for spell in released:
        registration = registrations.get(spell.nominal_id)
        if registration is None or spell.released_on is None:
            continue
        due = post_release_meeting_due_on(level=registration.level, released_on=spell.released_on)
        held = any(spell.released_on <= d for d in meetings.get(spell.nominal_id, []))
        if not held and due <= scope.due_by and due >= scope.today:
            yield _item("release-meeting", "MAPP meeting within a month of release", due, spell, registration)


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
