"""Helpers for the render tests: a hand-made assessed results table: two refs per section, every status, 24 months to January 2023.

Values follow a fixed pattern (no randomness), so every test sees the same report.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from csc_scorecard.catalogue import Catalogue
from csc_scorecard.config.model import CouncilConfig
from csc_scorecard.render.model_types import CommentaryParagraph, NarrativeParagraph, ReportModel
from csc_scorecard.render.report_model import build_report_model

REFS = ("FD1", "FD7", "EH1", "EH2", "CIN1", "CIN4", "CIN8", "CF1", "CF4", "SG7", "SG14", "WF6")
HYPERLINK = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert('x')</script>"
EXTRACT = date(2023, 2, 7)

CONFIG_TOML = f"""
[council]
dfe_code = "357"
ons_code = "E08000008"
name = "Tameside"

[report]
protective_marking = "OFFICIAL-SENSITIVE"

[report.sections]
EH = "Early Help {SCRIPT}"

[indicators]
rename = {{ WF6 = '{HYPERLINK}' }}

[targets.CIN8]
"2022-23" = 85

[targets.CIN4]
"2022-23" = {{band = [20, 24]}}

[targets.CF4]
"2022-23" = "<7"
"""


def month_ends(last: date, count: int) -> list[date]:
    out = []
    year, month = last.year, last.month
    for _ in range(count):
        out.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _row(ref: str, unit: str, basis: str, period_end: date, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "council": "357",
        "ref": ref,
        "period_start": period_end.replace(day=1),
        "period_end": period_end,
        "period_basis": basis,
        "unit": unit,
        "breakdown": "all",
        "breakdown_value": "all",
        "value": None,
        "numerator": None,
        "denominator": None,
        "status": "ok",
        "note": "",
        "extract_date": EXTRACT,
        "catalogue_hash": "c0ffee",
        "definition_hash": "d00d",
    }
    row.update(values)
    return row


def results_rows() -> list[dict[str, Any]]:
    rows = []
    months = month_ends(date(2023, 1, 31), 24)
    for i, end in enumerate(months):
        wave = math.sin(i / 2.5)
        contacts = round(1200 + 80 * wave + 4 * i)
        rows.append(_row("FD1", "count", "month", end, value=contacts, numerator=contacts))
        referred = round(contacts * (0.2 + 0.02 * wave))
        status, note = ("caveat", "transfer-in contacts are not excluded") if i == 23 else ("ok", "")
        rows.append(
            _row(
                "FD7",
                "percent",
                "month",
                end,
                value=referred / contacts,
                numerator=referred,
                denominator=contacts,
                status=status,
                note=note,
            )
        )
        if i < 6:
            rows.append(
                _row(
                    "EH1",
                    "days",
                    "month",
                    end,
                    status="incomplete_history",
                    note="the window starts before ssd_early_help_episodes does",
                )
            )
        else:
            rows.append(
                _row("EH1", "days", "month", end, value=4 + wave, numerator=(4 + wave) * 80, denominator=80)
            )
        if i == 23:
            rows.append(
                _row(
                    "EH2",
                    "count",
                    "month_end",
                    end,
                    status="not_yet_available",
                    note="the extract ends before the month does",
                )
            )
        else:
            rows.append(_row("EH2", "count", "month_end", end, value=600 + i, numerator=600 + i))
        small = 3 if i in (20, 23) else 200 + i  # small counts exercise public mode
        rows.append(_row("CIN1", "count", "month", end, value=small, numerator=small))
        re_referred = 2 if i in (20, 23) else round(small * 0.22)
        rows.append(
            _row(
                "CIN4",
                "percent",
                "month",
                end,
                value=re_referred / small,
                numerator=re_referred,
                denominator=small,
            )
        )
        done = 200 + i
        within = round(done * (0.6 + 0.014 * i))
        rows.append(
            _row("CIN8", "percent", "month", end, value=within / done, numerator=within, denominator=done)
        )
        rows.append(_row("CF1", "count", "month_end", end, value=650 + i, numerator=650 + i))
        rows.append(
            _row(
                "CF4",
                "percent",
                "month_end",
                end,
                status="not_available",
                note="table ssd_cla_health missing",
            )
        )
        rows.append(_row("SG7", "count", "month", end, value=29 + i % 3, numerator=29 + i % 3))
        rows.append(
            {
                **_row("SG7", "count", "month", end, value=25 + i % 3, numerator=25 + i % 3),
                "breakdown": "count_unit",
                "breakdown_value": "meetings",
            }
        )
        rows.append(_row("SG14", "percent", "month_end", end, value=7 / 340, numerator=7, denominator=340))
        rows.append(
            _row("WF6", "cases_per_worker", "month_end", end, value=17.35, numerator=347, denominator=20)
        )
    return rows


def make_model(
    config: CouncilConfig, catalogue: Catalogue, table: pa.Table, public: bool = False
) -> ReportModel:
    return build_report_model(
        table,
        catalogue=catalogue,
        config=config,
        period="2023-01",
        revisions={("FD1", "all"): "first reported 1,196 (extract 6 February 2023), now 1,204"},
        narrative={"FD": [NarrativeParagraph("Contacts rose in January.", ("FD1",))]},
        commentary={
            "FD": [CommentaryParagraph(f"Team {SCRIPT} saw more contacts.", author="Head of MASH")],
            "CIN": [CommentaryParagraph("Public note on referrals.", public=True)],
        },
        generated_at=datetime(2023, 2, 8, 9, 30),
        public=public,
    )
