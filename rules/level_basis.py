"""On what a level decision rests, and which bases may start level 2 or 3 management.

Seed 003, 'Referral to a Level 2 or 3 MAPP Meeting': an agency that believes a case reaches
the threshold for level 2 or 3 refers it to the MAPPA co-ordinator, who gatekeeps it
('Gate-keeping'); the MAPP meeting then decides the level. So active multi-agency
management starts from an accepted referral or a MAPP meeting's decision, never from one
agency's say-so. Where it cannot wait for either, the emergency route records why, and the
co-ordinator, who keeps the register, is told at once so the referral and an emergency
meeting follow.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from rules.citations import SEED_003, seed
from rules.rule import Rule


class Basis(StrEnum):
    REGISTRATION = "registration"  # the level set when the person is registered
    REVIEW = "review"  # a review by the managing agency, keeping or lowering the level
    REFERRAL = "referral"  # an accepted referral (MAPPA A), gatekept by the co-ordinator
    MEETING = "meeting"  # a MAPP meeting's decision, in its approved minutes
    EMERGENCY = "emergency"  # cannot wait: the reason recorded and the co-ordinator told
    CONTINUATION = "continuation"  # a level already decided, carried on (a transfer in, a re-registration)


BASIS_LABELS: Final[dict[Basis, str]] = {
    Basis.REGISTRATION: "Registration",
    Basis.REVIEW: "Review by the managing agency",
    Basis.REFERRAL: "Accepted referral",
    Basis.MEETING: "MAPP meeting decision",
    Basis.EMERGENCY: "Emergency: the co-ordinator told",
    Basis.CONTINUATION: "Level carried on from an earlier decision",
}

LEVEL_2_3_BASIS: Final = Rule(
    "levels.level_2_3_needs_referral_or_meeting",
    "Level 2 or 3 starts from a referral or a meeting",
    "Level 2 or 3 management starts only from a referral the MAPPA co-ordinator accepted or a MAPP "
    "meeting's decision; an emergency start records the reason and tells the co-ordinator.",
    seed(SEED_003, "Referral to a Level 2 or 3 MAPP Meeting", "Gate-keeping"),
)

RULES: Final[tuple[Rule, ...]] = (LEVEL_2_3_BASIS,)

STARTS_LEVEL_2_3: Final = frozenset({Basis.REFERRAL, Basis.MEETING, Basis.EMERGENCY, Basis.CONTINUATION})
NEEDS_REFERENCE: Final = frozenset({Basis.REFERRAL, Basis.MEETING})


def starts_level_2_or_3(from_level: int | None, to_level: int) -> bool:
    """True when the decision starts active multi-agency management (from none or level 1)."""
    return to_level in (2, 3) and from_level not in (2, 3)


def basis_problems(
    *, from_level: int | None, to_level: int, basis: str, reference: str, emergency_reason: str
) -> dict[str, str]:
    """What is wrong with the basis of a level decision, by field (empty when nothing is).

    Checks the shape only; that the referral or meeting named exists, is about the person
    and decided this level is for the caller to check against its records."""
    problems: dict[str, str] = {}
    if basis not in Basis.__members__.values():
        return {"basis": "Select what the level decision rests on"}
    if starts_level_2_or_3(from_level, to_level) and basis not in STARTS_LEVEL_2_3:
        problems["basis"] = (
            f"Level {to_level} management starts only from an accepted referral or a MAPP meeting's decision, "
            f"or by the emergency route with its reason (rule {LEVEL_2_3_BASIS.key}; {LEVEL_2_3_BASIS.citation})"
        )
    if basis in NEEDS_REFERENCE and not reference.strip():
        problems["basis_reference"] = f"Name the {basis} the decision rests on (rule {LEVEL_2_3_BASIS.key})"
    if basis == Basis.EMERGENCY and not emergency_reason.strip():
        problems["emergency_reason"] = (
            f"Enter why level {to_level} management cannot wait for a referral or a meeting: the MAPPA co-ordinator "
            f"is told (rule {LEVEL_2_3_BASIS.key})"
        )
    return problems
