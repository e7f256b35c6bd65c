"""External anchors of the audit chain: its head (last event id and hash, and how many
events) written somewhere the application cannot rewrite, so that deleting events from
the end of the log, which leaves an intact but shorter chain, is found.

An anchor is one JSON line appended to a file (kept on other storage, or shipped off the
machine by the log pipeline) and, if asked, sent to syslog.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
from dataclasses import asdict, dataclass
from pathlib import Path

from django.utils import timezone

from .trail import ChainReport

SYSLOG_ADDRESS = "/dev/log"


@dataclass(frozen=True)
class Anchor:
    head_id: int
    head_hash: str
    events: int
    written_at: str


def anchor_of(report: ChainReport) -> Anchor:
    return Anchor(report.head_id or 0, report.head_hash, report.checked, timezone.now().isoformat())


def append_to_file(anchor: Anchor, path: Path) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(asdict(anchor), sort_keys=True) + "\n")


def send_to_syslog(anchor: Anchor, address: str = SYSLOG_ADDRESS) -> None:
    logger = logging.getLogger("openmappa.audit.anchor")
    handler = logging.handlers.SysLogHandler(address=address, facility=logging.handlers.SysLogHandler.LOG_AUTH)
    logger.addHandler(handler)
    try:
        logger.warning("openmappa audit anchor %s", json.dumps(asdict(anchor), sort_keys=True))
    finally:
        logger.removeHandler(handler)
        handler.close()


def last_in_file(path: Path) -> Anchor | None:
    """The newest anchor in the file (its last line), or None when it has none."""
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return None
    data = json.loads(lines[-1])
    return Anchor(int(data["head_id"]), str(data["head_hash"]), int(data["events"]), str(data["written_at"]))


def truncation(anchor: Anchor, report: ChainReport, hash_at_anchor: str | None) -> str | None:
    """What the anchor shows was removed from the end, or None when the log still holds it.
    `hash_at_anchor`: the hash the log now holds for the anchor's event (None: no such event)."""
    if anchor.head_id == 0:
        return None
    if hash_at_anchor == anchor.head_hash:
        return None
    ends = (
        f"the log now ends at event {report.head_id} ({report.checked:,} events)"
        if report.head_id
        else "the log is empty"
    )
    if hash_at_anchor is None:
        missing = max(anchor.events - report.checked, 0)
        return (
            f"events were deleted from the end: the anchor of {anchor.written_at} names event {anchor.head_id} "
            f"with hash {anchor.head_hash}, which is gone ({missing:,} fewer events than then); {ends}"
        )
    return (
        f"event {anchor.head_id} no longer has the hash anchored at {anchor.written_at}: the log was rewritten "
        f"from there, or the anchor was copied wrongly; {ends}"
    )
