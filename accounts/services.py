"""Writes about users: disabling, resets started by an administrator, enrolment."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from audit import trail
from kernel.actor import Actor

from . import mfa
from .models import User
from .tokens import revoke_all

SESSION_USER_KEY = "_auth_user_id"


def end_sessions(*, user: User) -> int:
    """Delete every live session signed in as this user. Sessions are signed data in the
    database, so each is read to find its user; a deployment has few live sessions."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_USER_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def deactivate_user(*, actor: Actor, user: User, reason: str) -> User:
    """Disable an account: it can no longer sign in, and every session and API token it
    holds ends now, not when they would have expired."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        sessions = end_sessions(user=user)
        tokens = revoke_all(user=user)
        trail.record(
            actor=actor,
            action="account.deactivate",
            obj=user,
            reason=reason,
            detail={"username": user.username, "sessions_ended": sessions, "tokens_revoked": tokens},
        )
    return user


def reset_link(user: User) -> str:
    """A single-use link (Django's token changes once the password does) to choose a new
    password. The token travels in the query string of the email only; the reset page
    moves it into the session at once and redirects to a clean address."""
    query = urlencode({"u": urlsafe_base64_encode(force_bytes(user.pk)), "t": default_token_generator.make_token(user)})
    return f"{settings.SITE_URL}/accounts/reset/?{query}"


def start_password_reset(*, actor: Actor, user: User, remove_devices: bool, reason: str) -> None:
    """An administrator starts a reset: the user is emailed a link to choose a new
    password themselves (nobody else ever sets it). The old password stops working at
    once: it may be what was lost. If the authenticator was lost too, its devices are
    removed, and the user sets up a new one through the same link, after choosing the new
    password (never with a password alone). Their sessions and tokens end, as the lost
    device may be in someone else's hands. A new account is started the same way."""
    if not user.email:
        raise ValueError(f"{user.username} has no email address to send the reset link to")
    with transaction.atomic():
        user.set_unusable_password()
        user.save(update_fields=["password"])
        removed = 0
        if remove_devices:
            removed = mfa.remove_devices(user)
            end_sessions(user=user)
            revoke_all(user=user)
        trail.record(
            actor=actor,
            action="account.reset_start",
            obj=user,
            reason=reason,
            detail={"username": user.username, "devices_removed": removed},
        )
        link = reset_link(user)
        transaction.on_commit(
            lambda: send_mail(
                subject="Choose a new OpenMAPPA password",
                message=(
                    f"An administrator has started a password reset for your OpenMAPPA account "
                    f"({user.username}).\n\nChoose a new password here (the link works once, "
                    f"for {settings.PASSWORD_RESET_TIMEOUT // 3600} hours):\n{link}\n\n"
                    "If you did not ask for this, tell your MAPPA co-ordinator."
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        )


def complete_password_reset(*, actor: Actor) -> None:
    """After the user has chosen a new password through a reset link: nothing signed in
    with the old one survives."""
    user = actor.user
    with transaction.atomic():
        end_sessions(user=user)
        revoke_all(user=user)
        trail.record(actor=actor, action="account.reset_complete", obj=user)


def confirm_enrolment(*, actor: Actor, code: str) -> list[str] | None:
    """The user confirms their new authenticator; the recovery codes come back once."""
    with transaction.atomic():
        replaced = mfa.has_authenticator(actor.user)
        codes = mfa.confirm_enrolment(actor.user, code)
        if codes is not None:
            trail.record(actor=actor, action="auth.mfa_enrol", obj=actor.user, detail={"replaced": replaced})
    return codes


def renew_recovery_codes(*, actor: Actor) -> list[str]:
    """A new set of recovery codes (the old ones stop working), returned once to be shown."""
    with transaction.atomic():
        codes = mfa.new_recovery_codes(actor.user)
        trail.record(actor=actor, action="auth.recovery_codes_renew", obj=actor.user)
    return codes


def change_password(*, actor: Actor, new_password: str) -> None:
    """The signed-in user chooses a new password (after giving the old one and a code).
    Other sessions end (Django checks each session against the password hash) and so do
    the user's API tokens."""
    user = actor.user
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        tokens = revoke_all(user=user)
        trail.record(actor=actor, action="auth.password_change", obj=user, detail={"tokens_revoked": tokens})
