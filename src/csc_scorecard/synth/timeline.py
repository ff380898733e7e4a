"""Time for the generator: months, curves, working days, random streams and recording lag.

Dates are numpy `datetime64[D]` arrays (NaT = no date) and date-times `datetime64[s]`; every helper
works on whole arrays.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt

from csc_scorecard.synth.profiles import ChangePoint, Curve, RecordingLag

# Plain ndarray aliases: numpy's dtype-level typing cannot follow datetime arithmetic, so the names
# say what an array holds and mypy checks everything else.
Dates = np.ndarray  # datetime64[D] (or [s] for date-times); NaT = no date
Ints = np.ndarray  # int64
Floats = np.ndarray  # float64
Bools = np.ndarray  # bool

NAT = np.datetime64("NaT", "D")
DAY = np.timedelta64(1, "D")
# Care histories reach back this far before the window so that the stock of children in care,
# on plans and open to services is at its steady state when the window opens.
BURN_IN_YEARS = 10


def unit(rng: np.random.Generator, n: int) -> Floats:
    """n uniform draws in [0, 1) (typed as an array whatever `n` is)."""
    return np.asarray(rng.random(n))


def month(text: str) -> np.datetime64:
    return np.datetime64(text, "M")


def days(values: npt.ArrayLike) -> npt.NDArray[np.timedelta64]:
    """Whole days (rounded down, at least 0) as a timedelta array."""
    return np.maximum(np.asarray(values, dtype=np.float64), 0).astype(np.int64).astype("timedelta64[D]")


def stream(seed: int, council_code: str, name: str) -> np.random.Generator:
    """The council's own random stream for one stage: independent of how many councils are generated
    and of the order stages run in (keyed by council code and the stage's name)."""
    key = (int(council_code), zlib.crc32(name.encode("utf-8")))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


@dataclass(frozen=True)
class Timeline:
    """The simulated span: a burn-in, the window the scorecard covers, and the extract date."""

    window_start: np.datetime64  # first day of the first month
    window_end: np.datetime64  # last day of the last month
    extract_date: np.datetime64

    @classmethod
    def build(cls, start: str, end: str, extract_date: str | None) -> Timeline:
        first = month(start).astype("datetime64[D]")
        last = (month(end) + 1).astype("datetime64[D]") - DAY
        if last < first:
            raise ValueError(f"--end {end} is before --start {start}")
        extract = np.datetime64(extract_date, "D") if extract_date else last + 7 * DAY
        return cls(first, last, extract)

    @property
    def sim_start(self) -> np.datetime64:
        first_year = self.window_start.astype("datetime64[Y]") - BURN_IN_YEARS
        return np.datetime64(first_year, "D")

    @property
    def sim_end(self) -> np.datetime64:
        """Events are simulated to a year past the window (or to a later extract date), whatever the extract
        date: `--as-at` then shows the same world as it stood on an earlier day, not a different world."""
        return max(self.window_end + 365 * DAY, self.extract_date)

    @cached_property
    def months(self) -> npt.NDArray[np.datetime64]:
        """Every simulated month (datetime64[M])."""
        return np.arange(self.sim_start.astype("datetime64[M]"), self.sim_end.astype("datetime64[M]") + 1)


def curve_by_month(
    curve: Curve,
    months: npt.NDArray[np.datetime64],
    steps: tuple[ChangePoint, ...] = (),
    parameter: str = "",
    scale: float = 1.0,
) -> Floats:
    """A curve's value in each month (linear between knots, flat outside), plus any change-point steps."""
    knot_months = np.array([month(m) for m, _ in curve]).astype(np.int64)
    knot_values = np.array([v for _, v in curve], dtype=np.float64)
    values = np.interp(months.astype(np.int64), knot_months, knot_values) * scale
    for change in steps:
        if change.parameter == parameter:
            values = values + np.where(months >= month(change.month), change.step * scale, 0.0)
    return values


@lru_cache(maxsize=8)
def _bank_holidays(first_year: int, last_year: int) -> Dates:
    """England's bank holidays (computed once per run: every council shares them)."""
    import holidays

    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.array(sorted(bank), dtype="datetime64[D]")


class WorkingDays:
    """England's working days: Monday to Friday except bank holidays (the `holidays` package)."""

    def __init__(self, first_year: int, last_year: int, closed: Dates | None = None) -> None:
        self.bank_holidays = _bank_holidays(first_year, last_year)
        extra = closed if closed is not None else np.array([], dtype="datetime64[D]")
        self.calendar = np.busdaycalendar(holidays=np.union1d(self.bank_holidays, extra))

    def christmas_closure(self, first_year: int, last_year: int) -> Dates:
        """Weekdays from 27 to 31 December that are not bank holidays: a council's Christmas closure."""
        days_ = np.array(
            [f"{y}-12-{d}" for y in range(first_year, last_year + 1) for d in (27, 28, 29, 30, 31)],
            dtype="datetime64[D]",
        )
        return days_[np.is_busday(days_, holidays=self.bank_holidays)]

    def add(self, start: Dates, working_days: npt.ArrayLike) -> Dates:
        """The date `working_days` working days after `start` (a start on a non-working day rolls forward)."""
        out = np.full(start.shape, NAT)
        ok = ~np.isnat(start)
        n = np.broadcast_to(np.asarray(working_days, dtype=np.int64), start.shape)[ok]
        out[ok] = np.busday_offset(start[ok], n, roll="forward", busdaycal=self.calendar)
        return out

    def between(self, start: Dates, end: Dates) -> Ints:
        """Working days from start to end (start day is day 0), -1 where either is missing."""
        out = np.full(start.shape, -1, dtype=np.int64)
        ok = ~np.isnat(start) & ~np.isnat(end)
        out[ok] = np.busday_count(start[ok], end[ok], busdaycal=self.calendar)
        return out


def record_dates(
    rng: np.random.Generator, events: Dates, lag: RecordingLag, after: Dates | None = None
) -> Dates:
    """When each event reached the case system: a few days later, a share much later; never before
    `after` (a row cannot be recorded before the row it belongs to)."""
    n = events.shape[0]
    prompt = rng.integers(0, lag.prompt_max_days + 1, n)
    late = rng.random(n) < lag.late_share
    delay = np.where(late, prompt + rng.exponential(lag.late_mean_days, n), prompt)
    recorded = events.astype("datetime64[D]") + days(delay)
    if after is not None:
        recorded = np.where(np.isnat(after) | (recorded >= after), recorded, after)
    return recorded


def uniform_dates(rng: np.random.Generator, first: Dates, last: Dates) -> Dates:
    """A uniformly random date in [first, last] for each pair."""
    span = np.maximum((last - first).astype(np.int64), 0)
    return np.asarray(
        first + (rng.random(first.shape[0]) * (span + 1)).astype(np.int64).astype("timedelta64[D]")
    )


def times_of_day(rng: np.random.Generator, dates: Dates, first_hour: int = 8, last_hour: int = 18) -> Dates:
    """Date-times on the given dates, mostly in office hours."""
    seconds = rng.integers(first_hour * 3600, last_hour * 3600, dates.shape[0])
    return np.asarray(dates.astype("datetime64[s]") + seconds.astype("timedelta64[s]"))


def add_months(dates: Dates, months_to_add: npt.ArrayLike) -> Dates:
    """Calendar-month arithmetic, the day clipped to the month's length (31 Jan + 1 month = 28/29 Feb)."""
    as_month = dates.astype("datetime64[M]")
    day_of_month = (dates - as_month.astype("datetime64[D]")).astype(np.int64)
    target = as_month + np.asarray(months_to_add, dtype=np.int64).astype("timedelta64[M]")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return np.asarray(
        target.astype("datetime64[D]") + np.minimum(day_of_month, length - 1).astype("timedelta64[D]")
    )


def add_years(dates: Dates, years: npt.ArrayLike) -> Dates:
    return add_months(dates, np.asarray(years, dtype=np.int64) * 12)


def repeat_ranges(counts: Ints) -> tuple[Ints, Ints]:
    """For counts [2, 0, 3]: owner [0, 0, 2, 2, 2] and position within owner [0, 1, 0, 1, 2]."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(counts.shape[0]), counts)
    starts = np.cumsum(counts) - counts
    position = np.arange(owner.shape[0]) - starts[owner]
    return owner, position
