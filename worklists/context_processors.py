"""The header's worklist links: the unread notification count (of work still to do, as the
inbox shows it) and who sees the reports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from access import policy
from accounts.models import User

from . import reminders


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User):  # signed out, or a page with no user (an error page)
        return {}
    return {
        "unread_notifications": reminders.unread_count(requested_by=user),
        "sees_reports": policy.sees_smb_reports(user),
    }
