"""Citation builders, so every rule names its source in the same form.

The Hampshire protocol (seed 003) as stored has lost its section numbers (only
cross-references such as "Section 2.20" survive), so seed citations name the
heading under which the rule appears; the heading can be found in the seed by
searching for it.
"""

from __future__ import annotations

SEED_000 = "Seed 000 (Hertfordshire MAPPA framework 2023)"
SEED_001 = "Seed 001 (Hertfordshire MAPPA Annual Report 2020-21)"
SEED_002 = "Seed 002 (Hampshire 'What is MAPPA')"
SEED_003 = "Seed 003 (Hampshire MAPPA Protocol 2008)"

SOA_2003 = "Sexual Offences Act 2003"
CTA_2008 = "Counter-Terrorism Act 2008"
NOTIFICATION_REGULATIONS_2012 = (
    "Sexual Offences Act 2003 (Notification Requirements) (England and Wales) Regulations 2012 (SI 2012/1876)"
)
BANKING_AND_FINANCIAL_DEALINGS_ACT_1971 = "Banking and Financial Dealings Act 1971"


def seed(document: str, heading: str, *more_headings: str) -> str:
    """Cite one or more headings of a seed document."""
    headings = "; ".join(f"'{h}'" for h in (heading, *more_headings))
    return f"{document}, {headings}"


def act(name: str, section: str) -> str:
    """Cite a section of an Act, e.g. act(SOA_2003, "s82(1)")."""
    return f"{name} {section}"
