"""SPC over a long table of many series, and the change-point check the synthetic council will use."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from csc_scorecard.signals import Chart, SpcSettings, change_point_flagged, spc_series, special_cause_share
from csc_scorecard.signals.many import SPC_COLUMNS, SeriesSpec, spc_for_table

STEADY = [50.0, 52, 48, 51, 49, 50, 53, 47, 50, 52, 48, 51]


def month_end(i: int) -> date:
    """Month i after January 2021, as its last day."""
    stamp = pd.Timestamp(2021, 1, 1) + pd.offsets.MonthEnd(i + 1)
    return stamp.date()


def long_table() -> pd.DataFrame:
    rows = []
    for council in ("357", "358"):
        last = 75.0 if council == "357" else 51.0
        for i, value in enumerate([*STEADY, last]):
            rows.append(
                dict(
                    council=council,
                    ref="FD1",
                    breakdown="all",
                    breakdown_value="all",
                    period_end=month_end(i),
                    value=value,
                    denominator=np.nan,
                )
            )
    # A p-chart series with one row that is not usable, and a ref without a spec.
    for i in range(13):
        rows.append(
            dict(
                council="357",
                ref="CIN8",
                breakdown="all",
                breakdown_value="all",
                period_end=month_end(i),
                value=0.5,
                denominator=100.0,
            )
        )
    rows.append(
        dict(
            council="357",
            ref="XX1",
            breakdown="all",
            breakdown_value="all",
            period_end=month_end(0),
            value=1.0,
            denominator=np.nan,
        )
    )
    # Shuffled, with a non-default index: answers must still line up with their rows.
    frame = pd.DataFrame(rows).sample(frac=1.0, random_state=7)
    return frame.set_axis(np.arange(len(frame)) * 10 + 5)


def test_each_series_is_judged_on_its_own_and_rows_line_up() -> None:
    frame = long_table()
    usable = ~((frame["ref"] == "CIN8") & (frame["period_end"] == month_end(3)))
    specs = {
        "FD1": SeriesSpec("higher_is_better", Chart.XMR),
        "CIN8": SeriesSpec("higher_is_better", Chart.P),
    }
    out = spc_for_table(frame, specs=specs, usable=usable)
    assert list(out.columns) == list(SPC_COLUMNS)
    assert out.index.equals(frame.index)
    fd1 = out[(frame["ref"] == "FD1").to_numpy()]
    by_council = fd1.assign(council=frame["council"], period_end=frame["period_end"])
    jumped = by_council[(by_council.council == "357") & (by_council.period_end == month_end(12))].iloc[0]
    assert jumped["spc_rule"] == "outside_limits"
    assert jumped["spc_point_type"] == "special_cause_improvement"
    assert set(by_council[by_council.council == "357"]["spc_variation"]) == {"improvement_high"}
    assert set(by_council[by_council.council == "358"]["spc_variation"]) == {"common_cause"}
    assert set(by_council["spc_points"]) == {13}

    cin8 = out[(frame["ref"] == "CIN8").to_numpy()].assign(period_end=frame["period_end"])
    left_off = cin8[cin8.period_end == month_end(3)].iloc[0]
    assert np.isnan(left_off["spc_mean"]) and pd.isna(left_off["spc_point_type"])
    assert left_off["spc_variation"] == "common_cause"  # the series' icon is on every row
    assert set(cin8["spc_chart"]) == {"p"} and set(cin8["spc_points"]) == {12}
    assert cin8["spc_mean"].dropna().tolist() == pytest.approx([0.5] * 12)

    other = out[(frame["ref"] == "XX1").to_numpy()].iloc[0]
    assert pd.isna(other["spc_chart"]) and other["spc_points"] == 0


def test_settings_are_recorded_on_every_row() -> None:
    frame = long_table()
    settings = SpcSettings(shift_length=8)
    out = spc_for_table(frame, specs={}, usable=np.ones(len(frame), dtype=bool), settings=settings)
    assert set(out["spc_settings"]) == {settings.to_json()}


# --- change points -------------------------------------------------------------------------------

MONTHS = [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(36)]


def stepped_series(step_at: int, step: float) -> list[float]:
    """A repeating pattern of small wobbles, plus `step` from month `step_at` on."""
    wobble = [0.0, 1.5, -1.0, 0.5, -1.5, 1.0]
    return [100 + wobble[i % 6] + (step if i >= step_at else 0.0) for i in range(36)]


def test_a_step_is_flagged_within_three_months() -> None:
    values = stepped_series(18, 8.0)
    check = change_point_flagged(MONTHS, values, "2021-07", step_direction=1)
    assert check.flagged
    assert check.first_flag_month == "2021-07"
    assert check.months_after_change == 0


def test_no_step_is_not_flagged_and_the_control_series_is_quiet() -> None:
    values = stepped_series(18, 0.0)
    check = change_point_flagged(MONTHS, values, "2021-07")
    assert not check.flagged and check.first_flag_month is None
    assert special_cause_share(check.spc) == 0.0


def test_a_signal_in_the_wrong_direction_does_not_count() -> None:
    values = stepped_series(18, 8.0)
    assert not change_point_flagged(MONTHS, values, "2021-07", step_direction=-1).flagged


def test_a_flag_only_after_the_window_is_too_late() -> None:
    # A single astronomical month five months after the change month, nothing else.
    values = stepped_series(18, 0.0)
    values[23] = 140.0
    assert not change_point_flagged(MONTHS, values, "2021-07").flagged
    assert change_point_flagged(MONTHS, values, "2021-07", within_months=5).months_after_change == 5


def test_months_as_dates_and_gaps() -> None:
    values = stepped_series(18, 8.0)
    dates = [month_end(i) for i in range(36)]
    del dates[18], values[18]  # the change month itself is missing: the next month is flagged
    check = change_point_flagged(dates, values, date(2022, 7, 1))
    assert check.first_flag_month == "2022-08" and check.months_after_change == 1


def test_months_must_be_in_order() -> None:
    with pytest.raises(ValueError, match="time order"):
        change_point_flagged(["2021-02", "2021-01"], [1.0, 2.0], "2021-01")


def test_pooled_share_on_seeded_poisson_control_series() -> None:
    # The acceptance check the synthetic council will run, here on 20 seeded Poisson(20) series of 60
    # months: MDC's run rules flag whole runs, so a chance run of 7 flags 7 points. Measured with numpy 2: 7.1%.
    series = [np.random.default_rng(seed).poisson(20, 60).astype(float) for seed in range(20)]
    shares = [special_cause_share(spc_series(values, polarity="neutral")) for values in series]
    assert np.mean(shares) < 0.10
