"""The civil order endpoints and pages: prohibitions, breaches, and the SRO consequence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from notifications.models import NotificationRequirement
from notifications.tests.helpers import form_data
from orders.models import CivilOrder
from register.models import Nominal

pytestmark = pytest.mark.django_db


def test_an_sro_breach_conviction_through_the_api_brings_notification(
    bearer: Callable[[User | None], APIClient], police_om: User, make_person: Callable[..., Nominal]
) -> None:
    api, today = bearer(police_om), timezone.localdate()
    nominal = make_person(police_om)
    order = api.post(
        f"/api/v1/nominals/{nominal.pk}/orders/",
        {
            "kind": "sro",
            "made_on": str(today - timedelta(days=100)),
            "court": "Demotown Magistrates' Court",
            "prohibitions": ["Not to approach any child under 16"],
            "foreign_travel_restriction": True,
            "foreign_travel_ends_on": str(today + timedelta(days=300)),
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="sro-1",
    )
    assert order.status_code == 201, order.json()
    breach = api.post(
        f"/api/v1/orders/{order.json()['id']}/breaches/",
        {"breach_on": str(today - timedelta(days=10)), "description": "Spoke to children at a bus stop"},
        format="json",
    )
    assert breach.status_code == 201 and breach.json()["became_subject_to_notification_on"] is None
    convicted = api.patch(
        f"/api/v1/order-breaches/{breach.json()['id']}/",
        {"outcome": "convicted", "outcome_on": str(today)},
        format="json",
        HTTP_IF_MATCH=breach.headers["ETag"],
    )
    assert convicted.status_code == 200
    assert convicted.json()["became_subject_to_notification_on"] == str(today)
    requirement = NotificationRequirement.objects.get(nominal=nominal)
    assert requirement.basis == "sro_breach"
    clocks = api.get(f"/api/v1/nominals/{nominal.pk}/notifications/").json()["clocks"]
    assert clocks[0]["key"] == "soa83.initial_notification"
    assert clocks[0]["due_on"] == str(today + timedelta(days=2))


def test_too_short_an_shpo_is_refused_in_the_api(
    bearer: Callable[[User | None], APIClient], police_om: User, make_person: Callable[..., Nominal]
) -> None:
    api, today = bearer(police_om), timezone.localdate()
    nominal = make_person(police_om)
    response = api.post(
        f"/api/v1/nominals/{nominal.pk}/orders/",
        {"kind": "shpo", "made_on": str(today), "ends_on": str(today + timedelta(days=365)), "court": "Crown Court"},
        format="json",
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "ends_on" and "rule orders.shpo" in error["message"]
    assert not CivilOrder.objects.exists()


def test_the_order_page_shows_prohibitions_as_a_list(police_om: User, make_person: Callable[..., Nominal]) -> None:
    nominal = make_person(police_om)
    client = Client()
    client.force_login(police_om)
    today = timezone.localdate()
    response = client.post(
        f"/people/{nominal.pk}/orders/new/",
        form_data(
            {
                "kind": "shpo",
                "made_on": today,
                "court": "Demotown Crown Court",
                "prohibitions": "No contact with children under 16\nNo internet device without monitoring software\n",
            }
        ),
    )
    assert response.status_code == 302
    body = client.get(f"/people/{nominal.pk}/orders/").content.decode()
    assert "<li>No contact with children under 16</li>" in body
    assert "Until further order" in body
