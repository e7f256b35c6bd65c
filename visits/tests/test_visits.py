"""Home visits: the log, the refusal of a future visit marked done, and the schedule's clocks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from conftest import agency, committed
from kernel.actor import Actor
from kernel.worklist_sources import WorklistScope, work_items
from plans import assessments
from register import services as register_services
from register.models import AddressKind, Nominal
from rules.clocks import ClockStatus
from visits import services
from visits.models import HomeVisit, VisitStatus
from visits.selectors import visit_clocks

pytestmark = pytest.mark.django_db
START = date(2024, 1, 15)


@pytest.fixture
def person(police_om: User, make_person: Callable[..., Nominal], make_registration: Any) -> Nominal:
    nominal = make_person(police_om)
    make_registration(nominal, police_om, category=1, start_date=START, partners=[agency("DEMO-PRB")])
    return nominal


def assess(by: User, person: Nominal, level: str, on: date = START) -> None:
    """An OASys assessment whose highest community rating is `level`."""
    assessments.record_assessment(
        actor=Actor(by),
        nominal=person,
        values={"tool": "oasys", "assessor": "PO Lane", "assessed_on": on, "community_public": level},
    )


def visit(**more: Any) -> dict[str, Any]:
    return {
        "visit_on": date(2024, 6, 3),
        "status": VisitStatus.COMPLETED,
        "purpose": "routine",
        "visitors": "DC Hale",
        "outcome": "Seen at home; no children present",
    } | more


def test_a_visit_in_the_future_cannot_be_marked_done(police_om: User, person: Nominal) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    for status in (VisitStatus.COMPLETED, VisitStatus.NO_ACCESS):
        with pytest.raises(ValidationError) as caught:
            services.record_visit(
                actor=Actor(police_om), nominal=person, values=visit(visit_on=tomorrow, status=status)
            )
        assert "rule visits.done_not_in_future" in caught.value.message_dict["status"][0]
    planned = services.record_visit(
        actor=Actor(police_om), nominal=person, values=visit(visit_on=tomorrow, status=VisitStatus.PLANNED, outcome="")
    )
    with pytest.raises(ValidationError):
        services.update_visit(
            actor=Actor(police_om),
            visit=planned,
            values={"status": VisitStatus.COMPLETED, "outcome": "Seen"},
            expected_version=planned.version,
        )
    planned.refresh_from_db()
    assert planned.status == VisitStatus.PLANNED and planned.version == 1


def test_a_done_visit_needs_an_outcome_and_concerns_need_describing(police_om: User, person: Nominal) -> None:
    with pytest.raises(ValidationError) as caught:
        services.record_visit(actor=Actor(police_om), nominal=person, values=visit(outcome="", concerns_found=True))
    assert set(caught.value.message_dict) == {"outcome", "concerns"}
    assert not HomeVisit.objects.exists()


def test_police_visits_follow_the_risk_of_serious_harm(police_om: User, person: Nominal) -> None:
    today = date(2024, 7, 1)
    assert visit_clocks(requested_by=police_om, nominal=person, today=today) == []  # nothing scheduled yet
    services.set_schedule(actor=Actor(police_om), nominal=person, values={"kind": "police"})
    assess(police_om, person, "high")
    [clock] = visit_clocks(requested_by=police_om, nominal=person, today=today)
    assert (clock.key, clock.due_on, clock.status) == ("visits.police_high", date(2024, 2, 15), ClockStatus.OVERDUE)
    assert "counted from the registration" in clock.detail
    assert "High risk of serious harm (OASys, 15 January 2024)" in clock.detail
    services.record_visit(actor=Actor(police_om), nominal=person, values=visit(visit_on=date(2024, 6, 20)))
    [clock] = visit_clocks(requested_by=police_om, nominal=person, today=today)
    assert (clock.due_on, clock.status) == (date(2024, 7, 20), ClockStatus.NOT_DUE)
    # A later assessment at low risk: required yearly, preferably every six months.
    assess(police_om, person, "low", date(2024, 6, 25))
    [clock] = visit_clocks(requested_by=police_om, nominal=person, today=today)
    assert clock.key == "visits.police_low" and clock.due_on == date(2025, 6, 20)
    assert "preferably by 20 December 2024" in clock.detail


def test_a_joint_visit_counts_for_probation_and_a_move_needs_a_visit(
    police_om: User, probation_om: User, person: Nominal
) -> None:
    today = date(2024, 3, 20)
    services.set_schedule(
        actor=Actor(probation_om),
        nominal=person,
        values={"kind": "probation", "supervision_started_on": START},
    )
    assess(probation_om, person, "very_high")
    found = {c.key: c for c in visit_clocks(requested_by=probation_om, nominal=person, today=today)}
    assert found["visits.probation_first_home_visit"].due_on == date(2024, 1, 29)  # 10 working days
    assert found["visits.probation_first_home_visit"].status == ClockStatus.OVERDUE
    assert found["visits.probation_high_very_high"].due_on == date(2024, 5, 15)
    services.record_visit(actor=Actor(police_om), nominal=person, values=visit(visit_on=date(2024, 1, 25), joint=True))
    register_services.add_address(
        actor=Actor(police_om),
        nominal=person,
        values={"kind": AddressKind.MAIN, "line1": "9 Elm Road", "town": "Demotown", "from_date": date(2024, 3, 1)},
    )
    found = {c.key: c for c in visit_clocks(requested_by=probation_om, nominal=person, today=today)}
    assert found["visits.probation_first_home_visit"].status == ClockStatus.MET
    assert found["visits.probation_high_very_high"].due_on == date(2024, 5, 25)
    moved = found["visits.change_of_address"]
    assert (moved.due_on, moved.status) == (date(2024, 3, 15), ClockStatus.OVERDUE)


def test_the_worklist_shows_overdue_visits_to_the_record_manager_and_the_area(
    users: dict[str, User], person: Nominal
) -> None:
    police_om, today = users["police_om"], timezone.localdate()
    with committed():
        services.set_schedule(actor=Actor(police_om), nominal=person, values={"kind": "police"})
        assess(police_om, person, "medium")
    mine = WorklistScope(today=today, due_by=today + timedelta(days=14), user=police_om)
    items = [i for i in work_items(mine) if i.kind == "home-visit" and i.nominal_id == person.pk]
    assert [i.label for i in items] == ["Police home visit (medium RoSH)"]
    assert items[0].is_overdue(today) and items[0].url == f"/people/{person.pk}/visits/"
    area = WorklistScope(today=today, due_by=today, area_id=person.area_id)
    assert any(i.kind == "home-visit" and i.nominal_id == person.pk for i in work_items(area))
    # Nobody else's own worklist shows it.
    for actor in ("probation_om", "prison_om", "chair", "lay_adviser"):
        theirs = WorklistScope(today=today, due_by=today + timedelta(days=14), user=users[actor])
        assert not [i for i in work_items(theirs) if i.nominal_id == person.pk and i.kind == "home-visit"]


def test_with_no_assessment_the_schedule_says_so_and_uses_the_rules_default(police_om: User, person: Nominal) -> None:
    """No separately typed risk: with none assessed, visits follow rules.visits.UNASSESSED_ROSH."""
    from rules.visits import UNASSESSED_ROSH

    services.set_schedule(actor=Actor(police_om), nominal=person, values={"kind": "police"})
    [clock] = visit_clocks(requested_by=police_om, nominal=person, today=date(2024, 7, 1))
    assert clock.key == f"visits.police_{UNASSESSED_ROSH}"
    assert "No risk assessment recorded: visits are scheduled as for high risk" in clock.detail
    assert "rule visits.no_assessment" in clock.detail


def test_the_level_agreed_after_the_tools_decides_the_visits(police_om: User, person: Nominal) -> None:
    """The same level the Risk tab shows: an agreed level as recent as every assessment wins."""
    services.set_schedule(actor=Actor(police_om), nominal=person, values={"kind": "police"})
    assess(police_om, person, "low")
    assessments.agree_risk_level(
        actor=Actor(police_om),
        nominal=person,
        agreed_level="very_high",
        reasoning="New intelligence about contact with children",
        agreed_on=date(2024, 2, 1),
    )
    [clock] = visit_clocks(requested_by=police_om, nominal=person, today=date(2024, 7, 1))
    assert clock.key == "visits.police_very_high" and "agreed in professional discussion" in clock.detail


def test_a_new_assessment_moves_the_stored_visit_due_date(users: dict[str, User], person: Nominal) -> None:
    """One truth: recording an assessment recomputes the worklist's home visit date."""
    police_om, today = users["police_om"], timezone.localdate()
    with committed():
        services.set_schedule(actor=Actor(police_om), nominal=person, values={"kind": "police"})
        services.record_visit(actor=Actor(police_om), nominal=person, values=visit(visit_on=today - timedelta(days=20)))
    scope = WorklistScope(today=today, due_by=today + timedelta(days=400), user=police_om)

    def labels() -> list[str]:
        return [i.label for i in work_items(scope) if i.kind == "home-visit" and i.nominal_id == person.pk]

    assert labels() == ["Police home visit (high RoSH)"]  # the default while none is assessed
    with committed():
        assess(police_om, person, "low", today - timedelta(days=1))
    assert labels() == ["Police home visit (low RoSH)"]
