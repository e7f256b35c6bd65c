"""The home visit clocks of one person, from the visit log and the agencies' schedules.

Every date comes from rules/visits.py; this module chooses the facts: the risk of serious
harm, which is the person's latest risk assessment (plans: the same level the Risk tab
shows) or, with none recorded, the rule's default; the agencies that schedule visits; the
last visit done by each agency (a joint visit counts for both); the start of probation
supervision and the latest move. It reads prefetched relations
(``.all()``) so that a worklist can compute many people's clocks from a few queries.
Callers check access first: the scoped entry point is visits.selectors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from accounts.models import AgencyKind
from cases.models import Category, Registration, RegistrationStatus
from plans.models import AgreedRiskLevel, RiskAssessment
from plans.selectors import overall_risk_from
from register.models import AddressKind, Nominal
from rules.clocks import Clock, ClockStatus, make_clock
from rules.visits import (
    CHANGE_OF_ADDRESS_VISIT,
    FIRST_HOME_VISIT,
    PROBATION_VISIT,
    VISITS_WITHOUT_ASSESSMENT,
    RoshLevel,
    change_of_address_visit_due_on,
    first_home_visit_due_on,
    police_home_visit_due,
    probation_home_visit_due_on,
    rosh_for_visits,
)

from .models import HomeVisit, ScheduleKind, VisitSchedule, VisitStatus

HOME_KINDS = frozenset({AddressKind.MAIN, AddressKind.APPROVED_PREMISES})
AGENCY_FOR: dict[str, str] = {ScheduleKind.POLICE: AgencyKind.POLICE, ScheduleKind.PROBATION: AgencyKind.PROBATION}


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class VisitRisk:
    """The risk of serious harm visits are scheduled by, and where it comes from."""

    rosh: RoshLevel
    assessed: bool  # False: no assessment is recorded and the rule's default applies
    source: str = ""  # the tool, or "agreed" in professional discussion
    as_of: date | None = None

    @property
    def label(self) -> str:
        return self.rosh.value.replace("_", " ").capitalize()

    def describe(self) -> str:
        if not self.assessed:
            return (
                f"No risk assessment recorded: visits are scheduled as for {self.label.lower()} risk until one is "
                f"(rule {VISITS_WITHOUT_ASSESSMENT.key})"
            )
        # The tool's short name ("OASys"), without its description in brackets.
        source = "agreed in professional discussion" if self.source == "agreed" else self.source.split(" (")[0]
        assert self.as_of is not None
        return f"{self.label} risk of serious harm ({source}, {_day(self.as_of)})"


# Read with the other facts (visits.selectors.CLOCK_FACTS) into these attributes.
CURRENT_ASSESSMENTS = "current_risk_assessments"
AGREED_LEVELS = "agreed_risk_levels_newest_first"


def visit_risk(nominal: Nominal) -> VisitRisk:
    """The latest risk assessment's level, as the Risk tab shows it (plans.selectors), or
    the rule's default when none is recorded. Reads what the selector prefetched, else asks."""
    current = getattr(nominal, CURRENT_ASSESSMENTS, None)
    if current is None:
        current = list(RiskAssessment.objects.filter(nominal=nominal, superseded_by__isnull=True))
    agreed_levels = getattr(nominal, AGREED_LEVELS, None)
    if agreed_levels is None:
        agreed_levels = list(AgreedRiskLevel.objects.filter(nominal=nominal)[:1])
    latest = overall_risk_from(current, agreed_levels[0] if agreed_levels else None)
    if latest is None:
        return VisitRisk(rosh_for_visits(None), assessed=False)
    return VisitRisk(rosh_for_visits(latest.level), assessed=True, source=latest.source, as_of=latest.as_of)


@dataclass(frozen=True)
class Facts:
    registration: Registration | None
    schedules: dict[str, VisitSchedule]
    done: list[HomeVisit]  # completed visits, oldest first
    risk: VisitRisk


def _facts(nominal: Nominal) -> Facts:
    active = [r for r in nominal.registrations.all() if r.status == RegistrationStatus.ACTIVE]
    done = sorted(
        (v for v in nominal.home_visits.all() if v.status == VisitStatus.COMPLETED), key=lambda v: (v.visit_on, v.pk)
    )
    return Facts(
        registration=active[0] if active else None,
        schedules={s.kind: s for s in nominal.visit_schedules.all()},
        done=done,
        risk=visit_risk(nominal),
    )


def counts_for(visit: HomeVisit, kind: str) -> bool:
    """A visit counts for an agency's schedule if that agency made it, or it was joint."""
    return visit.joint or visit.agency.kind == AGENCY_FOR[kind]


def _last_done(facts: Facts, kind: str, since: date | None = None) -> HomeVisit | None:
    found = [v for v in facts.done if counts_for(v, kind) and (since is None or v.visit_on >= since)]
    return found[-1] if found else None


def _first_done(facts: Facts, kind: str, since: date) -> HomeVisit | None:
    found = [v for v in facts.done if counts_for(v, kind) and v.visit_on >= since]
    return found[0] if found else None


def _police_clock(facts: Facts, today: date) -> Clock | None:
    schedule = facts.schedules.get(ScheduleKind.POLICE)
    registration = facts.registration
    if schedule is None or registration is None or registration.category != Category.REGISTERED_SEX_OFFENDER:
        return None
    last = _last_done(facts, ScheduleKind.POLICE)
    start = last.visit_on if last else registration.start_date
    due = police_home_visit_due(rosh=facts.risk.rosh, last_visit_on=start)
    since = (
        f"last police visit {_day(last.visit_on)}"
        if last
        else f"no police visit recorded, counted from the registration on {_day(registration.start_date)}"
    )
    detail = f"{facts.risk.describe()}; {since}"
    if due.target_by != due.required_by:
        detail += f"; preferably by {_day(due.target_by)}"
    return make_clock(due.rule, due.required_by, today, detail=detail)


def _probation_clocks(nominal: Nominal, facts: Facts, today: date) -> list[Clock]:
    schedule = facts.schedules.get(ScheduleKind.PROBATION)
    if schedule is None or facts.registration is None:
        return []
    clocks = []
    started = schedule.supervision_started_on
    if started is not None:
        first = _first_done(facts, ScheduleKind.PROBATION, started)
        clocks.append(
            make_clock(
                FIRST_HOME_VISIT,
                first_home_visit_due_on(started),
                today,
                met_on=first.visit_on if first else None,
                detail=f"Supervision started {_day(started)}",
            )
        )
        moves = [
            a.from_date for a in nominal.addresses.all() if a.kind in HOME_KINDS and started < a.from_date <= today
        ]
        if moves:
            moved_on = max(moves)
            visited = _first_done(facts, ScheduleKind.PROBATION, moved_on)
            clocks.append(
                make_clock(
                    CHANGE_OF_ADDRESS_VISIT,
                    change_of_address_visit_due_on(moved_on),
                    today,
                    met_on=visited.visit_on if visited else None,
                    detail=f"Moved on {_day(moved_on)}",
                )
            )
    last = _last_done(facts, ScheduleKind.PROBATION)
    # With no visit yet: from the start of supervision, else the assessment, else registration.
    start = last.visit_on if last else (started or facts.risk.as_of or facts.registration.start_date)
    due_on = probation_home_visit_due_on(rosh=facts.risk.rosh, last_visit_on=start)
    if due_on is not None:
        since = (
            f"last probation visit {_day(last.visit_on)}"
            if last
            else f"no probation visit recorded, from {_day(start)}"
        )
        detail = f"{facts.risk.describe()}; {since}"
        clocks.append(make_clock(PROBATION_VISIT, due_on, today, detail=detail))
    return clocks


def visit_clocks_for(nominal: Nominal, today: date) -> list[Clock]:
    """Police visits (category 1, by risk), probation's first, regular and after-a-move
    visits. None while the person has no active registration: an archived record has no
    schedule."""
    facts = _facts(nominal)
    clocks = []
    police = _police_clock(facts, today)
    if police is not None:
        clocks.append(police)
    clocks.extend(_probation_clocks(nominal, facts, today))
    return clocks


def overdue_planned(visits: Iterable[HomeVisit], today: date) -> list[HomeVisit]:
    """Planned visits whose day has passed without being recorded as done."""
    return [v for v in visits if v.status == VisitStatus.PLANNED and v.visit_on < today]


def open_clocks(clocks: list[Clock]) -> list[Clock]:
    return [c for c in clocks if c.status in (ClockStatus.DUE, ClockStatus.OVERDUE) and c.due_on is not None]
