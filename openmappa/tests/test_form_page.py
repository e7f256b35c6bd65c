"""The form page: a service's refusals shown on the form, a read of the person audited when
the form is shown, and a successful save said and followed by going on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from accounts.models import User
from audit.models import AuditEvent
from conftest import error_summary
from kernel.errors import VersionConflict, field_error
from kernel.web import posted, try_save
from register.frame import person_form_page
from register.models import Nominal

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed this. Nothing has been saved."


class NoteForm(forms.Form):
    note = forms.CharField(error_messages={"required": "Enter a note"})


def page_request(user: User, method: str = "get", data: dict[str, str] | None = None) -> HttpRequest:
    request: Any = getattr(RequestFactory(), method)("/people/1/notes/new/", data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    made: HttpRequest = request
    return made


def views_of(nominal: Nominal) -> list[dict[str, Any]]:
    return list(
        AuditEvent.objects.filter(action="nominal.view", nominal_id=nominal.pk).values_list("detail", flat=True)
    )


def show(request: HttpRequest, nominal: Nominal | None, save: Callable[[], Any], **options: Any) -> Any:
    form = NoteForm(posted(request))
    options = {"caption": "Alex Testperson", "done": "Note recorded", "conflict": CONFLICT} | options
    page = person_form_page(
        request,
        form=form,
        save=save,
        template="cases/action_form.html",
        title="Record a note",
        back_url="/people/1/",
        nominal=nominal,
        section="record_note",
        **options,
    )
    return form, page


def test_a_saved_form_returns_what_the_service_returned() -> None:
    form = NoteForm({"note": "seen"})
    assert form.is_valid()
    assert try_save(form, lambda: 42) == (True, 42)


def test_a_version_conflict_keeps_what_was_typed_and_says_so() -> None:
    form = NoteForm({"note": "seen"})
    assert form.is_valid()

    def stale() -> None:
        raise VersionConflict(5)

    assert try_save(form, stale, conflict=CONFLICT) == (False, None)
    assert form.non_field_errors() == [CONFLICT]
    assert form.cleaned_data["note"] == "seen"


def test_a_broken_rule_is_shown_against_its_field() -> None:
    form = NoteForm({"note": "seen"})
    assert form.is_valid()

    def refuse() -> None:
        raise field_error("note", "A note is at most 5 characters (rule notes.length)")

    assert try_save(form, refuse) == (False, None)
    assert form.errors["note"] == ["A note is at most 5 characters (rule notes.length)"]


def test_showing_the_form_is_an_audited_read_of_the_person(
    police_om: User, make_person: Callable[..., Nominal]
) -> None:
    nominal = make_person(police_om)
    before = len(views_of(nominal))
    _, page = show(page_request(police_om), nominal, lambda: pytest.fail("nothing is saved on GET"))
    assert page.status_code == 200
    assert b"Record a note" in page.content and b"Alex Testperson" in page.content
    assert views_of(nominal)[before:] == [{"section": "record_note"}]


def test_a_form_naming_no_person_records_no_read(police_om: User, make_person: Callable[..., Nominal]) -> None:
    make_person(police_om)
    before = AuditEvent.objects.count()
    _, page = show(page_request(police_om), None, lambda: None)
    assert page.status_code == 200 and AuditEvent.objects.count() == before


def test_an_empty_submission_is_checked_and_shown_again(police_om: User, make_person: Callable[..., Nominal]) -> None:
    nominal = make_person(police_om)
    before = len(views_of(nominal))
    _, page = show(page_request(police_om, "post"), nominal, lambda: pytest.fail("an invalid form is not saved"))
    assert page.status_code == 200
    assert error_summary(page.content) == {"id_note": "Enter a note"}
    assert views_of(nominal)[before:] == [{"section": "record_note"}]


def test_a_saved_form_says_so_and_goes_back(police_om: User, make_person: Callable[..., Nominal]) -> None:
    nominal = make_person(police_om)
    before = len(views_of(nominal))
    request = page_request(police_om, "post", {"note": "seen"})
    saved: list[str] = []
    _, page = show(request, nominal, lambda: saved.append("note"))
    assert (page.status_code, page["Location"]) == (302, "/people/1/")
    assert [str(m) for m in get_messages(request)] == ["Note recorded"]
    assert saved == ["note"] and views_of(nominal)[before:] == []


def test_a_saved_form_can_go_on_to_what_it_made(police_om: User) -> None:
    request = page_request(police_om, "post", {"note": "seen"})
    _, page = show(request, None, lambda: 77, done_url=lambda made: f"/notes/{made}/")
    assert page["Location"] == "/notes/77/"


def test_a_conflict_on_submission_is_shown_in_the_error_summary(police_om: User) -> None:
    def stale() -> None:
        raise VersionConflict(2)

    form, page = show(page_request(police_om, "post", {"note": "seen"}), None, stale)
    assert page.status_code == 200
    assert CONFLICT.encode() in page.content and form.non_field_errors() == [CONFLICT]
