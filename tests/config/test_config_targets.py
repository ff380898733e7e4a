"""Targets: every shape a council writes, and every target printed in the reference scorecard."""

from __future__ import annotations

import tomllib

import pytest
from config_helpers import HOME, reference_targets, valid
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from csc_scorecard.config import Target, TargetKind, parse_target_value, scorecard_target_to_toml
from csc_scorecard.config.model import TargetValue

POINT, RANGE, BOUND, BAND = TargetKind.POINT, TargetKind.RANGE, TargetKind.BOUND, TargetKind.BAND


@pytest.mark.parametrize(
    "value, expected",
    [
        (85, Target(kind=POINT, low=85, high=85)),
        (2.1, Target(kind=POINT, low=2.1, high=2.1)),
        ([85, 90], Target(kind=RANGE, low=85, high=90)),
        ("<7", Target(kind=BOUND, low=None, high=7, high_inclusive=False)),
        ("<=7", Target(kind=BOUND, low=None, high=7, high_inclusive=True)),
        (">65", Target(kind=BOUND, low=65, high=None, low_inclusive=False)),
        (">= 65%", Target(kind=BOUND, low=65, high=None, low_inclusive=True)),
        ({"band": [20, 24]}, Target(kind=BAND, low=20, high=24)),
    ],
)
def test_each_shape_parses(value: object, expected: Target) -> None:
    assert parse_target_value(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("eighty", 'found "eighty"'),
        ("=7", 'found "=7"'),
        (True, "found true"),
        (float("nan"), "found nan"),
        ([85], "a range is two numbers [low, high], e.g. [85, 90]; found [85]"),
        ([85, "90"], 'a range is two numbers [low, high], e.g. [85, 90]; found [85, "90"]'),
        ([90, 85], "the first number of a range must be below the second; found [90, 85]"),
        ({"range": [1, 2]}, "a two-sided band is written {band = [low, high]}; found {range = [1, 2]}"),
    ],
)
def test_what_is_not_a_target_is_refused(value: object, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(TargetValue).validate_python(value)
    assert raised.value.errors()[0]["msg"].endswith(message)


@pytest.mark.parametrize(
    "printed, toml_value",
    [
        ("85%", 85),
        ("2.1%", 2.1),
        ("612", 612),
        ("85-90%", [85, 90]),
        ("85 - 90 %", [85, 90]),
        ("16-18", [16, 18]),
        ("<7%", "<7"),
        (">65%", ">65"),
        ("≤7%", "<=7"),
    ],
)
def test_printed_targets_become_the_toml_form(printed: str, toml_value: object) -> None:
    assert scorecard_target_to_toml(printed) == toml_value


def test_a_printed_range_known_to_be_two_sided_becomes_a_band() -> None:
    assert scorecard_target_to_toml("20-24%", two_sided=True) == {"band": [20, 24]}


def test_printed_text_that_is_not_a_target_is_refused() -> None:
    with pytest.raises(ValueError, match="'n/a' is not a target"):
        scorecard_target_to_toml("n/a")


def test_every_target_in_the_reference_scorecard_can_be_configured() -> None:
    rows = reference_targets()
    assert len(rows) == 31
    # Written into a council.toml, loaded and read back: the number(s) survive exactly.
    body = "".join(
        f'[targets.{ref}]\n"2022-23" = {Target.model_validate(parse_target_value(scorecard_target_to_toml(text))).to_toml()}\n'
        for ref, text in rows
    )
    config = valid(HOME + body)
    kinds = set()
    for ref, text in rows:
        target = config.targets.target(ref, "2022-23")
        assert target is not None, ref
        kinds.add(target.kind)
        numbers = [float(part) for part in text.strip("%<>").replace("%", "").split("-")]
        assert [n for n in (target.low, target.high) if n is not None] in (numbers, numbers * 2), (ref, text)
    assert kinds == {POINT, RANGE, BOUND}


@given(
    st.one_of(
        st.integers(0, 100_000),
        st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 2)),
    ),
    st.sampled_from(["point", "range", "band", "<", "<=", ">", ">="]),
)
def test_a_target_written_back_to_toml_reads_the_same(number: float, shape: str) -> None:
    value: object = {
        "point": number,
        "range": [number, number + 1],
        "band": {"band": [number, number + 0.5]},
    }.get(shape, f"{shape}{number}")
    target = parse_target_value(value)
    assert parse_target_value(tomllib.loads(f"t = {target.to_toml()}")["t"]) == target
