"""Write every output of a report: `render_report(model, out_dir, formats, data=...)`.

    outcome = render_report(model, Path("out"), ("html", "pdf", "xlsx", "csv", "parquet"), data=assessed)
    for path in outcome.written: print(path)
    for message in outcome.messages: print(message)     # e.g. how to print the PDF by hand

The PDF is printed from the HTML, so asking for "pdf" writes the HTML too; the browser prints in the
background while the workbook, CSV and Parquet are written. A missing browser never stops the other
outputs. A file held open by another program raises PermissionError, naming it (and stops the browser).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from csc_scorecard.render.model_types import ReportModel

FORMATS = ("html", "pdf", "xlsx", "csv", "parquet")
FILE_NAMES = {
    "html": "scorecard.html",
    "pdf": "scorecard.pdf",
    "xlsx": "scorecard.xlsx",
    "csv": "results.csv",
    "parquet": "results.parquet",
}


@dataclass
class RenderOutcome:
    written: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _as_table(data: pa.Table | pd.DataFrame) -> pa.Table:
    return data if isinstance(data, pa.Table) else pa.Table.from_pandas(data, preserve_index=False)


def render_report(
    model: ReportModel,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    data: pa.Table | pd.DataFrame | None = None,
) -> RenderOutcome:
    """Write the requested outputs to `out_dir`. `data` is the tidy (assessed) results table, already
    disclosure-controlled in public mode; CSV, Parquet and the workbook's Data sheet come from it."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown output format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    outcome = RenderOutcome()
    html_path = out_dir / FILE_NAMES["html"]
    if "html" in formats or "pdf" in formats:
        from csc_scorecard.render.html import write_html

        outcome.written.append(write_html(model, html_path))
    if "pdf" not in formats:
        outcome.written += _write_tables(model, out_dir, formats, data)
        return outcome
    from csc_scorecard.render.pdf import start_pdf

    # The browser prints while the workbook, CSV and Parquet are written; if one of them raises (a file
    # held open by Excel), leaving the block stops the browser.
    with start_pdf(html_path, out_dir / FILE_NAMES["pdf"]) as printing:
        tables = _write_tables(model, out_dir, formats, data)
        printed = printing.finish()
    if printed.written:
        outcome.written.append(printed.path)
    else:
        outcome.messages.append(printed.message)
    outcome.written += tables
    return outcome


def _write_tables(
    model: ReportModel, out_dir: Path, formats: Sequence[str], data: pa.Table | pd.DataFrame | None
) -> list[Path]:
    """The workbook, CSV and Parquet that `formats` asks for; the paths written, in that order."""
    written: list[Path] = []
    if "xlsx" in formats:
        from csc_scorecard.render.excel import write_xlsx

        written.append(write_xlsx(model, out_dir / FILE_NAMES["xlsx"], data=data))
    if data is not None and "csv" in formats:
        path = out_dir / FILE_NAMES["csv"]
        frame = _as_table(data).to_pandas()
        frame.to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    if data is not None and "parquet" in formats:
        path = out_dir / FILE_NAMES["parquet"]
        pq.write_table(_as_table(data), str(path))
        written.append(path)
    return written
