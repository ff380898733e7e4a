"""Property tests: corrupting cells never crashes loading, never loses a row, and never changes
an untouched row."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_builders import write_table

from csc_scorecard.ingest import LoadSettings, load_dataset

TABLE = "ssd_cla_placement"
KEY = "clap_cla_placement_id"
HEADER = [
    KEY,
    "clap_person_id",
    "clap_cla_placement_start_date",
    "clap_cla_placement_end_date",
    "clap_cla_placement_type",
    "clap_cla_placement_distance",
    "clap_cla_placement_postcode",
]
ROWS = 16
SETTINGS = LoadSettings(extract_date=date(2023, 2, 6), council="357")
GARBAGE = st.one_of(
    st.sampled_from(
        [
            "",
            "   ",
            "x",
            "31/02/2022",
            "99/99/9999",
            "2022-01-20",
            "PLACEHOLDER_DATA",
            "SSD_PH",
            "01/01/2099",
            "01/01/1850",
            "ZZ",
            "-5",
            "1e3",
            "Y",
            "{",
            "£",
            '"quoted, comma"',
            "N/A",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)


def clean_rows() -> list[dict[str, str]]:
    rows = []
    for n in range(ROWS):
        start_day = 13 + n % 15  # days after the 12th keep every date column unambiguously dd/mm/yyyy
        rows.append(
            {
                KEY: f"PL{n}",
                "clap_person_id": f"P{n % 5}",
                "clap_cla_placement_start_date": f"{start_day}/0{1 + n % 9}/2021",
                "clap_cla_placement_end_date": f"{start_day}/0{1 + n % 9}/2022" if n % 3 else "",
                "clap_cla_placement_type": ["U1", "K2", "R1", "P1"][n % 4],
                "clap_cla_placement_distance": f"{n * 1.5}",
                "clap_cla_placement_postcode": f"M{n} 1AA",
            }
        )
    return rows


def load_rows(rows: list[dict[str, str]]) -> tuple[dict[str, dict[str, object]], object]:
    with tempfile.TemporaryDirectory() as folder:
        write_table(Path(folder), TABLE, rows, HEADER)
        dataset = load_dataset(folder, SETTINGS)
    accepted = (
        {r[KEY]: r for r in dataset.tables[TABLE].to_pyarrow().to_pylist()} if TABLE in dataset.tables else {}
    )
    return accepted, dataset.load("357", TABLE)


BASELINE, _ = load_rows(clean_rows())


def test_the_clean_table_loads_whole():
    assert len(BASELINE) == ROWS


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), k=st.integers(min_value=0, max_value=6))
def test_corrupting_k_non_key_cells(data, k):
    rows = clean_rows()
    cells = [(r, c) for r in range(ROWS) for c in HEADER[1:]]
    chosen = data.draw(st.lists(st.sampled_from(cells), min_size=k, max_size=k, unique=True))
    for row, column in chosen:
        rows[row][column] = data.draw(GARBAGE)
    touched = {rows[row][KEY] for row, _ in chosen}

    accepted, load = load_rows(rows)

    assert load.rows_read == ROWS
    assert load.rows_read == load.rows_accepted + load.rows_quarantined
    assert load.rows_quarantined <= len(touched)
    for key, expected in BASELINE.items():
        if key not in touched:
            assert accepted[key] == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, ROWS - 1), st.one_of(st.just(""), st.integers(0, ROWS - 1))), max_size=6
    )
)
def test_corrupting_keys_follows_the_duplicate_key_policy(edits):
    """An empty key quarantines its row; of rows sharing a key, the first in file order is kept."""
    rows = clean_rows()
    for row, new in edits:
        rows[row][KEY] = new if new == "" else f"PL{new}"
    accepted, load = load_rows(rows)

    first_row_of: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row[KEY]:
            first_row_of.setdefault(row[KEY], index)
    assert load.rows_read == load.rows_accepted + load.rows_quarantined == ROWS
    assert set(accepted) == set(first_row_of)
    for key, index in first_row_of.items():
        original = dict(BASELINE[f"PL{index}"], **{KEY: key})
        assert accepted[key] == original
