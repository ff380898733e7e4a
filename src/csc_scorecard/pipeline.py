"""The stages every command shares, as pure functions: configuration → catalogue → Dataset → Results.

`compute`, `demo`, `run` and `report` all go through here, so a council gets the same figures
whichever command it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from csc_scorecard.catalogue.model import Catalogue
    from csc_scorecard.compare.benchmarks import ComparatorRow
    from csc_scorecard.config import CouncilConfig
    from csc_scorecard.engine.results import Results
    from csc_scorecard.engine.settings import ComputeSettings
    from csc_scorecard.history import SignOff
    from csc_scorecard.ingest import LoadSettings
    from csc_scorecard.ingest.dataset import Dataset
    from csc_scorecard.render.model_types import ReportModel
    from csc_scorecard.render.outputs import RenderOutcome

Progress = Callable[[str], None]

# Columns holding the service that received a contact or screened it, named as the case system names it.
SERVICE_COLUMNS = (
    ("ext_contact_detail", "cont_receiving_service"),
    ("ext_screening", "scrn_service"),
)


@dataclass(frozen=True)
class Computed:
    """Everything one compute run used and produced."""

    config: CouncilConfig
    catalogue: Catalogue
    settings: ComputeSettings
    dataset: Dataset
    results: Results
    notes: tuple[str, ...] = ()  # configuration refs the catalogue does not know, and similar


def catalogue_for(config: CouncilConfig) -> tuple[Catalogue, tuple[str, ...]]:
    """The catalogue with the council's overlay (include, exclude, order) applied.

    Refs the configuration names that the catalogue does not have are returned as notes rather
    than stopping the run: a council's targets may name indicators a later version adds.
    """
    from csc_scorecard.catalogue.load import load_catalogue
    from csc_scorecard.catalogue.model import Kind
    from csc_scorecard.catalogue.overlay import apply_overlay

    catalogue = load_catalogue()
    notes = tuple(config.check_against(set(catalogue.refs), {k.value for k in Kind}))
    overlay = config.indicators
    return apply_overlay(catalogue, overlay.include, overlay.exclude, overlay.order), notes


def load_settings_for(
    config: CouncilConfig, extract_date: date | None = None, memory_limit: str | None = None
) -> LoadSettings:
    """How to read a council's files: its value maps, with its service map applied to the receiving-service
    and screening-service columns (so "MASH" in the data reads as FRONT_DOOR before codes are checked)."""
    from csc_scorecard.ingest import LoadSettings

    value_maps = {
        table: {col: dict(m) for col, m in cols.items()} for table, cols in config.value_maps.items()
    }
    services = {name: code.value for name, code in config.services.map.items()}
    for table, column in SERVICE_COLUMNS:
        # An explicit value map for the column wins over the service map.
        value_maps.setdefault(table, {})[column] = {**services, **value_maps.get(table, {}).get(column, {})}
    return LoadSettings(
        value_maps=value_maps,
        date_formats=dict(config.date_formats),
        extract_date=extract_date,
        council=config.council.dfe_code,
        memory_limit=memory_limit,
    )


def load_for(
    config: CouncilConfig, data: Path, extract_date: date | None = None, memory_limit: str | None = None
) -> Dataset:
    """Read and validate a council's folder (or a folder of council folders, or a DuckDB file)."""
    from csc_scorecard.ingest import load_dataset

    return load_dataset(data, load_settings_for(config, extract_date, memory_limit))


def compute_for(
    config: CouncilConfig,
    data: Path,
    period: str,
    *,
    months: int = 36,
    engine: str = "duckdb",
    extract_date: date | None = None,
    progress: Progress | None = None,
    memory_limit: str | None = None,
) -> Computed:
    """Load, validate and compute every indicator for `months` months ending with `period`.

    `memory_limit` (e.g. "3GB") caps DuckDB's memory for the run; see docs/engines-and-bench.md."""
    from csc_scorecard.engine.compute import compute
    from csc_scorecard.engine.settings import from_config

    catalogue, notes = catalogue_for(config)
    settings = from_config(config, period, months=months, engine=engine)
    report = progress or (lambda _: None)
    report("reading and checking the data")
    dataset = load_for(config, data, extract_date, memory_limit)
    results = compute(dataset, catalogue, settings, progress=report)
    return Computed(config, catalogue, settings, dataset, results, notes)


@dataclass(frozen=True)
class Assessed:
    """A compute run compared: the assess stage's table, the comparator rows, and run-level notes."""

    table: pa.Table
    comparators: tuple[ComparatorRow, ...]
    notes: tuple[str, ...] = ()


def assess_for(computed: Computed) -> Assessed:
    """Direction, target, RAG and SPC columns for every result, and the council's comparators.

    `report`, `run` and `commentary init` all compare through here, so the narrative a manager is
    asked to explain is the one the report prints."""
    import pyarrow as pa

    from csc_scorecard.compare import comparator_table, groups_from_config
    from csc_scorecard.compare.assess import assess, catalogue_info, targets_from_config

    config, dataset = computed.config, computed.dataset
    council = config.council.dfe_code
    # A single council's folder may be named for something else; its tables are still this council's.
    data_council = (
        council if council in dataset.councils or len(dataset.councils) != 1 else dataset.councils[0]
    )
    assessed = assess(
        computed.results.table,
        catalogue_info=catalogue_info(computed.catalogue),
        targets=targets_from_config(config),
        tolerance=config.targets.tolerance_for,
        polarity_override=config.targets.polarity,
    )
    notes = list(computed.notes)
    try:
        comparators = comparator_table(
            council,
            None,
            groups_from_config(config),
            extract_date=dataset.extract_dates.get(data_council),
            sn_model=config.comparators.statistical_neighbours,
            year_overrides=dict(config.comparators.years),
        )
    except (KeyError, ValueError) as error:  # an unknown council code: report without comparators
        comparators = []
        notes.append(f"No comparators: {error}.")
    table = (
        assessed if isinstance(assessed, pa.Table) else pa.Table.from_pandas(assessed, preserve_index=False)
    )
    return Assessed(table, tuple(comparators), tuple(notes))


def report_for(
    computed: Computed,
    period: str,
    out: Path,
    *,
    commentary: Path | None = None,
    public: bool = False,
    progress: Progress | None = None,
) -> RenderOutcome:
    """Compare, chart and render the month's scorecard: HTML, PDF, XLSX, CSV and Parquet in `out`."""
    from csc_scorecard.render.outputs import render_report

    model, assessed = report_model_for(
        computed, period, commentary=commentary, public=public, progress=progress
    )
    (progress or (lambda _: None))("rendering")
    return render_report(model, out, data=assessed)


def report_model_for(
    computed: Computed,
    period: str,
    *,
    commentary: Path | None = None,
    public: bool = False,
    progress: Progress | None = None,
) -> tuple[ReportModel, pa.Table]:
    """The month's render-agnostic report model, and the assessed results it was built from."""
    from csc_scorecard.catalogue.display import council_titles
    from csc_scorecard.commentary import current_figures
    from csc_scorecard.narrative import as_paragraphs, draft_from_facts, drop_suppressed, ref_facts
    from csc_scorecard.render.commentary import read_commentary
    from csc_scorecard.render.disclosure import suppress
    from csc_scorecard.render.report_model import build_report_model, data_quality_from_dataset, parse_period

    say = progress or (lambda _: None)
    config, dataset = computed.config, computed.dataset
    council = config.council.dfe_code
    data_council = (
        council if council in dataset.councils or len(dataset.councils) != 1 else dataset.councils[0]
    )
    say("comparing and charting")
    compared = assess_for(computed)
    assessed, comparators, notes = compared.table, list(compared.comparators), list(compared.notes)
    # Drafted from the full figures; public mode then drops any sentence quoting a hidden one.
    facts = ref_facts(
        assessed,
        catalogue=computed.catalogue,
        period=period,
        council=council,
        comparators=comparators,
        display_names=council_titles(computed.catalogue, config),
    )
    narrative = draft_from_facts(facts)
    if public:
        assessed = suppress(assessed, computed.catalogue)
        narrative = drop_suppressed(narrative, assessed)
        notes.append(
            "Public edition: counts of 1 to 5, percentages and rates whose numerator or denominator is 1 to 5, "
            "and any figure from which one could be worked out, are shown as c. Commentary not marked "
            "public is left out."
        )
    period_end = parse_period(period)
    model = build_report_model(
        assessed,
        catalogue=computed.catalogue,
        config=config,
        period=period_end,
        council=council,
        comparators=comparators,
        data_quality=data_quality_from_dataset(dataset, data_council),
        sign_off=_sign_off(config, council, period),
        revisions=_revisions(config, computed.results, period_end),
        narrative=as_paragraphs(narrative),
        commentary=read_commentary(commentary, current_figures(facts)) if commentary else None,
        public=public,
        notes=notes,
    )
    return model, assessed


def _sign_off(config: CouncilConfig, council: str, period: str) -> SignOff | None:
    """The month's sign-off from the history store, or None (DRAFT) when there is no store yet."""
    if not config.history_dir.is_dir():
        return None
    from csc_scorecard.history import HistoryStore, signoff_status

    return signoff_status(HistoryStore(config.history_dir), council, period)


def _revisions(config: CouncilConfig, results: Results, period_end: date) -> dict[tuple[str, str], str]:
    """Figures of the month revised since first reported, from the history store (none without one)."""
    if not config.history_dir.is_dir():
        return {}
    from csc_scorecard.history import HistoryStore, revisions
    from csc_scorecard.render.report_model import revision_notes

    return revision_notes(revisions(HistoryStore(config.history_dir), results), period_end)
