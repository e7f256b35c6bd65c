"""Every rule in one table, gathered from the modules' own ``RULES`` tables.

Nothing here is typed in by hand: each module of the package that defines
``RULES`` contributes its rows, so a new rule appears in the catalogue (and in
docs/rules.md) as soon as it is added to its module's table.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

import rules
from rules.rule import Rule


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    label: str
    statement: str
    citation: str
    module: str


def rule_modules() -> list[str]:
    """Names of the package's modules, in alphabetical order, excluding tests."""
    return sorted(
        f"{rules.__name__}.{info.name}"
        for info in pkgutil.iter_modules(rules.__path__)
        if not info.ispkg and info.name not in {"docs", "__main__"}
    )


@cache
def catalogue() -> tuple[CatalogueEntry, ...]:
    """One entry per rule, grouped by module."""
    entries: list[CatalogueEntry] = []
    for name in rule_modules():
        table: tuple[Rule, ...] = getattr(importlib.import_module(name), "RULES", ())
        entries.extend(CatalogueEntry(r.key, r.label, r.statement, r.citation, name) for r in table)
    return tuple(entries)


def find(key: str) -> CatalogueEntry:
    """The entry for a rule key (KeyError if there is none)."""
    for entry in catalogue():
        if entry.key == key:
            return entry
    raise KeyError(key)
