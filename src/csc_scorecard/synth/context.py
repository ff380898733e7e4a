"""What every stage of one council's generation shares: the council, its profile, time and randomness."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from csc_scorecard.synth.profiles import Curve, Profile, StepUnit
from csc_scorecard.synth.timeline import Dates, Floats, Timeline, WorkingDays, curve_by_month, stream


@dataclass(frozen=True, slots=True)
class Council:
    """A real council: DfE 3-digit code, name and ONS 0-17 population."""

    code: str
    name: str
    population: int


@dataclass
class Context:
    profile: Profile
    council: Council
    seed: int
    timeline: Timeline
    working_days: WorkingDays = field(init=False)
    closure_days: Dates = field(init=False)

    def __post_init__(self) -> None:
        first = int(str(self.timeline.sim_start)[:4]) - 20
        last = int(str(self.timeline.sim_end)[:4]) + 6
        # The council closes between Christmas and New Year: the generator counts working days the way
        # the engine will, with the `ref_working_calendar` the council supplies.
        self.closure_days = WorkingDays(first, last).christmas_closure(first, last)
        self.working_days = WorkingDays(first, last, self.closure_days)

    @property
    def scale(self) -> float:
        """Volumes scale with the council's 0-17 population relative to the profile's council."""
        return self.council.population / self.profile.population

    def rng(self, stage: str) -> np.random.Generator:
        return stream(self.seed, self.council.code, stage)

    def volume(self, name: str) -> Floats:
        """A monthly-volume curve of the profile, scaled to this council, with its change points."""
        curve: Curve = getattr(self.profile, name)
        return curve_by_month(curve, self.timeline.months, self.profile.change_points, name, self.scale)

    def share(self, name: str) -> Floats:
        """A proportion curve of the profile by month, with its change points, kept within [0, 1]."""
        curve: Curve = getattr(self.profile, name)
        values = curve_by_month(curve, self.timeline.months, self.profile.change_points, name)
        return np.asarray(np.clip(values, 0.0, 1.0))

    def change_point_size(self, unit: StepUnit, step: float) -> float:
        return step * 100.0 if unit is StepUnit.PERCENTAGE_POINTS else step * self.scale
