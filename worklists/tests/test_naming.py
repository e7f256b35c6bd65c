"""A work item names its person only to a user who may see them (access.policy.nominals_named_to),
for every role: allowed and denied."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from access import policy, sharing
from access.models import ShareScope
from accounts.models import Role, User
from conftest import ACTORS, Records, agency, create_user
from kernel.actor import Actor
from kernel.worklist_sources import WorkItem
from register.models import Nominal
from worklists.naming import name_items

pytestmark = pytest.mark.django_db

# Whose name each role reads on its lists: the people whose record it may see.
NAMED = {
    "police_om": {"own", "partner", "archived"},
    "probation_om": {"partner", "unregistered"},
    "prison_om": {"other_agency"},
    "coordinator": {"own", "partner", "other_agency", "archived", "unregistered"},
    "chair": {"partner", "unregistered"},
    "dtc_spoc": set(),
    "lay_adviser": set(),
    "smb_member": set(),
    "auditor": set(),
    "admin": set(),
    "other_area_police": {"other_area"},
}


def _item(person: Nominal) -> WorkItem:
    return WorkItem(
        kind="plan-action",
        label="Plan action",
        due_on=timezone.localdate(),
        url="/plan-actions/1/",
        area_id=person.area_id,
        nominal_id=person.pk,
        person_name="WHAT THE SOURCE SAID",
    )


def _named_kinds(user: User, records: Records) -> set[str]:
    kinds = list(records.people)
    items = name_items([_item(records.people[kind]) for kind in kinds], viewer=user)
    named = set()
    for kind, item in zip(kinds, items, strict=True):
        person = records.people[kind]
        if item.person_name:
            assert (item.nominal_id, item.person_name, item.person_reference) == (
                person.pk,
                str(person),
                person.reference,
            )
            named.add(kind)
        else:  # withheld: nothing that identifies the person
            assert (item.nominal_id, item.person_reference) == (None, "")
    return named


@pytest.mark.parametrize("actor", ACTORS)
def test_each_role_reads_only_the_names_it_may_see(actor: str, users: dict[str, User], records: Records) -> None:
    assert _named_kinds(users[actor], records) == NAMED[actor]
    ids = [person.pk for person in records.people.values()]
    assert policy.nominals_named_to(users[actor], ids) == {records.people[kind].pk for kind in NAMED[actor]}


def test_a_dtc_contact_reads_the_name_of_a_person_shared_with_their_agency_until_the_share_ends(
    users: dict[str, User], records: Records
) -> None:
    spoc, person = users["dtc_spoc"], records.people["own"]
    grant = sharing.grant(
        actor=Actor(users["police_om"]),
        nominal=person,
        agency=agency("DEMO-HSG"),
        scope=ShareScope.REFERRAL_SUMMARY,
        reason="Invited to the MAPP meeting",
        expires_at=timezone.now() + timedelta(days=30),
    )
    assert _named_kinds(spoc, records) == {"own"}
    # Another DTC agency's contact still reads no name.
    social_care = create_user(Role.DTC_SPOC, "DEMO-CSC")
    assert _named_kinds(social_care, records) == set()
    sharing.revoke(actor=Actor(users["police_om"]), grant=grant, reason="The meeting was cancelled")
    assert _named_kinds(spoc, records) == set()


def test_no_one_is_named_to_nobody(records: Records) -> None:
    assert policy.nominals_named_to(None, [person.pk for person in records.people.values()]) == set()
    assert policy.nominals_named_to(None, []) == set()
