"""Session lifetime: inactivity timeout with its notice, absolute lifetime, and disabling
a user ending every session and token at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services, signin
from accounts.models import ApiToken, User
from accounts.tokens import issue_token
from audit.models import AuditEvent
from kernel.actor import Actor

pytestmark = pytest.mark.django_db

HOME = reverse("home")
SIGN_IN = reverse("accounts:sign-in")


def age_session(client: Client, *, idle: float = 0, signed_in: float = 0) -> None:
    """Move the session's clocks back, as if time had passed."""
    session = client.session
    session[signin.LAST_ACTIVITY] -= idle
    session[signin.SIGNED_IN_AT] -= signed_in
    session.save()


@pytest.fixture
def client_of(police_om: User) -> Client:
    client = Client()
    client.force_login(police_om)
    return client


def test_activity_keeps_the_session(client_of: Client, settings: Any) -> None:
    settings.SESSION_INACTIVITY_MINUTES = 15
    age_session(client_of, idle=14 * 60)
    assert client_of.get(HOME).status_code == 200
    age_session(client_of, idle=14 * 60)  # 28 minutes since sign-in, never 15 idle
    assert client_of.get(HOME).status_code == 200


def test_inactivity_signs_out_and_the_sign_in_page_says_why(client_of: Client, police_om: User, settings: Any) -> None:
    settings.SESSION_INACTIVITY_MINUTES = 15
    age_session(client_of, idle=15 * 60 + 1)
    target = reverse("register:search")
    response = client_of.get(target)
    assert response.status_code == 302 and response["Location"] == f"{SIGN_IN}?next={target}"
    page = client_of.get(response["Location"])
    assert b"You were signed out because you did nothing for 15 minutes" in page.content
    assert client_of.get(HOME).status_code == 302, "the session is gone, not just this request"
    event = AuditEvent.objects.get(action="auth.session_expired")
    assert (event.actor, event.reason) == (police_om, "inactive")


def test_the_timeout_is_configurable(client_of: Client, settings: Any) -> None:
    settings.SESSION_INACTIVITY_MINUTES = 5
    age_session(client_of, idle=5 * 60 + 1)
    assert client_of.get(HOME).status_code == 302


def test_the_absolute_lifetime_ends_even_an_active_session(client_of: Client, settings: Any) -> None:
    settings.SESSION_ABSOLUTE_HOURS = 10
    age_session(client_of, signed_in=10 * 3600 - 5)
    assert client_of.get(HOME).status_code == 200
    age_session(client_of, signed_in=10)
    response = client_of.get(HOME)
    assert response.status_code == 302
    page = client_of.get(response["Location"])
    assert b"because you had been signed in for 10 hours" in page.content


def test_an_expired_session_gets_401_from_the_api(client_of: Client, settings: Any) -> None:
    assert client_of.get("/api/v1/nominals/?q=x").status_code == 200
    age_session(client_of, idle=settings.SESSION_INACTIVITY_MINUTES * 60 + 1)
    assert client_of.get("/api/v1/nominals/?q=x").status_code == 401


def test_every_page_says_when_the_session_will_end(client_of: Client, settings: Any) -> None:
    settings.SESSION_INACTIVITY_MINUTES = 15
    page = client_of.get(HOME)
    notice = re.search(
        rb'id="session-notice" data-session-seconds-left="(\d+)" data-session-warning-seconds="(\d+)"', page.content
    )
    assert notice is not None
    assert 15 * 60 - 5 <= int(notice.group(1)) <= 15 * 60
    assert int(notice.group(2)) == settings.SESSION_WARNING_SECONDS
    assert re.search(rb"you will be signed out at <time[^>]*>\d\d:\d\d</time> if you do nothing", page.content)
    assert b"session-timeout.mjs" in page.content
    assert b"session-notice" not in Client().get(SIGN_IN).content


def test_staying_signed_in_renews_the_session(client_of: Client, settings: Any) -> None:
    settings.SESSION_INACTIVITY_MINUTES = 15
    age_session(client_of, idle=14 * 60)
    response = client_of.post(reverse("accounts:keep-alive"))
    assert response.status_code == 200 and response.json()["seconds_left"] >= 15 * 60 - 5
    assert client_of.get(reverse("accounts:keep-alive")).status_code == 405
    assert Client().post(reverse("accounts:keep-alive")).status_code == 302


# --- Disabling a user ---------------------------------------------------------------------------


def test_disabling_a_user_ends_their_sessions_and_tokens_at_once(users: dict[str, User]) -> None:
    officer, admin, colleague = users["police_om"], users["admin"], users["probation_om"]
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(officer)
    other = Client()
    other.force_login(colleague)
    raw, _ = issue_token(user=officer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/nominals/?q=x").status_code == 200

    services.deactivate_user(actor=Actor(admin), user=officer, reason="Left the force")

    officer.refresh_from_db()
    assert not officer.is_active
    for browser in browsers:
        assert browser.get(HOME).status_code == 302
    assert all(session.get_decoded().get("_auth_user_id") != str(officer.pk) for session in Session.objects.all()), (
        "their session rows are deleted, not merely refused"
    )
    assert api.get("/api/v1/nominals/?q=x").status_code == 401
    assert not ApiToken.objects.filter(user=officer, revoked_at__isnull=True).exists()
    assert other.get(HOME).status_code == 200, "nobody else is signed out"
    event = AuditEvent.objects.get(action="account.deactivate")
    assert (event.actor, event.reason, event.detail["sessions_ended"], event.detail["tokens_revoked"]) == (
        admin,
        "Left the force",
        2,
        1,
    )


def test_the_deactivate_command_needs_an_administrator(users: dict[str, User]) -> None:
    with pytest.raises(CommandError, match="system administrator"):
        call_command("deactivate_user", "police_om", by="coordinator", reason="x")
    assert User.objects.get(username="police_om").is_active
    call_command("deactivate_user", "police_om", by="admin", reason="Left the force")
    assert not User.objects.get(username="police_om").is_active
