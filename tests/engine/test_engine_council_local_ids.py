"""Ids are a council's own: two councils' children, workers and teams may share ids, and stay apart.

A council's case-management system numbers its own children (ssd-mapping.md: `pers_person_id` is the
CMS person id), so a folder of councils computed in one pass can hold the same id for two children in
two councils. The synthetic generator puts the council's code in every id (`SYN-P-201-0000138`,
`R201-00000384`, `T201-003`), which would hide a query that matched rows on an id without the
council. Here the same generated councils are computed twice, once as generated and once with every
id numbered afresh within its council (a council's children P-0, P-1, ..., its referrals R-0, ...),
so that nearly every id recurs in both councils; every figure of the whole catalogue must be the
same. Only a query that matches rows across councils can tell the two apart: re-referrals found
without the council (`views.referrals`) change 23 of CIN4's figures here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import ComputeSettings, default_population_lookup
from csc_scorecard.ingest import LoadSettings, load_dataset

COMPARED = ["value", "numerator", "denominator", "status", "note"]
KEY = ["council", "ref", "period_end", "breakdown", "breakdown_value"]


def _renumbered(values: pa.ChunkedArray, numbers: dict[str, str]) -> pa.ChunkedArray:
    return pa.chunked_array(
        [pa.array([numbers.get(v, v) if v else v for v in values.to_pylist()], pa.string())]
    )


def _shared_ids_copy(source: Path, target: Path) -> None:
    """`source`'s councils with every id numbered afresh within its council and kind: a council's
    children become P-0, P-1, ..., its referrals R-0, R-1, ..., so the same ids recur in every
    council (as councils' own case-management numbers do)."""
    for council in sorted(p for p in source.iterdir() if p.is_dir()):
        code = council.name
        shutil.copytree(council, target / code)
        own_id = re.compile(rf"^(.*?){code}-(.+)$")  # the generator's ids: SYN-P-201-0000138, R201-00000384
        tables = {path: pq.read_table(path) for path in sorted((target / code).glob("*.parquet"))}
        ids: dict[str, set[str]] = {}
        for table in tables.values():
            for field, column in zip(table.schema, table.columns, strict=True):
                if pa.types.is_string(field.type):
                    for value in pc.unique(column).to_pylist():
                        if value and (found := own_id.match(value)):
                            ids.setdefault(found[1], set()).add(value)
        numbers = {
            value: f"{kind.removeprefix('SYN-').rstrip('-')}-{n}"
            for kind, values in ids.items()
            for n, value in enumerate(sorted(values))
        }
        for path, table in tables.items():
            columns = [
                _renumbered(column, numbers) if pa.types.is_string(field.type) else column
                for field, column in zip(table.schema, table.columns, strict=True)
            ]
            pq.write_table(pa.table(columns, schema=table.schema), path)
        toml = target / code / "council.toml"  # its team map names the teams by id
        text = toml.read_text(encoding="utf-8")
        for value, number in numbers.items():
            text = text.replace(f'"{value}"', f'"{number}"')
        toml.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def two_ways(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[pd.DataFrame]]:
    from csc_scorecard.synth.generate import Request, generate

    generated = tmp_path_factory.mktemp("generated")
    generate(Request(generated, seed=11, start="2021-04", end="2023-03", councils=2, profile="reference"))
    shared = tmp_path_factory.mktemp("shared_ids")
    _shared_ids_copy(generated, shared)
    settings = ComputeSettings.for_period("2023-03", months=24, population=default_population_lookup())
    catalogue = load_catalogue()
    results = []
    for folder in (generated, shared):
        dataset = load_dataset(folder, LoadSettings())
        frame = compute(dataset, catalogue, settings).to_pandas()
        results.append(frame.sort_values(KEY).reset_index(drop=True))
    return generated, shared, results


def _person_ids(folder: Path) -> list[set[str]]:
    councils = sorted(p for p in folder.iterdir() if p.is_dir())
    return [
        set(pq.read_table(c / "ssd_person.parquet").column("pers_person_id").to_pylist()) for c in councils
    ]


@pytest.mark.slow
def test_the_copy_really_shares_ids_across_councils(two_ways: tuple[Path, Path, list[pd.DataFrame]]) -> None:
    generated, shared, _ = two_ways
    first, second = _person_ids(generated)
    assert not first & second  # as generated, each id carries its council's code
    first, second = _person_ids(shared)
    # ...and in the copy every child of the smaller council shares its id with one of the other's
    assert min(first, second, key=len) <= max(first, second, key=len)


@pytest.mark.slow
def test_every_figure_is_the_same_when_ids_repeat_across_councils(
    two_ways: tuple[Path, Path, list[pd.DataFrame]],
) -> None:
    _, _, (as_generated, shared_ids) = two_ways
    assert len(as_generated) == len(shared_ids) > 0
    assert as_generated[KEY].equals(shared_ids[KEY])
    assert (as_generated.status == "ok").sum() > 0.5 * len(as_generated)  # most figures are computed
    for column in COMPARED:
        left, right = as_generated[column], shared_ids[column]
        differs = ~((left == right) | (left.isna() & right.isna()))
        assert not differs.any(), as_generated.loc[differs, [*KEY, column]].head(10).to_string()
