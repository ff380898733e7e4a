"""The input contract: every canonical table declared once (see docs/data-model.md)."""

from __future__ import annotations

from csc_scorecard.schema.codes import CODE_LISTS
from csc_scorecard.schema.extension import EXTENSION_TABLES, REFERENCE_TABLES
from csc_scorecard.schema.model import (
    Code,
    CodeList,
    Column,
    ColumnType,
    DateRole,
    OnOrphan,
    Source,
    Table,
)
from csc_scorecard.schema.ssd import SSD_TABLES

TABLES: dict[str, Table] = {t.name: t for t in (*SSD_TABLES, *EXTENSION_TABLES, *REFERENCE_TABLES)}

__all__ = [
    "CODE_LISTS",
    "TABLES",
    "Code",
    "CodeList",
    "Column",
    "ColumnType",
    "DateRole",
    "OnOrphan",
    "Source",
    "Table",
]
