"""Coherence checks on a generated extract, independent of the validator: keys, links, codes, dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from csc_scorecard.schema import CODE_LISTS, TABLES, DateRole

PERSON_ID = re.compile(r"^SYN-P-\d{3}-\d{7}$")


def read(folder: Path) -> dict[str, pa.Table]:
    return {path.stem: pq.read_table(path) for path in sorted(folder.glob("*.parquet"))}


def problems(folder: Path) -> list[str]:
    """Everything incoherent in a Parquet extract, as readable lines (empty when all is well)."""
    tables = read(folder)
    extract = np.datetime64(
        json.loads((folder / "extract.json").read_text(encoding="utf-8"))["extract_date"], "D"
    )
    found: list[str] = []
    person = tables["ssd_person"]
    dob = dict(
        zip(
            person.column("pers_person_id").to_pylist(),
            person.column("pers_dob").cast(pa.timestamp("s")).to_numpy().astype("datetime64[D]"),
            strict=True,
        )
    )
    for name, data in tables.items():
        table = TABLES[name]
        found += _keys(name, table.key, data)
        for column in table.columns:
            values = data.column(column.name)
            if column.fk:
                target, target_column = column.fk.split(".")
                present = pc.is_in(values, value_set=tables[target].column(target_column).combine_chunks())
                orphans = pc.sum(pc.and_(pc.is_valid(values), pc.invert(present))).as_py() or 0
                if orphans:
                    found.append(f"{name}.{column.name}: {orphans} links to no {column.fk}")
            if column.codes:
                found += _codes(name, column.name, column.codes, column.code_date, data)
            if column.is_date and column.date_role is DateRole.EVENT:
                days = values.cast(pa.timestamp("s")).to_numpy(zero_copy_only=False).astype("datetime64[D]")
                late = int(np.sum(days > extract))
                if late:
                    found.append(f"{name}.{column.name}: {late} dates after the extract date")
                if table.person_column and column.name != "pers_death_date":
                    births = np.array(
                        [
                            dob.get(p, np.datetime64("NaT"))
                            for p in data.column(table.person_column).to_pylist()
                        ],
                        dtype="datetime64[D]",
                    )
                    early = int(np.sum(days < births))
                    if early:
                        found.append(f"{name}.{column.name}: {early} dates before the child's birth")
        for start, end in table.periods:
            s = data.column(start).cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
            e = data.column(end).cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
            backwards = int(np.sum(e < s))
            if backwards:
                found.append(f"{name}: {backwards} rows end ({end}) before they start ({start})")
    ids = person.column("pers_person_id").to_pylist()
    bad_ids = [i for i in ids if not PERSON_ID.match(i)]
    if bad_ids:
        found.append(f"person ids not in the synthetic pattern: {bad_ids[:3]}")
    names = tables["ssd_professionals"].column("prof_professional_name").to_pylist()
    if any(not n.startswith("Synthetic Worker ") for n in names):
        found.append("a worker name is not obviously fictional")
    return found


def _keys(name: str, key: tuple[str, ...], data: pa.Table) -> list[str]:
    out = []
    for column in key:
        if data.column(column).null_count:
            out.append(f"{name}.{column}: empty keys")
    if data.group_by(list(key)).aggregate([]).num_rows != data.num_rows:
        out.append(f"{name}: duplicate keys")
    return out


def _codes(name: str, column: str, list_name: str, code_date: str | None, data: pa.Table) -> list[str]:
    codes = CODE_LISTS[list_name]
    values = data.column(column).to_pylist()
    when = data.column(code_date).to_pylist() if code_date else [None] * len(values)
    bad = set()
    for value, day in set(zip(values, when, strict=True)):
        if value is None:
            continue
        item = codes.get(value)
        if item is None or not item.valid_on(day):
            bad.add(value)
    return [f"{name}.{column}: codes not valid {sorted(bad)[:5]}"] if bad else []
