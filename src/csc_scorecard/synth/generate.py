"""Generate synthetic councils: every canonical table, `extract.json`, `council.toml` and the ground truth.

One council at a time per process, two processes on a two-core machine, within a memory budget
(synth/parallel.py); each council has its own random streams keyed by its DfE code, so a council's files
do not depend on how many others are generated or in what order.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from csc_scorecard.schema import TABLES
from csc_scorecard.synth import councils as council_data
from csc_scorecard.synth import parallel
from csc_scorecard.synth.care import care_tables
from csc_scorecard.synth.cin_cp import PRIMARY_NEED_WEIGHTS, PRIMARY_NEEDS, Cases, cin_cp_tables
from csc_scorecard.synth.context import Context, Council
from csc_scorecard.synth.early_help import early_help_tables
from csc_scorecard.synth.frame import Ids, Rows, pick
from csc_scorecard.synth.front_door import front_door_tables, generate_contacts
from csc_scorecard.synth.journeys import Journeys, People, generate_journeys
from csc_scorecard.synth.leavers import care_leaver_tables, missing_tables
from csc_scorecard.synth.people import assign_contact_children, person_tables
from csc_scorecard.synth.profiles import PROFILES, Profile
from csc_scorecard.synth.quality import quality_tables, reference_tables
from csc_scorecard.synth.timeline import DAY, Timeline, add_years
from csc_scorecard.synth.workforce import (
    TEAM_GROUPS,
    TEAM_INDEX,
    TEAMS,
    allocations,
    build_workforce,
    worker_rows,
)
from csc_scorecard.synth.writer import as_at, null_orphans, to_arrow, write_table

GENERATOR = "csc-scorecard synth 1"


@dataclass(frozen=True)
class Request:
    """Everything `csc-scorecard generate` was asked for."""

    out_dir: Path
    seed: int = 1
    start: str = "2017-04"
    end: str = "2023-03"
    councils: int = 1
    profile: str = "reference"
    file_format: str = "parquet"
    as_at: str | None = None
    faults: float = 0.0
    workers: int = 0  # processes for several councils; 0 = one per CPU, at most 2 (memory: a council each)


@dataclass
class CouncilResult:
    council: Council
    folder: Path
    rows: dict[str, int] = field(default_factory=dict)
    blanked_links: dict[str, int] = field(default_factory=dict)
    faults: dict[str, dict[str, int]] = field(default_factory=dict)


def generate(request: Request, progress: Callable[[Council], None] | None = None) -> list[CouncilResult]:
    if request.profile not in PROFILES:
        raise ValueError(f"unknown profile {request.profile!r}: choose one of {', '.join(PROFILES)}")
    if request.file_format not in ("parquet", "csv"):
        raise ValueError("--format must be parquet or csv")
    profile = PROFILES[request.profile]
    timeline = Timeline.build(request.start, request.end, request.as_at)
    chosen = council_data.choose_councils(profile, request.councils)
    request.out_dir.mkdir(parents=True, exist_ok=True)
    folders = [request.out_dir / c.code if request.councils > 1 else request.out_dir for c in chosen]
    workers = request.workers or min(2, os.cpu_count() or 1)
    results = []
    if workers <= 1 or len(chosen) == 1:
        for council, folder in zip(chosen, folders, strict=True):
            results.append(generate_council(profile, council, request, timeline, folder))
            if progress is not None:
                progress(council)
        return results
    # Councils are independent (each has its own random streams), so they can be built side by side,
    # within the memory budget (synth/parallel.py); results come back in council order.
    months = len(timeline.months)
    estimates = [parallel.estimated_peak_mb(c.population, months) for c in chosen]
    waiting = parallel.largest_first(estimates)
    running: dict[Future[CouncilResult], int] = {}
    done: dict[int, CouncilResult] = {}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        while waiting or running:
            while len(running) < workers:
                position = parallel.next_council(
                    waiting, list(running.values()), estimates, parallel.WORKER_BUDGET_MB
                )
                if position is None:
                    break
                waiting.remove(position)
                job = pool.submit(
                    generate_council, profile, chosen[position], request, timeline, folders[position]
                )
                running[job] = position
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for job in finished:
                position = running.pop(job)
                done[position] = job.result()
                if progress is not None:
                    progress(chosen[position])
    return [done[position] for position in range(len(chosen))]


def generate_council(
    profile: Profile, council: Council, request: Request, timeline: Timeline, folder: Path
) -> CouncilResult:
    ctx = Context(profile, council, request.seed, timeline)
    arrow = _shown_tables(ctx)
    result = CouncilResult(council, folder)
    extract = timeline.extract_date
    result.blanked_links = null_orphans(arrow)
    malformed: dict[str, np.ndarray] = {}
    if request.faults > 0:
        from csc_scorecard.synth.faults import inject_faults

        injected = inject_faults(ctx, arrow, request.faults, csv=request.file_format == "csv")
        result.faults, malformed = injected.counts, injected.malformed
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(arrow):
        data = arrow.pop(name)  # written tables are let go at once, not held to the end of the council
        write_table(data, folder, TABLES[name], request.file_format, malformed.get(name))
        result.rows[name] = data.num_rows
        del data
    _write_json(
        folder / "extract.json",
        {
            "extract_date": str(extract),
            "council": council.code,
            "council_name": council.name,
            "generator": GENERATOR,
            "seed": request.seed,
            "profile": profile.name,
            "window": {"start": request.start, "end": request.end},
            "format": request.file_format,
        },
    )
    _write_json(folder / "ground_truth.json", ground_truth(ctx))
    if request.faults > 0:
        _write_json(folder / "faults.json", {"rate": request.faults, "injected": result.faults})
    (folder / "council.toml").write_text(council_toml(council), encoding="utf-8")
    parallel.release_freed_memory()  # the next council in this process starts from a small footprint
    return result


def _shown_tables(ctx: Context) -> dict[str, pa.Table]:
    """Every contract table as the case system showed it on the extract date.

    A large council's rows take gigabytes, so each step replaces what it consumes as it goes (the
    full-hindsight rows of a table are dropped as soon as its shown rows exist, the simulated people
    once the person tables are built, each table's rows once its Arrow table exists): at most one
    table is held twice, never the whole council. The values and their order are the same as building
    every step in full before the next."""
    tables, state = build_rows(ctx)
    extract = ctx.timeline.extract_date
    for i in range(len(tables)):
        tables[i] = as_at(tables[i], extract)
    parallel.release_freed_memory()
    _drop_adults(ctx, tables, state.people.dob)
    tables += [as_at(rows, extract) for rows in _people(ctx, tables, state)]
    del state
    return _to_arrow(tables)


@dataclass(frozen=True)
class Children:
    """What the person-level tables need once every other table is built."""

    people: People
    journeys: Journeys
    cases: Cases


def build_rows(ctx: Context) -> tuple[list[Rows], Children]:
    """Every stage of the funnel, in order; rows as the case system holds them with full hindsight."""
    contacts = generate_contacts(ctx)
    journeys, people = generate_journeys(ctx, contacts)
    assign_contact_children(ctx, contacts, journeys, people)
    need = pick(ctx.rng("needs"), PRIMARY_NEEDS, PRIMARY_NEED_WEIGHTS, len(journeys))
    team = np.where(
        need == "N2", TEAM_INDEX["ISCAN"], np.where(journeys["care"], TEAM_INDEX["CFC"], TEAM_INDEX["CSW"])
    )
    team = np.where(np.isin(journeys["care_exit"], ("E11", "E12")), TEAM_INDEX["ADOPTION"], team)
    eighteenth = add_years(people.dob[journeys["person"]], 18)
    leaver = journeys["care"] & (journeys["care_end"] >= eighteenth - 2 * 365 * DAY)
    leaver_end = add_years(people.dob[journeys["person"]], 21)
    workforce = build_workforce(
        ctx,
        _open_cases_by_team(
            ctx, journeys["referral"], journeys["close"], team, journeys["care_end"], leaver_end, leaver
        ),
    )
    tables, worker_sets = [], []
    parts, workers = front_door_tables(ctx, contacts, workforce)
    tables += parts
    worker_sets.append(workers)
    parts, cases, workers = cin_cp_tables(ctx, journeys, workforce, need)
    tables += parts
    worker_sets.append(workers)
    care_parts, care = care_tables(ctx, journeys, cases, people.dob)
    tables += care_parts
    tables += missing_tables(ctx, journeys, cases, care, people.dob)
    tables += care_leaver_tables(ctx, care)
    parts, workers = early_help_tables(ctx, contacts, journeys, people, workforce)
    tables += parts
    worker_sets.append(workers)
    parts, workers = quality_tables(ctx, journeys, cases, people, workforce)
    tables += parts
    worker_sets.append(workers)
    kept = np.flatnonzero(cases.kept)
    social_work, workers = allocations(
        ctx,
        workforce,
        journeys["person"][kept],
        team[kept],
        journeys["referral"][kept],
        journeys["close"][kept],
        kept,
        "ALLOCATED_SW",
    )
    worker_sets.append(workers)
    leavers = np.flatnonzero(cases.kept & leaver & (leaver_end >= ctx.timeline.window_start))
    advisers, workers = allocations(
        ctx,
        workforce,
        journeys["person"][leavers],
        np.full(leavers.shape[0], TEAM_INDEX["LEAVING_CARE"]),
        journeys["care_end"][leavers],
        leaver_end[leavers],
        leavers,
        "PA",
        first_id=len(social_work),
    )
    worker_sets.append(workers)
    tables += [social_work, advisers]
    in_window = workforce.tenure_end >= ctx.timeline.window_start - 365 * DAY
    used = np.zeros(workforce.tenure_post.shape[0], dtype=np.bool_)
    used[np.concatenate(worker_sets)] = True
    tables += worker_rows(ctx, workforce, used | in_window)
    populations = council_data.population_rows(
        ctx.council.code, int(str(ctx.timeline.window_start)[:4]) - 1, int(str(ctx.timeline.window_end)[:4])
    )
    closures = ctx.closure_days[
        (ctx.closure_days >= ctx.timeline.window_start) & (ctx.closure_days <= ctx.timeline.extract_date)
    ]
    tables += reference_tables(ctx, populations, closures, council_data.neighbour(ctx.council.code))
    return tables, Children(people, journeys, cases)


def _open_cases_by_team(
    ctx: Context,
    start: np.ndarray,
    end: np.ndarray,
    team: np.ndarray,
    care_end: np.ndarray,
    leaver_end: np.ndarray,
    leaver: np.ndarray,
) -> dict[str, float]:
    """Average number of open cases per team over the window: what sizes each team's posts."""
    first, last = ctx.timeline.window_start, ctx.timeline.window_end
    window_days = float((last - first).astype(np.int64))

    def mean_open(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        overlap = (np.minimum(b, last) - np.maximum(a, first)).astype(np.int64)
        return np.where(np.isnat(a) | np.isnat(b), 0, np.maximum(overlap, 0)) / window_days

    open_share = mean_open(start, end)
    out = {name: float(open_share[team == i].sum()) for i, (name, _, _) in enumerate(TEAMS)}
    out["LEAVING_CARE"] = float(mean_open(care_end, leaver_end)[leaver].sum())
    return out


def _drop_adults(ctx: Context, shown: list[Rows], dob: np.ndarray) -> None:
    """Leave out rows about people born more than 26 years before the extract date (care leavers who were
    21 early in the window): the contract treats such a date of birth as too old for a child. Each
    table is replaced in `shown` in place, so the unfiltered rows are freed table by table."""
    oldest = ctx.timeline.extract_date - (26 * 365 - 30) * DAY
    prefix = f"SYN-P-{ctx.council.code}-"
    for i, rows in enumerate(shown):
        keep = np.ones(len(rows), dtype=np.bool_)
        for col in rows.columns.values():
            if isinstance(col, Ids) and col.prefix == prefix:
                keep &= (col.numbers < 0) | (dob[np.maximum(col.numbers, 0)] >= oldest)
        if not keep.all():
            shown[i] = rows.select(keep)


def _people(ctx: Context, shown: list[Rows], children: Children) -> list[Rows]:
    """Person-level tables for every child any written row refers to."""
    prefix = f"SYN-P-{ctx.council.code}-"
    referenced = [
        col.numbers
        for rows in shown
        for col in rows.columns.values()
        if isinstance(col, Ids) and col.prefix == prefix
    ]
    person = np.unique(np.concatenate(referenced))
    person = person[person >= 0]
    return person_tables(ctx, children.people, person, children.journeys, children.cases)


def _to_arrow(shown: list[Rows]) -> dict[str, pa.Table]:
    """One Arrow table per contract table. Consumes `shown` (emptied) so that each table's rows are
    freed once converted rather than held beside every Arrow table."""
    grouped: dict[str, list[Rows]] = {}
    for rows in shown:
        grouped.setdefault(rows.table, []).append(rows)
    shown.clear()
    missing = set(TABLES) - set(grouped)
    if missing:
        raise ValueError(f"the generator wrote no rows object for {sorted(missing)}")
    arrow = {}
    for name in sorted(grouped):
        arrow[name] = to_arrow(grouped.pop(name))
        parallel.release_freed_memory()
    return arrow


def ground_truth(ctx: Context) -> dict[str, object]:
    """The change points and the control series, in each indicator's own units, for signal tests."""
    profile = ctx.profile
    return {
        "council": ctx.council.code,
        "profile": profile.name,
        "population_scale": ctx.scale,
        "change_points": [
            {
                "ref": c.ref,
                "parameter": c.parameter,
                "month": c.month,
                "unit": c.unit.value,
                "size": round(ctx.change_point_size(c.unit, c.step), 3),
                "settle_months": c.settle_months,
                "description": c.description,
            }
            for c in profile.change_points
        ],
        "control": {
            "ref": profile.control.ref,
            "parameter": profile.control.parameter,
            "mean": round(getattr(profile, profile.control.parameter) * ctx.scale, 3),
            "description": profile.control.description,
        },
    }


def council_toml(council: Council) -> str:
    """A configuration for the council that the config model accepts: codes, teams and roles."""
    team_lines = "\n".join(f'"T{council.code}-{i:03d}" = "{group}"' for i, group in enumerate(TEAM_GROUPS))
    return (
        "# Configuration for a synthetic council written by `csc-scorecard generate`.\n\n"
        f'[council]\ndfe_code = "{council.code}"\nons_code = "{council_data.ons_code(council.code)}"\n'
        f'name = "{council.name}"\n\n'
        f"[teams.map]\n{team_lines}\n\n"
        '[roles]\nallocated_social_worker = ["ALLOCATED_SW"]\npersonal_adviser = ["PA"]\n'
    )


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")
