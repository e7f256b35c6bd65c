"""The row type every rule table is made of."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One rule: a stable key, a short label, a plain-English statement and its source.

    ``key`` is stable and safe to store (worklists and audit events refer to it).
    ``label`` is short enough for a table heading or a badge. ``statement`` says
    the rule in plain English for the rules catalogue. ``citation`` names the
    seed document and heading, or the Act and section, the rule comes from.
    """

    key: str
    label: str
    statement: str
    citation: str
