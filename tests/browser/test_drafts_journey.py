"""Nothing typed is lost: typing keeps the session alive, and what was typed before a
time-out comes back after signing in again."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.helpers import fresh_code
from tests.browser.conftest import Demo, authenticator_for, script_errors, sign_in

pytestmark = pytest.mark.browser

TYPED = ("Moved in with a new partner who has two children under ten; " * 4)[:203]


def test_typing_is_activity_and_typed_text_survives_a_time_out(
    page: Page, server_url: str, demo: Demo, settings: Any
) -> None:
    settings.SESSION_INACTIVITY_MINUTES = 0.25  # 15 seconds
    settings.SESSION_WARNING_SECONDS = 5
    sign_in(page, server_url, "probation.om")
    form_path = f"/referrals/new/{demo.person_pk}/"
    page.goto(f"{server_url}{form_path}")
    reason = page.get_by_label("Reason for referral")
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    # Twenty seconds of typing, longer than the inactivity limit: never warned, never out.
    for chunk in re.findall(".{1,21}", TYPED, flags=re.S):
        reason.press_sequentially(chunk)
        time.sleep(2)
        expect(dialog).to_be_hidden()
    assert reason.input_value() == TYPED
    # Then nothing: signed out, and sent back to the form after signing in again.
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next="), timeout=25_000)
    page.get_by_label("Username").fill("probation.om")
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Sign in").click()
    if "/sign-in/code/" in page.url:
        page.get_by_label("Enter your security code").fill(fresh_code(authenticator_for("probation.om")))
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{server_url}{form_path}")
    expect(page.get_by_text("We have put back what you typed")).to_be_visible()
    expect(page.get_by_label("Reason for referral")).to_have_value(TYPED)
    # The draft is listed for its author, and goes once the form is saved.
    page.goto(f"{server_url}/drafts/")
    expect(page.get_by_role("link", name=re.compile("referral", re.I)).first).to_be_visible()
    assert script_errors(page) == []
