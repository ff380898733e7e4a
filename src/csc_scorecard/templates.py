"""Input templates for the tables no national standard holds: `csc-scorecard templates OUT/`.

For every extension table (`ext_*`) and reference table (`ref_*`) of the input contract: a header-only
CSV to fill in, and a short README giving each column's meaning, its code list and the indicators the
table feeds. `README.md` in OUT lists the tables by how many indicators each one unlocks, so a council
starting out knows which extract to build first.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from csc_scorecard.catalogue.model import Catalogue
from csc_scorecard.schema import CODE_LISTS
from csc_scorecard.schema.extension import EXTENSION_TABLES, REFERENCE_TABLES
from csc_scorecard.schema.model import Table

_MAX_CODES_SHOWN = 12  # a longer list is named, not printed: the full list is in docs/data-model.md


@dataclass(frozen=True)
class TableTemplate:
    """One template table: what it unlocks on its own (`required_by`) and what it improves (`optional_for`)."""

    table: Table
    required_by: tuple[str, ...]
    optional_for: tuple[str, ...]


def table_templates(catalogue: Catalogue) -> list[TableTemplate]:
    """Every extension and reference table, most indicators unlocked first (then by name)."""
    out = []
    for table in (*EXTENSION_TABLES, *REFERENCE_TABLES):
        required = tuple(i.ref for i in catalogue.indicators if table.name in i.requires)
        optional = tuple(
            i.ref
            for i in catalogue.indicators
            if i.ref not in required
            and (
                any(o.table == table.name for o in i.optional)
                or any(table.name in b.requires for b in i.breakdowns)
            )
        )
        out.append(TableTemplate(table, required, optional))
    return sorted(out, key=lambda t: (-len(t.required_by), -len(t.optional_for), t.table.name))


def write_templates(out_dir: Path, catalogue: Catalogue) -> list[Path]:
    """Write OUT/README.md and, per table, OUT/<table>.csv (header only) and OUT/<table>.md."""
    out_dir.mkdir(parents=True, exist_ok=True)
    templates = table_templates(catalogue)
    written: list[Path] = []
    for template in templates:
        csv_path = out_dir / f"{template.table.name}.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow([c.name for c in template.table.columns])
        readme = out_dir / f"{template.table.name}.md"
        readme.write_text(table_readme(template), encoding="utf-8")
        written += [csv_path, readme]
    index = out_dir / "README.md"
    index.write_text(_index(templates), encoding="utf-8")
    return [index, *written]


def table_readme(template: TableTemplate) -> str:
    table = template.table
    lines = [
        f"# {table.name}",
        "",
        table.description,
        "",
        f"Fill in `{table.name}.csv`: one row per {_row_word(table)}, dates as YYYY-MM-DD "
        "(date-times as YYYY-MM-DD HH:MM, local time). Key: " + ", ".join(f"`{k}`" for k in table.key) + ".",
        "",
        f"**Feeds:** {_refs(template.required_by) or 'no indicator on its own'}"
        + (f"; improves {_refs(template.optional_for)}" if template.optional_for else "")
        + (f" (contract: {table.feeds})" if table.feeds else ""),
        "",
        "| Column | Type | Required | Meaning | Codes |",
        "|---|---|---|---|---|",
    ]
    for column in table.columns:
        lines.append(
            f"| `{column.name}` | {column.type.value} | {'yes' if column.required else ''} | "
            f"{column.description or ''}{_link(column.fk)} | {_codes(column.codes)} |"
        )
    coded = [c.name for c in table.columns if c.codes]
    if coded:
        # Councils extract what their case system holds: descriptions need not be recoded by hand.
        lines += [
            "",
            "A coded column may hold your case system's own descriptions instead of the codes: map each "
            f"description to its code in the configuration, e.g. `[value_maps.{table.name}.{coded[-1]}]` "
            "(docs/configuration.md). A description with no map is reported by `validate` and read as blank.",
        ]
    return "\n".join(lines) + "\n"


def _index(templates: list[TableTemplate]) -> str:
    lines = [
        "# Input templates",
        "",
        "The tables no national return holds, ordered by how many scorecard indicators each one",
        "unlocks: start at the top. Each has a header-only CSV to fill in and a README describing its",
        "columns. Put the filled files in the council's data folder beside the SSD extract, then run",
        "`csc-scorecard validate DATA_DIR --config council.toml` (see docs/onboarding.md).",
        "",
        "| Table | Unlocks | Improves | What it is |",
        "|---|---|---|---|",
    ]
    for t in templates:
        lines.append(
            f"| [{t.table.name}]({t.table.name}.md) | {len(t.required_by)} | {len(t.optional_for)} | "
            f"{t.table.description} |"
        )
    return "\n".join(lines) + "\n"


def _refs(refs: tuple[str, ...]) -> str:
    return ", ".join(refs)


def _row_word(table: Table) -> str:
    return "record" if not table.key else " and ".join(table.key)


def _link(fk: str | None) -> str:
    return f" (links to `{fk}`)" if fk else ""


def _codes(name: str | None) -> str:
    if name is None:
        return ""
    codes = CODE_LISTS[name].codes
    if len(codes) > _MAX_CODES_SHOWN:
        return f"code list `{name}` ({len(codes)} codes, docs/data-model.md)"
    return "; ".join(f"{c.code} = {c.label}" for c in codes)
