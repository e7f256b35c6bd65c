"""The steps of signing in, kept in the session between the password and the code.

Django's `login()` is called only when both factors are in (or, for demo users in demo
mode, the password alone), so an authenticated session always means a full sign-in. Until
then the session holds only the pending attempt: which user (if the password was right),
when it started and where to go afterwards.

When the password is wrong, or the user does not exist, the attempt still goes on to the
code step and fails there with the same message as a wrong code. Nobody can learn from
the pages whether a username exists or a password is right without also holding the
second factor.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import login, user_logged_in, user_login_failed
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.models import Device

from audit import trail
from kernel.actor import acting_as

from .models import User

PENDING_KEY = "accounts_pending_sign_in"
SIGNED_IN_AT = "accounts_signed_in_at"
LAST_ACTIVITY = "accounts_last_activity"
SIGNED_OUT_REASON = "accounts_signed_out_reason"
# A started sign-in must be finished within this time.
PENDING_SECONDS = 5 * 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Pending:
    user: User | None  # None when the password was wrong or the user unknown
    next_url: str
    username: str


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def begin(request: HttpRequest, *, user: User | None, username: str, next_url: str) -> None:
    """Remember the attempt for the code step. A new session key, so a fixed session id
    planted before sign-in is not carried into the attempt."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk if user else None,
        "username": username,
        "started": time.time(),
        "next": next_url,
    }


def pending(request: HttpRequest) -> Pending | None:
    data: dict[str, Any] | None = request.session.get(PENDING_KEY)
    if not data or time.time() - float(data.get("started", 0)) > PENDING_SECONDS:
        return None
    user = None
    if data.get("user_id"):
        user = User.objects.filter(pk=data["user_id"], is_active=True).first()
    return Pending(user=user, next_url=str(data.get("next") or "/"), username=str(data.get("username", "")))


def abandon(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def count_failure(request: HttpRequest, username: str) -> None:
    """A wrong second factor counts towards the lockout like a wrong password (django-axes
    listens to this signal, as it does for Django's own failed authentications)."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def complete(request: HttpRequest, user: User, device: Device | None) -> None:
    """Both factors are in: sign the user in (a new session key) and record it."""
    abandon(request)
    login(request, user, backend=MODEL_BACKEND)
    if device is not None:
        otp_login(request, device)
    trail.record(
        actor=acting_as(user, request),
        action="auth.sign_in",
        detail={"second_factor": type(device).__name__ if device is not None else "none (demo user)"},
    )


def _start_session_clocks(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Every sign-in (including the test client's force_login) starts the session clocks."""
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[SIGNED_IN_AT] = now
        session[LAST_ACTIVITY] = now


user_logged_in.connect(_start_session_clocks, dispatch_uid="accounts.session_clocks")
