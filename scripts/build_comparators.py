"""Build the comparator table shipped inside csc_scorecard from DfE's published statistics.

    python scripts/build_comparators.py [--shared PATH] [--out PATH] [--check]

Reads the published files named in `src/csc_scorecard/compare/measures.yaml` from
`<shared>/data/published/` (default shared: `<repo>/../shared`), each checked against its MANIFEST.csv
checksum, and writes two sorted UTF-8 CSV files into `src/csc_scorecard/compare/data/`:

- `comparators.csv`: one row per measure x reporting year x area (England E92000001, a DfE region E12/E13,
  or a council by DfE 3-digit code): the value exactly as published, or computed from published counts
  and rounded half up to the release's precision, and the published marker (c, x, z, k, u, low, or LAIT's
  "-") where there is no value. A marker is never turned into a number.
- `comparator_sources.csv`: one row per measure x reporting year: the release the figures come from, the
  date that year became available (and how the date was set), the source file and its SHA-256, how the
  value was read, the population vintage and mid-year of the rates, the precision, and a note.

Populations come from the shipped reference data (`csc_scorecard.reference`, itself rebuilt from the same
folder by scripts/build_reference.py). The installed package reads only the shipped files; this script is
the one place that reads ../shared for comparators. `--check` rebuilds in memory and exits 1 if the shipped
files differ. docs/comparators.md describes the rules.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "src" / "csc_scorecard" / "compare" / "data"
MEASURES_YAML = REPO / "src" / "csc_scorecard" / "compare" / "measures.yaml"

ENGLAND = "E92000001"
# DfE's placeholders for a value that is not published (explore education statistics symbols), and LAIT's
# "-" for the same. A cell holding one is shipped as a marker, never as a number.
MARKERS = frozenset({"c", "x", "z", "k", "u", "low", "-"})
# When a computed value draws on several cells, the marker shown is the strongest reason it is missing.
MARKER_PRIORITY = ("c", "low", "k", "u", "x", "z", "-")
# LAIT names its regions, and writes London's two halves its own way.
REGION_ALIASES = {"london (inner)": "E13000001", "london (outer)": "E13000002", "england": ENGLAND}
LAIT_COLUMNS = ("Short Desc", "Years", "LA and Regions", "Values", "LA Number")

# Figures DfE's October 2022 children in need release published (quoted in the reference scorecard's
# research and issue 7): the 2021-22 rates rebuilt on that release's own population must give them back.
PUBLISHED_2022_RATES = {("cin_rate", ENGLAND): "334.3", ("cpp_rate", "E12000002"): "48.5"}

COMPARATOR_HEADER = ("measure", "year", "area_code", "value", "marker")
SOURCES_HEADER = (
    "measure",
    "year",
    "release",
    "release_title",
    "published",
    "date_basis",
    "source_file",
    "source_sha256",
    "value_method",
    "population_vintage",
    "population_mid_year",
    "precision",
    "note",
)


class BuildError(Exception):
    """A source file is missing, changed, or holds something the mapping cannot read."""


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise BuildError(message)


# ---------------------------------------------------------------- reading


class Published:
    """The published folder; every file read is first checked against its MANIFEST.csv checksum."""

    def __init__(self, shared: Path) -> None:
        self.root = shared / "data" / "published"
        manifest = self.root / "MANIFEST.csv"
        _require(manifest.is_file(), f"{manifest} not found: pass --shared <path to shared>")
        with manifest.open(encoding="utf-8", newline="") as f:
            self.manifest = {row["local_file"]: row for row in csv.DictReader(f)}
        self._cache: dict[str, list[dict[str, str]]] = {}

    def path(self, name: str) -> Path:
        path = self.root / name
        _require(name in self.manifest, f"{name} is not listed in MANIFEST.csv")
        _require(path.is_file(), f"{path} not found")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        _require(
            digest == self.manifest[name]["sha256"],
            f"{name}: sha256 {digest} differs from MANIFEST.csv; the build only accepts the recorded files",
        )
        return path

    def rows(self, name: str) -> list[dict[str, str]]:
        if name not in self._cache:
            path = self.path(name)
            if name.endswith(".parquet"):
                self._cache[name] = _lait_rows(path)
            else:
                # utf-8-sig: some DfE files start with a byte-order mark that would stick to column 1
                with path.open(encoding="utf-8-sig", newline="") as f:
                    self._cache[name] = [
                        {k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)
                    ]
        return self._cache[name]


def _lait_rows(path: Path) -> list[dict[str, str]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=list(LAIT_COLUMNS)).to_pydict()
    rows = []
    for values in zip(*(table[c] for c in LAIT_COLUMNS), strict=True):
        row = dict(zip(LAIT_COLUMNS, values, strict=True))
        number = row["LA Number"]
        rows.append(
            {
                "measure": str(row["Short Desc"]),
                "time_period": str(row["Years"]),
                "area_name": str(row["LA and Regions"]),
                "value": "" if row["Values"] is None else str(row["Values"]).strip(),
                # LAIT numbers councils with their DfE codes (201-943) and England and regions from 970 up
                "old_la_code": str(int(number)) if number is not None and number < 970 else "",
            }
        )
    return rows


# ---------------------------------------------------------------- areas


def _region_codes(pub: Published, b1_name: str) -> dict[str, str]:
    """Region name (lower case) -> E-code, from DfE's own regional rows."""
    names = dict(REGION_ALIASES)
    for row in pub.rows(b1_name):
        if row["geographic_level"] == "Regional":
            names[row["region_name"].lower()] = row["region_code"]
    return names


def _area_code(row: dict[str, str], regions: dict[str, str]) -> str | None:
    """England, a region's E-code, or a council's DfE code; None for rows that are none of these (the
    placement table's "Statistical neighbours (median)" rows, computed by a dashboard, not by DfE)."""
    level = row.get("geographic_level")
    if level is None:  # LAIT
        if row["old_la_code"]:
            return row["old_la_code"]
        name = row["area_name"].lower()
        _require(name in regions, f"LAIT area {row['area_name']!r} is neither a council nor a known region")
        return regions[name]
    if level == "National":
        return ENGLAND
    if level == "Regional":
        if row.get("region_code"):
            return row["region_code"]
        name = row.get("region_name") or row.get("geo_breakdown", "")
        _require(name.lower() in regions, f"region {name!r} has no code")
        return regions[name.lower()]
    if level == "Local authority":
        code = row["old_la_code"]
        _require(code.isdigit() and len(code) == 3, f"council row without a DfE code: {row}")
        return code
    return None


# ---------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Cell:
    value: Decimal | None
    marker: str


def _cell(text: str, where: str) -> Cell:
    if text in MARKERS:
        return Cell(None, text)
    try:
        return Cell(Decimal(text), "")
    except InvalidOperation:
        raise BuildError(f"{where}: {text!r} is neither a number nor a known marker") from None


def _strongest(markers: Iterable[str]) -> str:
    found = set(markers)
    return next(m for m in MARKER_PRIORITY if m in found)


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _matches(row: dict[str, str], where: dict[str, list[str]]) -> bool:
    return all(row.get(column) in allowed for column, allowed in where.items())


def _part(spec: Any) -> tuple[list[str], dict[str, list[str]]]:
    """A numerator/denominator/count: a list of columns, or {columns, where}."""
    if isinstance(spec, list):
        return spec, {}
    return spec["columns"], spec.get("where", {})


def _sum(rows: list[dict[str, str]], spec: Any, where_text: str) -> Cell:
    columns, where = _part(spec)
    chosen = [r for r in rows if _matches(r, where)]
    if not chosen:
        return Cell(None, "x")
    cells = [_cell(r[c], where_text) for r in chosen for c in columns]
    markers = [c.marker for c in cells if c.marker]
    if markers:
        return Cell(None, _strongest(markers))
    return Cell(sum((c.value for c in cells if c.value is not None), Decimal(0)), "")


@dataclass(frozen=True, slots=True)
class Span:
    measure: str
    first: int
    last: int
    file: str
    release: int
    precision: int
    value: dict[str, Any]
    population: dict[str, Any] | None
    note: str

    def mid_year(self, year: int) -> int | None:
        if self.population is None:
            return None
        if "mid_year" in self.population:
            return int(self.population["mid_year"])
        return year + int(self.population["mid_year_offset"])


def _value(span: Span, rows: list[dict[str, str]], year: int, area: str, where_text: str) -> Cell:
    """One area's value in one year from its rows of the source file."""
    from csc_scorecard.reference import population_0_17

    kind = span.value["kind"]
    if kind in {"published", "lait"}:
        where = span.value.get("where", {})
        chosen = [r for r in rows if _matches(r, where)]
        _require(len(chosen) <= 1, f"{where_text}: {len(chosen)} rows match for area {area}")
        if not chosen:
            return Cell(None, "x")
        cell = _cell(chosen[0]["value" if kind == "lait" else span.value["column"]], where_text)
        # LAIT stores binary floats ("75.599999999999994"): back to the published decimal places
        if kind == "lait" and cell.value is not None:
            return Cell(_round(cell.value, span.precision), "")
        return cell
    if kind == "percent":
        numerator = _sum(rows, span.value["numerator"], where_text)
        denominator = _sum(rows, span.value["denominator"], where_text)
        if numerator.value is None or denominator.value is None:
            return Cell(None, numerator.marker or denominator.marker)
        if denominator.value == 0:
            return Cell(None, "z")
        return Cell(_round(numerator.value * 100 / denominator.value, span.precision), "")
    if kind == "rate":
        count = _sum(rows, span.value["count"], where_text)
        if count.value is None:
            return Cell(None, count.marker)
        assert span.population is not None
        mid_year = span.mid_year(year)
        assert mid_year is not None
        population = population_0_17(area, mid_year, span.population["vintage"])
        if not population:
            return Cell(None, "x")  # e.g. Inner/Outer London have no 2011-based estimate
        return Cell(_round(count.value * 10000 / population, span.precision), "")
    raise BuildError(f"{span.measure}: unknown value kind {kind!r}")


def _method(span: Span) -> str:
    v = span.value
    where = "".join(f"; {k} = {' | '.join(vals)}" for k, vals in v.get("where", {}).items())
    if v["kind"] == "published":
        return f"published column {v['column']}{where}"
    if v["kind"] == "lait":
        return f"LAIT measure {v['lait_measure']}"
    if v["kind"] == "rate":
        return f"10000 x {' + '.join(_part(v['count'])[0])} / ONS 0-17 population"

    def describe(spec: Any) -> str:
        columns, part_where = _part(spec)
        condition = "".join(f" where {k} = {' | '.join(vals)}" for k, vals in part_where.items())
        return f"sum({' + '.join(columns)}{condition})"

    return f"100 x {describe(v['numerator'])} / {describe(v['denominator'])}"


# ---------------------------------------------------------------- build


def _spans(mapping: dict[str, Any]) -> Iterator[Span]:
    first_year = int(mapping["first_year"])
    for measure, spec in mapping["measures"].items():
        covered: set[int] = set()
        for s in spec["sources"]:
            first, last = max(int(s["years"][0]), first_year), int(s["years"][1])
            years = set(range(first, last + 1))
            _require(not years & covered, f"{measure}: years {sorted(years & covered)} have two sources")
            covered |= years
            _require(s["file"] in mapping["files"], f"{measure}: unknown file key {s['file']!r}")
            yield Span(
                measure,
                first,
                last,
                mapping["files"][s["file"]],
                int(s["release"]),
                int(s["precision"]),
                s["value"],
                s.get("population"),
                s.get("note", ""),
            )


def _conditions(value: dict[str, Any]) -> Iterator[tuple[str, str]]:
    parts = [
        value,
        *(value[k] for k in ("numerator", "denominator", "count") if isinstance(value.get(k), dict)),
    ]
    for part in parts:
        for column, allowed in part.get("where", {}).items():
            for text in allowed:
                yield column, text


def _rows_by_year_area(
    pub: Published, span: Span, regions: dict[str, str]
) -> dict[tuple[int, str], list[dict[str, str]]]:
    rows = pub.rows(span.file)
    # A filter value that no row has is a typo in measures.yaml (or a YAML list split at a comma)
    for column, text in _conditions(span.value):
        _require(
            any(r.get(column) == text for r in rows), f"{span.measure}: no {column} = {text!r} in {span.file}"
        )
    grouped: dict[tuple[int, str], list[dict[str, str]]] = defaultdict(list)
    lait_measure = span.value.get("lait_measure")
    for row in rows:
        if lait_measure is not None and row["measure"] != lait_measure:
            continue
        if not row["time_period"].isdigit():
            continue  # LAIT's multi-year periods ("2014-16") belong to other measures
        year = int(row["time_period"])
        if span.first <= year <= span.last:
            area = _area_code(row, regions)
            if area is not None:
                grouped[(year, area)].append(row)
    return grouped


def build_tables(shared: Path) -> tuple[list[list[str]], list[list[str]]]:
    mapping = yaml.safe_load(MEASURES_YAML.read_text(encoding="utf-8"))
    pub = Published(shared)
    regions = _region_codes(pub, mapping["files"]["b1_2025"])
    values: list[list[str]] = []
    sources: list[list[str]] = []
    for span in _spans(mapping):
        series = mapping["releases"][mapping["measures"][span.measure]["series"]]
        grouped = _rows_by_year_area(pub, span, regions)
        for year in range(span.first, span.last + 1):
            areas = sorted(area for (y, area) in grouped if y == year)
            _require(ENGLAND in areas, f"{span.measure} {year}: {span.file} has no England row for this year")
            for area in areas:
                where_text = f"{span.file} {year} {area}"
                cell = _value(span, grouped[(year, area)], year, area, where_text)
                values.append(
                    [
                        span.measure,
                        str(year),
                        area,
                        "" if cell.value is None else str(cell.value),
                        cell.marker,
                    ]
                )
            mid_year = span.mid_year(year)
            sources.append(
                [
                    span.measure,
                    str(year),
                    f"{mapping['measures'][span.measure]['series']}-{span.release}",
                    series["title"].format(year=span.release),
                    series["published"].format(year=year),
                    series["date_basis"],
                    span.file,
                    pub.manifest[span.file]["sha256"],
                    _method(span),
                    span.population["vintage"] if span.population else "",
                    "" if mid_year is None else str(mid_year),
                    str(span.precision),
                    span.note,
                ]
            )
    shipped = {(r[0], r[2]): r[3] for r in values if r[1] == "2022"}
    for key, value in PUBLISHED_2022_RATES.items():
        _require(shipped.get(key) == value, f"{key} 2021-22 is {shipped.get(key)}, DfE published {value}")
    values.sort(key=lambda r: (r[0], int(r[1]), r[2]))
    sources.sort(key=lambda r: (r[0], int(r[1])))
    return values, sources


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def build(shared: Path) -> dict[str, bytes]:
    """All shipped files, name -> exact bytes."""
    values, sources = build_tables(shared)
    return {
        "comparators.csv": _csv_bytes(COMPARATOR_HEADER, values),
        "comparator_sources.csv": _csv_bytes(SOURCES_HEADER, sources),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (default ../shared)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the shipped files go")
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing")
    args = parser.parse_args(argv)
    try:
        files = build(args.shared)
    except BuildError as error:
        print(f"build_comparators: {error}", file=sys.stderr)
        return 2
    out: Path = args.out
    if args.check:
        differ = [n for n, data in files.items() if not (out / n).is_file() or (out / n).read_bytes() != data]
        for name in differ:
            print(f"out of date: {out / name}", file=sys.stderr)
        if differ:
            print("rebuild with: python scripts/build_comparators.py", file=sys.stderr)
        return 1 if differ else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
        print(f"wrote {out / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
