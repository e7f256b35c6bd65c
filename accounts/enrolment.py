"""Who may set up an authenticator: only the holder of a signed, expiring, single-use grant.

A password alone never reaches enrolment: whoever knows it (a leaked or old password, or a
new account's first one) could otherwise enrol their own phone and sign in in full. A grant
is made only by
- the emailed reset link, once the user has chosen a new password through it, and
- a signed-in user who has just given their password and a current security code again
  (changing their authenticator).

The grant is kept in the session, signed with SECRET_KEY and timed. It names the user's
password hash and confirmed authenticators, so it stops working as soon as either changes:
once the new authenticator is confirmed, the same grant cannot enrol another.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

SESSION_KEY = "accounts_enrolment_grant"
_SALT = "accounts.enrolment"


def _state(user: User) -> str:
    devices = sorted(TOTPDevice.objects.filter(user=user, confirmed=True).values_list("pk", flat=True))
    return hashlib.sha256(f"{user.password}|{devices}".encode()).hexdigest()


def make_grant(user: User) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=_SALT)


def user_of_grant(grant: str) -> User | None:
    """The active user the grant was made for, while it is fresh and unused; else None."""
    try:
        data = signing.loads(grant, salt=_SALT, max_age=settings.ENROLMENT_GRANT_MINUTES * 60)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("s") != _state(user):
        return None
    return user


def grant(request: HttpRequest, user: User) -> None:
    request.session[SESSION_KEY] = make_grant(user)


def granted_user(request: HttpRequest) -> User | None:
    raw = request.session.get(SESSION_KEY)
    return user_of_grant(raw) if isinstance(raw, str) else None


def spend(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
