"""Session lifetime: signed out after inactivity, and after an absolute lifetime."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

from audit import trail
from kernel.actor import acting_as

from .signin import LAST_ACTIVITY, SIGNED_IN_AT, SIGNED_OUT_REASON

INACTIVE = "inactive"
TOO_LONG = "too_long"


def inactivity_seconds() -> float:
    return float(settings.SESSION_INACTIVITY_MINUTES) * 60


def absolute_seconds() -> float:
    return float(settings.SESSION_ABSOLUTE_HOURS) * 3600


def seconds_left(session: SessionBase, now: float | None = None) -> float:
    """Seconds until this session ends if nothing else happens."""
    now = time.time() if now is None else now
    last = float(session.get(LAST_ACTIVITY, now))
    started = float(session.get(SIGNED_IN_AT, now))
    return max(0.0, min(last + inactivity_seconds(), started + absolute_seconds()) - now)


class SessionTimeoutMiddleware:
    """Server-side enforcement: every request by a signed-in user either renews the
    inactivity clock or, if the session has run out, signs the user out (pages go to the
    sign-in page, which says why; the API answers 401)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            session.setdefault(SIGNED_IN_AT, now)
            last = float(session.get(LAST_ACTIVITY, now))
            reason = None
            if now - last > inactivity_seconds():
                reason = INACTIVE
            elif now - float(session[SIGNED_IN_AT]) > absolute_seconds():
                reason = TOO_LONG
            if reason:
                trail.record(actor=acting_as(request.user, request), action="auth.session_expired", reason=reason)
                logout(request)
                request.session[SIGNED_OUT_REASON] = reason
                if not request.path.startswith("/api/"):
                    return redirect_to_login(request.get_full_path())
            else:
                session[LAST_ACTIVITY] = now
        return self.get_response(request)
