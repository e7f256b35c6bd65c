"""Saving, reading and discarding drafts. Each write is one transaction and an audit event;
a draft is only ever its author's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from audit import trail
from kernel.actor import Actor
from kernel.records import locked, save_new_version

from .models import Draft

MAX_FIELDS = 300
MAX_CHARACTERS = 200_000
# Never kept: the form's own CSRF token and anything secret.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "password", "password1", "password2", "otp", "code"})


def keep_days() -> int:
    return int(getattr(settings, "DRAFT_KEEP_DAYS", 7))


def clean_values(form_values: Any) -> dict[str, list[str]]:
    """The posted fields as {name: [values]}, refused when not that shape or too large."""
    if not isinstance(form_values, dict):
        raise ValidationError({"form_values": ["Send the form's fields as an object of name to list of values"]})
    if len(form_values) > MAX_FIELDS:
        raise ValidationError({"form_values": [f"A draft keeps at most {MAX_FIELDS} fields"]})
    cleaned: dict[str, list[str]] = {}
    for name, values in form_values.items():
        items = values if isinstance(values, list) else [values]
        if not all(isinstance(value, str) for value in items):
            raise ValidationError({"form_values": [f"Field {name!r}: values must be text"]})
        if any("\x00" in value for value in [name, *items]):
            raise ValidationError({"form_values": [f"Field {name!r}: text cannot contain a NUL character"]})
        if name not in NOT_KEPT:
            cleaned[name] = items
    if sum(len(value) for items in cleaned.values() for value in items) > MAX_CHARACTERS:
        raise ValidationError({"form_values": [f"A draft keeps at most {MAX_CHARACTERS:,} characters"]})
    return cleaned


def clean_path(path: str) -> str:
    if not path.startswith("/") or path.startswith("//") or len(path) > 300 or "\x00" in path:
        raise ValidationError({"path": ["Give the form's path on this site, starting with /"]})
    return path


def _stale_before() -> Any:
    return timezone.now() - timedelta(days=keep_days())


def my_drafts(actor: Actor) -> Any:
    return Draft.objects.filter(user=actor.user, saved_at__gte=_stale_before())


def read_draft(*, actor: Actor, pk: int) -> Draft:
    """The author's own draft (anyone else's, or an expired one, is not found), audited."""
    draft: Draft | None = my_drafts(actor).filter(pk=pk).first()
    if draft is None:
        raise Http404
    trail.record(actor=actor, action="draft.read", obj=draft, detail={"path": draft.path})
    return draft


def draft_for_path(*, actor: Actor, path: str) -> Draft | None:
    draft: Draft | None = my_drafts(actor).filter(path=path).first()
    if draft is not None:
        trail.record(actor=actor, action="draft.read", obj=draft, detail={"path": draft.path})
    return draft


def save_draft(*, actor: Actor, path: str, form_values: Any, title: str = "") -> Draft:
    """Create the draft of a form, or replace the author's draft of it (the newest typing wins:
    a draft has one author, typing in one place at a time)."""
    path = clean_path(path)
    values = clean_values(form_values)
    with transaction.atomic():
        Draft.objects.filter(user=actor.user, saved_at__lt=_stale_before()).delete()
        draft = Draft.objects.select_for_update().filter(user=actor.user, path=path).first()
        if draft is None:
            draft = Draft.objects.create(
                user=actor.user, path=path, title=title[:200], form_values=values, saved_at=timezone.now()
            )
        else:
            draft.form_values, draft.saved_at = values, timezone.now()
            draft.title = title[:200] or draft.title
            save_new_version(draft)
        trail.record(actor=actor, action="draft.save", obj=draft, detail={"path": path})
    return draft


def update_draft(*, actor: Actor, draft: Draft, form_values: Any, expected_version: int) -> Draft:
    values = clean_values(form_values)
    with transaction.atomic():
        current = locked(draft, expected_version)
        current.form_values, current.saved_at = values, timezone.now()
        save_new_version(current)
        trail.record(actor=actor, action="draft.save", obj=current, detail={"path": current.path})
    return current


def discard_draft(*, actor: Actor, draft: Draft, expected_version: int | None = None) -> None:
    with transaction.atomic():
        current = locked(draft, expected_version)
        trail.record(actor=actor, action="draft.discard", obj=current, detail={"path": current.path})
        current.delete()


def discard_saved_form(*, actor: Actor, path: str) -> None:
    """The form at `path` was saved: its draft has done its job."""
    draft = Draft.objects.filter(user=actor.user, path=path).first()
    if draft is not None:
        discard_draft(actor=actor, draft=draft)
