"""The lockout check that runs before any password is compared."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """django-axes' standalone backend. Sign-ins from the web and the API always pass the
    request; a call without one (a management command, a test checking a password) is not
    a sign-in attempt from anywhere, so it has no address to count against."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)  # type: ignore[no-any-return]
