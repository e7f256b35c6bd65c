"""Delete the stored answers to Idempotency-Keys older than settings.IDEMPOTENCY_TTL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kernel.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete stored Idempotency-Key answers older than IDEMPOTENCY_TTL (24 hours by default)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Purged {purge_expired()} expired Idempotency-Key answers")
