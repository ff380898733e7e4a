"""The Excel workbook: an About sheet, one sheet per section laid out like the report, the definitions
and a tidy data sheet.

    from csc_scorecard.render.excel import write_xlsx
    write_xlsx(model, Path("out/scorecard.xlsx"), data=assessed_table)

Numbers stay numbers, with number formats (a percentage is stored as its fraction and shown as 0% or
0.0%), so people can sort, filter and chart them. Every piece of text is written with
`write_string` and the workbook is opened with `strings_to_formulas` off, so a team called
`=HYPERLINK("http://x","y")` stays text and nothing in the file can run as a formula.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.workbook import Workbook  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from csc_scorecard.collector import fewer_collections
from csc_scorecard.render import formats
from csc_scorecard.render.model_types import IndicatorRow, ReportModel, ReportSection

_RAG_FILLS = {"Green": ("#00703C", "#FFFFFF"), "Amber": ("#F47738", "#0B0C0C"), "Red": ("#C0311A", "#FFFFFF")}
_DIRECTION_FONTS = {"Improving": "#00703C", "Worsening": "#B3261E"}
_HEADER_ROW = 4  # rows above: title, subtitle, marking and a blank row


def _number_format(unit: str, decimals: int) -> str:
    places = "." + "0" * decimals if decimals else ""
    if unit == "percent":
        return f"0{places}%"
    return f"#,##0{places}"


def _sheet_name(section: ReportSection) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    name = f"{section.code} {section.title}"
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    # ...and no apostrophe at either end; "History" is reserved.
    name = name[:31].strip().strip("'").strip()
    return name if name.lower() != "history" else f"{section.code} section"


class _Writer:
    """Formats are made once per workbook; each cell is written by its type."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.text = book.add_format({**base, "text_wrap": True})
        self.plain = book.add_format(base)
        self.bold = book.add_format({**base, "bold": True})
        self.title = book.add_format({**base, "bold": True, "font_size": 16, "font_color": "#12436D"})
        self.subtitle = book.add_format({**base, "font_size": 11})
        self.marking = book.add_format({**base, "bold": True, "font_color": "#B3261E"})
        self.header = book.add_format(
            {
                **base,
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": "#12436D",
                "text_wrap": True,
                "valign": "bottom",
            }
        )
        self.header_number = book.add_format(
            {
                **base,
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": "#12436D",
                "text_wrap": True,
                "valign": "bottom",
                "align": "right",
            }
        )
        self.right = book.add_format({**base, "align": "right"})
        self.date = book.add_format({**base, "num_format": "yyyy-mm-dd"})
        self._numbers: dict[str, Any] = {}
        self.rag = {
            label: book.add_format({"bg_color": fill, "font_color": font, "bold": True})
            for label, (fill, font) in _RAG_FILLS.items()
        }
        self.direction = {
            label: book.add_format({"font_color": font}) for label, font in _DIRECTION_FONTS.items()
        }

    def number_format(self, pattern: str) -> Any:
        if pattern not in self._numbers:
            self._numbers[pattern] = self.book.add_format(
                {"font_name": "Arial", "font_size": 10, "valign": "top", "num_format": pattern}
            )
        return self._numbers[pattern]

    def cell(self, sheet: Worksheet, row: int, col: int, value: Any, style: Any = None) -> None:
        if value is None or (isinstance(value, float) and formats.is_missing(value)):
            sheet.write_blank(row, col, None, style or self.plain)
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value, style or self.plain)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, float(value), style or self.plain)
        elif isinstance(value, datetime | date):
            sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), style or self.date)
        else:
            sheet.write_string(row, col, str(value), style or self.plain)


def _heading(w: _Writer, sheet: Worksheet, model: ReportModel, title: str) -> None:
    w.cell(sheet, 0, 0, title, w.title)
    w.cell(sheet, 1, 0, f"{model.council_name} · {model.title} · {model.period_label}", w.subtitle)
    status = "Signed off" if model.sign_off.signed_off else "DRAFT"
    w.cell(
        sheet, 2, 0, f"{model.protective_marking} · {status} · data as at {model.data_as_at_label}", w.marking
    )


def _comparator_value(row: IndicatorRow, index: int) -> float | str | None:
    cell = row.comparators[index]
    if cell.text == formats.SUPPRESSED:
        return formats.SUPPRESSED
    if cell.value is None:
        return None
    # Published percentages are 0-100; store them as fractions so they share the row's 0% format.
    return cell.value / 100 if row.unit == "percent" else cell.value


def _section_sheet(w: _Writer, model: ReportModel, section: ReportSection) -> None:
    sheet = w.book.add_worksheet(_sheet_name(section))
    _heading(w, sheet, model, f"{section.code} {section.title}")
    comparators = [
        f"{h.label} ({h.year_label})" if h.year_label else h.label for h in section.comparator_headers
    ]
    headers = ["Ref", "Indicator", "Current", "Previous year", "Target", *comparators]
    headers += ["Direction of travel", "Change", "RAG", "RAG meaning", "SPC variation", "SPC assurance"]
    headers += ["Status", "Revised"]
    numeric = {2, 3, 4, *range(5, 5 + len(comparators))}
    for col, header in enumerate(headers):
        w.cell(sheet, _HEADER_ROW, col, header, w.header_number if col in numeric else w.header)
    first = _HEADER_ROW + 1
    for offset, row in enumerate(section.rows):
        r = first + offset
        number = w.number_format(_number_format(row.unit, row.decimals))
        current: Any = formats.SUPPRESSED if row.suppressed else row.value
        previous: Any = formats.SUPPRESSED if row.suppressed else row.previous_year_value
        values: list[tuple[Any, Any]] = [
            (row.ref, w.bold),
            (row.title, w.text),
            (current, w.right if isinstance(current, str) else number),
            (previous, w.right if isinstance(previous, str) else number),
            (row.target, w.right),
        ]
        for index in range(len(comparators)):
            value = _comparator_value(row, index)
            values.append((value, w.right if isinstance(value, str) else number))
        direction = f"{row.direction_arrow} {row.direction_label}".strip()
        values += [
            (direction, w.direction.get(row.direction_label, w.plain)),
            (row.direction_change, w.text),
            (row.rag_label.split(":")[0] if row.rag_label else "", w.plain),
            (row.rag_label.split(":", 1)[1].strip() if ":" in row.rag_label else row.target_status, w.text),
            (row.spc_variation_label, w.text),
            (row.spc_assurance_label, w.text),
            (row.status_text, w.text),
            (row.revision_note, w.text),
        ]
        for col, (value, style) in enumerate(values):
            w.cell(sheet, r, col, value if value != "" else None, style)
    last = first + max(len(section.rows), 1) - 1
    rag_col = 5 + len(comparators) + 2
    for label, style in w.rag.items():
        sheet.conditional_format(
            first,
            rag_col,
            last,
            rag_col,
            {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": style},
        )
    widths = [7, 46, 10, 10, 9, *([12] * len(comparators)), 15, 22, 8, 24, 28, 28, 34, 30]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(first, 2)
    sheet.autofilter(_HEADER_ROW, 0, last, len(headers) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(_HEADER_ROW)


def _about_sheet(w: _Writer, model: ReportModel) -> None:
    sheet = w.book.add_worksheet("About")
    _heading(w, sheet, model, model.title)
    lines: list[tuple[str, str]] = [
        ("Council", f"{model.council_name} ({model.council_code})"),
        ("Reporting month", model.period_label),
        ("Data as at", model.data_as_at_label),
        ("Generated", model.generated_at_label),
        ("Sign-off", model.sign_off.text),
        ("Protective marking", model.protective_marking),
        ("", ""),
        *model.conventions,
        ("", ""),
        *model.settings,
        ("", ""),
        ("Licence", model.licence),
    ]
    for offset, (term, text) in enumerate(lines, start=_HEADER_ROW):
        w.cell(sheet, offset, 0, term or None, w.bold)
        w.cell(sheet, offset, 1, text or None, w.text)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 110)


def _definitions_sheet(w: _Writer, model: ReportModel) -> None:
    sheet = w.book.add_worksheet("Definitions")
    _heading(w, sheet, model, "Indicator definitions")
    headers = [
        "Ref",
        "Section",
        "Indicator",
        "Definition",
        "Measured as",
        "Good direction",
        "Period",
        "Target",
        "Source",
    ]
    for col, header in enumerate(headers):
        w.cell(sheet, _HEADER_ROW, col, header, w.header)
    for offset, d in enumerate(model.definitions, start=_HEADER_ROW + 1):
        values = [
            d.ref,
            d.section,
            d.title,
            d.definition,
            d.unit_label,
            d.polarity,
            d.period_basis,
            d.target,
            d.source,
        ]
        for col, value in enumerate(values):
            w.cell(sheet, offset, col, value or None, w.text)
    for col, width in enumerate([7, 20, 36, 80, 18, 16, 20, 9, 40]):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(_HEADER_ROW + 1, 1)


def _data_sheet(w: _Writer, data: pd.DataFrame) -> None:
    """The tidy results, one row each, written a column at a time (`_data_column`).

    An empty value writes no cell: a fifth of the demo's 305,000 values are empty, and writing each
    as a formatted blank, as the cells were written one by one through `_Writer.cell`, cost a fifth
    more time for nothing a reader sees (Excel's filter lists both as "(Blanks)")."""
    sheet = w.book.add_worksheet("Data")
    columns = list(data.columns)
    for col, name in enumerate(columns):
        w.cell(sheet, 0, col, name, w.header)
    for col, name in enumerate(columns):
        _data_column(w, sheet, col, data[name])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(data), 1), max(len(columns) - 1, 0))
    for col, name in enumerate(columns):
        sheet.set_column(col, col, max(10, min(len(name) + 2, 28)))


def _data_column(w: _Writer, sheet: Worksheet, col: int, series: pd.Series) -> None:
    """One column of the Data sheet below its header: numbers as numbers, text as text (never a
    formula), dates with the date format; an empty value (None, NaN, NaT) writes nothing."""
    filled = series.notna().to_numpy()
    rows = np.flatnonzero(filled).tolist()
    if series.dtype.kind in "iuf":
        numbers = series.to_numpy(dtype=float)
        for r in rows:
            sheet.write_number(r + 1, col, numbers[r], w.plain)
        return
    values = series.tolist()
    if all(isinstance(values[r], str) for r in rows):
        for r in rows:
            sheet.write_string(r + 1, col, values[r], w.plain)
        return
    for r in rows:  # dates, flags, or a column of mixed values
        w.cell(sheet, r + 1, col, values[r])


def write_xlsx(model: ReportModel, path: Path, data: pa.Table | pd.DataFrame | None = None) -> Path:
    """Write the workbook. `data` is the tidy (assessed) results for the Data sheet. A file open in
    Excel raises PermissionError; the CLI turns that into "close it and run again"."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": False,
        },
    )
    book.set_properties(
        {
            "title": f"{model.title}, {model.period_label}",
            "company": model.council_name,
            "comments": model.licence,
        }
    )
    w = _Writer(book)
    _about_sheet(w, model)
    for section in model.sections:
        _section_sheet(w, model, section)
    _definitions_sheet(w, model)
    if data is not None:
        frame = data.to_pandas() if isinstance(data, pa.Table) else data
        with fewer_collections():
            _data_sheet(w, frame)
    try:
        book.close()
    except xlsxwriter.exceptions.FileCreateError as error:
        raise PermissionError(13, "cannot write the workbook", str(path)) from error
    return path
