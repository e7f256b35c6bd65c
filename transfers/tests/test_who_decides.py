"""Who decides a transfer (rules/transfers.py): approved by someone other than its requester,
accepted or declined by the receiving area's own users. Allow and refuse, for every role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from access import policy
from accounts.models import Area, Role, User
from cases.models import Registration
from conftest import ACTORS, PersonMaker, RegistrationMaker, agency
from kernel.actor import Actor
from rules import transfers as rules
from rules.catalogue import find
from transfers import services
from transfers.models import Transfer, TransferStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
KENT = ("kent_coordinator", "kent_probation", "kent_police")


@pytest.fixture
def everyone(users: dict[str, User], make_user: Callable[..., User]) -> dict[str, User]:
    return users | {
        "kent_coordinator": make_user(Role.COORDINATOR, "KEN-PRB", username="kent.coordinator"),
        "kent_probation": make_user(Role.PROBATION_OM, "KEN-PRB", username="kent.probation"),
        "kent_police": make_user(Role.POLICE_OM, "KEN-POL", username="kent.police"),
    }


@pytest.fixture
def registration(probation_om: User, make_person: PersonMaker, make_registration: RegistrationMaker) -> Registration:
    return make_registration(
        make_person(probation_om), probation_om, category=2, level=2, partners=[agency("DEMO-POL")]
    )


def request(by: User, registration: Registration) -> Transfer:
    return services.request_transfer(
        actor=Actor(by),
        nominal=registration.nominal,
        to_area=Area.objects.get(code="KEN"),
        new_address="1 New Street, Maidstone",
        reason="Moving to live with family",
        under_probation_supervision=True,
        requested_on=TODAY() - timedelta(days=3),
    )


def approve(by: User, transfer: Transfer) -> Transfer:
    return services.approve(actor=Actor(by), transfer=transfer, assessment="Suitable", approved_on=TODAY())


# The sending side may approve (probation for a person under its supervision), never the requester.
SENDING_APPROVERS = {"probation_om", "chair", "coordinator"}
# The receiving area's own users: its co-ordinator and its offender managers.
RECEIVING = {*KENT, "other_area_police"}


@pytest.mark.parametrize("requester", ["probation_om", "chair", "coordinator"])
def test_a_transfer_is_approved_by_someone_other_than_its_requester(
    requester: str, everyone: dict[str, User], registration: Registration
) -> None:
    transfer = request(everyone[requester], registration)
    for name, user in everyone.items():
        allowed = name in SENDING_APPROVERS - {requester}
        assert policy.can_approve_transfer(user, transfer) is allowed, name
        assert policy.can_refuse_transfer(user, transfer) is allowed, name
    with pytest.raises(ValidationError) as refused:
        approve(everyone[requester], transfer)
    message = refused.value.message_dict["approved_by"][0]
    assert "transfers.approver_is_not_requester" in message and "Seed 003" in message
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.REQUESTED
    other = next(iter(sorted(SENDING_APPROVERS - {requester})))
    assert approve(everyone[other], transfer).status == TransferStatus.APPROVED


@pytest.mark.parametrize("actor", [*ACTORS, *KENT])
def test_the_receiving_area_accepts_or_declines(
    actor: str, everyone: dict[str, User], registration: Registration
) -> None:
    transfer = approve(everyone["chair"], request(everyone["probation_om"], registration))
    user = everyone[actor]
    allowed = actor in RECEIVING
    assert policy.can_accept_transfer(user, transfer) is allowed
    assert policy.can_refuse_transfer(user, transfer) is allowed
    assert policy.can_view_transfer(user, transfer) is (
        allowed or actor in {"probation_om", "chair", "coordinator", "police_om"}
    )
    accepting: dict[str, Any] = {
        "accepted_on": TODAY(),
        "lead_agency": agency("KEN-PRB"),
        "record_manager": everyone["kent_probation"],
    }
    if allowed:
        accepted = services.accept(actor=Actor(user), transfer=transfer, **accepting)
        assert accepted.status == TransferStatus.ACCEPTED and accepted.accepted_by == user
    else:
        with pytest.raises(ValidationError) as refused:
            services.accept(actor=Actor(user), transfer=transfer, **accepting)
        assert "transfers.receiving_area_decides" in refused.value.message_dict["accepted_by"][0]
        with pytest.raises(ValidationError) as declined:
            services.refuse(actor=Actor(user), transfer=transfer, refused_on=TODAY(), reason="Unsafe")
        assert "transfers.receiving_area_decides" in declined.value.message_dict["refused_by"][0]


def test_a_receiving_officer_declines_on_the_page(
    everyone: dict[str, User], registration: Registration, signed_in: Callable[[User], Any]
) -> None:
    transfer = approve(everyone["chair"], request(everyone["probation_om"], registration))
    client = signed_in(everyone["kent_probation"])
    detail = client.get(reverse("transfers:detail", args=[transfer.pk])).content.decode()
    assert reverse("transfers:accept", args=[transfer.pk]) in detail
    assert reverse("transfers:refuse", args=[transfer.pk]) in detail
    form = {
        "version": str(transfer.version),
        "reason": "No suitable supervision here",
        "refused_on-day": str(TODAY().day),
        "refused_on-month": str(TODAY().month),
        "refused_on-year": str(TODAY().year),
    }
    assert client.post(reverse("transfers:refuse", args=[transfer.pk]), form).status_code == 302
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.REFUSED
    sender = signed_in(everyone["probation_om"])
    assert sender.get(reverse("transfers:accept", args=[transfer.pk])).status_code == 404


def test_the_requester_is_told_why_they_cannot_approve(
    everyone: dict[str, User], registration: Registration, signed_in: Callable[[User], Any]
) -> None:
    transfer = request(everyone["probation_om"], registration)
    page = signed_in(everyone["probation_om"]).get(reverse("transfers:detail", args=[transfer.pk])).content.decode()
    assert reverse("transfers:approve", args=[transfer.pk]) not in page
    assert "someone in the sending area other than the person who requested it" in page


def test_the_rules_are_pure_and_catalogued() -> None:
    me = rules.Decider(user_id=1, area_id=10, is_probation=True, may_decide_for_area=True)
    assert (
        rules.approval_refused_by(me, requested_by_id=1, under_probation_supervision=False)
        is rules.APPROVER_IS_NOT_REQUESTER
    )
    assert rules.approval_refused_by(me, requested_by_id=2, under_probation_supervision=True) is None
    police = rules.Decider(user_id=3, area_id=10, is_probation=False, may_decide_for_area=True)
    assert rules.approval_refused_by(police, requested_by_id=2, under_probation_supervision=True) is (
        rules.PROBATION_DECIDES_UNDER_SUPERVISION
    )
    assert rules.receiving_decision_refused_by(me, to_area_id=10) is None
    assert rules.receiving_decision_refused_by(me, to_area_id=11) is rules.RECEIVING_AREA_DECIDES
    assert rules.receiving_decision_refused_by(me, to_area_id=None) is rules.RECEIVING_AREA_DECIDES
    for rule in rules.RULES:
        assert find(rule.key).citation.startswith("Seed 003")
