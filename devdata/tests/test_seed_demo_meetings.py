"""`seed_demo_meetings`: demo referrals and meetings in every state, safe to run again."""

from __future__ import annotations

from django.core.management import call_command

from access.models import ShareGrant
from accounts.models import User
from meetings.models import Meeting, MeetingStatus, Minutes, MinutesRequest, MinutesStatus
from referrals.models import Referral, ReferralStatus


def test_the_demo_command_shows_every_state_and_is_safe_to_run_again(db: None) -> None:
    call_command("seed_demo", password="demo-password-2026")
    call_command("seed_demo_meetings", password="demo-password-2026")
    referral_states = set(Referral.objects.filter(nominal__area__code="DEMO").values_list("status", flat=True))
    assert referral_states == set(ReferralStatus.values)
    meetings = Meeting.objects.filter(area__code="DEMO")
    assert meetings.count() == 4
    assert set(meetings.values_list("status", flat=True)) == set(MeetingStatus.values)
    assert set(Minutes.objects.values_list("status", flat=True)) == set(MinutesStatus.values)
    assert set(MinutesRequest.objects.values_list("status", flat=True)) == {"with_chair", "released"}
    cancelled = meetings.get(status=MeetingStatus.CANCELLED)
    grants = ShareGrant.objects.filter(object_type="Meeting", object_id=str(cancelled.pk))
    assert grants.exists() and not grants.filter(revoked_at__isnull=True).exists()
    senior = User.objects.get(username="probation.senior")
    assert senior.check_password("demo-password-2026") and senior.staff_rank.tier == 3

    # ./scripts/run runs both commands every time: nothing fails and nothing doubles.
    counts = (Referral.objects.count(), meetings.count(), Minutes.objects.count(), ShareGrant.objects.count())
    call_command("seed_demo", password="demo-password-2026")
    call_command("seed_demo_meetings", password="demo-password-2026")
    assert counts == (
        Referral.objects.count(),
        meetings.count(),
        Minutes.objects.count(),
        ShareGrant.objects.count(),
    )
