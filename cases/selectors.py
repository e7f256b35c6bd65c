"""Reads of MAPPA registrations, scoped through the policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from access import policy
from accounts.models import CASE_MANAGING, Agency, User
from register.models import Nominal
from rules.exit import CATEGORY_2_EXIT, mappa_exit, retention_review_on

from .models import (
    Category,
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
    from clocks.selectors import clocks_for
    from custody.selectors import latest_licence_expiry

    if registration.category == Category.VIOLENT_OFFENDER:
        licence_expiry_on = latest_licence_expiry(registration.nominal)
        if licence_expiry_on is None:
            return ExitDate(None, CATEGORY_2_EXIT.label, "No licence expiry date is recorded on a custody spell")
        leaving = mappa_exit(category=2, licence_expiry_on=licence_expiry_on)
        return ExitDate(leaving.exit_on, leaving.rule.label, f"Licence expires {licence_expiry_on:%d %B %Y}")
    for clock in clocks_for(requested_by=requested_by, nominal=registration.nominal):
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
