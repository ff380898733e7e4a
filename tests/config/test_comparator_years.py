"""The comparator year can be fixed per ref in the configuration, and reaches the comparator table."""

from __future__ import annotations

from datetime import date

import pytest

from csc_scorecard.compare import comparator_table
from csc_scorecard.config import validate_config_text
from csc_scorecard.errors import ConfigError

BASE = '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n'


def test_years_are_read_per_ref():
    config = validate_config_text(BASE + '[comparators]\nyears = { CIN19 = "2021-22" }\n')
    assert dict(config.comparators.years) == {"CIN19": "2021-22"}


def test_a_malformed_year_names_its_line():
    with pytest.raises(ConfigError) as caught:
        validate_config_text(BASE + '[comparators]\nyears = { CIN19 = "2021" }\n')
    assert any("line 6" in issue and "comparators.years" in issue for issue in caught.value.issues)


def test_configured_year_overrides_the_latest_release():
    # With an extract in 2024 the latest CP-rate release is later than 2021-22; the configured year wins.
    fixed = comparator_table(
        "357", None, (), extract_date=date(2024, 12, 31), year_overrides={"CIN19": "2021-22"}
    )
    latest = comparator_table("357", None, (), extract_date=date(2024, 12, 31))
    fixed_years = {c.year for r in fixed if r.ref == "CIN19" for c in r.cells if c.column == "england"}
    latest_years = {c.year for r in latest if r.ref == "CIN19" for c in r.cells if c.column == "england"}
    # `year` is the year the financial year ends: 2021-22 → 2022.
    assert fixed_years == {2022}
    assert latest_years and latest_years != {2022}
