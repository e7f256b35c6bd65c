"""Checks that the referral or meeting a level decision names is real.

A level decision in `cases` rests on a basis (rules.level_basis): an accepted referral or a
MAPP meeting's decision, named by its reference. The referrals and meetings apps sit above
`cases`, so each registers a check for its basis here from its AppConfig.ready(), and the
level-change service asks `basis_problem` explicitly before it writes.
"""

from __future__ import annotations

from collections.abc import Callable

# (nominal id, reference, level decided) -> why the reference does not support the decision, or None
BasisCheck = Callable[[int, str, int], "str | None"]
_checks: dict[str, BasisCheck] = {}


def register_basis_check(basis: str, check: BasisCheck) -> None:
    _checks[basis] = check


def basis_problem(basis: str, *, nominal_id: int, reference: str, to_level: int) -> str | None:
    """Why `reference` does not support a decision of `to_level` for the person (None when
    it does, or when nothing checks this basis)."""
    check = _checks.get(basis)
    return None if check is None else check(nominal_id, reference.strip(), to_level)
