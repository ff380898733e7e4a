"""Indicators that fit no kind: at most one function per ref, registered here under its ref.

A bespoke function has the same signature as a kind's family: it receives the view inputs, the
indicator, the run's calendar and the council × month grid, and returns one row per council and
month with the columns `n__REF` and `d__REF` (see engine.kinds). None of the first slice needs one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BespokeFunction = Callable[..., Any]

_BESPOKE: dict[str, BespokeFunction] = {}


def bespoke(ref: str) -> Callable[[BespokeFunction], BespokeFunction]:
    """Register the function that computes `ref` (whose catalogue kind is `bespoke`)."""

    def register(function: BespokeFunction) -> BespokeFunction:
        if ref in _BESPOKE:
            raise ValueError(f"{ref} already has a bespoke function: {_BESPOKE[ref].__qualname__}")
        _BESPOKE[ref] = function
        return function

    return register


def bespoke_function(ref: str) -> BespokeFunction | None:
    return _BESPOKE.get(ref)
