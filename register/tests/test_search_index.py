"""Search reads an index of the search text on PostgreSQL, not every person (issue 8:
search under 50 ms with 100,000 people)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from accounts.models import User
from conftest import PersonMaker
from register import selectors

pytestmark = pytest.mark.django_db


def _plan(sql: str, params: tuple[str, ...]) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        # A test database is tiny, so the planner would scan it whatever indexes exist;
        # with scans priced out, the plan shows whether an index can answer the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_search_by_the_start_of_a_name_reads_the_trigram_index(
    coordinator: User, police_om: User, make_person: PersonMaker
) -> None:
    make_person(police_om, family_name="Osborne", given_names="Ann", date_of_birth=date(1970, 1, 2))
    people = selectors.search_nominals(requested_by=coordinator, query="osb")
    assert [p.family_name for p in people] == ["Osborne"]
    # The pattern the search asks for, put to the whole table: can the index answer it?
    patterns = [p for p in people.query.sql_with_params()[1] if isinstance(p, str) and "%" in p]
    assert patterns == ["% osb%"]
    plan = _plan("SELECT id FROM register_nominal WHERE search_text LIKE %s", (patterns[0],))
    assert "register_nominal_search_text_trgm" in plan
