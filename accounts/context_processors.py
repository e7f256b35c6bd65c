"""When the session will end, for the notice (and the warning script) on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .middleware import seconds_left


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    left = int(seconds_left(request.session))
    return {
        "session_seconds_left": left,
        "session_ends_at": timezone.localtime() + timedelta(seconds=left),
        "session_warning_seconds": min(int(settings.SESSION_WARNING_SECONDS), left // 2),
    }
