"""A report's CSV never hands a spreadsheet a formula: cells that could start one, in ASCII
or full-width characters, or after a tab, carriage return or spaces, are quoted."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pytest

from reports.presentation import tables_csv


@dataclass
class _Table:
    title: str
    headers: list[str]
    rows: list[list[object]]
    note: str = ""
    extra: list[str] = field(default_factory=list)


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\uff1d1+1",
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
        "  =1+1",
        "\tx",
        "\rx",
    ],
)
def test_a_cell_that_could_start_a_formula_is_quoted(cell: str) -> None:
    written = tables_csv(["heading"], [_Table("Ethnicity", ["Ethnicity", "People"], [[cell, 3]])])
    rows = list(csv.reader(io.StringIO(written)))
    assert rows[-1] == ["'" + cell, "3"]


@pytest.mark.parametrize("cell", ["White British", "Not recorded", "", "Mixed \u2013 other", "1"])
def test_ordinary_cells_are_written_as_they_are(cell: str) -> None:
    written = tables_csv(["heading"], [_Table("Ethnicity", ["Ethnicity", "People"], [[cell, 3]])])
    assert list(csv.reader(io.StringIO(written)))[-1] == [cell, "3"]
