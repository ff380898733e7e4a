"""Local targets: the four shapes a council writes, parsed into one typed `Target`.

In the configuration a target is written as the council writes it (85 means 85%):

    85                  point     ("85%": at least 85 when higher is better, at most when lower is better)
    [85, 90]            range     (on target from 85; above 90 is "exceeding", never failing)
    "<7"  ">65"  "<=7"  bound     (one-sided)
    {band = [20, 24]}   band      (on target only inside 20–24: off target on both sides)

How a value is read against a target (polarity, RAG tolerance) is the comparison stage's job;
this module only says what the council wrote. `scorecard_target_to_toml` turns a target as printed
in a published scorecard ("85-90%", "<7%") into the configuration's form, for `reconcile`.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

TARGET_EXPECTED = 'expected a number, a [low, high] range, a bound such as "<7" or {band = [low, high]}'


class Polarity(StrEnum):
    """Which direction is good for an indicator."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEUTRAL = "neutral"  # context measures (contacts, referrals): no good or bad direction


class TargetKind(StrEnum):
    POINT = "point"
    RANGE = "range"
    BOUND = "bound"
    BAND = "band"


class Target(BaseModel):
    """A target as the council wrote it. `low`/`high` are None on the open side of a bound.

    point: low == high; range and band: low < high, both inclusive; bound: one side only,
    inclusive for `<=`/`>=`, exclusive for `<`/`>`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: TargetKind
    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def to_toml(self) -> str:
        """The TOML text for this target, as it would be written in council.toml."""
        return toml_value_text(self.to_toml_value())

    def to_toml_value(self) -> Any:
        """The Python value tomllib would give for this target's TOML text."""
        low, high = plain_number(self.low), plain_number(self.high)
        if self.kind is TargetKind.POINT:
            return low
        if self.kind is TargetKind.RANGE:
            return [low, high]
        if self.kind is TargetKind.BAND:
            return {"band": [low, high]}
        if self.high is not None:
            return ("<=" if self.high_inclusive else "<") + toml_value_text(high)
        return (">=" if self.low_inclusive else ">") + toml_value_text(low)

    def __str__(self) -> str:
        return self.to_toml()


_BOUND = re.compile(r"^\s*(<=|>=|<|>|≤|≥)\s*(-?\d+(?:\.\d+)?)\s*%?\s*$")
_BOUND_OPERATORS = {"<": ("high", False), "<=": ("high", True), "≤": ("high", True)}
_BOUND_OPERATORS |= {">": ("low", False), ">=": ("low", True), "≥": ("low", True)}


def parse_target_value(value: Any) -> Target:
    """Turn a TOML target value into a `Target`; raise a pydantic error naming what was found.

    Used as a pydantic BeforeValidator, so the loader reports it with file, line and key.
    """
    if isinstance(value, Target):
        return value
    if _is_number(value):
        return Target(kind=TargetKind.POINT, low=float(value), high=float(value))
    if isinstance(value, list):
        low, high = _pair(value)
        return Target(kind=TargetKind.RANGE, low=low, high=high)
    if isinstance(value, dict):
        if set(value) != {"band"}:
            raise PydanticCustomError(
                "target",
                "a two-sided band is written {band = [low, high]}; found {found}",
                {"found": toml_value_text(value)},
            )
        low, high = _pair(value["band"])
        return Target(kind=TargetKind.BAND, low=low, high=high)
    if isinstance(value, str):
        match = _BOUND.match(value)
        if match:
            side, inclusive = _BOUND_OPERATORS[match.group(1)]
            number = float(match.group(2))
            if side == "high":
                return Target(kind=TargetKind.BOUND, low=None, high=number, high_inclusive=inclusive)
            return Target(kind=TargetKind.BOUND, low=number, high=None, low_inclusive=inclusive)
    raise PydanticCustomError(
        "target", TARGET_EXPECTED + "; found {found}", {"found": toml_value_text(value)}
    )


def _pair(value: Any) -> tuple[float, float]:
    if not (isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)):
        raise PydanticCustomError(
            "target",
            "a range is two numbers [low, high], e.g. [85, 90]; found {found}",
            {"found": toml_value_text(value)},
        )
    low, high = float(value[0]), float(value[1])
    if not low < high:
        raise PydanticCustomError(
            "target",
            "the first number of a range must be below the second; found {found}",
            {"found": toml_value_text(value)},
        )
    return low, high


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def plain_number(number: float | None) -> int | float | None:
    """85.0 → 85, so that targets are written back the way a person writes them."""
    if number is not None and float(number).is_integer():
        return int(number)
    return number


# --- financial years -------------------------------------------------------------------------------

_FINANCIAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def check_financial_year(text: str) -> str:
    """'2022-23' (1 April 2022 to 31 March 2023). Raises a pydantic error otherwise."""
    match = _FINANCIAL_YEAR.match(text)
    if match and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
        return text
    raise PydanticCustomError(
        "financial_year",
        'expected a financial year such as "2022-23"; found {found}',
        {"found": toml_value_text(text)},
    )


def financial_year_start(text: str) -> int:
    """'2022-23' → 2022."""
    return int(check_financial_year(text)[:4])


# --- targets as printed in a published scorecard ---------------------------------------------------

_NUMBER = r"(\d+(?:\.\d+)?)"
_SCORECARD_RANGE = re.compile(rf"^{_NUMBER}\s*%?\s*[-–—]\s*{_NUMBER}\s*%?$")
_SCORECARD_POINT = re.compile(rf"^{_NUMBER}\s*%?$")


def scorecard_target_to_toml(text: str, *, two_sided: bool = False) -> Any:
    """A target as printed in a scorecard ('85%', '85-90%', '<7%', '>65%', '16-18') → the value to
    write in council.toml (85, [85, 90], "<7", ">65", [16, 18]).

    A printed range cannot say whether exceeding it is good, so it becomes a range unless the caller
    knows it is two-sided (`two_sided=True` gives {band = [low, high]}). Raises ValueError for text
    that is not a target; an empty text has no target, which the caller should check first.
    """
    cleaned = text.strip().replace(" ", "")
    range_match = _SCORECARD_RANGE.match(cleaned)
    if range_match:
        pair = [_number(range_match.group(1)), _number(range_match.group(2))]
        return {"band": pair} if two_sided else pair
    point_match = _SCORECARD_POINT.match(cleaned)
    if point_match:
        return _number(point_match.group(1))
    bound_match = _BOUND.match(cleaned)
    if bound_match:
        return bound_match.group(1).replace("≤", "<=").replace("≥", ">=") + bound_match.group(2)
    raise ValueError(f"{text!r} is not a target such as 85%, 85-90%, <7% or >65%")


def _number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def toml_value_text(value: Any) -> str:
    """A value as TOML text (numbers, strings, lists, inline tables): also used in error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value_text(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{toml_key(str(k))} = {toml_value_text(v)}" for k, v in value.items())
        return "{" + items + "}"
    return str(value)  # dates and times: their ISO text is their TOML text


_BARE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def toml_key(key: str) -> str:
    """A key as it is written in TOML: bare when it is a plain name, quoted otherwise ("2022-23")."""
    return key if _BARE_KEY.match(key) else toml_value_text(key)
