"""Views for the cared-for children's national indicators (issue 5): placement groups, statutory
visits, long-term stability, social worker changes, health and dental checks, initial health
assessments, looked-after reviews, care leavers' pathway plans, and DfE's age bands.

Registered by `engine.views_national`. A period of care is a run of episodes with no gap between
them (an episode starting on the day the previous one ceased continues it), as SSDA903 counts
"looked after continuously".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ibis

from csc_scorecard.engine import views as core
from csc_scorecard.engine.intervals import ONE, OPEN_MONTH, covered_changes, open_ended_changes
from csc_scorecard.engine.views import StateView, ViewInputs, column, flag, month_of

if TYPE_CHECKING:
    import ibis.expr.types as ir

# SSDA903 placement types by the scorecard's groups (ssd-mapping.md D18); foster care (U1-U6) is
# the core view's `foster` counter (CF9).
PLACEMENT_GROUPS: dict[str, tuple[str, ...]] = {
    "adoption": ("A3", "A4", "A5", "A6"),
    "at_home": ("P1",),
    "childrens_home": ("K2",),
    "independent": ("H5", "K3", "P2"),
    "secure": ("K1",),
}
ADOPTION_PLACEMENTS = PLACEMENT_GROUPS["adoption"]
SAME_CARER_REASON = "PLACE"  # a change in the status of a placement only: the carer is unchanged
IHA_WORKING_DAYS = 20
FIRST_REVIEW_WORKING_DAYS = 20
# DfE's children looked after age bands (age at the month end): band → its first month of age. Each
# runs until the next begins (under 1: months 0-11, 1 to 4: 12-59, ...); the last has no end.
AGE_BAND_STARTS: dict[str, int] = {
    "under_1": 0,
    "1_to_4": 12,
    "5_to_9": 60,
    "10_to_15": 120,
    "16_and_over": 192,
}


def _end_month(value: ir.Value) -> ir.IntegerValue:
    """The month index of an end date, or a far month when it is open (for least/greatest)."""
    return month_of(value).fill_null(OPEN_MONTH)


def _changes(rows: ir.Table, counter: ir.Value | str, start: ir.Value, end: ir.Value) -> ir.Table:
    """+1/−1 changes per person like `interval_changes`, with the counter name taken from a column;
    an end of `OPEN_MONTH` is open-ended, and rows without a start are dropped."""
    name = ibis.literal(counter) if isinstance(counter, str) else counter
    r = rows.select(council=rows.council, person_id=rows.person_id, counter=name, start=start, end=end)
    r = r.filter(r.start.notnull() & r.counter.notnull() & (r.end > r.start))
    return open_ended_changes(r, ["council", "person_id"], r.counter, r.start, r.end)


def periods_of_care(inputs: ViewInputs) -> ir.Table | None:
    """council, person_id, start_date, end_date (null: still looked after) of each period of care."""
    t = inputs.table("ssd_cla_episodes")
    if not core.has_columns(
        t, "clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"
    ):
        return None
    assert t is not None
    far = ibis.date(9999, 12, 31)
    e = t.filter(t.clae_cla_episode_start_date.notnull()).select(
        council=t.council,
        person_id=t.clae_person_id,
        start_date=t.clae_cla_episode_start_date,
        end_key=t.clae_cla_episode_ceased_date.fill_null(far),
    )
    keys = [e.council, e.person_id]
    before = ibis.window(group_by=keys, order_by=[e.start_date, e.end_key], rows=(None, -1))
    e = e.mutate(new=(e.start_date > e.end_key.max().over(before)).fill_null(True).cast("int64"))
    upto = ibis.window(group_by=[e.council, e.person_id], order_by=[e.start_date, e.end_key], rows=(None, 0))
    e = e.mutate(period=e.new.sum().over(upto))
    p = e.group_by(["council", "person_id", "period"]).aggregate(
        start_date=e.start_date.min(), end_key=e.end_key.max()
    )
    return p.select(
        "council",
        "person_id",
        "start_date",
        end_date=(p.end_key == far).ifelse(ibis.null("date"), p.end_key),
    )


def _dates_of_birth(inputs: ViewInputs) -> ir.Table | None:
    t = inputs.table("ssd_person")
    if not core.has_columns(t, "pers_person_id", "pers_dob"):
        return None
    assert t is not None
    return t.filter(t.pers_dob.notnull()).select(
        council=t.council, person_id=t.pers_person_id, dob=t.pers_dob
    )


def _health_checks(inputs: ViewInputs, types: tuple[str, ...]) -> ir.Table | None:
    """Completed checks of these types (a check with no status recorded counts as completed)."""
    t = inputs.table("ssd_cla_health")
    if not core.has_columns(t, "clah_person_id", "clah_health_check_date", "clah_health_check_type"):
        return None
    assert t is not None
    status = column(t, "clah_health_check_status").upper().strip()
    rows = t.filter(
        t.clah_health_check_date.notnull()
        & t.clah_health_check_type.upper().strip().isin(types)
        & ((status == "COMPLETED") | status.isnull())
    )
    return rows.select(
        council=rows.council, person_id=rows.clah_person_id, check_date=rows.clah_health_check_date
    )


def _placements(inputs: ViewInputs) -> ir.Table | None:
    t = inputs.table("ssd_cla_placement")
    if not core.has_columns(
        t, "clap_person_id", "clap_cla_placement_start_date", "clap_cla_placement_end_date"
    ):
        return None
    assert t is not None
    rows = t.filter(t.clap_cla_placement_start_date.notnull())
    return rows.select(
        council=rows.council,
        person_id=rows.clap_person_id,
        placement_id=column(rows, "clap_cla_placement_id"),
        start_date=rows.clap_cla_placement_start_date,
        end_date=rows.clap_cla_placement_end_date,
        placement_type=column(rows, "clap_cla_placement_type").upper().strip(),
        reason=column(rows, "clap_cla_placement_change_reason").upper().strip(),
    )


# The cared-for children's snapshot view ----------------------------------------------------


def cla_children_detail(inputs: ViewInputs) -> StateView:
    """CF1's children in care (same counters and predicates as `cla_children`) with the counters of
    CF3, CF6, CF8-CF18, CF23 and CF25, and the age bands of CF8's breakdown."""
    base = core.cla_children(inputs)
    parts = [base.changes]
    placements = _placements(inputs)
    periods = periods_of_care(inputs)
    births = _only_people_in(_dates_of_birth(inputs), periods)
    if placements is not None:
        group = ibis.cases(
            *((placements.placement_type.isin(codes), name) for name, codes in PLACEMENT_GROUPS.items()),
            else_=ibis.null("string"),
        )
        parts.append(
            _changes(placements, group, month_of(placements.start_date), _end_month(placements.end_date))
        )
        parts.append(_visit_cover(inputs, placements))
    if periods is not None:
        parts.append(
            _changes(
                periods, "care_12_months", month_of(periods.start_date) + 12, _end_month(periods.end_date)
            )
        )
    if births is not None:
        born = month_of(births.dob)
        parts.append(_changes(births, "under_5", born, born + 5 * 12))
        parts.append(age_band_changes(births))
    assessments = _health_checks(inputs, ("IHA", "RHA"))
    if assessments is not None:
        month = month_of(assessments.check_date)
        parts.append(_changes(assessments, "health_6_months", month, month + 6))
        parts.append(_changes(assessments, "health_12_months", month, month + 12))
    dental = _health_checks(inputs, ("DENTAL",))
    if dental is not None:
        parts.append(
            _changes(
                dental, "dental_12_months", month_of(dental.check_date), month_of(dental.check_date) + 12
            )
        )
    parts.append(_worker_changes(inputs, periods))
    counters = (
        *base.counters,
        *PLACEMENT_GROUPS,
        "visit_cover",
        "care_12_months",
        "under_5",
        AGE_BAND_COUNTER,
        "health_6_months",
        "health_12_months",
        "dental_12_months",
        "worker_changes_12_months",
    )
    in_care = base.predicates["in_care"]

    def health_cohort(s: ir.Table) -> ir.BooleanValue:
        return in_care(s) & (s.care_12_months > 0)

    predicates = {
        **base.predicates,
        **{name: _group_predicate(in_care, name) for name in PLACEMENT_GROUPS},
        **AGE_BAND_PREDICATES,
        "visited_in_time": lambda s: in_care(s) & (s.visit_cover > 0),
        "three_or_more_worker_changes": lambda s: in_care(s) & (s.worker_changes_12_months >= 3),
        "health_cohort": health_cohort,
        "health_assessment_current": lambda s: (
            health_cohort(s)
            & (((s.under_5 > 0) & (s.health_6_months > 0)) | ((s.under_5 == 0) & (s.health_12_months > 0)))
        ),
        "dental_check_current": lambda s: health_cohort(s) & (s.dental_12_months > 0),
    }
    return StateView(base.keys, counters, core.union_all(parts), predicates)


def _group_predicate(
    in_care: Callable[[ir.Table], ir.BooleanValue], name: str
) -> Callable[[ir.Table], ir.BooleanValue]:
    return lambda s: in_care(s) & (s[name] > 0)


# Age bands (breakdown `age_band` of CF8 and CIN16) -------------------------------------------

# One counter for the band: +1 at birth and at each later band's first month of age, so its value is
# the band's number (1 = under 1, ..., 5 = 16 and over). Five +1s per child, where a counter per
# band took nine changes (a +1 and a -1 each, the last band open) and five packed counters.
AGE_BAND_COUNTER = "age_band"


def _in_band(number: int) -> Callable[[ir.Table], ir.BooleanValue]:
    return lambda s: s[AGE_BAND_COUNTER] == number


# A breakdown's key is one of these flags; the engine ands it with the figure's own `where`.
AGE_BAND_PREDICATES = {f"aged_{band}": _in_band(number) for number, band in enumerate(AGE_BAND_STARTS, 1)}


def age_band_changes(births: ir.Table) -> ir.Table:
    """Per child (rows of council, person_id, dob), the age band counter's changes: the band at a
    month end is the number of bands whose first month has begun. A birthday falls on or before the
    end of its own month, so the band starting at n months of age starts at birth month + n."""
    # A band once begun is counted on (the next one adds to it), so each is one +1 and no -1. The
    # five come from one pass over `births` (an array unnested per child): as five selects, each
    # repeated the semi-join that keeps only the children in care.
    # (The array is unnested as a column of its own: Spark takes no generator inside an expression.)
    starts = ibis.literal(list(AGE_BAND_STARTS.values()), type="array<int64>")
    bands = births.select(
        council=births.council, person_id=births.person_id, born=month_of(births.dob), start=starts.unnest()
    )
    bands = bands.filter(bands.born.notnull())
    return bands.select(
        "council",
        "person_id",
        month=bands.born + bands.start,
        counter=ibis.literal(AGE_BAND_COUNTER),
        change=ONE,
    )


def births_of(inputs: ViewInputs, people: ir.Table | None) -> ir.Table | None:
    """Dates of birth (council, person_id, dob) of the people in `people` (council, person_id), of
    everyone when `people` is None; None without ssd_person."""
    return _only_people_in(_dates_of_birth(inputs), people)


# Long-term stability (CF5), at the last complete quarter end ---------------------------------


def cla_stability_quarter_end(inputs: ViewInputs) -> StateView:
    """CF5's cohort and numerator, each month end showing the state at the last complete financial
    quarter end on or before it (the reference scorecard and DfE report it as a snapshot).

    The cohort: in care as CF1, under 16 and looked after continuously for 30 months or more (the
    period of care began in or before the month 30 months earlier). Every counter change is moved
    to the quarter end on or after its month, so the cumulated counters at any month end are those
    of the quarter end before it; the engine then reports the figure once, for its quarter.
    """
    keys = ("person_id",)
    parts = core.care_counters(inputs, core.short_break_spells(inputs))
    placements = _placements(inputs)
    periods = periods_of_care(inputs)
    births = _only_people_in(_dates_of_birth(inputs), periods)
    if placements is not None:
        parts.append(_same_carer(placements))
    if periods is not None:
        parts.append(
            _changes(
                periods, "care_30_months", month_of(periods.start_date) + 30, _end_month(periods.end_date)
            )
        )
    if births is not None:
        parts.append(_changes(births, "under_16", month_of(births.dob), month_of(births.dob) + 16 * 12))
    changes = _at_next_quarter_end(core.union_all(parts)) if parts else core.empty_changes(keys)

    def stability_cohort(s: ir.Table) -> ir.BooleanValue:
        in_care = (s.care > 0) & (s.short_breaks == 0)
        return in_care & (s.under_16 > 0) & (s.care_30_months > 0)

    return StateView(
        keys,
        ("care", "short_breaks", "same_carer_2_years", "care_30_months", "under_16"),
        changes,
        {
            "stability_cohort": stability_cohort,
            "same_carer_2_years": lambda s: stability_cohort(s) & (s.same_carer_2_years > 0),
        },
    )


def _at_next_quarter_end(changes: ir.Table) -> ir.Table:
    """Changes moved to the financial quarter end (March, June, September, December) on or after
    their month: January and February → March, March stays."""
    number = changes.month % 12 + 1
    return changes.mutate(month=changes.month + (3 - number % 3) % 3)


def _visit_cover(inputs: ViewInputs, placements: ir.Table) -> ir.Table:
    """CF3: month ends at which no statutory visit is overdue, per placement (regulation 28).

    A visit is due within a week of the placement's start; then at most 6 weeks after the last
    visit during the placement's first year, and from then on at most 3 months after it when the
    placement is intended to last (ext_placement_flag.is_permanent_placement), else 6 weeks. Without
    the flag every placement is held to 6 weeks (the stricter reading, with a caveat); the council
    option `every_6_weeks` holds every placement to 6 weeks throughout. At a month end on or before
    the due date the child is in timescale; the cover ends with the placement.
    """
    ends = _end_month(placements.end_date)
    start_grace = placements.mutate(
        visit_start=month_of(placements.start_date),
        visit_end=ibis.least(month_of(placements.start_date + ibis.interval(days=8)), ends),
    )
    parts = [start_grace.select("council", "person_id", "visit_start", "visit_end")]
    visits = inputs.table("ssd_cla_visits")
    if core.has_columns(visits, "clav_person_id", "clav_cla_visit_date"):
        assert visits is not None
        v = visits.filter(visits.clav_cla_visit_date.notnull()).select(
            v_council=visits.council, v_person=visits.clav_person_id, visit_date=visits.clav_cla_visit_date
        )
        p = _with_permanence(inputs, placements)
        j = v.join(
            p,
            [
                v.v_council == p.council,
                v.v_person == p.person_id,
                v.visit_date >= p.start_date,
                p.end_date.isnull() | (v.visit_date < p.end_date),
            ],
        )
        six_weeks = j.visit_date + ibis.interval(days=42)
        if inputs.settings.standards.get("cla_visit_every_6_weeks"):
            due = six_weeks
        else:
            after_first_year = j.visit_date >= j.start_date + ibis.interval(years=1)
            due = (after_first_year & j.permanent).ifelse(j.visit_date + ibis.interval(months=3), six_weeks)
        cover = j.select(
            council=j.council,
            person_id=j.person_id,
            visit_start=month_of(j.visit_date),
            visit_end=ibis.least(month_of(due + ibis.interval(days=1)), _end_month(j.end_date)),
        )
        parts.append(cover)
    # `visit_cover` is only tested for being positive: each child's covers merge first.
    covers = core.union_all(parts)
    return covered_changes(
        covers, {"person_id": covers.person_id}, "visit_cover", covers.visit_start, covers.visit_end
    )


def _with_permanence(inputs: ViewInputs, placements: ir.Table) -> ir.Table:
    """council, person_id, start_date, end_date and `permanent` (the placement is flagged as intended
    to last in ext_placement_flag; False for every placement without the table or the flag)."""
    p = placements.select("council", "person_id", "start_date", "end_date", "placement_id")
    flags = inputs.table("ext_placement_flag")
    if not core.has_columns(flags, "clap_cla_placement_id", "is_permanent_placement"):
        return p.mutate(permanent=ibis.literal(False)).drop("placement_id")
    assert flags is not None
    kept = flags.filter(flag(flags, "is_permanent_placement"))
    f = kept.select(f_council=kept.council, f_id=kept.clap_cla_placement_id).distinct()
    j = p.left_join(f, [p.council == f.f_council, p.placement_id == f.f_id])
    return j.select("council", "person_id", "start_date", "end_date", permanent=j.f_id.notnull())


def _same_carer(placements: ir.Table) -> ir.Table:
    """CF5: month ends at which the child has lived with the same carer for 2 years or more.

    Placements with no gap between them are with the same carer when the later one is a change of
    status only (reason PLACE) or a move to adoption with the current foster carer (A3, A5). A child
    placed for adoption (A3-A6) also counts the placement before the adoptive one (D17). Two years
    is reached on the anniversary (start month + 24).
    """
    p = placements
    order = ibis.window(group_by=[p.council, p.person_id], order_by=[p.start_date, p.end_date])
    p = p.mutate(prev_end=p.end_date.lag().over(order), prev_start=p.start_date.lag().over(order))
    joined_on = (p.prev_end == p.start_date).fill_null(False)
    same_carer = joined_on & (
        (p.reason == SAME_CARER_REASON) | p.placement_type.isin(("A3", "A5"))
    ).fill_null(False)
    p = p.mutate(new_spell=(~same_carer).cast("int64"))
    upto = ibis.window(group_by=[p.council, p.person_id], order_by=[p.start_date, p.end_date], rows=(None, 0))
    p = p.mutate(spell=p.new_spell.sum().over(upto))
    spell = ibis.window(group_by=[p.council, p.person_id, p.spell])
    p = p.mutate(spell_start=p.start_date.min().over(spell))
    adoptive_with_previous = (p.placement_type.isin(ADOPTION_PLACEMENTS) & joined_on).fill_null(False)
    qualifying = adoptive_with_previous.ifelse(ibis.least(p.spell_start, p.prev_start), p.spell_start)
    p = p.mutate(stable_from=ibis.greatest(month_of(p.start_date), month_of(qualifying) + 24))
    return _changes(p, "same_carer_2_years", p.stable_from, _end_month(p.end_date))


def _only_people_in(rows: ir.Table | None, people: ir.Table | None) -> ir.Table | None:
    """The rows of the people in `people` (council, person_id), e.g. children ever looked after: the
    other people's counters would only make the view bigger (every predicate asks for one of them)."""
    if rows is None or people is None:
        return rows
    kept = people.select(c_council=people.council, c_person=people.person_id).distinct()
    return rows.semi_join(kept, [rows.council == kept.c_council, rows.person_id == kept.c_person])


def _worker_changes(inputs: ViewInputs, periods: ir.Table | None) -> ir.Table:
    """CF6: changes of allocated social worker in the 12 months to the month end.

    A change is an allocation to a different worker from the child's previous allocation (the
    child's first allocation is not a change); it counts at month ends [start month, start + 12).
    """
    rows = _only_people_in(core.allocations(inputs), periods)
    if rows is None:
        return core.empty_changes(("person_id",))
    order = ibis.window(group_by=[rows.council, rows.person_id], order_by=[rows.start_date, rows.worker_id])
    r = rows.mutate(previous_worker=rows.worker_id.lag().over(order))
    r = r.filter(r.previous_worker.notnull() & (r.previous_worker != r.worker_id))
    return _changes(r, "worker_changes_12_months", month_of(r.start_date), month_of(r.start_date) + 12)


# Event views: initial health assessments and looked-after reviews ----------------------------


def care_entries(inputs: ViewInputs) -> ir.Table:
    """CF21/CF22: periods of care, each placed in the month its initial health assessment was due
    (the 20th working day after entering care), with `iha_due` (still looked after on that day,
    not entering on short breaks) and `iha_in_time` (a completed IHA on or after entry and on or
    before the due date)."""
    from csc_scorecard.engine.views_national import working_day_due

    empty = core.empty_events(iha_due="boolean", iha_in_time="boolean")
    periods = periods_of_care(inputs)
    if periods is None:
        return empty
    periods = _not_short_breaks(inputs, periods)
    due = working_day_due(inputs, periods, "start_date", IHA_WORKING_DAYS)
    due = due.filter(due.due_date.notnull())
    iha = _health_checks(inputs, ("IHA",))
    if iha is None:
        first = due.mutate(iha_date=ibis.null("date"))
    else:
        h = iha.select(h_council=iha.council, h_person=iha.person_id, iha_date=iha.check_date)
        j = due.left_join(
            h, [due.council == h.h_council, due.person_id == h.h_person, h.iha_date >= due.start_date]
        )
        first = j.group_by(
            ["council", "person_id", "start_date", "end_date", "due_date", "short_break"]
        ).aggregate(iha_date=j.iha_date.min())
    cohort = (first.end_date.isnull() | (first.end_date > first.due_date)) & ~first.short_break
    return first.select(
        council=first.council,
        person_id=first.person_id,
        event_date=first.due_date,
        iha_due=cohort,
        iha_in_time=cohort & (first.iha_date <= first.due_date).fill_null(False),
    )


def _not_short_breaks(inputs: ViewInputs, periods: ir.Table) -> ir.Table:
    """`periods` with `short_break`: the period began while the child's legal status was V3 or V4."""
    spells = core.short_break_spells(inputs)
    if spells is None:
        return periods.mutate(short_break=ibis.literal(False))
    sb = spells.select(sb_council="council", sb_person="person_id", sb_start="start_date", sb_end="end_date")
    hit = (
        periods.join(
            sb,
            [
                periods.council == sb.sb_council,
                periods.person_id == sb.sb_person,
                sb.sb_start <= periods.start_date,
                sb.sb_end.isnull() | (sb.sb_end > periods.start_date),
            ],
        )
        .select(x_council=periods.council, x_person=periods.person_id, x_start=periods.start_date)
        .distinct()
    )
    j = periods.left_join(
        hit,
        [
            periods.council == hit.x_council,
            periods.person_id == hit.x_person,
            periods.start_date == hit.x_start,
        ],
    )
    return j.mutate(short_break=j.x_person.notnull()).drop("x_council", "x_person", "x_start")


def cla_reviews_due(inputs: ViewInputs) -> ir.Table:
    """SG15: looked-after reviews due (D14): the first within 20 working days of entering care, the
    second within 3 months of the first, then at most every 6 months while the period of care lasts.
    Cancelled reviews are not reviews."""
    from csc_scorecard.engine.views_national import review_chain, working_day_due

    empty = core.empty_events(
        spell_id="string", held_date="date", on_time="boolean", late="boolean", not_recorded="boolean"
    )
    periods = periods_of_care(inputs)
    t = inputs.table("ssd_cla_reviews")
    if periods is None or not core.has_columns(t, "clar_cla_person_id", "clar_cla_review_date"):
        return empty
    assert t is not None
    kept = t.filter(t.clar_cla_review_date.notnull() & ~flag(t, "clar_cla_review_cancelled"))
    reviews = kept.select(
        council=kept.council, person_id=kept.clar_cla_person_id, review_date=kept.clar_cla_review_date
    )
    spells = working_day_due(inputs, periods, "start_date", FIRST_REVIEW_WORKING_DAYS)
    spells = spells.select(
        "council",
        spell_id=spells.person_id.concat("|", spells.start_date.cast("string")),
        person_id=spells.person_id,
        start_date=spells.start_date,
        end_date=spells.end_date,
        first_due=spells.due_date,
    )
    return review_chain(reviews, spells, "first_due", 3)


# Care leavers (CF29) --------------------------------------------------------------------------


def care_leavers(inputs: ViewInputs) -> StateView:
    """CF29: relevant and former relevant care leavers aged 16 to 21 at each month end, and whether
    their pathway plan was reviewed in the 6 calendar months ending with the month.

    `ssd_care_leavers` holds each young person's latest eligibility only. A young person listed as
    relevant or former relevant was one at a month end when aged 16 to 21 at it and no longer looked
    after: not in a period of care at the month end (one that ceased on the month end has ended)
    and not before the end of their first one. A young person with no episode in the data left care
    before it begins. Without ssd_cla_episodes, each month counts today's list by age alone.
    """
    keys = ("person_id",)
    counters = ("care_leaver", "pathway_plan", "looked_after", "before_leaving_care")
    t = inputs.table("ssd_care_leavers")
    births = _dates_of_birth(inputs)
    if births is None or not core.has_columns(t, "clea_person_id", "clea_care_leaver_eligibility"):
        changes = core.empty_changes(keys)
    else:
        assert t is not None
        eligible = t.filter(
            t.clea_care_leaver_eligibility.upper().strip().isin(("RELEVANT", "FORMER_RELEVANT"))
        )
        rows = eligible.select(
            council=eligible.council,
            person_id=eligible.clea_person_id,
            review=column(eligible, "clea_pathway_plan_review_date", type_="date"),
        )
        b = births.select(b_council="council", b_person="person_id", dob="dob")
        j = rows.join(b, [rows.council == b.b_council, rows.person_id == b.b_person])
        born = month_of(j.dob)
        reviewed = j.filter(j.review.notnull())
        parts = [
            _changes(j, "care_leaver", born + 16 * 12, born + 22 * 12),
            _changes(reviewed, "pathway_plan", month_of(reviewed.review), month_of(reviewed.review) + 6),
        ]
        periods = _only_people_in(periods_of_care(inputs), rows)
        if periods is not None:
            parts.append(
                _changes(periods, "looked_after", month_of(periods.start_date), _end_month(periods.end_date))
            )
            # Periods of care do not overlap, so the earliest end is the first period's (none while open).
            first = periods.group_by(["council", "person_id"]).aggregate(left=periods.end_date.min())
            parts.append(
                _changes(first, "before_leaving_care", ibis.literal(0, "int64"), _end_month(first.left))
            )
        changes = core.union_all(parts)

    def care_leaver(s: ir.Table) -> ir.BooleanValue:
        return (s.care_leaver > 0) & (s.looked_after == 0) & (s.before_leaving_care == 0)

    return StateView(
        keys,
        counters,
        changes,
        {
            "care_leaver": care_leaver,
            "pathway_plan_current": lambda s: care_leaver(s) & (s.pathway_plan > 0),
        },
    )
