"""The second factor: TOTP devices and one-time recovery codes (django-otp).

Every user needs a confirmed authenticator (TOTP) device to sign in, except the seeded
demo users while the MAPPA_DEMO setting is on. Recovery codes are a django-otp static
device: each code works once.
"""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
_TOTP_SHAPE = re.compile(r"^\d{6,8}$")


def mfa_required(user: User) -> bool:
    """Everyone needs a second factor, except demo users in demo mode."""
    return not (settings.MAPPA_DEMO and user.is_demo)


def has_authenticator(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def normalise(code: str) -> str:
    """People type codes with spaces or hyphens, and recovery codes in either case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def verify_code(user: User, code: str) -> Device | None:
    """The device that accepts this code (an authenticator code or an unused recovery
    code), or None. A TOTP code is accepted once only (django-otp keeps the last time
    step used); a recovery code is deleted when used. Both devices throttle repeated
    failures themselves, on top of the sign-in lockout."""
    code = normalise(code)
    if not code:
        return None
    with transaction.atomic():
        if _TOTP_SHAPE.match(code):
            devices: list[Device] = list(
                TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk")
            )
        else:
            devices = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk"))
        for device in devices:
            if device.verify_token(code):
                return device
    return None


def confirms_identity(user: User, *, password: str, code: str) -> bool:
    """A signed-in user proves again who they are before changing how they sign in: their
    password and a current security code (or an unused recovery code). The code is only
    checked, and used up, when the password is right."""
    if not user.check_password(password):
        return False
    if has_authenticator(user):
        return verify_code(user, code) is not None
    return not mfa_required(user)


def start_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it; on success it replaces any
    earlier authenticator and a fresh set of recovery codes is returned (shown once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    code = normalise(code)
    if device is None or not _TOTP_SHAPE.match(code):
        return None
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not locked.verify_token(code):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with a new set, returned once to be shown."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def remaining_recovery_codes(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def remove_devices(user: User) -> int:
    """Remove every authenticator and recovery code: the user enrols again, through the
    emailed reset link."""
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    removed = sum(int(found.count()) for found in devices)
    for found in devices:
        found.delete()  # recovery codes go with their device
    return removed


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as authenticator apps expect it typed: base32, in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// URL as an inline SVG QR code: no script, no image request."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = str(image.to_string(encoding="unicode"))
    svg = svg.replace("<svg ", '<svg role="img" aria-label="QR code to scan with your authenticator app" ', 1)
    # The SVG is generated here from our own URL; nothing in it comes from user input
    # except the username, which qrcode encodes into path data, not markup.
    return mark_safe(svg)  # noqa: S308
