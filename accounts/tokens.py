"""API bearer tokens: issued after a full sign-in, stored hashed, expiring (at the end of
their lifetime, or sooner when unused for a while), revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiToken, User

# How often a token's last use is written down (a finer record would cost a write per request).
_TOUCH_EVERY = timedelta(minutes=1)


def _inactivity_limit() -> timedelta:
    return timedelta(minutes=float(settings.API_TOKEN_INACTIVITY_MINUTES))


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(*, user: User) -> tuple[str, ApiToken]:
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=_hash(raw),
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS),
    )
    return raw, token


def revoke_all(*, user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Any) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header")
        token = (
            ApiToken.objects.select_related("user", "user__agency", "user__agency__area")
            .filter(key_hash=_hash(parts[1].decode(errors="replace")), revoked_at__isnull=True)
            .first()
        )
        now = timezone.now()
        if token is None or token.expires_at <= now or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or expired token")
        if now - (token.last_used_at or token.created_at) > _inactivity_limit():
            raise exceptions.AuthenticationFailed(
                f"This token has not been used for {settings.API_TOKEN_INACTIVITY_MINUTES:g} minutes and has "
                "expired: ask for a new one at /api/v1/auth/token/"
            )
        if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
            # One write a minute at most, not one per request.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'
