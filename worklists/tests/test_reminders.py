"""send_reminders: a daily digest by email and in-app notifications, never sent twice."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import services as case_services
from conftest import PersonMaker, RegistrationMaker, committed
from kernel.actor import Actor
from rules.reviews import REVIEW_CADENCES
from worklists.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(users: dict[str, Any], make_person: PersonMaker, make_registration: RegistrationMaker, settings: Any) -> Any:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    police = users["police_om"]
    police.email = "police.om@example.invalid"
    police.save()
    weeks = timedelta(weeks=REVIEW_CADENCES[1].max_weeks)
    today = timezone.localdate()
    late = make_registration(
        make_person(police, family_name="Late"), police, start_date=today - weeks - timedelta(days=3)
    )
    soon = make_registration(
        make_person(police, family_name="Soon"), police, start_date=today - weeks + timedelta(days=2)
    )
    return police, late, soon


def _run(**options: Any) -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out, **options)
    return out.getvalue()


def test_running_twice_sends_nothing_twice(due: Any) -> None:
    police, *_ = due
    first = _run()
    made = Notification.objects.filter(user=police).count()
    assert f"{made} new for 1 users; 1 emails sent" in first
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["police.om@example.invalid"]
    assert "Late (" in digest.body and "Due soon (" in digest.body
    assert "LATE" not in digest.body and "SOON" not in digest.body  # no names by email
    reviews = Notification.objects.filter(user=police, kind="registration-review")
    assert sorted(reviews.values_list("overdue", flat=True)) == [False, True]
    assert AuditEvent.objects.filter(action="reminders.send").count() == 1

    second = _run()
    assert "0 new for 0 users; 0 emails sent" in second
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=police).count() == made


def test_the_next_day_reminds_again_of_what_is_still_due(due: Any) -> None:
    police, *_ = due
    _run()
    tomorrow = timezone.localdate() + timedelta(days=1)
    _run(today=tomorrow)
    _run(today=tomorrow)
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(user=police, kind="registration-review").count() == 4


def test_a_failed_email_is_sent_on_the_next_run(due: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    assert "0 emails sent" in _run()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "1 emails sent" in _run()
    assert len(mail.outbox) == 1 and Notification.objects.filter(kind="registration-review").count() == 2


def test_notifications_show_in_the_header_and_can_be_read(due: Any, signed_in: Any, bearer: Any) -> None:
    police, *_ = due
    _run()
    client = signed_in(police)
    unread = Notification.objects.filter(user=police).count()
    home = client.get(reverse("home")).content.decode()
    assert f'data-testid="unread-count">{unread}<' in home
    page = client.get(reverse("worklists:notifications")).content.decode()
    assert "Level 1 review" in page and "Mark all as read" in page
    api = bearer(police).get("/api/v1/notifications/").json()
    assert api["unread"] == unread and len(api["results"]) == unread
    one = api["results"][0]["id"]
    assert bearer(police).post("/api/v1/notifications/read/", {"ids": [one]}, format="json").json() == {"marked": 1}
    assert client.post(reverse("worklists:notifications")).status_code == 302
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_work_done_leaves_the_inbox_the_badge_and_the_next_email_at_once(
    due: Any, signed_in: Any, bearer: Any, settings: Any
) -> None:
    police, late, _soon = due
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # this run's email fails
    _run()
    client = signed_in(police)
    inbox = bearer(police).get("/api/v1/notifications/").json()
    assert inbox["unread"] == 2
    assert {item["person_reference"] for item in inbox["results"]} >= {late.nominal.reference}
    assert 'data-testid="unread-count">2<' in client.get(reverse("home")).content.decode()

    # The late review is held: the review clock restarts, and its reminder goes at once.
    with committed():
        case_services.change_level(
            actor=Actor(police),
            registration=late,
            to_level=late.level,
            decided_on=timezone.localdate(),
            reason="Reviewed: the level stays",
            expected_version=late.version,
        )
    inbox = bearer(police).get("/api/v1/notifications/").json()
    assert inbox["unread"] == 1 and late.nominal.reference not in {i["person_reference"] for i in inbox["results"]}
    assert 'data-testid="unread-count">1<' in client.get(reverse("home")).content.decode()
    page = client.get(reverse("worklists:notifications")).content.decode()
    assert late.nominal.reference not in page and str(_soon.nominal) in page  # the person, as the user sees them
    # The email the failed run owed now holds only the work still to do.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _run()
    assert len(mail.outbox) == 1 and "Due soon (1)" in mail.outbox[0].body and "Late (" not in mail.outbox[0].body
