"""Read the catalogue YAML files into a validated `Catalogue`, or fail naming file, line and field.

Every problem is collected before stopping, so one run shows them all:
`definitions/cin.yaml line 40, CIN8, field measure.within: Input should be a valid integer`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from csc_scorecard.catalogue.model import Catalogue, Indicator, Kind, PeriodBasis, Section, Unit
from csc_scorecard.errors import ScorecardError
from csc_scorecard.schema import TABLES

SECTION_FILES: tuple[str, ...] = tuple(f"{s.value}.yaml" for s in Section)


class CatalogueError(ScorecardError):
    """The indicator catalogue (or a council's local indicators) has records that are not valid."""

    exit_code = 1

    def __init__(self, message: str, issues: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.issues = issues


class _LineMap(dict[str, Any]):
    """A YAML mapping that remembers the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, keeping the line each mapping and key starts on."""


# The same with PyYAML's C parser (libyaml), ten times faster, when PyYAML was built with it. It reads
# the catalogue identically, lines included; for a file that is not valid YAML, `read_records` parses
# again with the pure-Python loader so that the message is worded as it always was.
_FastLineLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _LineLoader
if getattr(yaml, "__with_libyaml__", False):

    class _CLineLoader(yaml.CSafeLoader):
        """`_LineLoader` on libyaml."""

    _FastLineLoader = _CLineLoader


def _construct_mapping(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.MappingNode) -> _LineMap:
    loader.flatten_mapping(node)
    mapping = _LineMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


for _loader in {_LineLoader, _FastLineLoader}:
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True, slots=True)
class _Record:
    file: str
    raw: _LineMap


def _line_of(raw: Any, loc: tuple[int | str, ...]) -> int:
    """The line of the deepest part of `loc` that the YAML holds (a missing field: its parent's line)."""
    line = raw.line if isinstance(raw, _LineMap) else 0
    node = raw
    for part in loc:
        if isinstance(node, _LineMap) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = node.line if isinstance(node, _LineMap) else line
        else:
            break
    return line


def read_records(text: str, file: str) -> list[_Record]:
    """Parse one section file: a YAML list of records."""
    try:
        try:
            data = yaml.load(text, Loader=_FastLineLoader)
        except yaml.YAMLError:
            data = yaml.load(text, Loader=_LineLoader)  # raises again, worded as ever
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise CatalogueError(f"{file}{where}: not valid YAML: {getattr(error, 'problem', error)}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise CatalogueError(f"{file}: expected a list of indicator records (each starting `- ref:`)")
    records = []
    for item in data:
        if not isinstance(item, _LineMap):
            raise CatalogueError(f"{file}: every item must be a mapping of fields (`ref:`, `title:`, ...)")
        records.append(_Record(file, item))
    return records


def build_catalogue(records: Iterable[_Record], sections: dict[str, Section]) -> Catalogue:
    """Validate records into a Catalogue; `sections` maps each file to the section its records belong to."""
    issues: list[str] = []
    indicators: list[Indicator] = []
    where: dict[str, str] = {}
    for record in records:
        raw = record.raw
        ref = str(raw.get("ref", "?"))
        label = f"{record.file} line {raw.line}, {ref}"
        section = sections[record.file]
        if "section" in raw and raw["section"] != section.value:
            issues.append(
                f"{label}, field section: '{raw['section']}' but the file is for section '{section}'"
            )
            continue
        try:
            indicator = Indicator.model_validate({**raw, "section": section})
        except ValidationError as error:
            for detail in error.errors():
                loc = tuple(detail["loc"])
                field = ".".join(str(p) for p in loc) or "(record)"
                issues.append(
                    f"{record.file} line {_line_of(raw, loc)}, {ref}, field {field}: {detail['msg']}"
                )
            continue
        problems = _check_record(indicator)
        issues.extend(
            f"{record.file} line {_line_of(raw, (field,))}, {ref}, field {field}: {msg}"
            for field, msg in problems
        )
        if ref in where:
            issues.append(f"{label}, field ref: {ref} is already defined at {where[ref]}")
        else:
            where[ref] = f"{record.file} line {raw.line}"
        indicators.append(indicator)
    refs = set(where)
    for record in records:
        for i, rel in enumerate(record.raw.get("relationships") or []):
            target = rel.get("ref") if isinstance(rel, dict) else None
            if target is not None and target not in refs:
                line = _line_of(record.raw, ("relationships", i, "ref"))
                issues.append(
                    f"{record.file} line {line}, {record.raw.get('ref')}, field relationships.{i}.ref: "
                    f"{target} is not a ref in the catalogue"
                )
    if issues:
        raise CatalogueError(f"the indicator catalogue has {len(issues)} problem(s)", tuple(issues))
    return Catalogue(indicators=tuple(indicators))


def _check_record(ind: Indicator) -> list[tuple[str, str]]:
    """Checks across fields, as (field, message); pydantic has already checked each field alone."""
    problems: list[tuple[str, str]] = []
    for table, columns in ind.requires.items():
        problems.extend(_check_columns("requires", table, columns))
    for item in ind.optional:
        problems.extend(_check_columns("optional", item.table, item.columns))
    for breakdown in ind.breakdowns:
        for table, columns in breakdown.requires.items():
            problems.extend(_check_columns("breakdowns", table, columns))
    m = ind.measure
    if ind.kind is Kind.PROPORTION and m.numerator is None:
        problems.append(("measure", "a proportion needs measure.numerator (the flag that makes a row count)"))
    if ind.kind in (Kind.WITHIN_WORKING_DAYS, Kind.WITHIN_WORKING_HOURS) and None in (
        m.start,
        m.end,
        m.within,
    ):
        problems.append(("measure", "timeliness needs measure.start, measure.end and measure.within"))
    if ind.kind is Kind.MEAN_DURATION and None in (m.start, m.end):
        problems.append(("measure", "a mean duration needs measure.start and measure.end"))
    snapshot_kinds = (Kind.OPEN_AT_DATE, Kind.CASELOAD_MEAN, Kind.CASELOAD_MAX)
    if ind.kind in snapshot_kinds and ind.period_basis is not PeriodBasis.MONTH_END:
        problems.append(("period_basis", f"kind {ind.kind} is a snapshot: use period_basis month_end"))
    if ind.kind is Kind.DISTINCT_CHILDREN and ind.period_basis is not PeriodBasis.MONTH:
        # Distinct counts do not add up across months; longer windows need their own method.
        problems.append(
            ("period_basis", "distinct children is computed for period_basis month only (so far)")
        )
    expected_unit = {
        Kind.PROPORTION: Unit.PERCENT,
        Kind.WITHIN_WORKING_DAYS: Unit.PERCENT,
        Kind.WITHIN_WORKING_HOURS: Unit.PERCENT,
        Kind.RATE_PER_10K: Unit.RATE_PER_10K,
        Kind.MEAN_DURATION: Unit.DAYS,
        Kind.CASELOAD_MEAN: Unit.CASES_PER_WORKER,
        Kind.CASELOAD_MAX: Unit.CASES_PER_WORKER,
        Kind.COUNT: Unit.COUNT,
        Kind.OPEN_AT_DATE: Unit.COUNT,
        Kind.DISTINCT_CHILDREN: Unit.COUNT,
    }.get(ind.kind)
    if expected_unit is not None and ind.unit is not expected_unit:
        problems.append(("unit", f"kind {ind.kind} is measured in {expected_unit}, not {ind.unit}"))
    return problems


def _check_columns(field: str, table: str, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    declared = TABLES.get(table)
    if declared is None:
        return [(field, f"table {table} is not in the input contract (csc_scorecard.schema.TABLES)")]
    return [
        (field, f"column {c} is not a column of {table} in the input contract")
        for c in columns
        if c not in declared.columns_by_name
    ]


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Load the catalogue shipped with the package, or the section files in `folder`.

    Example:
        >>> catalogue = load_catalogue()
        >>> catalogue["CIN1"].title
        'Referrals received'
    """
    records: list[_Record] = []
    sections: dict[str, Section] = {}
    for section, name in zip(Section, SECTION_FILES, strict=True):
        label = f"definitions/{name}"
        if folder is None:
            resource = resources.files("csc_scorecard.catalogue") / "definitions" / name
            if not resource.is_file():
                continue
            text = resource.read_text(encoding="utf-8")
        else:
            path = folder / name
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            label = str(path)
        sections[label] = section
        records.extend(read_records(text, label))
    return build_catalogue(records, sections)
