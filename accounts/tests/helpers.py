"""Test helpers: an authenticator for a user, and the codes it would show."""

from __future__ import annotations

import time

from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def give_authenticator(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def code_at(device: TOTPDevice, t: int) -> str:
    return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"


def fresh_code(device: TOTPDevice) -> str:
    """A code the device will accept now: the current one, or the next one (within the
    device's tolerance) when the current one was used already; failing both, the current
    one once the next time step begins. django-otp refuses a code used before."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now_t = totp.t()
    for t in (now_t, now_t + 1):
        if t > device.last_t:
            return code_at(device, t)
    time.sleep(device.step - (time.time() - device.t0) % device.step + 0.05)
    return fresh_code(device)


def wrong_code(device: TOTPDevice) -> str:
    """A well-formed code no time step near now accepts."""
    device.refresh_from_db()
    now_t = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    near = {code_at(device, t) for t in range(now_t - 3, now_t + 4)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in near)
