"""Rate limits on signing in, per client address (Django REST framework's throttling).

The lockout (django-axes) stops guessing one username's password; these limits stop one
address trying many usernames. The pages use the same throttle classes as the API, so
one mechanism and one cache count both. See docs/decisions/0007-authentication.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import SimpleRateThrottle


class _AddressThrottle(SimpleRateThrottle):
    setting_name = ""

    def get_rate(self) -> str | None:
        # Read when asked, so an operator (or a test) can change it without a restart.
        return str(getattr(settings, self.setting_name))

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": request.META.get("REMOTE_ADDR", "")}


class SignInRateThrottle(_AddressThrottle):
    scope = "sign_in"
    setting_name = "SIGN_IN_RATE_LIMIT"


class TokenRateThrottle(_AddressThrottle):
    scope = "api_token"
    setting_name = "TOKEN_RATE_LIMIT"


def sign_in_allowed(request: HttpRequest) -> tuple[bool, int]:
    """For the sign-in pages: whether this POST may go ahead, and if not, how many
    seconds to wait."""
    throttle = SignInRateThrottle()
    # DRF's throttles read only request.META, which a Django request has too.
    page_request: Any = request
    if throttle.allow_request(page_request, None):  # type: ignore[arg-type]
        return True, 0
    return False, int(throttle.wait() or 60) + 1
