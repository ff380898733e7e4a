"""The history store and the monthly cycle around it: revisions, sign-off and reconciliation.

    from csc_scorecard.history import HistoryStore, revisions, signoff_status
    store = HistoryStore(config.history_dir)
    run = store.append_run(results, config_settings_hash(config))
    revisions(store, results)                    # "first reported 1,196 (extract 2023-02-06), now 1,204"
    signoff_status(store, "357", "2023-01")      # None while the latest run is DRAFT

docs/history.md describes the store's layout (for Power BI), revisions, sign-off and reconcile.
"""

from __future__ import annotations

from csc_scorecard.history.formatting import format_value
from csc_scorecard.history.published import (
    PublishedRow,
    PublishedStatus,
    PublishedValue,
    parse_published_value,
    published_results,
    read_published,
    store_published,
)
from csc_scorecard.history.reconcile import RECONCILE_SCHEMA, Cause, reconcile
from csc_scorecard.history.revisions import (
    PREVIOUS_YEAR_SCHEMA,
    REVISIONS_SCHEMA,
    RevisionStatus,
    first_reported,
    previous_year_revisions,
    revisions,
)
from csc_scorecard.history.signoff import (
    DRAFT,
    SIGNED_OFF,
    SignOff,
    record_signoff,
    run_state,
    signoff_status,
    signoffs,
)
from csc_scorecard.history.store import (
    STORE_SCHEMA,
    HistoryStore,
    HistoryStoreError,
    RunInfo,
    Source,
    config_settings_hash,
    settings_hash_of,
)

__all__ = [
    "DRAFT",
    "PREVIOUS_YEAR_SCHEMA",
    "RECONCILE_SCHEMA",
    "REVISIONS_SCHEMA",
    "SIGNED_OFF",
    "STORE_SCHEMA",
    "Cause",
    "HistoryStore",
    "HistoryStoreError",
    "PublishedRow",
    "PublishedStatus",
    "PublishedValue",
    "RevisionStatus",
    "RunInfo",
    "SignOff",
    "Source",
    "config_settings_hash",
    "first_reported",
    "format_value",
    "parse_published_value",
    "previous_year_revisions",
    "published_results",
    "read_published",
    "reconcile",
    "record_signoff",
    "revisions",
    "run_state",
    "settings_hash_of",
    "signoff_status",
    "signoffs",
    "store_published",
]
