from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from custody.models import CustodySpell, SeriousFurtherOffence, UrgentReview
from devdata.custody import NEARING_RELEASE_PNC
from devdata.people import seed
from kernel.worklist_sources import SOURCES, WorklistScope
from transfers.models import Transfer

pytestmark = pytest.mark.django_db


def test_seed_demo_custody_is_idempotent_and_gives_the_prison_a_release_to_confirm(fast_password_hashing: None) -> None:
    seed("a-long-demo-password", people=4)
    out = StringIO()
    call_command("seed_demo_custody", stdout=out)
    assert "Added 5 demo people" in out.getvalue()
    counts = (CustodySpell.objects.count(), UrgentReview.objects.count(), SeriousFurtherOffence.objects.count())
    call_command("seed_demo_custody", stdout=out)
    assert "already present" in out.getvalue()
    assert (CustodySpell.objects.count(), UrgentReview.objects.count(), SeriousFurtherOffence.objects.count()) == counts
    assert Transfer.objects.count() == 1
    nearing = CustodySpell.objects.get(nominal__pnc=NEARING_RELEASE_PNC)
    assert nearing.in_custody and nearing.release_confirmed_on is None
    from accounts.models import User

    today = timezone.localdate()
    prison = User.objects.get(username="prison.om")
    items = list(SOURCES["release-date-confirmation"](WorklistScope(today=today, due_by=today, user=prison)))
    assert [i.nominal_id for i in items] == [nearing.nominal_id]
