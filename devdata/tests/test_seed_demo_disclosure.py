"""`seed_demo_disclosure` adds demo decisions and victims through the services, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from devdata.people import seed
from disclosure.models import Disclosure
from victims.models import Victim, VictimNotification

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent(fast_password_hashing: None) -> None:
    seed("a-demo-password-for-tests", people=20)
    call_command("seed_demo_disclosure", stdout=StringIO())
    decisions, victims = Disclosure.objects.count(), Victim.objects.count()
    assert decisions >= 3 and victims == 3 and VictimNotification.objects.count() == 2
    statuses = {d.status for d in Disclosure.objects.all()}
    assert {"acknowledged", "to_disclose", "not_to_disclose"} <= statuses
    out = StringIO()
    call_command("seed_demo_disclosure", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert (Disclosure.objects.count(), Victim.objects.count()) == (decisions, victims)


def test_with_meetings_a_level_2_decision_is_the_meetings(fast_password_hashing: None) -> None:
    seed("a-demo-password-for-tests", people=68)  # the full demo: enough probation-led cases
    call_command("seed_demo_meetings", stdout=StringIO())
    call_command("seed_demo_disclosure", stdout=StringIO())
    # The seed's own decision, and the one the demo meeting's approved minutes recorded.
    at_meeting = list(Disclosure.objects.filter(meeting__isnull=False).select_related("meeting"))
    assert len(at_meeting) == 2
    for decision in at_meeting:
        assert decision.level in (2, 3) and decision.meeting is not None
        assert decision.meeting.nominal_id == decision.nominal_id
