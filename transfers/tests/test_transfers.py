"""Transfers between areas: request, the sending area's approval (probation decides for a
person under supervision), the receiving area's acceptance and meeting, the records
clock, the category 1 police flow, cross-border transfers, and the record moving across."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access import policy
from accounts.models import Area, Role, User
from cases.models import Registration
from conftest import ACTORS, PersonMaker, RegistrationMaker, agency
from kernel.actor import Actor
from kernel.worklist_sources import SOURCES, WorklistScope
from register.models import Nominal
from rules.working_days import transfer_records_due_on
from transfers import services
from transfers.models import Transfer, TransferStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def kent(make_user: Callable[..., User]) -> dict[str, User]:
    return {
        "coordinator": make_user(Role.COORDINATOR, "KEN-PRB", username="kent.coordinator"),
        "probation": make_user(Role.PROBATION_OM, "KEN-PRB", username="kent.probation"),
        "police": make_user(Role.POLICE_OM, "KEN-POL", username="kent.police"),
    }


@pytest.fixture
def level_2(probation_om: User, make_person: PersonMaker, make_registration: RegistrationMaker) -> Registration:
    person = make_person(probation_om)
    return make_registration(person, probation_om, category=2, level=2, partners=[agency("DEMO-POL")])


def requested(by: User, nominal: Nominal, **overrides: Any) -> Transfer:
    values: dict[str, Any] = {
        "actor": Actor(by),
        "nominal": nominal,
        "to_area": Area.objects.get(code="KEN"),
        "new_address": "1 New Street, Maidstone",
        "reason": "Moving to live with family",
        "under_probation_supervision": True,
        "requested_on": TODAY() - timedelta(days=10),
    } | overrides
    return services.request_transfer(**values)


def test_a_transfer_to_the_same_area_is_refused_naming_the_rule(level_2: Registration, probation_om: User) -> None:
    with pytest.raises(ValidationError) as refused:
        requested(probation_om, level_2.nominal, to_area=Area.objects.get(code="DEMO"))
    assert refused.value.message_dict["to_area"] == [
        "A transfer goes to another area: the person is already managed in Demonstration area"
    ]
    assert not Transfer.objects.exists()


def test_a_level_2_case_transfers_end_to_end(
    level_2: Registration, probation_om: User, coordinator: User, kent: dict[str, User], users: dict[str, User]
) -> None:
    person = level_2.nominal
    transfer = requested(probation_om, person)
    assert not policy.can_view_transfer(kent["coordinator"], transfer)  # not until approved
    approved_on = TODAY() - timedelta(days=8)
    transfer = services.approve(
        actor=Actor(users["chair"]),  # someone other than the requester
        transfer=transfer,
        assessment="Suitable address; risks manageable",
        approved_on=approved_on,
    )
    assert transfer.records_due_on == transfer_records_due_on(approved_on)
    assert policy.can_view_transfer(kent["coordinator"], transfer)
    assert not policy.can_view_nominal(kent["coordinator"], person)  # the record itself has not moved yet
    due = list(SOURCES["transfer"](WorklistScope(today=TODAY(), due_by=TODAY(), user=probation_om)))
    assert [i.due_on for i in due] == [transfer.records_due_on] and due[0].is_overdue(TODAY())
    receiving = list(
        SOURCES["transfer"](WorklistScope(today=TODAY(), due_by=TODAY(), area_id=Area.objects.get(code="KEN").pk))
    )
    assert [i.label for i in receiving] == ["Accept or refuse the transfer in from Demonstration area"]
    transfer = services.accept(
        actor=Actor(kent["coordinator"]),
        transfer=transfer,
        accepted_on=TODAY() - timedelta(days=5),
        lead_agency=agency("KEN-PRB"),
        record_manager=kent["probation"],
    )
    transfer = services.record_records_sent(
        actor=Actor(probation_om), transfer=transfer, sent_on=TODAY() - timedelta(days=4)
    )
    with pytest.raises(ValidationError) as no_meeting:
        services.complete(actor=Actor(kent["coordinator"]), transfer=transfer, completed_on=TODAY())
    assert "receiving area's MAPP meeting" in no_meeting.value.message_dict["receiving_meeting_on"][0]
    with pytest.raises(ValidationError):
        services.record_receiving_meeting(
            actor=Actor(kent["coordinator"]), transfer=transfer, held_on=TODAY(), sending_manager_attended=False
        )
    transfer = services.record_receiving_meeting(
        actor=Actor(kent["coordinator"]),
        transfer=transfer,
        held_on=TODAY() - timedelta(days=1),
        sending_manager_attended=True,
    )
    transfer = services.complete(actor=Actor(kent["coordinator"]), transfer=transfer, completed_on=TODAY())
    assert transfer.status == TransferStatus.COMPLETED
    level_2.refresh_from_db()
    person.refresh_from_db()
    assert (level_2.lead_agency.code, level_2.record_manager, person.area.code) == ("KEN-PRB", kent["probation"], "KEN")
    assert [p.agency.code for p in level_2.partners.all()] == ["KEN-POL"]  # DEMO police's place taken by Kent's
    assert policy.can_view_nominal(kent["coordinator"], person) and policy.can_view_nominal(kent["probation"], person)
    assert policy.can_view_nominal(kent["police"], person)
    for actor in ("probation_om", "police_om", "coordinator", "chair"):
        assert not policy.can_view_nominal(users[actor], person), actor


def test_probation_decides_for_a_person_under_supervision(
    level_2: Registration,
    probation_om: User,
    users: dict[str, User],
    kent: dict[str, User],
    make_person: PersonMaker,
    make_registration: RegistrationMaker,
) -> None:
    transfer = requested(probation_om, level_2.nominal)
    approvers = {actor for actor in ACTORS if policy.can_approve_transfer(users[actor], transfer)}
    # Not the requester; the co-ordinator works for probation here.
    assert approvers == {"chair", "coordinator"}
    assert not policy.can_approve_transfer(kent["coordinator"], transfer)
    police_person = make_person(users["police_om"])
    make_registration(police_person, users["police_om"], category=1, level=1)
    police_led = requested(users["coordinator"], police_person)
    assert not policy.can_approve_transfer(users["police_om"], police_led)  # under supervision: probation decides
    with pytest.raises(ValidationError) as refused:
        services.approve(actor=Actor(users["police_om"]), transfer=police_led, assessment="ok", approved_on=TODAY())
    assert "transfers.probation_decides_under_supervision" in refused.value.message_dict["approved_by"][0]


def test_who_may_take_each_step(
    level_2: Registration, probation_om: User, users: dict[str, User], kent: dict[str, User]
) -> None:
    transfer = requested(probation_om, level_2.nominal)
    transfer = services.approve(actor=Actor(users["chair"]), transfer=transfer, assessment="ok", approved_on=TODAY())
    everyone = {**users, **{f"kent_{k}": v for k, v in kent.items()}}

    def allowed(check: Callable[[Any, Transfer], bool]) -> set[str]:
        return {name for name, user in everyone.items() if check(user, transfer)}

    receiving_area = {"kent_coordinator", "kent_probation", "kent_police", "other_area_police"}
    assert allowed(policy.can_accept_transfer) == receiving_area
    assert allowed(policy.can_refuse_transfer) == receiving_area
    assert allowed(policy.can_send_transfer_records) == {"probation_om", "chair", "coordinator"}
    assert allowed(policy.can_complete_transfer) == set()
    assert allowed(policy.can_view_transfer) == {
        "probation_om",
        "chair",
        "coordinator",
        "police_om",
        "kent_coordinator",
        "kent_probation",
        "kent_police",
        "other_area_police",
    }


def test_a_category_1_move_needs_the_receiving_force_and_a_home_visit(
    police_om: User,
    coordinator: User,
    make_person: PersonMaker,
    make_registration: RegistrationMaker,
    kent: dict[str, User],
) -> None:
    registration = make_registration(make_person(police_om), police_om, category=1, level=1)
    transfer = requested(police_om, registration.nominal, under_probation_supervision=False)
    transfer = services.approve(actor=Actor(coordinator), transfer=transfer, assessment="ok", approved_on=TODAY())
    transfer = services.accept(
        actor=Actor(kent["coordinator"]),
        transfer=transfer,
        accepted_on=TODAY(),
        lead_agency=agency("KEN-POL"),
        record_manager=kent["police"],
    )
    assert transfer.receiving_police is not None and transfer.receiving_police.code == "KEN-POL"
    assert registration.partners.filter(agency__code="KEN-POL").exists()  # the receiving force is a partner
    assert policy.can_view_nominal(kent["police"], registration.nominal)
    assert policy.can_confirm_transfer_address(kent["police"], transfer)
    transfer = services.record_records_sent(actor=Actor(police_om), transfer=transfer, sent_on=TODAY())
    with pytest.raises(ValidationError) as unconfirmed:
        services.complete(actor=Actor(kent["coordinator"]), transfer=transfer, completed_on=TODAY())
    assert "home visit by the receiving force" in unconfirmed.value.message_dict["address_confirmed_on"][0]
    transfer = services.confirm_address(actor=Actor(kent["police"]), transfer=transfer, confirmed_on=TODAY())
    services.complete(actor=Actor(kent["coordinator"]), transfer=transfer, completed_on=TODAY())
    registration.refresh_from_db()
    assert registration.lead_agency.code == "KEN-POL" and not registration.partners.exists()


def test_cross_border_transfers_are_restricted_or_unrestricted(
    level_2: Registration, probation_om: User, coordinator: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        requested(probation_om, level_2.nominal, to_area=None, to_jurisdiction="scotland")
    assert "restricted or unrestricted" in refused.value.message_dict["cross_border_basis"][0]
    transfer = requested(
        probation_om, level_2.nominal, to_area=None, to_jurisdiction="scotland", cross_border_basis="restricted"
    )
    transfer = services.approve(actor=Actor(coordinator), transfer=transfer, assessment="ok", approved_on=TODAY())
    assert policy.can_complete_transfer(probation_om, transfer)
    transfer = services.record_records_sent(actor=Actor(probation_om), transfer=transfer, sent_on=TODAY())
    done = services.complete(actor=Actor(probation_om), transfer=transfer, completed_on=TODAY())
    assert done.status == TransferStatus.COMPLETED and done.cross_border_basis == "restricted"
    level_2.refresh_from_db()
    assert level_2.lead_agency.code == "DEMO-PRB"  # a restricted transfer leaves the record where it was


def test_transfer_api(
    level_2: Registration, probation_om: User, coordinator: User, kent: dict[str, User], bearer: Any
) -> None:
    api = bearer(probation_om)
    body = {
        "nominal": level_2.nominal_id,
        "to_area": "DEMO",
        "new_address": "2 Road",
        "reason": "Work",
        "under_probation_supervision": True,
        "requested_on": TODAY().isoformat(),
    }
    same = api.post("/api/v1/transfers/", body, format="json")
    assert same.status_code == 400 and same.json()["errors"][0]["field"] == "to_area"
    made = api.post("/api/v1/transfers/", body | {"to_area": "KEN"}, format="json", HTTP_IDEMPOTENCY_KEY="t-1")
    assert made.status_code == 201 and made.json()["status"] == "requested"
    pk = made.json()["id"]
    assert bearer(kent["coordinator"]).get(f"/api/v1/transfers/{pk}/").status_code == 404
    stale = bearer(coordinator).post(
        f"/api/v1/transfers/{pk}/approve/",
        {"assessment": "ok", "approved_on": TODAY().isoformat()},
        format="json",
        HTTP_IF_MATCH='"7"',
    )
    assert stale.status_code == 412
    own = api.post(
        f"/api/v1/transfers/{pk}/approve/",
        {"assessment": "ok", "approved_on": TODAY().isoformat()},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert own.status_code == 404  # the requester does not approve their own request
    approved = bearer(coordinator).post(
        f"/api/v1/transfers/{pk}/approve/",
        {"assessment": "ok", "approved_on": TODAY().isoformat()},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert (
        approved.status_code == 200
        and approved.json()["records_due_on"] == transfer_records_due_on(TODAY()).isoformat()
    )
    kent_api = bearer(kent["coordinator"])
    assert kent_api.get("/api/v1/transfers/").json()["count"] == 1
    accepted = kent_api.post(
        f"/api/v1/transfers/{pk}/accept/",
        {"lead_agency": "KEN-PRB", "record_manager": "kent.probation", "accepted_on": TODAY().isoformat()},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
