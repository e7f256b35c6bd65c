"""Every write to home visits and visit schedules; each is one transaction with its audit."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, AgencyKind
from kernel.actor import Actor
from kernel.due_dates import HOME_VISIT, dates_changed
from kernel.errors import collect
from orders.rso_records import audited, cleaned, edited
from register.models import Nominal

from .models import HomeVisit, ScheduleKind, VisitPurpose, VisitSchedule, VisitStatus

VISIT_FIELDS = (
    "agency",
    "joint",
    "visit_on",
    "status",
    "announced",
    "purpose",
    "visitors",
    "address",
    "outcome",
    "concerns_found",
    "concerns",
)
SCHEDULE_FIELDS = ("kind", "supervision_started_on")
VISITING_AGENCIES = frozenset({AgencyKind.POLICE, AgencyKind.PROBATION})
# Statuses that say the visit happened (or was tried): a day that has not come cannot have them.
HAPPENED = frozenset({VisitStatus.COMPLETED, VisitStatus.NO_ACCESS})
DONE_NOT_IN_FUTURE = (
    "A visit dated in the future cannot be marked done or attempted: plan it, and record the outcome on the day "
    "(rule visits.done_not_in_future)"
)


def _visit_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    visit_on, status = values.get("visit_on"), values.get("status")
    agency = values.get("agency")
    if not isinstance(agency, Agency) or agency.kind not in VISITING_AGENCIES:
        errors["agency"] = ["Select the police or probation agency that visits"]
    if not isinstance(visit_on, date):
        errors["visit_on"] = ["Enter the date of the visit"]
    if status not in VisitStatus.values:
        errors["status"] = ["Select whether the visit is planned, done, attempted or cancelled"]
    elif status in HAPPENED and isinstance(visit_on, date) and visit_on > timezone.localdate():
        errors["status"] = [DONE_NOT_IN_FUTURE]
    if values.get("purpose") not in VisitPurpose.values:
        errors["purpose"] = ["Select the purpose of the visit"]
    if not values.get("visitors"):
        errors["visitors"] = ["Enter who made (or will make) the visit"]
    if status == VisitStatus.COMPLETED and not values.get("outcome"):
        errors["outcome"] = ["Enter the outcome of the visit"]
    if values.get("concerns_found") and not values.get("concerns"):
        errors["concerns"] = ["Describe the concerns found"]
    return errors


def record_visit(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> HomeVisit:
    """A visit planned, or one that has happened, with its outcome and any concerns."""
    values = cleaned(values, VISIT_FIELDS)
    values.setdefault("agency", actor.user.agency)
    defaults = {
        "joint": False,
        "status": VisitStatus.PLANNED,
        "announced": True,
        "purpose": VisitPurpose.ROUTINE,
        "address": "",
        "outcome": "",
        "concerns_found": False,
        "concerns": "",
    }
    values = defaults | {k: v for k, v in values.items() if v is not None or k not in defaults}
    collect(_visit_errors(values))
    with transaction.atomic():
        visit = HomeVisit.objects.create(nominal=nominal, recorded_by=actor.user, **values)
        dates_changed([nominal.pk], kinds=[HOME_VISIT])
        audited(actor, "home_visit.create", visit, nominal.pk, status=visit.status)
    return visit


def update_visit(
    *, actor: Actor, visit: HomeVisit, values: dict[str, Any], expected_version: int | None = None
) -> HomeVisit:
    """Record how a planned visit went, or correct one."""
    values = cleaned(values, VISIT_FIELDS)
    with transaction.atomic():
        saved = edited(
            visit,
            values,
            fields=VISIT_FIELDS,
            expected_version=expected_version,
            problems=lambda _, merged: _visit_errors(merged),
        )
        dates_changed([saved.nominal_id], kinds=[HOME_VISIT])
        audited(actor, "home_visit.update", saved, saved.nominal_id, fields=sorted(values), status=saved.status)
    return saved


def _schedule_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if values.get("kind") not in ScheduleKind.values:
        errors["kind"] = ["Select police or probation"]
    started = values.get("supervision_started_on")
    if started is not None:
        if values.get("kind") != ScheduleKind.PROBATION:
            errors["supervision_started_on"] = ["Only probation schedules visits from the start of supervision"]
        elif isinstance(started, date) and started > today:
            errors["supervision_started_on"] = ["The date must be today or in the past"]
    return errors


def set_schedule(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> VisitSchedule:
    """Record that an agency schedules home visits (once per agency). The risk they follow
    is the latest risk assessment (visits.clocks.visit_risk), not recorded here."""
    values = cleaned(values, SCHEDULE_FIELDS)
    values.setdefault("supervision_started_on", None)
    errors = _schedule_errors(values)
    if not errors and VisitSchedule.objects.filter(nominal=nominal, kind=values["kind"]).exists():
        errors["kind"] = ["This agency's schedule is already recorded: change it instead"]
    collect(errors)
    with transaction.atomic():
        schedule = VisitSchedule.objects.create(nominal=nominal, recorded_by=actor.user, **values)
        dates_changed([nominal.pk], kinds=[HOME_VISIT])
        audited(actor, "visit_schedule.create", schedule, nominal.pk, kind=schedule.kind)
    return schedule


def update_schedule(
    *, actor: Actor, schedule: VisitSchedule, values: dict[str, Any], expected_version: int | None = None
) -> VisitSchedule:
    values = cleaned(values, SCHEDULE_FIELDS)
    values.pop("kind", None)  # a schedule belongs to one agency kind for good
    # Whoever last changed the schedule is the one it names.
    values_with_assessor = values | {"recorded_by": actor.user}
    with transaction.atomic():
        saved = edited(
            schedule,
            values_with_assessor,
            fields=SCHEDULE_FIELDS,
            expected_version=expected_version,
            problems=lambda _, merged: _schedule_errors(merged),
        )
        dates_changed([saved.nominal_id], kinds=[HOME_VISIT])
        audited(actor, "visit_schedule.update", saved, saved.nominal_id, fields=sorted(values))
    return saved
