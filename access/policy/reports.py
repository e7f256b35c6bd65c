"""The Strategic Management Board's reports and the ONS population figures behind them.

The co-ordinator (for their area) and the administrator enter the population figures."""

from __future__ import annotations

from accounts.models import Role

from .roles import UserLike, coordinates_area, signed_in


def can_enter_population_for(user: UserLike, area_id: int) -> bool:
    """The administrator for any area; a co-ordinator for their own."""
    if signed_in(user) and user.role == Role.ADMIN:
        return True
    return coordinates_area(user, area_id)
