"""Scorecard measures counted straight from generated tables with DuckDB (ssd-mapping.md §10), so the
calibration tests do not depend on the engine: each query is the indicator's definition, written plainly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np

REFERENCE_POPULATION = 50956


def connect(folder: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for path in sorted(folder.glob("*.parquet")):
        con.execute(f"CREATE VIEW {path.stem} AS SELECT * FROM read_parquet('{path}')")
    return con


def working_days_calendar(con: duckdb.DuckDBPyConnection) -> np.busdaycalendar:
    import holidays

    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2000, 2031))
    closed = [
        row[0]
        for row in con.execute("SELECT date FROM ref_working_calendar WHERE NOT is_working_day").fetchall()
    ]
    return np.busdaycalendar(holidays=np.array(sorted([*bank, *closed]), dtype="datetime64[D]"))


def one(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> float:
    value = con.execute(sql, params).fetchone()
    return float(value[0]) if value and value[0] is not None else 0.0


def month_measures(
    con: duckdb.DuckDBPyConnection, month_start: date, population: int = REFERENCE_POPULATION
) -> dict[str, float]:
    """Counts, rolling rates and percentages for one month (month end = ME)."""
    p = {"m0": month_start}
    me = "(CAST($m0 AS DATE) + INTERVAL 1 MONTH - INTERVAL 1 DAY)"
    m1 = "(CAST($m0 AS DATE) + INTERVAL 1 MONTH)"
    y0 = "(CAST($m0 AS DATE) - INTERVAL 11 MONTH)"
    in_month = lambda col: f"CAST({col} AS DATE) >= CAST($m0 AS DATE) AND CAST({col} AS DATE) < {m1}"  # noqa: E731
    in_year = lambda col: f"CAST({col} AS DATE) >= {y0} AND CAST({col} AS DATE) < {m1}"  # noqa: E731
    open_at = lambda s, e: f"{s} <= {me} AND ({e} IS NULL OR {e} > {me})"  # noqa: E731
    out: dict[str, float] = {}
    out["FD1"] = one(con, f"SELECT count(*) FROM ssd_contacts WHERE {in_month('cont_contact_date')}", **p)
    out["FD2"] = (
        one(con, f"SELECT count(*) FROM ssd_contacts WHERE {in_year('cont_contact_date')}", **p)
        / population
        * 10000
    )
    out["FD8a"] = one(
        con,
        f"SELECT count(*) FROM ext_screening WHERE scrn_service = 'FRONT_DOOR' "
        f"AND NOT scrn_is_rfi AND {in_month('scrn_completed_dttm')}",
        **p,
    )
    out["FD9a"] = one(
        con,
        f"SELECT count(*) FROM ext_screening WHERE scrn_service = 'EARLY_HELP_HUB' "
        f"AND NOT scrn_is_rfi AND {in_month('scrn_completed_dttm')}",
        **p,
    )
    out["FD16"] = one(
        con,
        f"SELECT count(*) FROM ext_contact_detail WHERE cont_contact_type = 'DA_NOTIFICATION' "
        f"AND {in_month('cont_received_dttm')}",
        **p,
    )
    out["EH2"] = one(
        con,
        f"SELECT count(*) FROM ssd_early_help_episodes WHERE "
        f"{open_at('earl_episode_start_date', 'earl_episode_end_date')}",
        **p,
    )
    out["CIN1"] = one(
        con, f"SELECT count(*) FROM ssd_cin_episodes WHERE {in_month('cine_referral_date')}", **p
    )
    out["CIN2"] = (
        one(con, f"SELECT count(*) FROM ssd_cin_episodes WHERE {in_year('cine_referral_date')}", **p)
        / population
        * 10000
    )
    out["CIN4"] = 100 * one(
        con,
        f"""
        SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM ssd_cin_episodes b WHERE b.cine_person_id = a.cine_person_id
            AND b.cine_referral_date < a.cine_referral_date
            AND b.cine_referral_date >= a.cine_referral_date - INTERVAL 12 MONTH) THEN 1.0 ELSE 0.0 END)
        FROM ssd_cin_episodes a WHERE {in_month("a.cine_referral_date")}""",
        **p,
    )
    out["CIN6"] = one(
        con, f"SELECT count(*) FROM ssd_cin_assessments WHERE {in_month('cina_assessment_auth_date')}", **p
    )
    rows = con.execute(
        f"SELECT cina_assessment_start_date, cina_assessment_auth_date FROM ssd_cin_assessments "
        f"WHERE {in_month('cina_assessment_auth_date')}",
        p,
    ).fetchnumpy()
    calendar = working_days_calendar(con)
    start = rows["cina_assessment_start_date"].astype("datetime64[D]")
    auth = rows["cina_assessment_auth_date"].astype("datetime64[D]")
    out["CIN8"] = (
        100 * float(np.mean(np.busday_count(start, auth, busdaycal=calendar) <= 45)) if len(start) else 0.0
    )
    out["CIN9"] = one(con, f"SELECT count(*) FROM ext_strategy_discussion WHERE {in_month('strt_date')}", **p)
    out["CIN13"] = one(
        con, f"SELECT count(*) FROM ssd_s47_enquiry WHERE {in_month('s47e_s47_end_date')}", **p
    )
    out["CIN14"] = (
        one(con, f"SELECT count(*) FROM ssd_s47_enquiry WHERE {in_year('s47e_s47_end_date')}", **p)
        / population
        * 10000
    )
    out["CIN16"] = one(
        con,
        f"SELECT count(DISTINCT cinp_person_id) FROM ssd_cin_plans WHERE "
        f"{open_at('cinp_cin_plan_start_date', 'cinp_cin_plan_end_date')}",
        **p,
    )
    cp_open = f"""SELECT cppl_person_id AS person, min(cppl_cp_plan_start_date) AS start FROM ssd_cp_plans
                  WHERE {open_at("cppl_cp_plan_start_date", "cppl_cp_plan_end_date")}
                  AND NOT coalesce(cppl_cp_plan_ola, false) GROUP BY 1"""
    out["CIN18"] = one(con, f"SELECT count(*) FROM ({cp_open})", **p)
    out["CIN20"] = 100 * one(
        con,
        f"""
        SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM ssd_cp_visits v WHERE v.cppv_person_id = c.person
            AND v.cppv_cp_visit_date > {me} - INTERVAL 1 MONTH AND v.cppv_cp_visit_date <= {me}) THEN 1.0 ELSE 0 END)
        FROM ({cp_open}) c WHERE c.start <= {me} - INTERVAL 1 MONTH""",
        **p,
    )
    out["SG13"] = 100 * one(
        con,
        f"SELECT avg(CASE WHEN start < {me} - INTERVAL 18 MONTH THEN 1.0 ELSE 0 END) FROM ({cp_open})",
        **p,
    )
    out["SG14"] = 100 * one(
        con,
        f"SELECT avg(CASE WHEN start < {me} - INTERVAL 24 MONTH THEN 1.0 ELSE 0 END) FROM ({cp_open})",
        **p,
    )
    out["CIN21"] = one(
        con, f"SELECT count(*) FROM ssd_missing WHERE {in_month('miss_missing_episode_start_date')}", **p
    )
    cla = f"""SELECT DISTINCT e.clae_person_id AS person, p.clap_cla_placement_type AS place
        FROM ssd_cla_episodes e JOIN ssd_cla_placement p ON p.clap_cla_placement_id = e.clae_cla_placement_id
        WHERE {open_at("e.clae_cla_episode_start_date", "e.clae_cla_episode_ceased_date")}
        AND NOT EXISTS (SELECT 1 FROM ssd_legal_status l WHERE l.lega_person_id = e.clae_person_id
            AND l.lega_legal_status IN ('V3', 'V4')
            AND {open_at("l.lega_legal_status_start_date", "l.lega_legal_status_end_date")})"""
    out["CF1"] = one(con, f"SELECT count(DISTINCT person) FROM ({cla})", **p)
    out["CF8"] = one(con, f"SELECT count(DISTINCT person) FROM ({cla}) WHERE place LIKE 'U%'", **p)
    out["CF12"] = one(con, f"SELECT count(DISTINCT person) FROM ({cla}) WHERE place = 'P1'", **p)
    out["CF9"] = 100 * out["CF8"] / max(out["CF1"], 1)
    out["CF13"] = 100 * out["CF12"] / max(out["CF1"], 1)
    out["WF1"] = one(
        con,
        f"SELECT count(DISTINCT cine_person_id) FROM ssd_cin_episodes WHERE "
        f"{open_at('cine_referral_date', 'cine_close_date')}",
        **p,
    )
    out["SG16"] = one(
        con, f"SELECT count(*) FROM ext_case_audit WHERE {in_month('audt_completed_date')}", **p
    )
    return out


def monthly_series(con: duckdb.DuckDBPyConnection, ref: str, first: date, last: date) -> dict[date, float]:
    """A month-by-month series of one ref (the ones change points and the control series name)."""
    window = f"BETWEEN DATE '{first}' AND DATE '{last}'"
    if ref == "CIN8":
        rows = con.execute(f"""SELECT date_trunc('month', cina_assessment_auth_date) AS m,
                cina_assessment_start_date AS s, cina_assessment_auth_date AS a FROM ssd_cin_assessments
                WHERE date_trunc('month', cina_assessment_auth_date) {window}""").fetchnumpy()
        met = (
            np.busday_count(
                rows["s"].astype("datetime64[D]"),
                rows["a"].astype("datetime64[D]"),
                busdaycal=working_days_calendar(con),
            )
            <= 45
        )
        return _mean_by_month(rows["m"], met)
    if ref == "FD8":
        # Timely screenings finish within 2 working days of receipt, late ones after 4 or more (see
        # docs/synthetic-data.md), so whole working days settle "within 72 working hours" either way.
        rows = con.execute(f"""SELECT date_trunc('month', scrn_completed_dttm) AS m,
                CAST(scrn_start_dttm AS DATE) AS s, CAST(scrn_completed_dttm AS DATE) AS c FROM ext_screening
                WHERE scrn_service = 'FRONT_DOOR' AND NOT scrn_is_rfi
                AND date_trunc('month', scrn_completed_dttm) {window}""").fetchnumpy()
        met = (
            np.busday_count(
                rows["s"].astype("datetime64[D]"),
                rows["c"].astype("datetime64[D]"),
                busdaycal=working_days_calendar(con),
            )
            <= 3
        )
        return _mean_by_month(rows["m"], met)
    sql = {
        "FD1": "SELECT date_trunc('month', cont_contact_date) AS m, count(*) FROM ssd_contacts",
        "FD16": "SELECT date_trunc('month', cont_received_dttm) AS m, count(*) FROM ext_contact_detail "
        "WHERE cont_contact_type = 'DA_NOTIFICATION'",
        "SG16": "SELECT date_trunc('month', audt_completed_date) AS m, count(*) FROM ext_case_audit",
    }[ref]
    glue = " AND " if "WHERE" in sql else " WHERE "
    column = sql.split("date_trunc('month', ")[1].split(")")[0]
    rows = con.execute(f"{sql}{glue}date_trunc('month', {column}) {window} GROUP BY 1 ORDER BY 1").fetchall()
    return {_as_date(m): float(c) for m, c in rows}


def _as_date(value: object) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value  # type: ignore[return-value]


def _mean_by_month(months: np.ndarray, met: np.ndarray) -> dict[date, float]:
    keys = months.astype("datetime64[D]")
    out = {}
    for key in np.unique(keys):
        out[key.astype(object)] = 100.0 * float(met[keys == key].mean())
    return out
