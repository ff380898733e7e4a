"""`csc-scorecard comparators`: help, table and CSV output, and plain errors."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.cli.comparators_cmd import CSV_HEADER

GM = "+greater_manchester=350,351,352,353,354,355,356,357,358,359"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["comparators", *args])
    return result.exit_code, result.output


def test_help_ends_with_an_example() -> None:
    code, out = _run("--help")
    assert code == 0
    description = out.split("\nOptions:")[0]
    lines = [line.strip() for line in description.strip().splitlines()]
    assert lines[-4:] == [
        "Example:",
        "",
        "csc-scorecard comparators --council 357 --year 2021-22 --format csv",
        "csc-scorecard comparators --council 357 --group +gm=350,351,357",
    ]


def test_csv_has_one_row_per_ref_and_column() -> None:
    code, out = _run(
        "--council", "357", "--year", "2021-22", "--group", GM, "--own-count", "CF1=661", "--format", "csv"
    )
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_HEADER
    by_key = {(r["ref"], r["column"]): r for r in rows}
    assert by_key[("CIN19", "greater_manchester")]["display"] == "56"
    assert by_key[("CIN19", "region")]["label"] == "North West"
    assert by_key[("CF8", "england")]["basis"] == "equivalent number at comparator rate"
    assert by_key[("CF8", "england")]["display"] == "463"
    assert by_key[("CIN7", "england")]["status"] == "not_available"
    assert len(rows) == 30 * 4


def test_table_names_the_council_and_year() -> None:
    code, out = _run("--council", "E08000008", "--year", "2021/22")
    assert code == 0, out
    assert "Tameside (357)" in out and "2021-22" in out


def test_bad_options_are_plain_errors() -> None:
    assert _run("--council", "357", "--format", "xml")[0] == 2
    assert _run("--council", "357", "--group", "nocodes")[0] == 2
    code, out = _run("--council", "357", "--year", "twenty")
    assert code == 2 and "2021-22" in out
    assert _run("--council", "357", "--own-count", "CF1=many")[0] == 2


def test_config_gives_the_council_groups_and_neighbour_model() -> None:
    from csc_scorecard.config import EXAMPLE_CONFIG_PATH

    code, out = _run("--config", str(EXAMPLE_CONFIG_PATH), "--year", "2021-22", "--format", "csv")
    assert code == 0, out
    rows = {(r["ref"], r["column"]): r for r in csv.DictReader(io.StringIO(out))}
    gm = rows[("CF9", "greater_manchester")]
    assert (gm["label"], gm["councils_listed"], gm["display"]) == ("Greater Manchester", "9", "68%")


def test_extract_date_chooses_the_latest_published_year() -> None:
    code, out = _run("--council", "357", "--extract-date", "2023-01-31", "--format", "csv")
    assert code == 0, out
    assert {r["year"] for r in csv.DictReader(io.StringIO(out)) if r["status"] == "ok"} == {"2021-22"}
    assert _run("--council", "357", "--extract-date", "31/01/2023")[0] == 2
    assert _run()[0] == 2  # no council and no config
