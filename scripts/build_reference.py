"""Build the reference data shipped inside csc_scorecard from DfE and ONS published statistics.

    python scripts/build_reference.py [--shared PATH] [--out PATH] [--check]

Reads `<shared>/data/published/` (default shared: `<repo>/../shared`) and writes small, sorted CSV files
into `src/csc_scorecard/reference/data/`:

- `councils.csv`: one row per council with children's services, including councils abolished in
  reorganisations: DfE 3-digit code, ONS E-code (and former E-codes), name, region, type, first and last
  DfE reporting year, and the DfE statistical neighbours (April 2021 groupings and the 2025 model).
- `council_successions.csv`: predecessor → successor codes for each reorganisation or change of E-code.
- `population_0_17.csv`: ONS mid-year estimates of children aged 0 to 17 for councils, regions and England,
  in two vintages (Census 2021-based series as compiled by DfE; the 2011-based mid-2020 estimates).
- `SOURCES.csv`: the published files each shipped file was built from or checked against, with their
  SHA-256 from MANIFEST.csv and their licence.

The installed package reads only these shipped files; this script is the one place that reads ../shared.
`--check` rebuilds in memory and exits 1 if the shipped files differ. Every source file is checked against
its MANIFEST.csv checksum first, and the output against several independent sources (see `_cross_check`),
so a changed or misread input fails the build instead of shipping quietly.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "src" / "csc_scorecard" / "reference" / "data"

B1 = "dfe_csc_outcomes_enablers/b1_children_in_need_2013_to_2025.csv"
POP_DFE = "dfe_csc_outcomes_enablers/ons_mid-year_population_estimates_2012_to_2024.csv"
POP_2011 = "ons/ons_mye_mid2020_2011based_0to17.csv"
SN_2021 = "dfe_csc_outcomes_enablers/New_Statistical_Neighbour_Groupings_April_2021.csv"
SN_2025 = "dfe_csc_outcomes_enablers/sn_model_2025_wide.csv"
UTLA = "dfe_csc_outcomes_enablers/LTLA-UTLA_Apr23_Lookup_England-Wales.csv"
CLA_RATES = "dfe_csc_outcomes_enablers/cla_number_and_rate_per_10k_children.csv"
LAIT_CODES = "lait/la_code_list.xlsx"
LAIT_SN_2021 = "lait/sn_april_2021.xlsx"
LAIT_SN_2025 = "lait/sn_may_2025.xlsx"

# Which published files each shipped file is built from ("primary") or only checked against.
SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "councils.csv": (
        (B1, "primary"),
        (SN_2021, "primary"),
        (SN_2025, "primary"),
        (UTLA, "cross-check"),
        (LAIT_CODES, "cross-check"),
        (LAIT_SN_2021, "cross-check"),
        (LAIT_SN_2025, "cross-check"),
    ),
    "council_successions.csv": ((B1, "primary"), (POP_DFE, "cross-check")),
    "population_0_17.csv": ((POP_DFE, "primary"), (POP_2011, "primary"), (CLA_RATES, "cross-check")),
}

ENGLAND = "E92000001"
LONDON = ("E12000007", "London")
# DfE publishes London boroughs under Inner/Outer London (E13); the English region is London (E12).
LONDON_SUBREGIONS = frozenset({"E13000001", "E13000002"})
# The ONS code's entity type says what kind of council it is, and stays right after a county becomes
# unitary (LAIT's la_code_list still calls Buckinghamshire, North Yorkshire and Somerset "SC").
COUNCIL_TYPES = {
    "E06": "Unitary authority",
    "E08": "Metropolitan district",
    "E09": "London borough",
    "E10": "Shire county",
}
VINTAGE_2021 = "census2021_based"
VINTAGE_2011 = "census2011_based"
LEVELS = ("national", "regional", "local_authority")


@dataclass(frozen=True, slots=True)
class Change:
    """One predecessor → successor link. The sources show codes stopping and starting, not who became
    whom, so the links are written here from the structural changes orders and `_check_successions`
    proves each one (and that no other code starts or stops) against the published series."""

    effective: str
    kind: str
    predecessor: tuple[str, str]
    successor: tuple[str, str]
    area: str
    note: str


SUCCESSIONS = (
    Change("2019-04-01", "reorganisation", ("835", "E10000009"), ("838", "E06000059"), "part",
           "Dorset County Council area except Christchurch became Dorset Council"),
    Change("2019-04-01", "reorganisation", ("835", "E10000009"), ("839", "E06000058"), "part",
           "Christchurch (in Dorset county until 2019) joined Bournemouth and Poole"),
    Change("2019-04-01", "reorganisation", ("836", "E06000029"), ("839", "E06000058"), "whole",
           "Poole merged into Bournemouth, Christchurch and Poole"),
    Change("2019-04-01", "reorganisation", ("837", "E06000028"), ("839", "E06000058"), "whole",
           "Bournemouth merged into Bournemouth, Christchurch and Poole"),
    Change("2020-04-01", "recode", ("825", "E10000002"), ("825", "E06000060"), "whole",
           "Buckinghamshire became a unitary council; DfE code unchanged"),
    Change("2021-04-01", "reorganisation", ("928", "E10000021"), ("940", "E06000061"), "part",
           "Corby, East Northamptonshire, Kettering and Wellingborough"),
    Change("2021-04-01", "reorganisation", ("928", "E10000021"), ("941", "E06000062"), "part",
           "Daventry, Northampton and South Northamptonshire"),
    Change("2023-04-01", "reorganisation", ("909", "E10000006"), ("942", "E06000063"), "part",
           "Allerdale, Carlisle and Copeland"),
    Change("2023-04-01", "reorganisation", ("909", "E10000006"), ("943", "E06000064"), "part",
           "Barrow-in-Furness, Eden and South Lakeland"),
    Change("2023-04-01", "recode", ("815", "E10000023"), ("815", "E06000065"), "whole",
           "North Yorkshire became a unitary council; DfE code unchanged"),
    Change("2023-04-01", "recode", ("933", "E10000027"), ("933", "E06000066"), "whole",
           "Somerset became a unitary council; DfE code unchanged"),
)  # fmt: skip


class BuildError(Exception):
    """A source file is missing, changed or disagrees with another source."""


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise BuildError(message)


# ---------------------------------------------------------------- reading


class Published:
    """The published folder, with every file read checked against its MANIFEST.csv checksum."""

    def __init__(self, shared: Path) -> None:
        self.root = shared / "data" / "published"
        manifest = self.root / "MANIFEST.csv"
        _require(manifest.is_file(), f"{manifest} not found: pass --shared <path to shared>")
        with manifest.open(encoding="utf-8", newline="") as f:
            self.manifest = {row["local_file"]: row for row in csv.DictReader(f)}
        self._verified: set[str] = set()

    def path(self, name: str) -> Path:
        path = self.root / name
        if name not in self._verified:
            _require(name in self.manifest, f"{name} is not listed in MANIFEST.csv")
            _require(path.is_file(), f"{path} not found")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            _require(
                digest == self.manifest[name]["sha256"],
                f"{name}: sha256 {digest} differs from MANIFEST.csv; the build only accepts the recorded files",
            )
            self._verified.add(name)
        return path

    def csv(self, name: str) -> list[dict[str, str]]:
        # utf-8-sig: the DfE files start with a byte-order mark that would otherwise stick to column 1
        with self.path(name).open(encoding="utf-8-sig", newline="") as f:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]

    def csv_rows(self, name: str) -> list[list[str]]:
        with self.path(name).open(encoding="utf-8-sig", newline="") as f:
            return [[cell.strip() for cell in row] for row in csv.reader(f)]

    def xlsx_rows(self, name: str) -> list[tuple[Any, ...]] | None:
        """Rows of the first sheet, or None when openpyxl is absent: xlsx files are only cross-checks,
        so the output is the same either way."""
        try:
            import openpyxl
        except ImportError:
            print(f"openpyxl not installed: skipping the cross-check against {name}", file=sys.stderr)
            return None
        workbook = openpyxl.load_workbook(self.path(name), read_only=True, data_only=True)
        try:
            return list(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()


# ---------------------------------------------------------------- councils


@dataclass(slots=True)
class CouncilRow:
    old_la_code: str
    codes_by_year: dict[int, str]  # DfE reporting year -> E-code used that year
    name: str
    dfe_region_code: str
    dfe_region_name: str
    # SN model ("2021"/"2025") -> ((neighbour code, closeness label), ...) in DfE's rank order
    sn: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


def _councils_from_b1(rows: list[dict[str, str]]) -> dict[str, CouncilRow]:
    """Every council DfE published a children-in-need figure for, 2013 to 2025, with the E-code,
    name and region it had each year (latest name wins; names do not vary within one code)."""
    councils: dict[str, CouncilRow] = {}
    for row in sorted(rows, key=lambda r: r["time_period"]):
        if row["geographic_level"] != "Local authority":
            continue
        code, year = row["old_la_code"], int(row["time_period"])
        found = councils.setdefault(
            code, CouncilRow(code, {}, row["la_name"], row["region_code"], row["region_name"])
        )
        _require(
            (found.dfe_region_code, found.dfe_region_name) == (row["region_code"], row["region_name"]),
            f"{B1}: council {code} changes region, which the lookup cannot represent",
        )
        previous = found.codes_by_year.setdefault(year, row["new_la_code"])
        _require(previous == row["new_la_code"], f"{B1}: council {code} has two E-codes in {year}")
        found.name = row["la_name"]
    return councils


def _closeness(label: str) -> str:
    # The 2021 file writes "Very Close", the 2025 file "Very close" and "Close " (trailing space).
    return label.strip().capitalize()


def _sn_groups(rows: list[list[str]], name: str, first_sn: int) -> dict[str, tuple[tuple[str, str], ...]]:
    """Wide SN file → {council: ((neighbour, closeness), ...) in rank order}. The columns from
    `first_sn` alternate neighbour code and closeness label, ten of each."""
    groups: dict[str, tuple[tuple[str, str], ...]] = {}
    for row in rows[1:]:
        if not row or not row[0]:
            continue  # the 2021 file has a blank separator row
        pairs = tuple((row[first_sn + 2 * i], _closeness(row[first_sn + 2 * i + 1])) for i in range(10))
        codes = [code for code, _ in pairs]
        _require(
            all(code.isdigit() and len(code) == 3 for code in codes) and len(set(codes)) == 10,
            f"{name}: council {row[0]} does not have ten distinct neighbour codes",
        )
        _require(row[0] not in codes, f"{name}: council {row[0]} is its own neighbour")
        _require(row[0] not in groups, f"{name}: council {row[0]} listed twice")
        groups[row[0]] = pairs
    return groups


def _first_last(years: Iterable[int], span: tuple[int, int]) -> tuple[str, str]:
    """First and last reporting year, blank where the council existed before the source starts or
    still exists at its end (the source span says nothing about those limits)."""
    first, last = min(years), max(years)
    return ("" if first == span[0] else str(first), "" if last == span[1] else str(last))


def build_councils(pub: Published, b1: list[dict[str, str]]) -> dict[str, CouncilRow]:
    councils = _councils_from_b1(b1)
    for model, name, first_sn in (("2021", SN_2021, 5), ("2025", SN_2025, 4)):
        rows = pub.csv_rows(name)
        _require(rows[0][first_sn] in {"SN1", "SN_1"}, f"{name}: unexpected header {rows[0][: first_sn + 1]}")
        for code, group in _sn_groups(rows, name, first_sn).items():
            _require(code in councils, f"{name}: council {code} is not in {B1}")
            unknown = [c for c, _ in group if c not in councils]
            _require(not unknown, f"{name}: council {code} has neighbours {unknown} not in {B1}")
            councils[code].sn[model] = group
    return councils


def council_table(councils: dict[str, CouncilRow], span: tuple[int, int]) -> list[list[str]]:
    table = []
    for code in sorted(councils):
        c = councils[code]
        current = c.codes_by_year[max(c.codes_by_year)]
        former = sorted(set(c.codes_by_year.values()) - {current})
        region = LONDON if c.dfe_region_code in LONDON_SUBREGIONS else (c.dfe_region_code, c.dfe_region_name)
        _require(current[:3] in COUNCIL_TYPES, f"council {code}: E-code {current} is not a council type")
        table.append(
            [
                code,
                current,
                ";".join(former),
                c.name,
                COUNCIL_TYPES[current[:3]],
                *region,
                c.dfe_region_code,
                c.dfe_region_name,
                *_first_last(c.codes_by_year, span),
                # sn_2021, sn_2021_closeness, sn_2025, sn_2025_closeness
                *(";".join(pair[i] for pair in c.sn.get(m, ())) for m in ("2021", "2025") for i in (0, 1)),
            ]
        )
    return table


COUNCIL_HEADER = [
    "old_la_code",
    "new_la_code",
    "former_new_la_codes",
    "name",
    "council_type",
    "region_code",
    "region_name",
    "dfe_region_code",
    "dfe_region_name",
    "first_year",
    "last_year",
    "sn_2021",
    "sn_2021_closeness",
    "sn_2025",
    "sn_2025_closeness",
]


# ---------------------------------------------------------------- successions


def _year_span(rows: list[dict[str, str]]) -> tuple[int, int]:
    years = [int(r["time_period"]) for r in rows]
    return min(years), max(years)


def _spans(rows: list[dict[str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(old_la_code, new_la_code) -> first and last `time_period` the pair is published for."""
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in rows:
        if r["geographic_level"] == "Local authority":
            years[(r["old_la_code"], r["new_la_code"])].append(int(r["time_period"]))
    return {pair: (min(ys), max(ys)) for pair, ys in years.items()}


def _check_successions(
    b1: dict[tuple[str, str], tuple[int, int]], pop: dict[tuple[str, str], tuple[int, int]]
) -> None:
    """Each link must match the published series: in DfE reporting years (year to 31 March) the
    predecessor's last year is the year of the change and the successor's first the year after; in ONS
    mid-years (30 June) the successor starts in the year of the change. And every code that starts or
    stops inside the series must be explained by a link."""
    for series, spans, offset in ((B1, b1, 0), (POP_DFE, pop, -1)):
        lo, hi = min(s[0] for s in spans.values()), max(s[1] for s in spans.values())
        for change in SUCCESSIONS:
            year = int(change.effective[:4]) + offset
            _require(
                spans[change.predecessor][1] == year, f"{series}: {change.predecessor} should end in {year}"
            )
            _require(
                spans[change.successor][0] == year + 1,
                f"{series}: {change.successor} should start in {year + 1}",
            )
        ends = {pair for pair, (_, last) in spans.items() if last < hi}
        starts = {pair for pair, (first, _) in spans.items() if first > lo}
        _require(ends == {c.predecessor for c in SUCCESSIONS}, f"{series}: unexplained ends {ends}")
        _require(starts == {c.successor for c in SUCCESSIONS}, f"{series}: unexplained starts {starts}")


def succession_table(councils: dict[str, CouncilRow]) -> list[list[str]]:
    table = []
    for c in sorted(SUCCESSIONS, key=lambda c: (c.effective, c.predecessor, c.successor)):
        table.append(
            [
                c.effective,
                str(int(c.effective[:4]) + 1),
                c.kind,
                *c.predecessor,
                councils[c.predecessor[0]].name,
                *c.successor,
                councils[c.successor[0]].name,
                c.area,
                c.note,
            ]
        )
    return table


SUCCESSION_HEADER = [
    "effective_date",
    "first_reporting_year",
    "kind",
    "predecessor_old_la_code",
    "predecessor_new_la_code",
    "predecessor_name",
    "successor_old_la_code",
    "successor_new_la_code",
    "successor_name",
    "predecessor_area",
    "note",
]


# ---------------------------------------------------------------- population


# Explore Education Statistics symbols for a missing figure (x: not available, z: not applicable,
# c: confidential). The rebased series has "x" for old Dorset, Poole and Bournemouth in 2012-2018:
# ONS rebased the back series on post-2019 boundaries only.
NOT_AVAILABLE = frozenset({"x", "z", "c"})


def _count(value: str, where: str) -> int | None:
    if value in NOT_AVAILABLE:
        return None
    _require(value.isdigit(), f"{where}: population {value!r} is neither a whole number nor x/z/c")
    return int(value)


def population_table(
    pub: Published, councils: dict[str, CouncilRow], dfe_series: list[dict[str, str]]
) -> list[list[str]]:
    """Rows (vintage, mid_year, level, area_code, old_la_code, area_name, population)."""
    region_names = {c.dfe_region_code: c.dfe_region_name for c in councils.values()}
    region_names[LONDON[0]] = LONDON[1]
    by_e_code = {e: c for c in councils.values() for e in c.codes_by_year.values()}
    rows: list[tuple[str, int, str, str, str, str, int | None]] = []

    # DfE's series: `time_period` is labelled "Reporting year" but is the ONS mid-year (30 June) of
    # the estimate: BCP appears from 2019, and DfE's CLA rates for reporting year t divide by
    # time_period t-1 (checked in `_cross_check`).
    for r in dfe_series:
        _require(r["age_group"] == "Children aged 0 to 17 years", f"{POP_DFE}: age group {r['age_group']}")
        year, value = int(r["time_period"]), _count(r["population_estimate"], POP_DFE)
        if r["geographic_level"] == "National":
            rows.append((VINTAGE_2021, year, "national", r["country_code"], "", "England", value))
        elif r["geographic_level"] == "Regional":
            rows.append((VINTAGE_2021, year, "regional", r["region_code"], "", r["region_name"], value))
        else:
            council = councils[r["old_la_code"]]
            rows.append(
                (
                    VINTAGE_2021,
                    year,
                    "local_authority",
                    r["new_la_code"],
                    council.old_la_code,
                    council.name,
                    value,
                )
            )

    # ONS mid-2020, 2011-census-based, on April 2021 boundaries: what DfE's October 2022 CIN release used.
    # The file covers the whole UK; keep England, its regions and the councils with children's services.
    for r in pub.csv(POP_2011):
        year, code = int(r["mid_year"]), r["area_code"]
        value = _count(r["pop_0_17"], POP_2011)
        if code == ENGLAND:
            rows.append((VINTAGE_2011, year, "national", code, "", "England", value))
        elif code.startswith("E12"):
            rows.append((VINTAGE_2011, year, "regional", code, "", region_names[code], value))
        elif code in by_e_code:
            council = by_e_code[code]
            rows.append(
                (VINTAGE_2011, year, "local_authority", code, council.old_la_code, council.name, value)
            )

    # April 2021 boundaries: every council that existed in the 2021-22 reporting year, and no other.
    in_2011_based = {
        old for v, _, level, _, old, *_ in rows if v == VINTAGE_2011 and level == "local_authority"
    }
    in_2022 = {c.old_la_code for c in councils.values() if 2022 in c.codes_by_year}
    _require(in_2011_based == in_2022, f"{POP_2011}: councils differ from 2021-22: {in_2011_based ^ in_2022}")
    keys = [(v, y, level, code) for v, y, level, code, *_ in rows]
    _require(len(keys) == len(set(keys)), "population: duplicate area in a year")
    # A row with no figure is left out: the loader answers None for a year with no estimate either way.
    shipped = [(v, y, level, code, old, name, n) for v, y, level, code, old, name, n in rows if n is not None]
    shipped.sort(key=lambda r: (r[0], r[1], LEVELS.index(r[2]), r[3]))
    return [[v, str(y), level, code, old, name, str(n)] for v, y, level, code, old, name, n in shipped]


POPULATION_HEADER = [
    "vintage",
    "mid_year",
    "geographic_level",
    "area_code",
    "old_la_code",
    "area_name",
    "population_0_17",
]


# ---------------------------------------------------------------- cross-checks


def _cross_check(
    pub: Published, councils: dict[str, CouncilRow], last_year: int, population: list[list[str]]
) -> None:
    current = {c.codes_by_year[last_year] for c in councils.values() if last_year in c.codes_by_year}
    utla = {r["UTLA23CD"] for r in pub.csv(UTLA) if r["UTLA23CD"].startswith("E")}
    _require(
        current == utla, f"{UTLA}: current councils differ from upper-tier authorities: {current ^ utla}"
    )

    # The population year convention: DfE's CLA rate for reporting year t uses mid-year t-1.
    pop = {(int(r[1]), r[3]): int(r[6]) for r in population if r[0] == VINTAGE_2021 and r[2] == "national"}
    for r in pub.csv(CLA_RATES):
        if r["geographic_level"] == "National" and r["population_estimate"].isdigit():
            year = int(r["time_period"]) - 1
            _require(
                pop.get((year, ENGLAND)) == int(r["population_estimate"]),
                f"{CLA_RATES}: England {r['time_period']} population is not the mid-{year} estimate",
            )

    codes = pub.xlsx_rows(LAIT_CODES)
    if codes is not None:
        lait = {str(r[0]): r[2] for r in codes[1:] if r[0] is not None and r[3] != "NA"}
        _require(set(lait) == set(councils), f"{LAIT_CODES}: councils differ: {set(lait) ^ set(councils)}")
        for code, region in lait.items():
            _require(
                str(region).lower() == councils[code].dfe_region_name.lower(), f"{LAIT_CODES}: {code} region"
            )
    for name, model in ((LAIT_SN_2021, "2021"), (LAIT_SN_2025, "2025")):
        sheet = pub.xlsx_rows(name)
        if sheet is None:
            continue
        for row in sheet[3:]:
            code = "" if row[0] is None else str(row[0])
            ours = councils[code].sn.get(model) if code in councils else None
            # LAIT repeats 2021 lists for abolished councils in its 2025 sheet and adds empty rows
            # for councils created after April 2021: compare only where DfE's file has a list.
            if not ours:
                continue
            theirs = tuple((str(row[5 + 2 * i]), _closeness(str(row[6 + 2 * i]))) for i in range(10))
            _require(theirs == ours, f"{name}: council {code} differs from the DfE {model} groupings")


# ---------------------------------------------------------------- output


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# The last five columns are copied from MANIFEST.csv under the same names.
SOURCES_HEADER = (
    "shipped_file",
    "source_file",
    "use",
    "sha256",
    "source_repo",
    "source_commit",
    "source_path",
    "licence",
)


def _sources_rows(pub: Published) -> Iterator[list[str]]:
    for shipped, sources in SOURCES.items():
        for name, use in sources:
            entry = pub.manifest[name]
            yield [shipped, name, use, *(entry[column] for column in SOURCES_HEADER[3:])]


def build(shared: Path) -> dict[str, bytes]:
    """All shipped files, name -> exact bytes."""
    pub = Published(shared)
    for name, _ in sorted({s for sources in SOURCES.values() for s in sources}):
        pub.path(name)  # checksum every source up front, cross-checks included
    b1, dfe_population = pub.csv(B1), pub.csv(POP_DFE)
    span = _year_span(b1)
    councils = build_councils(pub, b1)
    _check_successions(_spans(b1), _spans(dfe_population))
    population = population_table(pub, councils, dfe_population)
    _cross_check(pub, councils, span[1], population)
    return {
        "councils.csv": _csv_bytes(COUNCIL_HEADER, council_table(councils, span)),
        "council_successions.csv": _csv_bytes(SUCCESSION_HEADER, succession_table(councils)),
        "population_0_17.csv": _csv_bytes(POPULATION_HEADER, population),
        "SOURCES.csv": _csv_bytes(SOURCES_HEADER, _sources_rows(pub)),
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
        print(f"build_reference: {error}", file=sys.stderr)
        return 2
    out: Path = args.out
    if args.check:
        differ = [n for n, data in files.items() if not (out / n).is_file() or (out / n).read_bytes() != data]
        for name in differ:
            print(f"out of date: {out / name}", file=sys.stderr)
        if differ:
            print("rebuild with: python scripts/build_reference.py", file=sys.stderr)
        return 1 if differ else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
        print(f"wrote {out / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
