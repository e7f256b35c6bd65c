"""Reads about custody and serious further offences, scoped through the policy (the reads
that show a record are audited here); and the release clocks of a custody spell, computed
by rules/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from access import policy
from accounts.models import Agency, AgencyKind, User
from audit import trail
from cases.models import Registration, RegistrationStatus
from kernel.actor import Actor
from meetings.models import Meeting, MeetingStatus
from register import selectors as register_selectors
from register.models import Nominal
from register.services import record_view
from rules.clocks import Clock

from .clocks import SpellFacts, next_spell_starts, spell_clocks
from .models import CustodySpell, ReferralOutcome, SeriousFurtherOffence, UrgentReview


def spells(*, requested_by: User, nominal: Nominal) -> QuerySet[CustodySpell]:
    if not policy.can_view_nominal(requested_by, nominal):
        raise Http404
    return nominal.custody_spells.select_related("prison", "release_confirmed_by").prefetch_related("approved_premises")


def get_spell(*, requested_by: User, pk: int) -> CustodySpell:
    spell = CustodySpell.objects.select_related("nominal", "prison").filter(pk=pk).first()
    if spell is None or not policy.can_view_nominal(requested_by, spell.nominal):
        raise Http404
    return spell


def person_to_record(*, requested_by: User, pk: int) -> Nominal:
    """A person the user may record custody or a serious further offence for (404 otherwise)."""
    nominal = register_selectors.get_nominal(requested_by=requested_by, pk=pk)
    if not policy.can_record_custody(requested_by, nominal):
        raise Http404
    return nominal


def spell_to_change(*, requested_by: User, pk: int, prison: bool = False) -> CustodySpell:
    """A spell the user may manage; with `prison`, one whose release date they may confirm."""
    spell = get_spell(requested_by=requested_by, pk=pk)
    allowed = policy.can_confirm_release if prison else policy.can_manage_custody
    if not allowed(requested_by, spell):
        raise Http404
    return spell


def read_spell(*, actor: Actor, pk: int) -> CustodySpell:
    """One spell, shown through the API: a read of the person's custody record."""
    spell = get_spell(requested_by=actor.user, pk=pk)
    record_view(actor=actor, nominal=spell.nominal, section="api.custody")
    return spell


def open_urgent_reviews(*, requested_by: User, nominal: Nominal) -> QuerySet[UrgentReview]:
    return policy.visible_urgent_reviews(requested_by).filter(nominal=nominal, completed_on=None)


def get_urgent_review(*, requested_by: User, pk: int) -> UrgentReview:
    review: UrgentReview | None = (
        policy.visible_urgent_reviews(requested_by).select_related("nominal").filter(pk=pk).first()
    )
    if review is None:
        raise Http404
    return review


def serious_further_offences(*, requested_by: User) -> QuerySet[SeriousFurtherOffence]:
    return policy.visible_serious_further_offences(requested_by).select_related("nominal").order_by("-charged_on")


def get_sfo(*, requested_by: User, pk: int) -> SeriousFurtherOffence:
    sfo = serious_further_offences(requested_by=requested_by).filter(pk=pk).first()
    if sfo is None:
        raise Http404
    return sfo


def sfo_to_change(
    *, requested_by: User, pk: int, allowed: Callable[[User, SeriousFurtherOffence], bool]
) -> SeriousFurtherOffence:
    """An SFO the user may take the step `allowed` asks about (404 otherwise)."""
    sfo = get_sfo(requested_by=requested_by, pk=pk)
    if not allowed(requested_by, sfo):
        raise Http404
    return sfo


def read_sfo(
    *, actor: Actor, pk: int, allowed: Callable[[User, SeriousFurtherOffence], bool] | None = None
) -> SeriousFurtherOffence:
    """The SFO (and, given `allowed`, only if the actor may take that step; 404 otherwise),
    its read audited: every page that shows it, its forms included, reads it here."""
    sfo = (
        get_sfo(requested_by=actor.user, pk=pk)
        if allowed is None
        else sfo_to_change(requested_by=actor.user, pk=pk, allowed=allowed)
    )
    trail.record(actor=actor, action="sfo.view", obj=sfo, nominal_id=sfo.nominal_id)
    return sfo


def prison_choices(*, requested_by: User) -> QuerySet[Agency]:
    """Prisons in every area: a person may be held anywhere in England and Wales."""
    if not policy.works_with_people(requested_by):
        return Agency.objects.none()
    return Agency.objects.filter(kind=AgencyKind.PRISON).select_related("area").order_by("area__name")


def latest_licence_expiry(nominal: Nominal) -> date | None:
    # Read from .all() so that prefetched spells (a page of people's clocks) cost no query.
    spells = [s for s in nominal.custody_spells.all() if s.licence_expiry_on is not None]
    latest = max(spells, key=lambda s: (s.entered_on, s.pk), default=None)
    return latest.licence_expiry_on if latest else None


def release_clocks(spell: CustodySpell, today: date | None = None) -> list[Clock]:
    """The release clocks that apply to a spell of a level 2 or 3 case (seed 003), in the
    state rules/clocks.py decides (custody/clocks.py)."""
    today = today or timezone.localdate()
    nominal = spell.nominal
    registration: Registration | None = nominal.registrations.filter(status=RegistrationStatus.ACTIVE).first()
    if registration is None or registration.level == 1:
        return []
    meetings = Meeting.objects.filter(nominal=nominal).exclude(status=MeetingStatus.CANCELLED)
    referred = [r.referred_on for r in spell.approved_premises.all()]
    facts = SpellFacts(
        level=registration.level,
        meeting_days=tuple(meetings.values_list("held_on", flat=True)),
        referred_on=min(referred, default=None),
        back_in_custody_on=next_spell_starts(nominal.custody_spells.all()).get(spell.pk),
    )
    return spell_clocks(spell, facts, today)


def accepted_residence(spell: CustodySpell) -> str:
    accepted = [r for r in spell.approved_premises.all() if r.outcome == ReferralOutcome.ACCEPTED]
    return accepted[0].premises if accepted else ""
