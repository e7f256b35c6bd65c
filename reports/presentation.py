"""The annual report as tables: one layout for the page, the PDF and the CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from kernel.figures import recorded_by

CATEGORY_NAMES = {
    "1": "Category 1: registered sexual offenders",
    "2": "Category 2: violent offenders",
    "3": "Category 3: other dangerous offenders",
    "4": "Category 4: terrorism offenders",
}


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    note: str = ""


def _grid_table(
    key: str, title: str, grid: dict[str, dict[str, int]], note: str = "", categories: tuple[str, ...] = ()
) -> Table:
    levels = list(next(iter(grid.values())).keys()) if grid else []
    rows: list[list[Any]] = []
    for category in categories or tuple(grid):
        counts = [grid[category][level] for level in levels]
        rows.append([CATEGORY_NAMES[category], *counts, sum(counts)])
    totals = [sum(row[i + 1] for row in rows) for i in range(len(levels))]
    rows.append(["Total", *totals, sum(totals)])
    return Table(key, title, ["Category", *(f"Level {level}" for level in levels), "Total"], rows, note)


def annual_tables(report: dict[str, Any]) -> list[Table]:
    missing = [name for name, recorded in recorded_by().items() if not recorded]
    not_recorded = "Not yet recorded in OpenMAPPA, so shown as 0."
    orders = report["restrictive_orders"]
    custody = report["returned_to_custody"]
    per_100k = report["rsos_per_100k"]

    def note(name: str) -> str:
        return not_recorded if name in missing else ""

    return [
        _grid_table(
            "snapshot",
            "MAPPA-eligible offenders in the community on 31 March",
            report["snapshot"],
            "Excludes people in custody or detained in hospital on 31 March.",
        ),
        _grid_table(
            "levels_2_3_in_year",
            "Level 2 and 3 offenders during the year",
            report["levels_2_3_in_year"],
            "Each person once, at the highest level reached between 1 April and 31 March.",
        ),
        Table(
            "rso",
            "Registered sexual offenders",
            ["Figure", "Number"],
            [
                ["Cautioned or convicted for breach of notification requirements", report["rso_notification_breaches"]],
                ["Lifetime notification revoked on application", report["rso_lifetime_notification_revoked"]],
                [
                    "Became subject to notification after breaching a Sexual Risk Order",
                    report["sro_breach_became_notifiable"],
                ],
                ["RSOs per 100,000 population aged 10 and over", per_100k if per_100k is not None else "Not available"],
            ],
            " ".join(
                n
                for n in (
                    note("rso_notification_breaches")
                    and "Breaches, revocations and SRO breaches are not yet recorded in OpenMAPPA, so shown as 0.",
                    ""
                    if per_100k is not None
                    else "Enter the ONS population aged 10 and over for every area in the report to compute the rate.",
                )
                if n
            ),
        ),
        Table(
            "restrictive_orders",
            "Restrictive orders for category 1 offenders",
            ["Order", "Number"],
            [
                ["Sexual Harm Prevention Orders", orders["shpo"]],
                ["SHPOs with a foreign travel restriction", orders["shpo_foreign_travel"]],
                ["Notification Orders", orders["notification_order"]],
            ],
            note("restrictive_orders"),
        ),
        _grid_table(
            "returned_breach_of_licence",
            "Level 2 and 3 offenders returned to custody for breach of licence",
            custody["breach_of_licence"],
            note("returned_to_custody"),
        ),
        _grid_table(
            "returned_breach_of_shpo",
            "Level 2 and 3 offenders returned to custody for breach of a SOPO or SHPO",
            custody["breach_of_shpo"],
            note("returned_to_custody"),
        ),
        _grid_table(
            "charged_with_sfo",
            "Level 2 and 3 offenders charged with a serious further offence",
            custody["charged_with_sfo"],
            note("returned_to_custody"),
        ),
    ]


# What a spreadsheet may read as the start of a formula: the ASCII signs, their full-width
# forms (which some spreadsheets fold to ASCII), and tab and carriage return.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _safe_cell(cell: Any) -> Any:
    """Free text (an ethnicity as the person describes it) never starts a spreadsheet
    formula, even after leading spaces: such a cell is quoted with an apostrophe."""
    if isinstance(cell, str) and cell.lstrip(" ")[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell


def tables_csv(heading: list[str], tables: list[Any]) -> str:
    """Every table one after another, each under its title, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(heading)
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows([[_safe_cell(cell) for cell in row] for row in table.rows])
        if table.note:
            writer.writerow([table.note])
    return out.getvalue()
