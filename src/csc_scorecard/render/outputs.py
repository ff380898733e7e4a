"""Write every output of a report: `render_report(model, out_dir, formats, data=...)`.

    outcome = render_report(model, Path("out"), ("html", "pdf", "xlsx", "csv", "parquet"), data=assessed)
    for path in outcome.written: print(path)
    for message in outcome.messages: print(message)     # e.g. how to print the PDF by hand

The PDF is printed from the HTML, so asking for "pdf" writes the HTML too. A missing browser never
stops the other outputs. A file held open by another program raises PermissionError, naming it.
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
    if "pdf" in formats:
        from csc_scorecard.render.pdf import print_pdf

        printed = print_pdf(html_path, out_dir / FILE_NAMES["pdf"])
        if printed.written:
            outcome.written.append(printed.path)
        else:
            outcome.messages.append(printed.message)
    if "xlsx" in formats:
        from csc_scorecard.render.excel import write_xlsx

        outcome.written.append(write_xlsx(model, out_dir / FILE_NAMES["xlsx"], data=data))
    if data is not None and "csv" in formats:
        path = out_dir / FILE_NAMES["csv"]
        frame = _as_table(data).to_pandas()
        frame.to_csv(path, index=False, encoding="utf-8")
        outcome.written.append(path)
    if data is not None and "parquet" in formats:
        path = out_dir / FILE_NAMES["parquet"]
        pq.write_table(_as_table(data), str(path))
        outcome.written.append(path)
    return outcome
