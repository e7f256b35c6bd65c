"""Carrying out a retention review's "delete": the person's record and everything that hangs
from it are removed (seed 003: at the 100th birthday the case is reviewed "with the
expectation that the nominal record will be removed").

What hangs from the record is found from the models themselves, not from a list kept here,
so a kind of record added later is removed with the person without an edit to this module:
every row whose foreign key leads, directly or through other such rows, to the person.
A relation declared SET_NULL is cleared instead (the row belongs to something else and
only mentioned the person's). The audit log is never touched: its events name the person
by a plain id, not a foreign key, and stay as the history of what was done.

`plan` is the dry run: the same walk, counting what would go, writing nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

from audit.models import AuditEvent
from register.models import Nominal


@dataclass
class Removal:
    """The rows to delete, model by model in the order found (the person first), and the
    foreign keys to clear on rows that stay."""

    rows: dict[type[models.Model], set[int]] = field(default_factory=lambda: defaultdict(set))
    cleared: list[tuple[type[models.Model], str, set[int]]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each kind, by the model's label ("app.Model"), largest first."""
        found = {model._meta.label: len(pks) for model, pks in self.rows.items() if pks}
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))

    def described(self) -> str:
        """The counts in words, for the page: "1 nominal, 3 addresses, ..."."""
        parts = []
        for model, pks in self.rows.items():
            if pks and not model._meta.auto_created:  # link tables go with their rows unmentioned
                name = model._meta.verbose_name if len(pks) == 1 else model._meta.verbose_name_plural
                parts.append(f"{len(pks)} {name}")
        return ", ".join(parts)


def _reverse_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Every relation pointing at the model, hidden ones (related_name="+") included."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if isinstance(field, models.ForeignObjectRel) and field.field.concrete
    ]


def plan(nominal: Nominal) -> Removal:
    """Walk from the person along every reverse foreign key (and many-to-many link) until no
    new rows turn up."""
    removal = Removal()
    removal.rows[Nominal].add(nominal.pk)
    todo: list[tuple[type[models.Model], set[int]]] = [(Nominal, {nominal.pk})]
    while todo:
        model, pks = todo.pop(0)
        for rel in _reverse_relations(model):
            related = rel.related_model
            if related is AuditEvent:
                continue  # the history stays (and refuses deletion anyway)
            if rel.many_to_many:
                # Rows of the link table that point at these rows go with them.
                through = rel.through  # type: ignore[attr-defined]
                column = next(f.name for f in through._meta.fields if f.is_relation and f.related_model is model)
                links = set(through._base_manager.filter(**{f"{column}__in": pks}).values_list("pk", flat=True))
                removal.rows[through] |= links
                continue
            lookup = f"{rel.field.name}__in"
            found = set(related._base_manager.filter(**{lookup: pks}).values_list("pk", flat=True))
            if rel.on_delete is models.SET_NULL:
                found -= removal.rows.get(related, set())
                if found:
                    removal.cleared.append((related, rel.field.name, found))
                continue
            new = found - removal.rows.get(related, set())
            if new:
                removal.rows[related] |= new
                todo.append((related, new))
        # Links from these rows' own many-to-many fields.
        for m2m in model._meta.many_to_many:
            link_table: type[models.Model] = m2m.remote_field.through  # type: ignore[assignment]
            column = m2m.m2m_field_name()
            links = set(link_table._base_manager.filter(**{f"{column}__in": pks}).values_list("pk", flat=True))
            removal.rows[link_table] |= links
    return removal


def carry_out(removal: Removal) -> None:
    """Clear the SET_NULL links, then delete the rows, those found last first. Call inside a
    transaction: PostgreSQL checks foreign keys at commit, so a row left pointing at a
    deleted one (none should be) undoes the whole removal instead of half of it."""
    for model, column, pks in removal.cleared:
        model._base_manager.filter(pk__in=pks).update(**{column: None})
    for model, pks in reversed(list(removal.rows.items())):
        if pks:
            # The rows are removed as found; Django's on_delete=PROTECT guards against a
            # careless delete of a person, and this is the one deliberate one.
            model._base_manager.filter(pk__in=pks)._raw_delete(model._base_manager.db)
