"""The retention review's "delete" deletes: the person's record and everything that hangs
from it go in the decision's transaction; the audit trail keeps the reference and counts
only; a dry run (service, page, API, command) lists what would go and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from access import sharing
from access.models import ShareGrant, ShareScope
from accounts.models import User
from audit.models import AuditEvent
from audit.trail import verify_chain
from cases import retention, services
from cases.models import Registration, RetentionDecision
from conftest import PersonMaker, RegistrationMaker, agency
from kernel.actor import Actor
from register import services as register_services
from register.models import Address, Alias, Conviction, Nominal
from worklists.models import StoredDue

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DECISION: dict[str, Any] = {"outcome": "delete", "reason": "No further need: 101 years old"}


@pytest.fixture
def centenarian(police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker) -> Nominal:
    """A person past their 100th birthday with records of several kinds hanging from them."""
    born = TODAY().replace(year=TODAY().year - 101)
    person = make_person(police_om, date_of_birth=born, family_name="Oldperson", aliases=[])
    actor = Actor(police_om)
    register_services.add_alias(actor=actor, nominal=person, kind="aka", name="Old Alias")
    register_services.add_address(
        actor=actor,
        nominal=person,
        values={
            "kind": "home",
            "line1": "1 Old Road",
            "town": "Demotown",
            "postcode": "DT1 1AA",
            "from_date": date(2000, 1, 1),
        },
    )
    registration = make_registration(person, police_om, start_date=born + timedelta(days=365 * 60))
    services.archive(actor=actor, registration=registration, archived_on=TODAY(), reason="Died", exit_basis="died")
    sharing.grant(
        actor=actor, nominal=person, agency=agency("DEMO-HSG"), scope=ShareScope.REFERRAL_SUMMARY, reason="Meeting"
    )
    return person


def test_the_dry_run_lists_what_would_go_and_writes_nothing(centenarian: Nominal, coordinator: User) -> None:
    before = AuditEvent.objects.count()
    would = services.retention_dry_run(actor=Actor(coordinator), nominal=centenarian, decided_on=TODAY(), **DECISION)
    assert would["register.Nominal"] == 1
    assert would["register.Alias"] == 1 and would["register.Address"] == 1
    assert would["cases.Registration"] == 1 and would["access.ShareGrant"] == 1
    assert Nominal.objects.filter(pk=centenarian.pk).exists() and not RetentionDecision.objects.exists()
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)[before:]) == ["retention.dry_run"]
    keep = services.retention_dry_run(
        actor=Actor(coordinator),
        nominal=centenarian,
        outcome="keep",
        decided_on=TODAY(),
        reason="Live intelligence",
        review_again_on=TODAY() + timedelta(days=365),
    )
    assert keep == {}


def test_delete_removes_the_person_and_everything_hanging_from_them(
    centenarian: Nominal, coordinator: User, police_om: User, make_person: PersonMaker
) -> None:
    other = make_person(police_om, aliases=[])
    register_services.add_alias(actor=Actor(police_om), nominal=other, kind="aka", name="Keep Me")
    would = retention.plan(centenarian).counts()
    pk, reference = centenarian.pk, centenarian.reference
    decision = services.record_retention_decision(
        actor=Actor(coordinator), nominal=centenarian, decided_on=TODAY(), **DECISION
    )
    assert decision.outcome == "delete"
    assert not Nominal.objects.filter(pk=pk).exists()
    for model in (Alias, Address, Conviction, Registration, ShareGrant, RetentionDecision, StoredDue):
        assert not model.objects.filter(nominal_id=pk).exists(), model
    # Nobody else's records go.
    assert Nominal.objects.filter(pk=other.pk).exists() and Alias.objects.filter(nominal=other).count() == 1
    # The trail keeps what was done, naming the person by id and reference only.
    deleted = AuditEvent.objects.get(action="retention.delete")
    assert deleted.nominal_id == pk and deleted.actor == coordinator
    # What the dry run listed, and the decision itself, recorded in the same transaction.
    assert deleted.detail == {
        "reference": reference,
        "decision": decision.pk,
        "deleted": {**would, "cases.RetentionDecision": 1},
    }
    decided = AuditEvent.objects.get(action="retention.decision", nominal_id=pk)
    for event in (deleted, decided):
        text = f"{event.reason} {event.detail}"
        assert "Oldperson" not in text and "Old Alias" not in text and "Old Road" not in text
        assert DECISION["reason"] not in text
    # The person's earlier history is still there, and the chain still verifies.
    assert AuditEvent.objects.filter(nominal_id=pk, action="registration.archive").exists()
    assert verify_chain().broken is None


def test_a_refused_delete_deletes_nothing(centenarian: Nominal, coordinator: User) -> None:
    with pytest.raises(Exception, match="reason"):
        services.record_retention_decision(
            actor=Actor(coordinator), nominal=centenarian, decided_on=TODAY(), outcome="delete", reason=" "
        )
    assert Nominal.objects.filter(pk=centenarian.pk).exists()
    assert not AuditEvent.objects.filter(action="retention.delete").exists()


def test_the_page_shows_the_dry_run_and_carries_out_the_delete(
    centenarian: Nominal, coordinator: User, users: dict[str, User], signed_in: Any
) -> None:
    url = reverse("cases:retention-decision", args=[centenarian.pk])
    for actor, user in users.items():
        if actor != "coordinator":
            assert signed_in(user).get(url).status_code == 404, actor
            assert signed_in(user).post(url, {"outcome": "delete"}).status_code == 404, actor
    client = signed_in(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert "Deciding to delete removes at once: 1 nominal" in page.content.decode()
    assert "1 alias" in page.content.decode()
    assert Nominal.objects.filter(pk=centenarian.pk).exists()
    done = client.post(
        url,
        {
            "outcome": "delete",
            "decided_on-day": TODAY().day,
            "decided_on-month": TODAY().month,
            "decided_on-year": TODAY().year,
            "reason": DECISION["reason"],
        },
    )
    assert done.status_code == 302, done.content.decode()[:3000]
    assert not Nominal.objects.filter(pk=centenarian.pk).exists()


def test_the_api_dry_run_then_delete(
    centenarian: Nominal, coordinator: User, users: dict[str, User], bearer: Any
) -> None:
    url = f"/api/v1/retention-reviews/{centenarian.pk}/decision/"
    body = {**DECISION, "decided_on": TODAY().isoformat()}
    for actor, user in users.items():
        if actor != "coordinator":
            assert bearer(user).post(url, {**body, "dry_run": True}, format="json").status_code == 404, actor
    api = bearer(coordinator)
    dry = api.post(url, {**body, "dry_run": True}, format="json")
    assert dry.status_code == 200 and dry.json()["would_delete"]["register.Nominal"] == 1
    assert Nominal.objects.filter(pk=centenarian.pk).exists() and not RetentionDecision.objects.exists()
    refused = api.post(url, {**body, "reason": "", "dry_run": True}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "reason"
    made = api.post(url, body, format="json")
    assert made.status_code == 201 and made.json()["outcome"] == "delete"
    assert not Nominal.objects.filter(pk=centenarian.pk).exists()
    assert api.post(url, body, format="json").status_code == 404


def test_the_command_dry_run(centenarian: Nominal, coordinator: User) -> None:
    out = StringIO()
    call_command(
        "retention_review",
        "--decide",
        str(centenarian.pk),
        "--outcome",
        "delete",
        "--reason",
        "No further need",
        "--user",
        coordinator.username,
        "--dry-run",
        stdout=out,
    )
    assert "Would delete\t1\tregister.Nominal" in out.getvalue() and "nothing deleted" in out.getvalue()
    assert Nominal.objects.filter(pk=centenarian.pk).exists()
