"""Audit events in words, including actions with no written label."""

from __future__ import annotations

from access.audit_presentation import describe
from audit.models import AuditEvent


def event(action: str, **detail: str) -> AuditEvent:
    return AuditEvent(action=action, detail=detail)


def test_a_labelled_action_reads_as_its_label() -> None:
    assert describe(event("registration.level_change")) == "Changed the MAPPA level"


def test_a_view_names_the_section_seen() -> None:
    assert describe(event("nominal.view", section="personal_details")) == "Viewed personal details"


def test_an_action_without_a_label_is_still_in_words() -> None:
    assert describe(event("custody.release_confirm")) == "Custody: release confirm"
    assert describe(event("plan_action.progress.create")) == "Plan action: progress create"
    assert describe(event("export")) == "Export"
