"""Change points show as steps of their recorded size; the control series has no trend, season or step."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from synth_measures import connect, monthly_series

from csc_scorecard.synth.generate import Request, generate
from csc_scorecard.synth.profiles import PROFILES

WINDOW = (date(2017, 4, 1), date(2023, 3, 1))


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _check_steps(folder: Path, profile: str, window: tuple[date, date]) -> list[str]:
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    con = connect(folder)
    season = PROFILES[profile].seasonality
    checked = []
    for change in truth["change_points"]:
        month = _month(change["month"])
        before_first, after_first = _shift(month, -12), _shift(month, change["settle_months"])
        after_last = min(_shift(after_first, 11), window[1])
        if before_first < window[0] or after_last < _shift(after_first, 5):
            continue  # not enough of the window on each side
        series = monthly_series(con, change["ref"], before_first, after_last)
        if change["unit"] == "count":  # counts carry the profile's seasonality: divide it out
            series = {m: v / season[m.month - 1] for m, v in series.items()}
        before = np.array([v for m, v in series.items() if m < month])
        after = np.array([v for m, v in series.items() if m >= after_first])
        step = after.mean() - before.mean()
        noise = np.concatenate([before - before.mean(), after - after.mean()]).std(ddof=2)
        size = change["size"]
        assert abs(step - size) <= 0.25 * abs(size), f"{change['ref']}: step {step:.1f}, recorded {size}"
        assert abs(size) >= 3 * noise, f"{change['ref']}: size {size} under 3 × noise {noise:.1f}"
        checked.append(change["ref"])
    return checked


def test_reference_change_points_show_as_recorded(reference_extract: Path) -> None:
    assert sorted(_check_steps(reference_extract, "reference", WINDOW)) == ["CIN8", "FD16", "FD8"]


@pytest.mark.parametrize("profile", ["small_shire", pytest.param("large_city", marks=pytest.mark.slow)])
def test_other_profiles_change_points_show_as_recorded(tmp_path: Path, profile: str) -> None:
    months = sorted(_month(c.month) for c in PROFILES[profile].change_points)
    start, end = _shift(months[0], -12), _shift(months[-1], 14)
    generate(Request(tmp_path, seed=2, start=f"{start:%Y-%m}", end=f"{end:%Y-%m}", profile=profile))
    assert len(_check_steps(tmp_path, profile, (start, end))) == len(months)


def test_control_series_is_flat(reference_extract: Path) -> None:
    truth = json.loads((reference_extract / "ground_truth.json").read_text(encoding="utf-8"))["control"]
    series = monthly_series(connect(reference_extract), truth["ref"], *WINDOW)
    values = np.array(list(series.values()))
    assert len(values) == 72
    assert abs(values.mean() - truth["mean"]) <= 3 * np.sqrt(truth["mean"] / len(values))
    x = np.arange(len(values))
    slope = np.polyfit(x, values, 1)[0]
    slope_error = values.std(ddof=2) / np.sqrt(((x - x.mean()) ** 2).sum())
    assert abs(slope) <= 3 * slope_error  # no trend
    by_calendar_month = values.reshape(6, 12).mean(axis=0)
    assert by_calendar_month.std() <= 2.5 * values.std() / np.sqrt(6)  # no seasonality
    years = values.reshape(6, 12).mean(axis=1)
    assert np.abs(years - values.mean()).max() <= 3.5 * values.std() / np.sqrt(12)  # no step


def test_every_profile_documents_two_change_points_and_a_control() -> None:
    for profile in PROFILES.values():
        assert len(profile.change_points) >= 2
        assert all(c.ref and c.month and c.step for c in profile.change_points)
        assert profile.control.ref == "SG16"
