"""The PDFs: minutes and executive summary, from the same templates as the pages, with
OFFICIAL-SENSITIVE, the page number and the meeting reference on every page."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from kernel.actor import Actor
from meetings import services
from referrals.tests.helpers import World

from .builders import actions, held_meeting, record_full_attendance
from .builders import complete_values as values_for

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_a_minutes_pdf_marks_every_page(world: World) -> None:
    meeting = held_meeting(world)
    record_full_attendance(world, meeting)
    # Enough actions to run over several pages.
    services.save_minutes_draft(
        actor=Actor(world[Role.COORDINATOR]), meeting=meeting, values=values_for(meeting), actions=actions(40)
    )
    services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    client = Client()
    client.force_login(world[Role.CHAIR])
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = _pages(response.content)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number} lacks its marking"
        assert f"Page {number} of {len(pages)}" in text
        assert meeting.reference in text
    assert "Minutes of a level 2 MAPP meeting" in pages[0]
    assert "Action number 40" in "".join(pages)
    assert re.search(r"6\. Disclosure", "".join(pages))


def test_an_executive_summary_pdf_never_holds_the_full_minutes(world: World) -> None:
    meeting = held_meeting(world)
    record_full_attendance(world, meeting)
    services.save_minutes_draft(
        actor=Actor(world[Role.COORDINATOR]),
        meeting=meeting,
        values=values_for(meeting, agency_information="Police intelligence: SECRET-DETAIL-123"),
        actions=actions(),
    )
    services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    request = services.log_minutes_request(
        actor=Actor(world[Role.COORDINATOR]),
        nominal=world.nominal,
        requester_kind="parole_board",
        requester="Parole Board",
        purpose="Oral hearing",
        received_on=timezone.localdate(),
    )
    services.decide_minutes_request(
        actor=Actor(world[Role.CHAIR]), minutes_request=request, release=True, reason="For the hearing"
    )
    client = Client()
    client.force_login(world[Role.COORDINATOR])
    response = client.get(f"/meetings/minutes-requests/{request.pk}/summary.pdf")
    assert response.status_code == 200
    text = "".join(_pages(response.content))
    assert "MAPPA Minutes Executive Summary" in text and "OFFICIAL-SENSITIVE" in text
    assert meeting.reference in text and "Page 1 of" in text
    assert world.nominal.full_name in text and "Parole Board" in text
    assert "SECRET-DETAIL-123" not in text
