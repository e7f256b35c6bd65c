"""Resets started by an administrator: an emailed single-use link, never a password set
by someone else; removing a lost authenticator."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import mfa
from accounts.models import User
from accounts.tokens import issue_token
from audit.models import AuditEvent
from conftest import PASSWORD

from .helpers import give_authenticator

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:reset")
NEW_PASSWORD = "a-brand-new-long-passphrase-77"


@pytest.fixture
def officer(users: dict[str, User], settings: Any, django_capture_on_commit_callbacks: Any) -> User:
    settings.MAPPA_DEMO = False
    settings.SITE_URL = "https://openmappa.example"
    officer = users["police_om"]
    officer.email = "pc.jones@police.example"
    officer.save()
    return officer


def start_reset(capture: Any, **options: Any) -> str:
    with capture(execute=True):
        call_command("start_password_reset", "police_om", by="admin", reason="Forgot password", **options)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pc.jones@police.example"]
    match = re.search(r"https://openmappa\.example(/accounts/reset/\?\S+)", str(mail.outbox[0].body))
    assert match is not None, mail.outbox[0].body
    return match.group(1)


def test_the_user_chooses_the_new_password_through_a_single_use_link(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    give_authenticator(officer)
    link = start_reset(django_capture_on_commit_callbacks)
    officer.refresh_from_db()
    assert not officer.has_usable_password(), "the old password stops working when the reset starts"
    client = Client()
    moved = client.get(link)
    assert moved.status_code == 302 and moved["Location"] == RESET, "the token leaves the address bar at once"
    form = client.get(RESET)
    assert form.status_code == 200 and b"Choose a new password" in form.content
    short = client.post(RESET, {"new_password1": "short", "new_password2": "short"})
    assert b"at least 12 characters" in short.content
    done = client.post(RESET, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 200 and b"Password changed" in done.content
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    # The link does not work a second time.
    again = Client()
    again.get(link)
    assert b"This link does not work" in again.get(RESET).content
    actions = list(
        AuditEvent.objects.filter(action__startswith="account.reset").values_list("action", "actor__username")
    )
    assert actions == [("account.reset_start", "admin"), ("account.reset_complete", "police_om")]


def test_a_reset_ends_what_was_signed_in_with_the_old_password(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    old_browser = Client()
    old_browser.force_login(officer)
    raw, _ = issue_token(user=officer)
    link = start_reset(django_capture_on_commit_callbacks)
    client = Client()
    client.get(link)
    client.post(RESET, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert old_browser.get(reverse("home")).status_code == 302
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/nominals/?q=x").status_code == 401


def test_a_lost_authenticator_is_removed_and_set_up_again(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    give_authenticator(officer)
    mfa.new_recovery_codes(officer)
    signed_in = Client()
    signed_in.force_login(officer)
    start_reset(django_capture_on_commit_callbacks, remove_devices=True)
    assert not mfa.has_authenticator(officer) and mfa.remaining_recovery_codes(officer) == 0
    assert signed_in.get(reverse("home")).status_code == 302, "a lost phone ends the sessions at once"
    event = AuditEvent.objects.get(action="account.reset_start")
    assert event.detail["devices_removed"] == 2
    first = Client().post(reverse("accounts:sign-in"), {"username": "police_om", "password": PASSWORD})
    assert first["Location"] == reverse("accounts:sign-in-code"), "never enrolment with a password"


def test_a_bad_or_missing_link_does_nothing(officer: User) -> None:
    client = Client()
    assert b"This link does not work" in client.get(RESET).content
    client.get(RESET + "?u=MQ&t=not-a-token")
    assert b"This link does not work" in client.get(RESET).content
    refused = client.post(RESET, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert b"This link does not work" in refused.content
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert client.get(reverse("accounts:enrol"))["Location"] == reverse("accounts:sign-in")


def test_only_an_administrator_starts_a_reset_and_no_command_sets_a_password(officer: User) -> None:
    with pytest.raises(CommandError, match="system administrator"):
        call_command("start_password_reset", "police_om", by="coordinator", reason="x")
    assert mail.outbox == []
    with pytest.raises(CommandError):
        call_command("start_password_reset", "police_om", "--by=admin", "--reason=x", "--password=chosen-by-admin")
    officer.email = ""
    officer.save()
    with pytest.raises(CommandError, match="no email address"):
        call_command("start_password_reset", "police_om", by="admin", reason="x")
