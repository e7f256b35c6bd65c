"""Drafts: saved, replaced, read and discarded only by their author; cleared when the form
is saved; every write and read an audit event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from conftest import ACTORS
from drafts import services
from drafts.models import Draft
from kernel.actor import Actor

pytestmark = pytest.mark.django_db

MINUTES = {"summary": ["Discussed the move to the new address.\nHousing to confirm."], "version": ["3"]}


def _save(user: User, path: str = "/meetings/4/minutes/", values: dict[str, Any] | None = None) -> Draft:
    return services.save_draft(actor=Actor(user), path=path, form_values=values or MINUTES, title="Minutes")


@pytest.mark.parametrize("actor", ACTORS)
def test_every_signed_in_user_keeps_and_reads_only_their_own_drafts(
    actor: str, users: dict[str, User], bearer: Callable[[User | None], APIClient]
) -> None:
    """Allow: every role saves and reads its own drafts. Deny: nobody reads another's."""
    mine = bearer(users[actor]).post(
        reverse("api:drafts"), {"path": "/plans/1/", "form_values": MINUTES}, format="json"
    )
    assert mine.status_code == 201, mine.content
    assert mine["ETag"] == '"1"'
    theirs = _save(users["coordinator" if actor != "coordinator" else "chair"])
    client = bearer(users[actor])
    assert client.get(reverse("api:draft", args=[mine.json()["id"]])).status_code == 200
    assert client.get(reverse("api:draft", args=[theirs.pk])).status_code == 404
    assert (
        client.put(
            reverse("api:draft", args=[theirs.pk]), {"form_values": {}}, format="json", HTTP_IF_MATCH='"1"'
        ).status_code
        == 404
    )
    assert [d["path"] for d in client.get(reverse("api:drafts")).json()] == ["/plans/1/"]


def test_anonymous_callers_have_no_drafts(bearer: Callable[[User | None], APIClient]) -> None:
    assert bearer(None).get(reverse("api:drafts")).status_code == 401
    assert Client().get(reverse("drafts:list")).status_code == 302


def test_saving_again_replaces_the_draft_of_that_form(users: dict[str, User]) -> None:
    first = _save(users["probation_om"])
    second = _save(users["probation_om"], values={"summary": ["Longer now"]})
    assert first.pk == second.pk
    assert second.version == 2
    assert Draft.objects.get().form_values == {"summary": ["Longer now"]}


def test_secrets_and_the_csrf_token_are_never_kept(users: dict[str, User]) -> None:
    draft = _save(users["probation_om"], values={"csrfmiddlewaretoken": ["x"], "password": ["p"], "notes": ["n"]})
    assert draft.form_values == {"notes": ["n"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"path": "https://elsewhere.example/", "form_values": {}}, "path"),
        ({"path": "/x/", "form_values": ["not", "an", "object"]}, "form_values"),
        ({"path": "/x/", "form_values": {"a": [1]}}, "form_values"),
        ({"path": "/x/", "form_values": {"a": ["x" * 200_001]}}, "form_values"),
        ({"path": "/x/", "form_values": {"a": ["nul\x00"]}}, "form_values"),
    ],
)
def test_bad_drafts_are_refused_naming_the_field(
    body: dict[str, Any], field: str, users: dict[str, User], bearer: Callable[[User | None], APIClient]
) -> None:
    response = bearer(users["police_om"]).post(reverse("api:drafts"), body, format="json")
    assert response.status_code == 400
    assert any(error["field"].split(".")[0] == field for error in response.json()["errors"])


def test_an_edit_needs_the_current_version(users: dict[str, User], bearer: Callable[[User | None], APIClient]) -> None:
    draft = _save(users["police_om"])
    client = bearer(users["police_om"])
    url = reverse("api:draft", args=[draft.pk])
    assert client.put(url, {"form_values": {}}, format="json").status_code == 428
    assert client.put(url, {"form_values": {}}, format="json", HTTP_IF_MATCH='"7"').status_code == 412
    assert client.put(url, {"form_values": {"a": ["b"]}}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    assert client.delete(url).status_code == 428
    assert client.delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert not Draft.objects.exists()


def test_drafts_older_than_the_keeping_time_are_gone(users: dict[str, User], settings: Any) -> None:
    settings.DRAFT_KEEP_DAYS = 7
    old = _save(users["police_om"])
    Draft.objects.filter(pk=old.pk).update(saved_at=timezone.now() - timedelta(days=8))
    assert not services.my_drafts(Actor(users["police_om"])).exists()
    _save(users["police_om"], path="/other/")  # saving any draft clears the expired ones
    assert not Draft.objects.filter(pk=old.pk).exists()


def test_every_draft_write_and_read_is_audited(users: dict[str, User]) -> None:
    actor = Actor(users["police_om"])
    draft = _save(users["police_om"])
    services.read_draft(actor=actor, pk=draft.pk)
    services.discard_draft(actor=actor, draft=draft)
    actions = list(AuditEvent.objects.filter(actor=users["police_om"]).order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["draft.save", "draft.read", "draft.discard"]


def test_the_pages_list_show_and_discard_only_the_authors_drafts(
    users: dict[str, User], signed_in: Callable[[User | None], Client]
) -> None:
    draft = _save(users["chair"])
    own = signed_in(users["chair"])
    listing = own.get(reverse("drafts:list"))
    assert b"Minutes" in listing.content
    shown = own.get(reverse("drafts:detail", args=[draft.pk]))
    assert b"Housing to confirm." in shown.content
    other = signed_in(users["coordinator"])
    assert other.get(reverse("drafts:detail", args=[draft.pk])).status_code == 404
    assert other.post(reverse("drafts:discard", args=[draft.pk])).status_code == 404
    assert own.post(reverse("drafts:discard", args=[draft.pk])).status_code == 302
    assert not Draft.objects.exists()


def test_saving_the_form_clears_its_draft_and_a_refused_save_keeps_it(
    users: dict[str, User], signed_in: Callable[[User | None], Client], records: Any
) -> None:
    """Any page form will do: here, adding an address to a person the officer manages."""
    person = records.people["own"]
    path = reverse("register:add-address", args=[person.pk])
    _save(users["police_om"], path=path)
    client = signed_in(users["police_om"])
    refused = client.post(path, {})
    assert refused.status_code == 200  # re-shown with its errors
    assert Draft.objects.filter(path=path).exists()
    saved = client.post(
        path,
        {"kind": "secondary", "line1": "1 High Street", "town": "Leeds", "from_date-day": "2", "from_date-month": "1"}
        | {"from_date-year": "2024", "postcode": "LS1 1AA"},
    )
    assert saved.status_code == 302, saved.content
    assert not Draft.objects.filter(path=path).exists()
