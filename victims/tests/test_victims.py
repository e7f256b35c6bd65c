"""The victims section: its rules, its restriction (404 without the grant, on pages and in
the API, whatever else has been shared), versions, idempotent creates and audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from access import restricted, sharing
from access.models import ShareScope
from accounts.models import User
from audit.models import AuditEvent
from conftest import Records, agency, error_summary
from kernel.actor import Actor
from victims import services
from victims.models import Victim

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User | None], Client]
Bearer = Callable[[User | None], APIClient]

NEW_PARTNER: dict[str, object] = {
    "kind": "person",
    "name": "Jane Example",
    "status": "potential",
    "relationship": "New partner",
    "contact_by": "police",
    "contact_name": "PC A. Officer, public protection unit",
    "no_contact_condition": False,
}
SCHOOL: dict[str, object] = {
    "kind": "group",
    "name": "Children at Demotown Primary School",
    "status": "potential",
    "contact_by": "none",
    "exclusion_zone": "Within 500 metres of the school on school days",
}


def _victim(records: Records, users: dict[str, User], values: dict[str, object] = NEW_PARTNER) -> Victim:
    return services.record_victim(actor=Actor(users["police_om"]), nominal=records.people["own"], values=values)


def test_named_people_and_groups(records: Records, users: dict[str, User]) -> None:
    person = _victim(records, users)
    group = _victim(records, users, SCHOOL)
    assert person.kind == "person" and group.kind == "group" and group.exclusion_zone
    event = AuditEvent.objects.get(action="victim.create", object_id=str(person.pk))
    # The audit log is not a restricted section: it never holds the victim's name.
    assert "Jane" not in str(event.detail) and event.nominal_id == person.nominal_id


def test_bad_input_names_the_field_and_saves_nothing(records: Records, users: dict[str, User]) -> None:
    with pytest.raises(ValidationError) as refused:
        _victim(records, users, NEW_PARTNER | {"contact_name": "", "name": ""})
    assert set(refused.value.message_dict) == {"contact_name", "name"}
    assert services.CONTACT_RULE in refused.value.message_dict["contact_name"]
    with pytest.raises(ValidationError) as refused:
        _victim(records, users, NEW_PARTNER | {"in_contact_scheme": True, "contact_by": "idva"})
    assert refused.value.message_dict == {"in_contact_scheme": [services.SCHEME_RULE]}
    assert not Victim.objects.exists()


def test_notifications_owed_with_who_how_and_how_fast(records: Records, users: dict[str, User]) -> None:
    victim = _victim(
        records, users, NEW_PARTNER | {"contact_by": "vlo", "contact_name": "VLO Sam", "in_contact_scheme": True}
    )
    with pytest.raises(ValidationError) as refused:
        services.add_notification(actor=Actor(users["police_om"]), victim=victim, values={"event": "recall"})
    assert set(refused.value.message_dict) == {"notifier", "urgency", "method"}
    notification = services.add_notification(
        actor=Actor(users["police_om"]),
        victim=victim,
        values={
            "event": "absconding",
            "notifier": "Approved Premises duty manager",
            "urgency": "emergency",
            "method": "By telephone to the number the VLO holds",
        },
    )
    assert notification.get_urgency_display() == "As soon as possible, at any hour"
    victim.refresh_from_db()
    assert victim.version == 2


@pytest.mark.parametrize(
    "actor",
    [
        "coordinator",
        "probation_om",
        "prison_om",
        "chair",
        "dtc_spoc",
        "lay_adviser",
        "auditor",
        "admin",
        "other_area_police",
    ],
)
def test_without_the_grant_every_victims_page_and_endpoint_is_404(
    actor: str, records: Records, users: dict[str, User], signed_in: SignedIn, bearer: Bearer
) -> None:
    victim = _victim(records, users)
    own = records.people["own"]
    # Housing has been shared other material about the person: it opens nothing here.
    sharing.grant(
        actor=Actor(users["police_om"]),
        nominal=own,
        agency=agency("DEMO-HSG"),
        scope=ShareScope.RISK_PLAN,
        reason="Invited to the MAPP meeting",
        expires_at=timezone.now() + timedelta(days=30),
    )
    page, api = signed_in(users[actor]), bearer(users[actor])
    for url in (
        f"/people/{own.pk}/victims/",
        f"/people/{own.pk}/victims/new/",
        f"/victims/{victim.pk}/",
        f"/victims/{victim.pk}/edit/",
        f"/victims/{victim.pk}/notifications/new/",
    ):
        assert page.get(url).status_code == 404, url
    assert api.get(f"/api/v1/nominals/{own.pk}/victims/").status_code == 404
    assert api.get(f"/api/v1/victims/{victim.pk}/").status_code == 404
    assert api.post(f"/api/v1/nominals/{own.pk}/victims/", NEW_PARTNER, format="json").status_code == 404
    assert (
        api.patch(f"/api/v1/victims/{victim.pk}/", {"notes": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action__startswith="victim.", actor=users[actor]).exists()


def test_a_grant_opens_the_section_and_its_tab(records: Records, users: dict[str, User], signed_in: SignedIn) -> None:
    victim = _victim(records, users)
    own = records.people["own"]
    coordinator = signed_in(users["coordinator"])
    assert ">Victims<" not in coordinator.get(f"/people/{own.pk}/").content.decode()
    restricted.grant(
        actor=Actor(users["police_om"]), nominal=own, user=users["coordinator"], section="victims", reason="Case audit"
    )
    summary = coordinator.get(f"/people/{own.pk}/").content.decode()
    assert ">Victims<" in summary
    listing = coordinator.get(f"/people/{own.pk}/victims/")
    assert listing.status_code == 200 and "Jane Example" in listing.content.decode()
    assert coordinator.get(f"/victims/{victim.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="victim.view", actor=users["coordinator"]).exists()


def test_pages_record_a_victim_and_show_errors(records: Records, users: dict[str, User], signed_in: SignedIn) -> None:
    own = records.people["own"]
    client = signed_in(users["police_om"])
    refused = client.post(
        f"/people/{own.pk}/victims/new/", {"kind": "person", "name": "Jane", "status": "victim", "contact_by": "idva"}
    )
    assert refused.status_code == 200
    assert list(error_summary(refused.content).values()) == [services.CONTACT_RULE]
    saved = client.post(f"/people/{own.pk}/victims/new/", NEW_PARTNER)
    victim = Victim.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/victims/{victim.pk}/"
    added = client.post(
        f"/victims/{victim.pk}/notifications/new/",
        {"event": "recall", "notifier": "Victim Liaison Officer", "urgency": "office_hours", "method": "Telephone"},
    )
    assert added.status_code == 302
    detail = client.get(f"/victims/{victim.pk}/").content.decode()
    assert "Recall to custody" in detail and "victim.notification_add" in detail


def test_the_api_creates_once_and_edits_with_if_match(records: Records, users: dict[str, User], bearer: Bearer) -> None:
    own = records.people["own"]
    api = bearer(users["police_om"])
    url = f"/api/v1/nominals/{own.pk}/victims/"
    first = api.post(url, SCHOOL, format="json", HTTP_IDEMPOTENCY_KEY="school-1")
    again = api.post(url, SCHOOL, format="json", HTTP_IDEMPOTENCY_KEY="school-1")
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"] and Victim.objects.count() == 1
    bad = api.post(url, {"kind": "group"}, format="json")
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {"name", "status", "contact_by"}
    detail = f"/api/v1/victims/{first.json()['id']}/"
    assert api.patch(detail, {"notes": "Head teacher informed"}, format="json").status_code == 428
    assert api.patch(detail, {"notes": "x"}, format="json", HTTP_IF_MATCH='"9"').status_code == 412
    changed = api.patch(detail, {"notes": "Head teacher informed"}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200 and changed["ETag"] == '"2"'
    notified = api.post(
        f"{detail}notifications/",
        {"event": "release", "notifier": "VLO", "urgency": "within_24_hours", "method": "Letter and telephone"},
        format="json",
    )
    assert notified.status_code == 201 and notified.json()["notifications"][0]["event"] == "release"
    listed = api.get(url)
    assert listed.status_code == 200 and listed.json()["count"] == 1
