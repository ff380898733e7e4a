"""Teams, posts, the workers who hold them, allocations of workers to children, and the monthly HR snapshot.

Each team has a number of posts sized so that its case holders carry the profile's caseload; each post is
held by a succession of workers (tenures drawn from an exponential). A child's allocated worker is the
holder of a random post of the right team; the allocation ends when the worker leaves or the case moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csc_scorecard.synth.context import Context
from csc_scorecard.synth.frame import Ids, Rows, or_null, padded
from csc_scorecard.synth.profiles import DEFAULT_LAG
from csc_scorecard.synth.timeline import DAY, Bools, Dates, Ints, days, record_dates, unit

# Team groups: name, parent, whether its workers hold cases.
TEAMS = (
    ("MASH", "Front Door", False),
    ("EHAP", "Early Help", False),
    ("ASSESSMENT", "Children's Social Work", True),
    ("CSW", "Children's Social Work", True),
    ("ISCAN", "Children with Disabilities", True),
    ("CFC", "Cared for Children", True),
    ("ADOPTION", "Permanence", True),
    ("LEAVING_CARE", "Leaving Care", True),
    ("COMPLEX_SAFEGUARDING", "Children's Social Work", True),
    ("SAFEGUARDING_UNIT", "Quality Assurance", False),
)
# The configuration's team groups (docs/configuration.md) for each team above.
TEAM_GROUPS = (
    "FRONT_DOOR",
    "EARLY_HELP",
    "CSW",
    "CSW",
    "ISCAN",
    "CFC",
    "ADOPTION",
    "LEAVING_CARE",
    "COMPLEX_SAFEGUARDING",
    "OTHER",
)
TEAM_INDEX = {name: i for i, (name, _, _) in enumerate(TEAMS)}
FIXED_POSTS = {"MASH": 14, "EHAP": 10, "SAFEGUARDING_UNIT": 8, "COMPLEX_SAFEGUARDING": 6}
PARENT_ID_BASE = 100


@dataclass
class Workforce:
    post_team: Ints  # team of each post
    tenure_post: Ints  # tenures sorted by (post, start)
    tenure_start: Dates
    tenure_end: Dates
    tenure_agency: Bools
    tenure_newly_qualified: Bools
    tenure_fte: np.ndarray
    tenure_manager: Bools
    team_posts: dict[int, Ints]
    key: Ints  # post × 10^6 + start day, for searchsorted

    def holder(self, rng: np.random.Generator, team: str | Ints, dates: Dates) -> tuple[Ints, Dates]:
        """The worker holding a random post of the team on each date, and when that worker leaves."""
        team_of = (
            np.full(dates.shape[0], TEAM_INDEX[team], dtype=np.int64)
            if isinstance(team, str)
            else np.asarray(team, dtype=np.int64)
        )
        post = np.empty(dates.shape[0], dtype=np.int64)
        for t, posts in self.team_posts.items():
            mask = team_of == t
            post[mask] = posts[rng.integers(0, posts.shape[0], int(mask.sum()))]
        day = (
            np.where(np.isnat(dates), np.datetime64("1970-01-01"), dates)
            .astype("datetime64[D]")
            .astype(np.int64)
        )
        tenure = np.searchsorted(self.key, post * 1_000_000 + day + 500_000, side="right") - 1
        return tenure, self.tenure_end[tenure]


def build_workforce(ctx: Context, open_cases_by_team: dict[str, float]) -> Workforce:
    rng = ctx.rng("workforce")
    p = ctx.profile
    posts_per_team = []
    for name, _, holds_cases in TEAMS:
        if holds_cases and name not in FIXED_POSTS:
            n = int(np.ceil(open_cases_by_team.get(name, 0.0) / p.caseload_target)) + 1
        else:
            n = max(2, round(FIXED_POSTS.get(name, 4) * max(ctx.scale, 0.2)))
        posts_per_team.append(n)
    post_team = np.repeat(np.arange(len(TEAMS)), posts_per_team)
    n_posts = post_team.shape[0]
    first = ctx.timeline.sim_start - 3 * 365 * DAY
    span = int((ctx.timeline.sim_end - first).astype(np.int64)) + 400
    per_post = int(span / (p.worker_months_mean * 30.44) * 3) + 4
    lengths = rng.exponential(p.worker_months_mean * 30.44, (n_posts, per_post)) + 30
    offsets = np.cumsum(lengths, axis=1) - lengths[:, :1] * np.asarray(rng.random((n_posts, 1)))
    starts = np.concatenate([np.zeros((n_posts, 1)), offsets[:, :-1]], axis=1)
    keep = starts < span
    tenure_post = np.repeat(np.arange(n_posts), keep.sum(axis=1))
    tenure_start = first + days(starts[keep])
    tenure_end = first + days(offsets[keep])
    tenure_start[np.r_[True, tenure_post[1:] != tenure_post[:-1]]] = (
        first - 3650 * DAY
    )  # first holder: long ago
    n = tenure_post.shape[0]
    manager = unit(rng, n) < 0.15
    team_posts = {t: np.flatnonzero(post_team == t) for t in range(len(TEAMS))}
    key = tenure_post * 1_000_000 + tenure_start.astype(np.int64) + 500_000
    return Workforce(
        post_team,
        tenure_post,
        tenure_start,
        tenure_end,
        (unit(rng, n) < p.agency_share) & ~manager,
        (unit(rng, n) < p.asye_share * 1.6) & ~manager,
        np.where(unit(rng, n) < 0.8, 1.0, 0.8),
        manager,
        team_posts,
        key,
    )


def worker_rows(ctx: Context, workforce: Workforce, used: Bools) -> list[Rows]:
    """ssd_professionals, ssd_department and ext_workforce_snapshot for the workers to write."""
    rng = ctx.rng("workforce_rows")
    code = ctx.council.code
    tenure = np.flatnonzero(used)
    n = tenure.shape[0]
    worker_ids = Ids(f"SYN-W-{code}-", tenure, 5)
    team = workforce.post_team[workforce.tenure_post[tenure]]
    job = np.where(
        workforce.tenure_manager[tenure],
        "Team Manager",
        np.where(workforce.tenure_newly_qualified[tenure], "Social Worker (ASYE)", "Social Worker"),
    )
    number = padded(tenure, 5)
    professionals = Rows(
        "ssd_professionals",
        {
            "prof_professional_id": worker_ids,
            "prof_staff_id": Ids(f"SYN-STAFF-{code}-", tenure, 5),
            "prof_professional_name": np.char.add("Synthetic Worker ", number),
            "prof_social_worker_registration_no": np.char.add(f"SYN-SW-{code}-", number),
            "prof_agency_worker_flag": workforce.tenure_agency[tenure],
            "prof_professional_job_title": job,
            "prof_professional_caseload": rng.integers(0, 25, n),
            "prof_professional_department": np.asarray([t[1] for t in TEAMS])[team],
            "prof_full_time_equivalency": workforce.tenure_fte[tenure],
        },
        np.full(n, ctx.timeline.sim_start - 3650 * DAY),
    )
    team_ids = np.arange(len(TEAMS))
    parent_names = np.asarray(sorted({t[1] for t in TEAMS}))
    parent_of = np.searchsorted(parent_names, np.asarray([t[1] for t in TEAMS]))
    departments = Rows(
        "ssd_department",
        {
            "dept_team_id": Ids(
                f"T{code}-", np.concatenate([team_ids, PARENT_ID_BASE + np.arange(parent_names.shape[0])]), 3
            ),
            "dept_team_name": np.concatenate(
                [np.asarray([t[0].replace("_", " ").title() + " Team" for t in TEAMS]), parent_names]
            ),
            "dept_team_parent_id": Ids(
                f"T{code}-",
                np.concatenate([PARENT_ID_BASE + parent_of, np.full(parent_names.shape[0], -1)]),
                3,
            ),
            "dept_team_parent_name": np.concatenate(
                [parent_names[parent_of], np.full(parent_names.shape[0], None)]
            ),
        },
        np.full(len(TEAMS) + parent_names.shape[0], ctx.timeline.sim_start - 3650 * DAY),
    )
    return [professionals, departments, _snapshot(ctx, workforce, tenure)]


def _snapshot(ctx: Context, workforce: Workforce, tenure: Ints) -> Rows:
    """One row per worker in post at each month end of the window."""
    month_ends = (
        np.arange(
            ctx.timeline.window_start.astype("datetime64[M]"),
            ctx.timeline.window_end.astype("datetime64[M]") + 1,
        )
        + 1
    ).astype("datetime64[D]") - DAY
    starts, ends = workforce.tenure_start[tenure], workforce.tenure_end[tenure]
    in_post = (starts[:, None] <= month_ends[None, :]) & (ends[:, None] > month_ends[None, :])
    worker_index, month_index = np.nonzero(in_post)
    t = tenure[worker_index]
    snapshot = month_ends[month_index]
    team = workforce.post_team[workforce.tenure_post[t]]
    first_year = snapshot < workforce.tenure_start[t] + 365 * DAY
    asye = workforce.tenure_newly_qualified[t] & first_year
    manager = workforce.tenure_manager[t]
    case_holder = np.asarray([h for _, _, h in TEAMS])[team] & ~manager
    code = ctx.council.code
    return Rows(
        "ext_workforce_snapshot",
        {
            "wfsn_snapshot_date": snapshot,
            "prof_professional_id": Ids(f"SYN-W-{code}-", t, 5),
            "swe_no": np.char.add(f"SYN-SW-{code}-", padded(t, 5)),
            "agency_worker": workforce.tenure_agency[t],
            "fte": workforce.tenure_fte[t],
            "org_role": np.where(manager, "3", np.where(case_holder, "5", "6")),
            "cfkss_status": np.where(asye, "1", np.where(manager, "3", "2")),
            "team_id": Ids(f"T{code}-", team, 3),
            "is_case_holder": case_holder,
        },
        snapshot + DAY,
    )


def allocations(
    ctx: Context,
    workforce: Workforce,
    person: Ints,
    team: Ints,
    start: Dates,
    end: Dates,
    referral: Ints,
    role: str,
    first_id: int = 0,
) -> tuple[Rows, Ints]:
    """Allocated-worker involvements covering [start, end) for each case: a new worker when the current one
    leaves or at random changes of worker. Returns the rows and the tenures used."""
    rng = ctx.rng(f"allocations_{role}")
    change_days = 365.0 / max(ctx.profile.worker_changes_per_year, 0.01)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("case", "start", "end", "worker", "reason")}
    case = np.flatnonzero(~np.isnat(start) & ~np.isnat(end) & (end > start))
    seg_start = start[case]
    reason = np.full(case.shape[0], "")
    for _ in range(60):  # rounds of reallocation; each round is vectorised over every open case
        if case.shape[0] == 0:
            break
        worker, leaves = workforce.holder(rng, team[case], seg_start)
        change = seg_start + days(rng.exponential(change_days, case.shape[0]) + 1)
        seg_end = np.minimum(np.minimum(leaves, change), end[case])
        seg_end = np.maximum(seg_end, seg_start + DAY)
        for k, v in (
            ("case", case),
            ("start", seg_start),
            ("end", seg_end),
            ("worker", worker),
            ("reason", reason),
        ):
            parts[k].append(v)
        going_on = seg_end < end[case]
        reason = np.where(seg_end[going_on] == leaves[going_on], "LEFTRL", "MANAGE")
        case, seg_start = case[going_on], seg_end[going_on]
    cases = np.concatenate(parts["case"])
    seg_end = np.concatenate(parts["end"])
    open_end = seg_end >= end[cases]
    final_end = np.where(open_end, end[cases], seg_end)
    seg_start_all = np.concatenate(parts["start"])
    workers = np.concatenate(parts["worker"])
    code = ctx.council.code
    rows = Rows(
        "ssd_involvements",
        {
            "invo_involvements_id": Ids(f"INV{code}-", first_id + np.arange(cases.shape[0]), 8),
            "invo_professional_id": Ids(f"SYN-W-{code}-", workers, 5),
            "invo_professional_role_id": np.full(cases.shape[0], role),
            "invo_professional_team": Ids(f"T{code}-", team[cases], 3),
            "invo_person_id": Ids(f"SYN-P-{code}-", person[cases]),
            "invo_involvement_start_date": seg_start_all,
            "invo_involvement_end_date": final_end,
            "invo_worker_change_reason": or_null(
                np.concatenate(parts["reason"]) != "", np.concatenate(parts["reason"])
            ),
            "invo_referral_id": Ids(f"R{code}-", referral[cases], 8),
        },
        record_dates(rng, seg_start_all, DEFAULT_LAG),
    )
    rows.ends["invo_involvement_end_date"] = (record_dates(rng, final_end, DEFAULT_LAG), ())
    return rows, workers
