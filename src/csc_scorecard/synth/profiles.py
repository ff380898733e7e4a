"""Profile parameters as data: the size and performance of a synthetic council.

Every volume is per month for the profile's own council and is scaled by 0-17 population for any
other council generated from the profile. A `Curve` is a piecewise-linear path through (month, value)
knots, flat before the first knot and after the last one: trends are written as knots, never as code.
Change points are steps added to a curve from a month on; each one names the scorecard ref it moves
and the size of the step in that ref's own units (see docs/synthetic-data.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

Curve = tuple[tuple[str, float], ...]


def flat(value: float) -> Curve:
    return (("2000-01", value),)


class StepUnit(StrEnum):
    """The units a change point's size is given in."""

    PERCENTAGE_POINTS = "percentage_points"  # a proportion parameter: size = step × 100
    COUNT = "count"  # a monthly volume: size = step × population scale


@dataclass(frozen=True, slots=True)
class ChangePoint:
    """A step in one parameter from `month` on, which moves scorecard indicator `ref` by `size`."""

    ref: str
    parameter: str
    month: str  # YYYY-MM: the first month with the new level
    step: float  # added to the parameter (a probability or a monthly volume)
    unit: StepUnit
    description: str
    # Months after `month` during which the indicator is still catching up (pipeline lag): a step in
    # how fast assessments are done shows in *completions* over the following month or two.
    settle_months: int = 0


@dataclass(frozen=True, slots=True)
class ControlSeries:
    """A series generated with no trend, no seasonality and no change point (Poisson, constant mean)."""

    ref: str
    parameter: str
    description: str


@dataclass(frozen=True, slots=True)
class RecordingLag:
    """How late a table's rows reach the case system: most within days, a share much later."""

    late_share: float
    late_mean_days: float
    prompt_max_days: int = 2


DEFAULT_LAG = RecordingLag(0.04, 20.0)
# Tables whose rows are often keyed in late (the reference scorecard: 10.6% of children-in-care reviews
# were not yet on the system when the January figures were run).
RECORDING_LAGS: dict[str, RecordingLag] = {
    "ssd_contacts": RecordingLag(0.01, 3.0, 0),
    "ext_screening": RecordingLag(0.02, 4.0, 0),
    "ssd_cin_episodes": RecordingLag(0.03, 7.0, 1),
    "ssd_cin_assessments": RecordingLag(0.08, 14.0),
    "ssd_cp_visits": RecordingLag(0.12, 10.0, 3),
    "ssd_cin_visits": RecordingLag(0.15, 12.0, 3),
    "ssd_cla_visits": RecordingLag(0.12, 14.0, 3),
    "ssd_cp_reviews": RecordingLag(0.15, 21.0, 2),
    "ssd_cla_reviews": RecordingLag(0.12, 45.0, 2),
    "ssd_cla_health": RecordingLag(0.20, 30.0, 5),
    # Audits are the control series: recorded promptly so the series stays flat up to the extract date.
    "ext_case_audit": RecordingLag(0.0, 0.0, 3),
    "ssd_missing": RecordingLag(0.06, 5.0, 1),
    "ext_care_leaver_contact": RecordingLag(0.15, 30.0, 7),
}


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything that makes one synthetic council differ from another."""

    name: str
    description: str
    council_code: str  # DfE 3-digit code of the profile's own council
    council_name: str
    population: int  # ONS mid-2020 0-17 population of that council
    # --- the front door (monthly volumes for the profile's council) ---
    front_door_contacts: Curve  # contacts received by the MASH (not domestic abuse notifications)
    domestic_abuse_notifications: Curve
    early_help_contacts: Curve  # contacts received by the early help hub / neighbourhood coordinators
    seasonality: tuple[float, ...]  # 12 multipliers, January first
    out_of_hours_share: float  # of front-door contacts: handled out of hours, not screened
    mash_rfi_share: float  # of screened front-door contacts: requests for information
    mash_referral_share: Curve  # of MASH screenings (not RFI): outcome referral to CSC
    mash_early_help_share: float
    mash_info_advice_share: float  # the rest are referred to other agencies or closed
    ehap_screened_share: float  # of early help contacts (the rest go to neighbourhood coordinators)
    ehap_outcome_shares: tuple[float, float, float, float]  # CSC referral, early help, I&A, other agency
    mash_within_72h_share: Curve  # MASH screenings completed within 72 working hours
    ehap_within_5wd_share: float
    red_share: float
    amber_share: float
    # --- who is referred ---
    re_referral_share: float  # referrals of a child referred in the previous 12 months
    known_child_share: float  # referrals of a child known earlier (not a re-referral)
    referral_age_weights: tuple[float, ...]  # ages 0..17
    sibling_group_mean: float  # mean extra siblings referred with a new child
    # --- child in need and child protection ---
    assessment_share: float  # of referrals
    assessment_within_45wd_share: Curve
    assessment_nfa_share: float
    strategy_share: Curve  # of referrals, a strategy discussion
    strategy_s47_share: float
    strategy_nfa_share: float
    s47_icpc_share: float
    icpc_within_15wd_share: float
    icpc_plan_share: float
    cp_plan_months_shape: float  # gamma shape of CP plan length
    cp_plan_months_mean: float
    cp_long_plan_share: float  # plans that drag on for 18-36 months
    cp_visit_interval_days: float
    cp_visit_kept_share: float
    cin_plan_share: float  # of assessed children in need not on a CP plan or in care
    cin_plan_after_cp_share: float
    cin_plan_months_mean: float
    other_support_share: float  # open for services without a plan (e.g. disabled children)
    other_support_months_mean: float
    closure_lag_days_mean: float
    # --- children in care ---
    care_from_cp_share: float
    care_direct_share: float  # of assessments
    care_months_median: float
    care_months_sigma: float
    placement_changes_per_year: float
    placement_mix: dict[str, float]  # SSDA903 PLACE code → share of placements
    short_break_share: float  # disabled children open to CSC with monthly V3 short breaks (not in CF1)
    missing_prone_share_care: float
    missing_prone_share_open: float
    missing_episodes_per_month: float
    rhi_offered_share: float
    rhi_within_72h_share: float
    dental_share: float
    iha_within_20wd_share: float
    # --- early help ---
    early_help_months_mean: float
    partner_eha_per_month: Curve
    # --- workforce and quality ---
    caseload_target: float
    agency_share: float
    asye_share: float
    worker_months_mean: float
    worker_changes_per_year: float
    audits_per_month: float  # the control series: constant
    audit_grade_weights: tuple[float, float, float, float]  # outstanding, good, RI, inadequate
    cme_open: float  # children missing education open at any time (stock)
    ehe_open: float
    change_points: tuple[ChangePoint, ...] = ()
    control: ControlSeries = ControlSeries(
        "SG16", "audits_per_month", "Audits completed in the month: Poisson with a constant mean"
    )
    recording_lags: dict[str, RecordingLag] = field(default_factory=lambda: dict(RECORDING_LAGS))


_SEASONALITY = (1.02, 1.04, 1.06, 1.00, 1.04, 1.03, 1.02, 0.80, 1.02, 1.06, 1.08, 0.86)
# Referral ages: one in ten under 1, a dip in middle childhood, a teenage peak.
_AGES = (10, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 5, 4)
_PLACEMENTS_REFERENCE = {
    "U1": 0.07,
    "U3": 0.08,
    "U4": 0.20,
    "U6": 0.27,
    "U2": 0.005,
    "U5": 0.005,
    "P1": 0.13,
    "K2": 0.10,
    "H5": 0.04,
    "P2": 0.025,
    "A4": 0.01,
    "A6": 0.012,
    "K1": 0.003,
    "Z1": 0.02,
    "R1": 0.004,
    "S1": 0.003,
    "T4": 0.003,
}

REFERENCE = Profile(
    name="reference",
    description="A metropolitan borough calibrated to the reference scorecard (Tameside, January 2023).",
    council_code="357",
    council_name="Tameside",
    population=50956,
    front_door_contacts=(
        ("2017-04", 430.0),
        ("2020-03", 450.0),
        ("2020-04", 380.0),
        ("2020-07", 450.0),
        ("2023-03", 470.0),
    ),
    domestic_abuse_notifications=flat(225.0),
    early_help_contacts=(("2017-04", 330.0), ("2021-06", 400.0), ("2023-01", 500.0)),
    seasonality=_SEASONALITY,
    out_of_hours_share=0.04,
    mash_rfi_share=0.065,
    mash_referral_share=(
        ("2017-04", 0.68),
        ("2021-06", 0.70),
        ("2022-05", 0.82),
        ("2022-12", 0.50),
        ("2023-01", 0.35),
    ),
    mash_early_help_share=0.11,
    mash_info_advice_share=0.45,
    ehap_screened_share=0.66,
    ehap_outcome_shares=(0.027, 0.07, 0.48, 0.423),
    mash_within_72h_share=flat(0.64),
    ehap_within_5wd_share=0.85,
    red_share=0.08,
    amber_share=0.30,
    re_referral_share=0.22,
    known_child_share=0.18,
    referral_age_weights=_AGES,
    sibling_group_mean=0.35,
    assessment_share=0.97,
    assessment_within_45wd_share=flat(0.62),
    assessment_nfa_share=0.20,
    strategy_share=(("2017-04", 0.40), ("2022-10", 0.40), ("2023-01", 0.64)),
    strategy_s47_share=0.90,
    strategy_nfa_share=0.11,
    s47_icpc_share=0.40,
    icpc_within_15wd_share=0.72,
    icpc_plan_share=0.88,
    cp_plan_months_shape=2.0,
    cp_plan_months_mean=9.5,
    cp_long_plan_share=0.06,
    cp_visit_interval_days=14.0,
    cp_visit_kept_share=0.66,
    cin_plan_share=0.23,
    cin_plan_after_cp_share=0.5,
    cin_plan_months_mean=7.0,
    other_support_share=0.38,
    other_support_months_mean=6.0,
    closure_lag_days_mean=30.0,
    care_from_cp_share=0.12,
    care_direct_share=0.11,
    care_months_median=20.0,
    care_months_sigma=1.25,
    placement_changes_per_year=0.55,
    placement_mix=_PLACEMENTS_REFERENCE,
    short_break_share=0.3,
    missing_prone_share_care=0.70,
    missing_prone_share_open=0.20,
    missing_episodes_per_month=0.32,
    rhi_offered_share=0.70,
    rhi_within_72h_share=0.53,
    dental_share=0.72,
    iha_within_20wd_share=0.30,
    early_help_months_mean=5.0,
    partner_eha_per_month=(("2017-04", 140.0), ("2023-03", 190.0)),
    caseload_target=14.8,
    agency_share=0.31,
    asye_share=0.19,
    worker_months_mean=30.0,
    worker_changes_per_year=0.9,
    audits_per_month=15.0,
    audit_grade_weights=(0.02, 0.34, 0.54, 0.10),
    cme_open=217.0,
    ehe_open=230.0,
    change_points=(
        ChangePoint(
            "CIN8",
            "assessment_within_45wd_share",
            "2022-04",
            0.33,
            StepUnit.PERCENTAGE_POINTS,
            "Assessment timeliness steps up after the service restructure (April 2022).",
            settle_months=3,
        ),
        ChangePoint(
            "FD8",
            "mash_within_72h_share",
            "2022-06",
            0.29,
            StepUnit.PERCENTAGE_POINTS,
            "MASH screening within 72 working hours steps up with the new screening process.",
        ),
        ChangePoint(
            "FD16",
            "domestic_abuse_notifications",
            "2019-04",
            80.0,
            StepUnit.COUNT,
            "Domestic abuse notifications step up when police notifications start (April 2019).",
        ),
    ),
)

SMALL_SHIRE = replace(
    REFERENCE,
    name="small_shire",
    description="A small rural unitary (Rutland): low volumes, good timeliness, few children in care.",
    council_code="857",
    council_name="Rutland",
    population=7850,
    front_door_contacts=flat(45.0),
    domestic_abuse_notifications=flat(18.0),
    early_help_contacts=flat(40.0),
    mash_referral_share=flat(0.45),
    mash_within_72h_share=flat(0.80),
    assessment_within_45wd_share=flat(0.55),
    strategy_share=flat(0.40),
    care_direct_share=0.06,
    care_from_cp_share=0.10,
    cp_plan_months_mean=7.0,
    partner_eha_per_month=flat(12.0),
    audits_per_month=4.0,
    audit_grade_weights=(0.08, 0.55, 0.32, 0.05),
    cme_open=12.0,
    ehe_open=30.0,
    agency_share=0.12,
    change_points=(
        ChangePoint(
            "CIN8",
            "assessment_within_45wd_share",
            "2020-10",
            0.35,
            StepUnit.PERCENTAGE_POINTS,
            "Assessment timeliness improves after a new duty rota (October 2020).",
            settle_months=3,
        ),
        ChangePoint(
            "FD1",
            "early_help_contacts",
            "2021-09",
            60.0,
            StepUnit.COUNT,
            "Early help hub opens to schools directly (September 2021): contacts step up.",
        ),
    ),
)

LARGE_CITY = replace(
    REFERENCE,
    name="large_city",
    description="A large city (Birmingham): high volumes, weaker timeliness, more agency staff.",
    council_code="330",
    council_name="Birmingham",
    population=286509,
    front_door_contacts=(("2017-04", 2300.0), ("2023-03", 2600.0)),
    domestic_abuse_notifications=flat(900.0),
    early_help_contacts=flat(1500.0),
    mash_referral_share=flat(0.55),
    mash_within_72h_share=flat(0.55),
    assessment_within_45wd_share=flat(0.70),
    strategy_share=flat(0.45),
    care_direct_share=0.07,
    care_from_cp_share=0.10,
    partner_eha_per_month=flat(600.0),
    audits_per_month=40.0,
    audit_grade_weights=(0.01, 0.30, 0.55, 0.14),
    cme_open=900.0,
    ehe_open=1100.0,
    agency_share=0.38,
    caseload_target=18.0,
    change_points=(
        ChangePoint(
            "CIN8",
            "assessment_within_45wd_share",
            "2021-01",
            -0.18,
            StepUnit.PERCENTAGE_POINTS,
            "Assessment timeliness drops during a recruitment crisis (January 2021).",
            settle_months=3,
        ),
        ChangePoint(
            "FD16",
            "domestic_abuse_notifications",
            "2020-04",
            250.0,
            StepUnit.COUNT,
            "Domestic abuse notifications step up in the first lockdown (April 2020).",
        ),
    ),
)

PROFILES: dict[str, Profile] = {p.name: p for p in (REFERENCE, SMALL_SHIRE, LARGE_CITY)}
