from __future__ import annotations

from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest
from render_fixtures import HYPERLINK

from csc_scorecard.render.excel import write_xlsx
from csc_scorecard.render.model_types import ReportModel


@pytest.fixture(scope="module")
def workbook(model: ReportModel, assessed: pa.Table, out_dir: Path) -> openpyxl.Workbook:
    frame = assessed.to_pandas()
    frame.loc[0, "note"] = HYPERLINK  # text from input data in the Data sheet
    path = write_xlsx(model, out_dir / "scorecard.xlsx", data=frame)
    return openpyxl.load_workbook(path)


def _find(sheet, ref: str):  # type: ignore[no-untyped-def]
    for row in sheet.iter_rows():
        if row[0].value == ref:
            return row
    raise AssertionError(f"{ref} not in {sheet.title}")


def test_one_sheet_per_section_plus_about_definitions_and_data(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames[0] == "About"
    assert workbook.sheetnames[1] == "FD Front Door"
    assert workbook.sheetnames[2] == "EH Early Help <script>alert('x"  # 31 characters, no end apostrophe
    assert [name.split()[0] for name in workbook.sheetnames[1:7]] == ["FD", "EH", "CIN", "CF", "SG", "WF"]
    assert workbook.sheetnames[-2:] == ["Definitions", "Data"]


def test_values_stay_numeric_with_number_formats(workbook: openpyxl.Workbook) -> None:
    row = _find(workbook["CIN Child in Need and Child Pro"], "CIN8")
    current = row[2]
    assert isinstance(current.value, float) and 0.9 < current.value < 0.93
    assert current.number_format == "0%"
    assert row[4].value == "85%"  # the target, as written
    fd1 = _find(workbook["FD Front Door"], "FD1")
    assert fd1[2].value == 1310 and fd1[2].number_format == "#,##0"
    wf6 = _find(workbook["WF Workforce"], "WF6")
    assert wf6[2].number_format == "#,##0.0"


def test_formula_text_stays_a_string(workbook: openpyxl.Workbook) -> None:
    wf6 = _find(workbook["WF Workforce"], "WF6")
    assert wf6[1].value == HYPERLINK and wf6[1].data_type == "s"
    data = workbook["Data"]
    notes = [c for c in data[2] if c.value == HYPERLINK]
    assert notes and notes[0].data_type == "s"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_rag_as_text_with_conditional_fill_and_frozen_headers(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["CIN Child in Need and Child Pro"]
    header = [c.value for c in sheet[5]]
    rag_column = header.index("RAG")
    assert _find(sheet, "CIN8")[rag_column].value == "Green"
    assert "Direction of travel" in header
    assert any("Greater" in str(h) or "England" in str(h) for h in header) or len(header) >= 13
    assert sheet.conditional_formatting  # fills for Green, Amber, Red
    assert sheet.freeze_panes == "C6"
    assert sheet.column_dimensions["B"].width > 40


def test_data_sheet_is_tidy(workbook: openpyxl.Workbook, assessed: pa.Table) -> None:
    data = workbook["Data"]
    assert [c.value for c in data[1]][:3] == ["council", "ref", "period_start"]
    assert data.max_row == assessed.num_rows + 1


def test_data_sheet_writes_each_value_as_its_type_and_no_cell_for_an_empty_one(
    model: ReportModel, out_dir: Path
) -> None:
    import zipfile
    from datetime import date

    import numpy as np
    import pandas as pd

    frame = pd.DataFrame(
        {
            "ref": ["CIN1", "CIN2", None],
            "value": [0.5, np.nan, 3.0],
            "spc_points": [36, 12, 0],  # integers
            "period_end": [date(2023, 1, 31), None, date(2022, 12, 31)],
            "mixed": [1.5, "c", None],  # a suppressed figure beside numbers
            "flag": [True, False, True],
        }
    )
    path = write_xlsx(model, out_dir / "data-types.xlsx", data=frame)
    data = openpyxl.load_workbook(path)["Data"]
    rows = [[c.value for c in row] for row in data.iter_rows(min_row=2)]
    assert rows[0][:3] == ["CIN1", 0.5, 36]
    assert rows[0][3].date() == date(2023, 1, 31) and data["D2"].number_format == "yyyy-mm-dd"
    assert rows[0][4:] == [1.5, True]
    assert rows[1][4] == "c" and data["E3"].data_type == "s"
    assert data["C4"].value == 0 and data["C4"].data_type == "n"  # a zero is a value, not an empty cell
    # Empty values (None, NaN) leave no cell in the sheet's XML: B3 (NaN), D3 (None), A4 and E4.
    book = zipfile.ZipFile(path)
    sheets = sorted(n for n in book.namelist() if n.startswith("xl/worksheets/sheet"))
    xml = book.read(sheets[-1]).decode("utf-8")  # the Data sheet is the last
    for cell in ("B3", "D3", "A4", "E4"):
        assert f'r="{cell}"' not in xml
    for cell in ("A2", "B2", "C4", "E3", "F4"):
        assert f'r="{cell}"' in xml
