"""Who sees and changes disclosure decisions: allow and deny for every role."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from access import policy, restricted, sharing
from access.models import ShareScope
from accounts.models import User
from audit.models import AuditEvent
from conftest import ACTORS, Records, agency
from disclosure import services
from disclosure.models import Disclosure
from kernel.actor import Actor
from register.models import Nominal

from .conftest import Level2, decision_values

pytestmark = pytest.mark.django_db

# On the "own" record (category 1, level 1, led by DEMO police, managed by police_om).
LEVEL_1_DECIDERS = {"police_om", "coordinator"}
LEVEL_1_READERS = {"police_om", "coordinator"}  # partner-less: only its lead agency and the area


@pytest.mark.parametrize("actor", ACTORS)
def test_who_decides_at_level_1(actor: str, users: dict[str, User], level1: Nominal) -> None:
    assert policy.can_decide_disclosure(users[actor], level1) is (actor in LEVEL_1_DECIDERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_and_edits_a_level_1_decision(actor: str, users: dict[str, User], decided: Disclosure) -> None:
    user = users[actor]
    assert policy.can_view_disclosure(user, decided) is (actor in LEVEL_1_READERS)
    assert policy.can_edit_disclosure(user, decided) is (actor in LEVEL_1_DECIDERS)
    assert policy.can_record_disclosure_progress(user, decided) is (actor in LEVEL_1_DECIDERS)


def test_a_partner_agency_sees_but_does_not_decide(users: dict[str, User], records: Records) -> None:
    """The "partner" record is led by probation with DEMO police a partner agency."""
    partner = records.people["partner"]
    police, probation = users["police_om"], users["probation_om"]
    decision = services.record_decision(actor=Actor(probation), nominal=partner, values=decision_values(probation))
    assert policy.can_view_disclosure(police, decision)
    assert not policy.can_decide_disclosure(police, partner)
    assert not policy.can_edit_disclosure(police, decision)
    # ... unless named to make the disclosure, when they record it as made.
    named = services.record_decision(actor=Actor(probation), nominal=partner, values=decision_values(police))
    assert policy.can_record_disclosure_progress(police, named)
    assert not policy.can_edit_disclosure(police, named)


def test_archived_records_are_read_only(users: dict[str, User], records: Records) -> None:
    archived = records.people["archived"]
    assert not policy.can_decide_disclosure(users["police_om"], archived)
    assert not policy.can_decide_disclosure(users["coordinator"], archived)


@pytest.mark.parametrize("actor", ACTORS)
def test_at_level_2_the_chair_and_coordinator_record_the_meetings_decision(
    actor: str, users: dict[str, User], level2: Level2
) -> None:
    assert policy.can_decide_disclosure(users[actor], level2.nominal) is (actor in {"chair", "coordinator"})
    decision = services.record_decision(
        actor=Actor(users["chair"]),
        nominal=level2.nominal,
        values=decision_values(users["chair"], meeting=level2.meeting),
    )
    # probation_om is the record manager and lead agency, but at level 2 the meeting decides.
    assert policy.can_edit_disclosure(users[actor], decision) is (actor in {"chair", "coordinator"})


def test_a_dtc_agency_sees_a_decision_only_when_it_is_shared(
    users: dict[str, User], decided: Disclosure, level1: Nominal
) -> None:
    spoc = users["dtc_spoc"]
    expires = timezone.now() + timedelta(days=30)
    sharing.grant(
        actor=Actor(users["police_om"]),
        nominal=level1,
        agency=agency("DEMO-HSG"),
        scope=ShareScope.REFERRAL_SUMMARY,
        reason="Invited to a meeting",
        expires_at=expires,
    )
    assert not policy.can_view_disclosure(spoc, decided)  # other material shared: not this
    other = services.record_decision(
        actor=Actor(users["police_om"]), nominal=level1, values=decision_values(users["police_om"])
    )
    sharing.grant(
        actor=Actor(users["police_om"]),
        nominal=level1,
        agency=agency("DEMO-HSG"),
        scope=ShareScope.DISCLOSURE,
        reason="Housing must know to place him safely",
        expires_at=expires,
        obj=decided,
    )
    assert policy.can_view_disclosure(spoc, decided)
    assert not policy.can_view_disclosure(spoc, other)  # only the decision shared
    assert not policy.can_edit_disclosure(spoc, decided)
    assert not policy.can_record_disclosure_progress(spoc, decided)


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_coordinator_keeps_the_register(actor: str, users: dict[str, User]) -> None:
    assert policy.can_view_disclosure_register(users[actor]) is (actor == "coordinator")
    assert policy.allows("disclosure_register", users[actor]) is (actor == "coordinator")


def test_the_register_lists_only_the_coordinators_area(users: dict[str, User], records: Records) -> None:
    from disclosure import selectors

    kent = users["other_area_police"]
    services.record_decision(actor=Actor(kent), nominal=records.people["other_area"], values=decision_values(kent))
    ours = services.record_decision(
        actor=Actor(users["police_om"]), nominal=records.people["own"], values=decision_values(users["police_om"])
    )
    assert list(selectors.register(requested_by=users["coordinator"])) == [ours]
    assert list(selectors.register(requested_by=users["police_om"])) == []


# --- Victims: the restricted section --------------------------------------------------------

# The record manager of each record holds the section without a grant.
VICTIMS_ON_OWN = {"police_om"}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_victims_without_a_grant(actor: str, users: dict[str, User], level1: Nominal) -> None:
    assert policy.can_view_victims(users[actor], level1) is (actor in VICTIMS_ON_OWN)
    assert policy.can_edit_victims(users[actor], level1) is (actor in VICTIMS_ON_OWN)


def test_a_grant_opens_victims_and_revoking_closes_them(users: dict[str, User], records: Records) -> None:
    own = records.people["own"]
    coordinator, probation = users["coordinator"], users["probation_om"]
    assert not policy.can_view_victims(coordinator, own)
    given = restricted.grant(
        actor=Actor(users["police_om"]), nominal=own, user=coordinator, section="victims", reason="Case audit"
    )
    assert policy.can_view_victims(coordinator, own) and policy.can_edit_victims(coordinator, own)
    assert not policy.can_view_victims(probation, own)
    restricted.revoke(actor=Actor(users["police_om"]), grant=given, reason="Audit finished")
    assert not policy.can_view_victims(coordinator, own)


def test_the_archived_record_manager_reads_but_does_not_edit_victims(users: dict[str, User], records: Records) -> None:
    archived = records.people["archived"]
    assert policy.can_view_victims(users["police_om"], archived)
    assert not policy.can_edit_victims(users["police_om"], archived)


def test_a_whole_scope_share_opens_the_persons_decisions_to_the_dtc_agency(
    users: dict[str, User], decided: Disclosure, level1: Nominal
) -> None:
    from django.test import Client

    spoc = Client()
    spoc.force_login(users["dtc_spoc"])
    url = f"/disclosure/person/{level1.pk}/"
    assert spoc.get(url).status_code == 404
    sharing.grant(
        actor=Actor(users["police_om"]),
        nominal=level1,
        agency=agency("DEMO-HSG"),
        scope=ShareScope.DISCLOSURE,
        reason="Housing places him",
        expires_at=timezone.now() + timedelta(days=30),
    )
    listed = spoc.get(url)
    assert listed.status_code == 200 and f"/disclosure/{decided.pk}/" in listed.content.decode()
    # The list names the person: the read is recorded against them.
    seen = AuditEvent.objects.filter(action="disclosure.list_view", actor=users["dtc_spoc"], nominal_id=level1.pk)
    assert seen.count() == 1 and seen.get().detail == {"shown": [decided.pk]}
    assert spoc.get(f"/disclosure/{decided.pk}/").status_code == 200
    assert spoc.get(f"/disclosure/{decided.pk}/edit/").status_code == 404
    # "Shared with my agency" links the disclosure scope to the list.
    assert url in spoc.get(f"/shared/{level1.pk}/").content.decode()
    # Another agency's staff who do not see the person get the same 404.
    prison = Client()
    prison.force_login(users["prison_om"])
    assert prison.get(url).status_code == 404


def test_emergency_access_reads_but_never_changes_and_the_read_carries_the_reason(
    users: dict[str, User], decided: Disclosure, level1: Nominal, bearer: Any
) -> None:
    from access import emergency
    from audit.models import AuditEvent

    prison = users["prison_om"]
    assert not policy.can_view_disclosure(prison, decided)
    reason = "Arrested at the prison gate; need the risk and disclosure history now"
    emergency.open_access(actor=Actor(prison), identifier=level1.reference, reason=reason)
    assert policy.can_view_disclosure(prison, decided)
    assert not policy.can_edit_disclosure(prison, decided) and not policy.can_decide_disclosure(prison, level1)
    assert bearer(prison).get(f"/api/v1/disclosures/{decided.pk}/").status_code == 200
    event = AuditEvent.objects.filter(action="disclosure.view", actor=prison).get()
    assert event.reason == reason and "emergency_access" in event.detail
    # Emergency access never opens the restricted victims section.
    assert not policy.can_view_victims(prison, level1)
