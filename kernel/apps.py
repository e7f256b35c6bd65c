"""The kernel as an installed app, only so that its input policy is in place before any
form or serializer is built (kernel/field_policy.py). It has no models."""

from __future__ import annotations

from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "kernel"
    verbose_name = "Kernel"

    def ready(self) -> None:
        from . import field_policy

        field_policy.install()
