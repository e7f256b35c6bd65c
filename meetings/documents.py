"""PDFs of minutes and executive summaries, rendered by WeasyPrint from the same HTML
templates as the pages. Every page carries OFFICIAL-SENSITIVE, its number and the
meeting reference (CSS @page margin boxes in meetings/documents/print.css)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors
from .models import ExecutiveSummary, Meeting, Minutes, MinutesRequest

# WeasyPrint reports every layout step at INFO; only its warnings belong in the log.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    import weasyprint  # imported on use: it is large, and only documents need it

    html = render_to_string(template_name, context)
    return bytes(weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def minutes_context(meeting: Meeting, minutes: Minutes) -> dict[str, Any]:
    """What the minutes template needs, on the page and in the PDF alike."""
    return {
        "meeting": meeting,
        "minutes": minutes,
        "nominal": meeting.nominal,
        "invitations": list(selectors.invitations(meeting=meeting)),
        "actions": list(minutes.actions.select_related("owner", "addendum")),
        "addenda": list(minutes.addenda.select_related("made_by")),
        "generated_at": timezone.now(),
    }


def minutes_pdf(meeting: Meeting, minutes: Minutes) -> HttpResponse:
    content = render_pdf("meetings/documents/minutes_pdf.html", minutes_context(meeting, minutes))
    return pdf_response(content, f"{meeting.reference}-minutes.pdf")


def executive_summary_pdf(minutes_request: MinutesRequest, summary: ExecutiveSummary) -> HttpResponse:
    context = {
        "summary": summary,
        "meeting": summary.meeting,
        "minutes_request": minutes_request,
        "generated_at": timezone.now(),
    }
    content = render_pdf("meetings/documents/executive_summary_pdf.html", context)
    return pdf_response(content, f"{summary.meeting.reference}-executive-summary.pdf")
