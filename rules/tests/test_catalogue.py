import re
import subprocess
import sys
from pathlib import Path

import pytest

from rules import compliance, notification, reviews, terrorism, visits, working_days
from rules.catalogue import catalogue, find, rule_modules
from rules.docs import main, render_markdown

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "rules.md"


def test_keys_are_unique_and_stable_looking() -> None:
    keys = [e.key for e in catalogue()]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", k) for k in keys)


def test_every_rule_has_a_label_statement_and_a_citation_to_a_seed_or_law() -> None:
    for entry in catalogue():
        assert entry.label and entry.statement.endswith(".")
        assert re.search(r"Seed 00\d|Act \d{4}|Regulations \d{4}|data standard", entry.citation), entry


def test_catalogue_is_built_from_the_module_tables() -> None:
    gathered = {(e.module, e.key) for e in catalogue()}
    for module in (compliance, notification, reviews, terrorism, visits, working_days):
        for rule in module.RULES:
            assert (module.__name__, rule.key) in gathered
    assert len(catalogue()) == sum(
        len(getattr(__import__(name, fromlist=["RULES"]), "RULES", ())) for name in rule_modules()
    )


def test_every_table_row_is_catalogued() -> None:
    keys = {e.key for e in catalogue()}
    assert {row.rule.key for row in notification.NOTIFICATION_TABLE} <= keys
    assert {row.rule.key for row in terrorism.TERRORISM_TABLE} <= keys
    assert {c.rule.key for c in reviews.REVIEW_CADENCES.values()} <= keys
    assert {row.rule.key for row in visits.POLICE_VISITS.values()} <= keys


def test_find() -> None:
    assert find("soa82.caution").module == "rules.notification"
    with pytest.raises(KeyError):
        find("no.such_rule")


def test_committed_docs_match_the_generated_text() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/rules.md is out of date: run `python -m rules.docs > docs/rules.md`"
    )


def test_docs_list_every_rule() -> None:
    text = render_markdown()
    for entry in catalogue():
        assert f"`{entry.key}`" in text


def test_main_prints_the_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    main()
    assert capsys.readouterr().out == render_markdown()


def test_python_dash_m_rules_docs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rules.docs"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == render_markdown()


def test_rules_package_does_not_import_django() -> None:
    for path in (REPO / "rules").glob("*.py"):
        assert not re.search(r"^\s*(from|import) django", path.read_text(), re.MULTILINE), path
