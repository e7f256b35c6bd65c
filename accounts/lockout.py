"""What a locked-out sign-in sees (django-axes' AXES_LOCKOUT_CALLABLE).

The answer is the same whether or not the username exists: django-axes counts failures
per username and address, for any username typed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .signin import abandon

STATUS = 429


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return f"There have been too many attempts to sign in. Wait {minutes} minutes, then try again."


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    if hasattr(request, "session"):
        abandon(request)
    if request.path.startswith("/api/"):
        # The middleware answers after the view, so a plain JSON response in the API's shape.
        response: HttpResponse = JsonResponse(
            {"errors": [{"field": "non_field_errors", "message": lockout_message()}]}, status=STATUS
        )
        response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
        return response
    response = render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=STATUS)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
