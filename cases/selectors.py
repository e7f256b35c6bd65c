"""Reads of MAPPA registrations, scoped through the policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from access import policy
from accounts.models import CASE_MANAGING, Agency, User
from audit import trail
from kernel.actor import Actor
from kernel.person_clocks import clocks_of, licence_expiry_of
from register import selectors as register_selectors
from register import services as register_services
from register.models import Nominal
from rules.exit import CATEGORY_2_EXIT, mappa_exit, retention_review_on

from .models import (
    Category,
    LevelBasis,
    LevelChange,
    PotentiallyDangerousPerson,
    Registration,
    RegistrationStatus,
    RetentionDecision,
    RetentionOutcome,
)


def my_cases(*, requested_by: User) -> QuerySet[Registration]:
    """Active registrations the user manages, soonest review first."""
    visible = policy.visible_nominals(requested_by)
    return (
        Registration.objects.filter(record_manager=requested_by, status=RegistrationStatus.ACTIVE, nominal__in=visible)
        .select_related("nominal", "lead_agency")
        .order_by("next_review_due_on", "pk")
    )


def read_registration(*, actor: Actor, pk: int, section: str) -> Registration:
    """The registration, if the actor may see its person (404 otherwise), with the read of
    the person's record audited under `section`."""
    nominal_id = Registration.objects.filter(pk=pk).values_list("nominal_id", flat=True).first()
    if nominal_id is None:
        raise Http404
    nominal = register_services.read_person(actor=actor, pk=nominal_id, section=section)
    return nominal.registrations.get(pk=pk)


def manageable_registration(*, requested_by: User, pk: int) -> Registration:
    """A registration whose decisions the user may record; 404 otherwise."""
    registration = Registration.objects.filter(pk=pk).select_related("nominal").first()
    if registration is None:
        raise Http404
    manageable_person(requested_by=requested_by, pk=registration.nominal_id)
    return registration


def manageable_person(*, requested_by: User, pk: int) -> Nominal:
    """A person whose registration the user may record or change; 404 otherwise."""
    nominal = register_selectors.get_nominal(requested_by=requested_by, pk=pk)
    if not policy.can_manage_registration(requested_by, nominal):
        raise Http404
    return nominal


def level_history(*, registration: Registration) -> QuerySet[LevelChange]:
    return registration.level_changes.select_related("decided_by").all()


def lead_agency_choices(*, requested_by: User) -> QuerySet[Agency]:
    """Case-managing agencies in the user's area, for the registration form."""
    if not policy.works_with_people(requested_by) or requested_by.agency is None:
        return Agency.objects.none()

    return Agency.objects.filter(area_id=requested_by.agency.area_id, kind__in=list(CASE_MANAGING))


def record_manager_choices(*, requested_by: User) -> QuerySet[User]:
    if not policy.works_with_people(requested_by) or requested_by.agency is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            agency__area_id=requested_by.agency.area_id,
            agency__kind__in=lead_agency_choices(requested_by=requested_by).values("kind"),
        )
        .select_related("agency")
        .order_by("last_name", "username")
    )


# --- Exit, retention and PDPs --------------------------------------------------------------


@dataclass(frozen=True)
class ExitDate:
    """When the registration's category says the person leaves MAPPA (rules.exit)."""

    exit_on: date | None
    rule_label: str
    detail: str


def exit_date(*, requested_by: User, registration: Registration) -> ExitDate:
    """Category 1: the end of notification; category 2: licence expiry (from custody);
    category 3: a meeting's decision, no date; category 4: terrorism notification ends."""
    if registration.category == Category.VIOLENT_OFFENDER:
        licence_expiry_on = licence_expiry_of(registration.nominal)
        if licence_expiry_on is None:
            return ExitDate(None, CATEGORY_2_EXIT.label, "No licence expiry date is recorded on a custody spell")
        leaving = mappa_exit(category=2, licence_expiry_on=licence_expiry_on)
        return ExitDate(leaving.exit_on, leaving.rule.label, f"Licence expires {licence_expiry_on:%d %B %Y}")
    for clock in clocks_of(requested_by, registration.nominal):
        if clock.key.startswith("exit."):
            return ExitDate(clock.due_on, clock.label, clock.detail)
    return ExitDate(None, "Exit", "No exit date can be computed")


@dataclass(frozen=True)
class RetentionDue:
    nominal: Nominal
    due_on: date
    last_decision: RetentionDecision | None


def retention_reviews_due(*, area_id: int, today: date) -> list[RetentionDue]:
    """Records in the area at or past the person's 100th birthday (rules.exit) with no
    decision yet, or kept with a next review that has come round. A person cannot turn
    100 before the year of their 100th birthday, so the year narrows the query."""
    candidates = (
        Nominal.objects.filter(area_id=area_id, date_of_birth__year__lte=today.year - 100)
        .exclude(registrations__status=RegistrationStatus.ACTIVE)
        .prefetch_related("retention_decisions")
        .order_by("date_of_birth", "pk")
    )
    due: list[RetentionDue] = []
    for nominal in candidates:
        review_on = retention_review_on(nominal.date_of_birth)
        if review_on > today:
            continue
        decisions = list(nominal.retention_decisions.all())
        last = decisions[0] if decisions else None
        if last is None:
            due.append(RetentionDue(nominal, review_on, None))
        elif last.outcome == RetentionOutcome.KEEP and last.review_again_on and last.review_again_on <= today:
            due.append(RetentionDue(nominal, last.review_again_on, last))
    return due


def retention_reviews(*, requested_by: User, today: date) -> list[RetentionDue]:
    """The co-ordinator's list for their area; nobody else has one."""
    if not policy.is_coordinator(requested_by) or requested_by.agency is None:
        return []
    return retention_reviews_due(area_id=requested_by.agency.area_id, today=today)


def pdps(*, requested_by: User) -> QuerySet[PotentiallyDangerousPerson]:
    return policy.visible_pdps(requested_by).select_related("nominal", "lead_agency").order_by("-authorised_on", "pk")


PDP_REGISTER_LIMIT = 200


def read_pdps(*, actor: Actor) -> list[PotentiallyDangerousPerson]:
    """The PDP register the actor may see (its first PDP_REGISTER_LIMIT), the read audited
    with the people shown."""
    records = list(pdps(requested_by=actor.user)[:PDP_REGISTER_LIMIT])
    trail.record(actor=actor, action="pdp.list", detail={"shown": [record.nominal_id for record in records]})
    return records


def read_pdp_to_end(*, actor: Actor, pk: int) -> PotentiallyDangerousPerson:
    """A PDP record under management that the actor may end (404 otherwise), its read audited."""
    record = pdp_to_end(requested_by=actor.user, pk=pk)
    if record.status != "active":
        raise Http404
    trail.record(actor=actor, action="pdp.view", obj=record, nominal_id=record.nominal_id)
    return record


def pdp_to_end(*, requested_by: User, pk: int) -> PotentiallyDangerousPerson:
    """A PDP record whose management the user may end; 404 otherwise."""
    record: PotentiallyDangerousPerson | None = (
        policy.visible_pdps(requested_by).select_related("nominal").filter(pk=pk).first()
    )
    if record is None or not policy.can_end_pdp(requested_by, record):
        raise Http404
    return record


def emergency_starts_to_follow(*, area_id: int, due_by: date) -> QuerySet[LevelChange]:
    """Level 2 or 3 started by the emergency route in the area (rules.level_basis), still
    active and not yet followed by an accepted referral or a MAPP meeting's decision: the
    co-ordinator's to follow up."""
    followed = LevelChange.objects.filter(
        registration=OuterRef("registration"),
        basis__in=[LevelBasis.REFERRAL, LevelBasis.MEETING],
        decided_on__gte=OuterRef("decided_on"),
    )
    return (
        LevelChange.objects.filter(
            basis=LevelBasis.EMERGENCY,
            decided_on__lte=due_by,
            registration__status=RegistrationStatus.ACTIVE,
            registration__nominal__area_id=area_id,
        )
        .exclude(Exists(followed))
        .select_related("registration__nominal")
        .order_by("decided_on", "pk")
    )
