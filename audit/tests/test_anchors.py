"""verify_audit writes the chain's head to an external anchor and, next time, reports
events deleted from the end of the log, which leave an intact but shorter chain."""

from __future__ import annotations

import json
import socket
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from access.tests.test_audit_chain import some_events, tamper
from audit import anchors
from audit.models import AuditEvent
from audit.trail import ChainReport

pytestmark = pytest.mark.django_db


def verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_the_head_is_appended_to_the_anchor_file_each_run(tmp_path: Path) -> None:
    events = some_events(3)
    anchor_file = tmp_path / "audit-anchors.jsonl"
    assert "OK: 3 audit events verified" in verify("--anchor-file", str(anchor_file))
    some_events(2)
    assert "OK: 5 audit events verified" in verify("--anchor-file", str(anchor_file))
    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    assert [line["events"] for line in lines] == [3, 5]
    assert lines[0]["head_id"] == events[-1].id and lines[0]["head_hash"] == events[-1].hash
    assert lines[1]["head_hash"] == AuditEvent.objects.order_by("-id").first().hash  # type: ignore[union-attr]


def test_events_deleted_from_the_end_are_reported_as_truncation(tmp_path: Path) -> None:
    events = some_events(5)
    anchor_file = tmp_path / "audit-anchors.jsonl"
    verify("--anchor-file", str(anchor_file))
    tamper("DELETE FROM access_auditevent WHERE id >= %s", [events[3].id])
    assert "OK: 3 audit events verified" in verify(), "the chain that is left is intact"
    with pytest.raises(CommandError) as refused:
        verify("--anchor-file", str(anchor_file))
    message = str(refused.value)
    assert "truncated" in message and "deleted from the end" in message
    assert f"event {events[4].id}" in message and "2 fewer events" in message
    assert len(anchor_file.read_text().splitlines()) == 1, "no new anchor over a truncated log"


def test_a_rewritten_anchored_event_is_reported(tmp_path: Path) -> None:
    events = some_events(3)
    anchor_file = tmp_path / "audit-anchors.jsonl"
    verify("--anchor-file", str(anchor_file))
    previous = anchors.last_in_file(anchor_file)
    assert previous is not None
    report_text = anchors.truncation(previous, _report(3, events[-1].id), "0" * 64)
    assert report_text is not None and "no longer has the hash" in report_text


def _report(count: int, head: int) -> ChainReport:
    return ChainReport(checked=count, head_id=head, head_hash="x", broken=None)


def test_the_head_can_go_to_syslog(tmp_path: Path) -> None:
    some_events(2)
    address = str(tmp_path / "log.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(address)
    listener.settimeout(5)
    try:
        report = anchors.anchor_of(_report(2, 7))
        anchors.send_to_syslog(report, address=address)
        received = listener.recv(4096).decode()
    finally:
        listener.close()
    assert "openmappa audit anchor" in received and '"head_id": 7' in received
    assert received.startswith("<36>"), "auth facility (4), warning (4): 4*8+4"
