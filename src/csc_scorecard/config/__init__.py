"""The council configuration: one TOML file per council, validated when loaded.

    from csc_scorecard.config import load_config
    config = load_config(Path("council.toml"))   # raises ConfigError listing every problem

docs/configuration.md describes every setting; `example.toml` is a commented example.
"""

from __future__ import annotations

from pathlib import Path

from csc_scorecard.config.loader import (
    ConfigFileError,
    did_you_mean,
    format_path,
    load_config,
    validate_config_text,
)
from csc_scorecard.config.model import (
    DATE_FORMATS,
    ComparatorGroup,
    ComparatorSettings,
    CouncilConfig,
    CouncilIdentity,
    DateSettings,
    HistorySettings,
    IndicatorOverlay,
    IndicatorTargets,
    Interval,
    LocalIndicator,
    PopulationSettings,
    RagTolerance,
    ReportSettings,
    RoleCodes,
    SectionCode,
    SectionTitles,
    ServiceCode,
    ServiceMap,
    Standards,
    TargetSettings,
    TeamGroup,
    TeamMap,
    ToleranceBasis,
    WorkingHours,
)
from csc_scorecard.config.targets import (
    Polarity,
    Target,
    TargetKind,
    parse_target_value,
    scorecard_target_to_toml,
    toml_value_text,
)

EXAMPLE_CONFIG_PATH = Path(__file__).with_name("example.toml")

__all__ = [
    "DATE_FORMATS",
    "EXAMPLE_CONFIG_PATH",
    "ComparatorGroup",
    "ComparatorSettings",
    "ConfigFileError",
    "CouncilConfig",
    "CouncilIdentity",
    "DateSettings",
    "HistorySettings",
    "IndicatorOverlay",
    "IndicatorTargets",
    "Interval",
    "LocalIndicator",
    "Polarity",
    "PopulationSettings",
    "RagTolerance",
    "ReportSettings",
    "RoleCodes",
    "SectionCode",
    "SectionTitles",
    "ServiceCode",
    "ServiceMap",
    "Standards",
    "Target",
    "TargetKind",
    "TargetSettings",
    "TeamGroup",
    "TeamMap",
    "ToleranceBasis",
    "WorkingHours",
    "did_you_mean",
    "format_path",
    "load_config",
    "parse_target_value",
    "scorecard_target_to_toml",
    "toml_value_text",
    "validate_config_text",
]
