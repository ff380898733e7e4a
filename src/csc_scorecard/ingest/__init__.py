"""Loading and validation: case-level files in, a typed Dataset (and every issue found) out."""

from __future__ import annotations

from csc_scorecard.ingest.dataset import Coverage, Dataset, TableLoad, TableStatus
from csc_scorecard.ingest.load import load_dataset
from csc_scorecard.ingest.settings import LoadSettings

__all__ = ["Coverage", "Dataset", "LoadSettings", "TableLoad", "TableStatus", "load_dataset"]
