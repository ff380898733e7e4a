"""England and regional values equal DfE's published rows, for every measure-year whose shipped release
publishes an England or regional row for the measure (a published column, or a LAIT measure)."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from csc_scorecard.compare import measure_year, published_value

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO.parent / "shared" / "data" / "published"
MAPPING = yaml.safe_load(
    (REPO / "src" / "csc_scorecard" / "compare" / "measures.yaml").read_text(encoding="utf-8")
)
pytestmark = pytest.mark.skipif(
    not (PUBLISHED / "MANIFEST.csv").is_file(), reason=f"raw published files not found at {PUBLISHED}"
)
LAIT_REGIONS = {"England": "E92000001", "London (Inner)": "E13000001", "London (Outer)": "E13000002"}


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    with (PUBLISHED / name).open(encoding="utf-8-sig", newline="") as f:
        return tuple(csv.DictReader(f))


@cache
def region_codes() -> dict[str, str]:
    b1 = rows(MAPPING["files"]["b1_2025"])
    names = {r["region_name"].lower(): r["region_code"] for r in b1 if r["geographic_level"] == "Regional"}
    return names | {k.lower(): v for k, v in LAIT_REGIONS.items()}


@cache
def lait() -> dict[tuple[str, str, str], str]:
    import pandas as pd

    frame = pd.read_parquet(PUBLISHED / MAPPING["files"]["lait"])
    frame = frame[frame["LA Number"].isna() | (frame["LA Number"] >= 970)]
    return {
        (m, y, region_codes()[a.lower()]): v
        for m, y, a, v in zip(
            frame["Short Desc"], frame["Years"], frame["LA and Regions"], frame["Values"], strict=True
        )
        if a.lower() in region_codes()
    }


def published_spans() -> list[tuple[str, int, dict[str, object]]]:
    found = []
    for measure, spec in MAPPING["measures"].items():
        for source in spec["sources"]:
            if source["value"]["kind"] in ("published", "lait"):
                first = max(source["years"][0], MAPPING["first_year"])
                found += [(measure, y, source) for y in range(first, source["years"][1] + 1)]
    return found


def expected(text: str) -> tuple[Decimal | None, str]:
    text = text.strip()
    return (None, text) if text in {"c", "x", "z", "k", "u", "low", "-"} else (Decimal(text), "")


@pytest.mark.parametrize(("measure", "year", "source"), published_spans(), ids=lambda v: str(v)[:30])
def test_england_and_regions_equal_the_published_rows(measure: str, year: int, source: dict) -> None:  # type: ignore[type-arg]
    value = source["value"]
    checked = 0
    if value["kind"] == "lait":
        for (m, y, area), text in lait().items():
            if m == value["lait_measure"] and y == str(year):
                number, marker = expected(text)
                # LAIT stores binary floats; the shipped value has the published decimal places
                if number is not None:
                    number = number.quantize(Decimal(1).scaleb(-source["precision"]), rounding=ROUND_HALF_UP)
                shipped = published_value(measure, year, area)
                assert shipped is not None and (shipped.value, shipped.marker) == (number, marker), area
                checked += 1
    else:
        where = value.get("where", {})
        for row in rows(MAPPING["files"][source["file"]]):
            level = row["geographic_level"]
            if row["time_period"] != str(year) or level not in ("National", "Regional"):
                continue
            if not all(row[c] in allowed for c, allowed in where.items()):
                continue
            area = (
                "E92000001"
                if level == "National"
                else row.get("region_code") or region_codes()[row["geo_breakdown"].lower()]
            )
            shipped = published_value(measure, year, area)
            assert shipped is not None and (shipped.value, shipped.marker) == expected(
                row[value["column"]]
            ), area
            checked += 1
    assert checked >= 10  # England and at least the nine regions
    source_row = measure_year(measure, year)
    assert source_row is not None and source_row.source_file == MAPPING["files"][source["file"]]
