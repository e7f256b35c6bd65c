"""Allow and deny, for every role, on the custody, SFO, PDP, retention and transfer rules
that the access matrix reaches only with a missing id (objects: spells, reviews, SFOs)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from access import policy
from accounts.models import User
from cases import services as case_services
from conftest import ACTORS, PersonMaker, RegistrationMaker, agency
from custody import services, sfo_services
from kernel.actor import Actor

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def world(users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker) -> dict[str, Any]:
    probation = users["probation_om"]
    person = make_person(probation)
    make_registration(person, probation, category=2, level=2)
    spell = services.start_custody(
        actor=Actor(probation),
        nominal=person,
        prison=agency("DEMO-PRI"),
        reason="sentence",
        entered_on=TODAY() - timedelta(days=30),
        values={"sentence_date": TODAY() - timedelta(days=30), "release_on": TODAY() + timedelta(days=200)},
    )
    sfo = sfo_services.record_sfo(actor=Actor(probation), nominal=person, offence="Robbery", charged_on=TODAY())
    released = make_person(probation)
    make_registration(released, probation, category=2, level=2)
    other = services.start_custody(
        actor=Actor(probation), nominal=released, prison=agency("DEMO-PRI"), reason="remand", entered_on=TODAY()
    )
    services.release(actor=Actor(probation), spell=other, released_on=TODAY(), kind="from_court")
    review = released.urgent_reviews.get()
    pdp_person = make_person(users["police_om"])
    pdp = case_services.record_pdp(
        actor=Actor(users["police_om"]),
        nominal=pdp_person,
        lead_agency=agency("DEMO-POL"),
        authorised_by="B. Senior",
        authoriser_rank="superintendent",
        authorised_on=TODAY(),
        reason="Threats",
    )
    return {"person": person, "spell": spell, "sfo": sfo, "review": review, "pdp": pdp, "pdp_person": pdp_person}


def admitted(users: dict[str, User], check: Any, obj: Any) -> set[str]:
    return {actor for actor in ACTORS if check(users[actor], obj)}


def test_each_rule_admits_exactly_its_roles(world: dict[str, Any], users: dict[str, User]) -> None:
    # Custody: the lead agency's staff, the co-ordinator and the holding prison (a partner).
    assert admitted(users, policy.can_record_custody, world["person"]) == {
        "probation_om", "chair", "coordinator", "prison_om",
    }  # fmt: skip
    assert admitted(users, policy.can_confirm_release, world["spell"]) == {"prison_om"}
    # Urgent reviews and SFO notifications: those who manage the registration.
    assert admitted(users, policy.can_complete_urgent_review, world["review"]) == {
        "probation_om",
        "chair",
        "coordinator",
    }
    assert admitted(users, policy.can_record_sfo_notification, world["sfo"]) == {"probation_om", "chair", "coordinator"}
    assert admitted(users, policy.can_record_review_decision, world["sfo"]) == {"coordinator"}
    # PDPs: the police (who lead) and the co-ordinator.
    assert admitted(users, policy.can_end_pdp, world["pdp"]) == {"police_om", "coordinator"}
    assert admitted(users, policy.can_record_pdp, world["pdp_person"]) == {"police_om", "coordinator"}
    assert admitted(users, policy.can_record_pdp, world["person"]) == set()  # under MAPPA: never a PDP
    assert admitted(users, policy.can_decide_retention, world["person"]) == {"coordinator"}
    assert admitted(users, policy.can_request_transfer, world["person"]) == {"probation_om", "chair", "coordinator"}
    pdp_lists = {actor for actor in ACTORS if policy.visible_pdps(users[actor]).filter(pk=world["pdp"].pk).exists()}
    assert pdp_lists == {"police_om", "coordinator"}


PAGES = {
    "custody:dates": ("spell", {"probation_om", "chair", "coordinator", "prison_om"}),
    "custody:release": ("spell", {"probation_om", "chair", "coordinator", "prison_om"}),
    "custody:confirm-release": ("spell", {"prison_om"}),
    "custody:urgent-review": ("review", {"probation_om", "chair", "coordinator"}),
    "custody:sfo": ("sfo", {"probation_om", "chair", "coordinator", "prison_om"}),
    "custody:sfo-notification": ("sfo", {"probation_om", "chair", "coordinator"}),
    "casework:pdp-end": ("pdp", {"police_om", "coordinator"}),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_object_pages_allow_and_deny_every_role(
    name: str, world: dict[str, Any], users: dict[str, User], signed_in: Any
) -> None:
    key, allowed = PAGES[name]
    url = reverse(name, args=[world[key].pk])
    answers = {actor: signed_in(users[actor]).get(url).status_code for actor in ACTORS}
    assert {actor for actor, code in answers.items() if code == 200} == allowed
    assert {code for actor, code in answers.items() if actor not in allowed} == {404}
    assert signed_in(None).get(url).status_code == 302  # anonymous: sent to sign in


@pytest.mark.parametrize("name", ["custody:dates", "custody:release", "custody:urgent-review"])
def test_showing_a_step_page_names_the_person_so_it_is_an_audited_read(
    name: str, world: dict[str, Any], users: dict[str, User], signed_in: Any
) -> None:
    from audit.models import AuditEvent

    key, _ = PAGES[name]
    reads = AuditEvent.objects.filter(
        action="nominal.view", nominal_id=world[key].nominal_id, actor=users["coordinator"]
    )
    before = reads.count()
    assert signed_in(users["coordinator"]).get(reverse(name, args=[world[key].pk])).status_code == 200
    assert reads.count() == before + 1
    assert reads.order_by("-pk").first().detail == {"section": "custody"}  # type: ignore[union-attr]
