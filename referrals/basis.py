"""An accepted referral as the basis of a level decision (rules.level_basis, kernel.level_bases)."""

from __future__ import annotations

from .models import Referral, ReferralStatus


def referral_problem(nominal_id: int, reference: str, to_level: int) -> str | None:
    """Why the referral numbered `reference` does not support level `to_level` for the person."""
    referral = (
        Referral.objects.filter(pk=int(reference), nominal_id=nominal_id).first() if reference.isdigit() else None
    )
    if referral is None:
        return "Enter the number of a referral about this person"
    if referral.status != ReferralStatus.ACCEPTED:
        return (
            f"Referral {referral.pk} is not accepted ({referral.get_status_display().lower()}): only a referral "
            "the MAPPA co-ordinator accepted starts level 2 or 3 management"
        )
    if referral.accepted_level is not None and to_level in (2, 3) and referral.accepted_level != to_level:
        return f"Referral {referral.pk} was accepted for level {referral.accepted_level}, not level {to_level}"
    return None
