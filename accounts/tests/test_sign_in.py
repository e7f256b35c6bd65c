"""Signing in and out of the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from conftest import PASSWORD, error_summary

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")


@pytest.fixture
def demo_officer(make_user: Any, settings: Any) -> User:
    """A demo user in demo mode, who signs in with a password alone (API-CONTRACT.md)."""
    settings.MAPPA_DEMO = True
    officer: User = make_user("police_om", "DEMO-POL", username="police.om", is_demo=True)
    return officer


def test_sign_in_then_out(demo_officer: User) -> None:
    client = Client(REMOTE_ADDR="192.0.2.10")
    page = client.get(SIGN_IN)
    assert page.status_code == 200 and b"Sign in to OpenMAPPA" in page.content
    response = client.post(SIGN_IN, {"username": "police.om", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200 and b"My cases" in home.content
    event = AuditEvent.objects.get(action="auth.sign_in")
    assert (event.actor, event.agency_code, event.ip_address) == (demo_officer, "DEMO-POL", "192.0.2.10")
    out = client.post(reverse("accounts:sign-out"))
    assert out.status_code in (200, 302)
    assert AuditEvent.objects.filter(action="auth.sign_out", actor=demo_officer).count() == 1
    again = client.get(reverse("home"))
    assert again.status_code == 302 and again["Location"].startswith(SIGN_IN)


def test_sign_in_returns_to_the_page_asked_for(demo_officer: User) -> None:
    client = Client()
    target = reverse("register:search")
    response = client.post(f"{SIGN_IN}?next={target}", {"username": "police.om", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response["Location"] == target


def test_sign_in_never_redirects_off_the_site(demo_officer: User) -> None:
    response = Client().post(
        SIGN_IN, {"username": "police.om", "password": PASSWORD, "next": "https://evil.example/steal"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_session_key_changes_on_sign_in(demo_officer: User) -> None:
    client = Client()
    client.get(SIGN_IN)
    client.session.save()
    before = client.session.session_key
    client.post(SIGN_IN, {"username": "police.om", "password": PASSWORD})
    assert client.session.session_key != before


@pytest.mark.parametrize(("username", "password"), [("police.om", "wrong-password-123"), ("no.such.user", PASSWORD)])
def test_wrong_details_get_one_message_whatever_was_wrong(demo_officer: User, username: str, password: str) -> None:
    response = Client().post(SIGN_IN, {"username": username, "password": password})
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    assert b"govuk-error-summary" in response.content
    assert not AuditEvent.objects.filter(action="auth.sign_in").exists()


def test_empty_fields_are_named_in_the_error_summary(demo_officer: User) -> None:
    response = Client().post(SIGN_IN, {"username": "", "password": ""})
    assert set(error_summary(response.content)) == {"id_username", "id_password"}


def test_the_sign_in_page_and_its_answers_are_never_cached(demo_officer: User) -> None:
    assert Client().get(SIGN_IN)["Cache-Control"] == "no-store"
    response = Client().post(SIGN_IN, {"username": "police.om", "password": PASSWORD})
    assert response["Cache-Control"] == "no-store"
