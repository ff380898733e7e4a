"""Generated rows before they become files: columns as arrays, identifiers as integers, plus what the
writer needs to apply recording lag (`--as-at`) and the extract window."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from csc_scorecard.synth.timeline import Bools, Dates, Ints


@dataclass(frozen=True)
class Ids:
    """An identifier column kept as integers until written: `prefix` + zero-padded number; -1 is empty."""

    prefix: str
    numbers: Ints
    width: int = 7

    def take(self, rows: npt.NDArray[np.int64] | Bools) -> Ids:
        return Ids(self.prefix, self.numbers[rows], self.width)


Column = np.ndarray | Ids


def take(column: Column, rows: npt.NDArray[np.int64] | Bools) -> Column:
    return column.take(rows) if isinstance(column, Ids) else column[rows]


@dataclass
class Rows:
    """One table's generated rows.

    recorded: when each row reached the case system (rows recorded after the extract date are absent).
    ends: an end column → (when the end was recorded, other columns that appear with it); an end
        recorded after the extract date is blank and so are its companion columns.
    """

    table: str
    columns: dict[str, Column]
    recorded: Dates
    ends: dict[str, tuple[Dates, tuple[str, ...]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.recorded.shape[0])

    def select(self, rows: npt.NDArray[np.int64] | Bools) -> Rows:
        return Rows(
            self.table,
            {name: take(col, rows) for name, col in self.columns.items()},
            self.recorded[rows],
            {name: (when[rows], companions) for name, (when, companions) in self.ends.items()},
        )


def concat(parts: list[Rows]) -> Rows:
    """Rows of one table generated in several pieces (same columns in each)."""
    first = parts[0]
    columns: dict[str, Column] = {}
    for name, col in first.columns.items():
        if isinstance(col, Ids):
            pieces = [p.columns[name] for p in parts]
            if any(not isinstance(piece, Ids) or piece.prefix != col.prefix for piece in pieces):
                raise ValueError(f"{first.table}.{name}: pieces have different identifier prefixes")
            columns[name] = Ids(
                col.prefix, np.concatenate([p.numbers for p in pieces if isinstance(p, Ids)]), col.width
            )
        else:
            columns[name] = np.concatenate([p.columns[name] for p in parts])  # type: ignore[misc]
    ends = {
        name: (np.concatenate([p.ends[name][0] for p in parts]), companions)
        for name, (_, companions) in first.ends.items()
    }
    return Rows(first.table, columns, np.concatenate([p.recorded for p in parts]), ends)


def pick(
    rng: np.random.Generator, options: list[str] | tuple[str, ...], weights: npt.ArrayLike, n: int
) -> npt.NDArray[np.str_]:
    """n codes drawn from options with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=np.float64)
    return np.asarray(options)[rng.choice(len(options), size=n, p=p / p.sum())]


def json_outcomes(keys: tuple[str, ...], chosen: npt.NDArray[np.int64]) -> npt.NDArray[np.str_]:
    """SSD outcome JSON with exactly one flag `Y` per row: one string per key, indexed (no per-row work)."""
    # Object dtype: each row holds a reference to one of a few strings, not a wide copy of it.
    templates = np.array(
        ["{" + ", ".join(f'"{k}": "{"Y" if k == key else "N"}"' for k in keys) + "}" for key in keys],
        dtype=object,
    )
    return np.asarray(templates[chosen])


def or_null(condition: np.ndarray | bool, values: object) -> np.ndarray:
    """`values` where the condition holds, empty (None) elsewhere: text columns with blanks."""
    mask = np.asarray(condition, dtype=np.bool_)
    out = np.array(np.broadcast_to(np.asarray(values, dtype=object), mask.shape), dtype=object)
    out[~mask] = None
    return out


def padded(numbers: npt.NDArray[np.int64], width: int) -> npt.NDArray[np.str_]:
    """Zero-padded numbers as text (an empty array stays empty)."""
    if numbers.shape[0] == 0:
        return np.array([], dtype=f"<U{width}")
    return np.char.zfill(numbers.astype(str), width)
