"""Civil orders: the rules of each kind, breaches, and notification after an SRO breach."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from kernel.actor import Actor
from notifications.models import NotificationRequirement, RequirementBasis
from notifications.selectors import notification_clocks
from orders import services
from orders.models import CivilOrder, OrderKind
from register.models import Nominal
from rules.clocks import ClockStatus

pytestmark = pytest.mark.django_db


def order_values(**more: Any) -> dict[str, Any]:
    return {
        "kind": OrderKind.SHPO,
        "made_on": date(2022, 5, 9),
        "ends_on": date(2027, 5, 9),
        "court": "Demotown Crown Court",
        "prohibitions": ["Not to have unsupervised contact with any child under 16", "  ", "Not to use the internet"],
    } | more


@pytest.fixture
def person(police_om: User, make_person: Callable[..., Nominal], make_registration: Any) -> Nominal:
    nominal = make_person(police_om)
    make_registration(nominal, police_om, category=1)
    return nominal


def test_an_shpo_with_its_prohibitions_is_recorded_and_audited(police_om: User, person: Nominal) -> None:
    order = services.create_order(actor=Actor(police_om), nominal=person, values=order_values())
    assert order.prohibitions == ["Not to have unsupervised contact with any child under 16", "Not to use the internet"]
    assert AuditEvent.objects.filter(
        action="civil_order.create", object_id=str(order.pk), nominal_id=person.pk
    ).exists()


@pytest.mark.parametrize(
    ("values", "field", "rule"),
    [
        ({"ends_on": date(2027, 5, 8)}, "ends_on", "orders.shpo"),
        ({"kind": OrderKind.SRO, "ends_on": date(2024, 5, 8)}, "ends_on", "orders.sro"),
        ({"kind": OrderKind.SOPO, "ends_on": None}, "made_on", "orders.sopo"),
        ({"made_on": date(2015, 3, 7), "ends_on": None}, "made_on", "orders.shpo"),
        (
            {"foreign_travel_restriction": True, "foreign_travel_ends_on": date(2027, 5, 10)},
            "foreign_travel_ends_on",
            "orders.foreign_travel_limit",
        ),
    ],
)
def test_orders_that_break_a_rule_are_refused_naming_it(
    police_om: User, person: Nominal, values: dict[str, Any], field: str, rule: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_order(actor=Actor(police_om), nominal=person, values=order_values(**values))
    assert f"rule {rule}" in " ".join(caught.value.message_dict[field])
    assert not CivilOrder.objects.exists()


def test_a_historic_order_made_before_2015_is_recorded(police_om: User, person: Nominal) -> None:
    order = services.create_order(
        actor=Actor(police_om),
        nominal=person,
        values=order_values(kind=OrderKind.SOPO, made_on=date(2012, 1, 10), ends_on=None),
    )
    assert order.in_force_on(date(2030, 1, 1))


def test_a_breach_must_fall_while_the_order_has_effect(police_om: User, person: Nominal) -> None:
    order = services.create_order(actor=Actor(police_om), nominal=person, values=order_values())
    with pytest.raises(ValidationError) as caught:
        services.record_breach(
            actor=Actor(police_om), order=order, values={"breach_on": date(2022, 5, 1), "description": "Contact"}
        )
    assert "not in force" in caught.value.message_dict["breach_on"][0]


def test_a_conviction_for_breaching_an_sro_makes_the_person_subject_to_notification(
    police_om: User, make_person: Callable[..., Nominal]
) -> None:
    today = timezone.localdate()
    nominal = make_person(police_om)  # no conviction: an SRO needs none
    order = services.create_order(
        actor=Actor(police_om),
        nominal=nominal,
        values=order_values(kind=OrderKind.SRO, made_on=today - timedelta(days=400), ends_on=None),
    )
    breach = services.record_breach(
        actor=Actor(police_om),
        order=order,
        values={"breach_on": today - timedelta(days=30), "description": "Approached children at a park"},
    )
    # Charged: not yet a conviction or caution, so nothing follows.
    breach = services.update_breach(
        actor=Actor(police_om),
        breach=breach,
        values={"outcome": "charged", "outcome_on": today - timedelta(days=20)},
        expected_version=breach.version,
    )
    assert not NotificationRequirement.objects.exists()
    assert notification_clocks(requested_by=police_om, nominal=nominal) == []
    convicted_on = today - timedelta(days=1)
    breach = services.update_breach(
        actor=Actor(police_om),
        breach=breach,
        values={"outcome": "convicted", "outcome_on": convicted_on},
        expected_version=breach.version,
    )
    requirement = NotificationRequirement.objects.get()
    assert requirement.basis == RequirementBasis.SRO_BREACH
    assert requirement.relevant_date == convicted_on
    assert requirement.subject_until is None and requirement.order == order and requirement.breach == breach
    assert "orders.sro_breach_notification" in requirement.notes and "s129" in requirement.notes
    assert AuditEvent.objects.filter(action="notification_requirement.create", nominal_id=nominal.pk).exists()
    # The notification clock starts: 3 days beginning with the conviction.
    initial = notification_clocks(requested_by=police_om, nominal=nominal)[0]
    assert initial.key == "soa83.initial_notification"
    assert initial.due_on == convicted_on + timedelta(days=2)
    assert initial.status == ClockStatus.DUE
    # Once it has brought notification, the outcome stands.
    with pytest.raises(ValidationError) as caught:
        services.update_breach(
            actor=Actor(police_om), breach=breach, values={"outcome": "warning"}, expected_version=breach.version
        )
    assert "subject to notification" in caught.value.message_dict["outcome"][0]
    # Saving again (say, a corrected description) brings nothing twice.
    services.update_breach(
        actor=Actor(police_om),
        breach=breach,
        values={"description": "Approached children"},
        expected_version=breach.version,
    )
    assert NotificationRequirement.objects.count() == 1


def test_a_breach_of_an_shpo_brings_no_new_requirement(police_om: User, person: Nominal) -> None:
    order = services.create_order(actor=Actor(police_om), nominal=person, values=order_values())
    today = timezone.localdate()
    services.record_breach(
        actor=Actor(police_om),
        order=order,
        values={
            "breach_on": today - timedelta(days=3),
            "description": "Used a smartphone",
            "outcome": "convicted",
            "outcome_on": today,
        },
    )
    assert not NotificationRequirement.objects.exists()
