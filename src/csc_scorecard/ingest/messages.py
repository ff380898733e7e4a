"""Issue messages, written for the person holding the file.

Each says what was found, what was expected and what happened to the row or field, e.g.
`'31/02/2024' is not a valid date (expected a date like 31/01/2024, the format of this column).`
Dates are shown the UK way (31/01/2024).
"""

from __future__ import annotations

from datetime import date

from csc_scorecard.ingest.dates import DMY, EXAMPLES
from csc_scorecard.schema import CodeList

ROW_QUARANTINED = "The row was quarantined"
FIELD_NULLED = "The field was set to empty; the row was kept."
MAX_SHOWN = 80


def shown(value: str) -> str:
    """A value as quoted in a message, shortened if long."""
    text = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"
    return f"'{text}'"


def uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def fixed(text: str, found: str, extra: str) -> str:
    """An expected value that does not depend on the row."""
    return text


def date_expected(found: str, extra: str) -> str:
    """`extra` is the format of the council's column (dates.ISO, ...)."""
    return f"a date like {EXAMPLES.get(extra, EXAMPLES[DMY])}"


def not_a_date(found: str, extra: str, *, required: bool) -> str:
    example = EXAMPLES.get(extra, EXAMPLES[DMY])
    base = f"{shown(found)} is not a valid date (expected a date like {example}, the format of this column)."
    return f"{base} {ROW_QUARANTINED}: this date is required." if required else f"{base} {FIELD_NULLED}"


def implausible(found: str, extra: str, *, required: bool) -> str:
    base = f"{shown(found)} is {reason_text(extra)}."
    return f"{base} {ROW_QUARANTINED}: this date is required." if required else f"{base} {FIELD_NULLED}"


def reason_text(reason: str) -> str:
    """Words for the plausibility rule a date broke: `code:detail` from `checks.plausibility_sql`."""
    code, _, detail = reason.partition(":")
    return {
        "after_extract": f"after the extract date ({detail})",
        "before_1900": "before 1 January 1900",
        "before_birth": f"more than 40 weeks before the child's date of birth ({detail})",
        "due_too_late": f"more than two years after the extract date ({detail})",
        "birth_future": f"after the extract date ({detail}), so cannot be a date of birth",
        "birth_too_old": f"more than 26 years before the extract date ({detail}), too old for a child",
        "expected_too_far": f"more than a year from the extract date ({detail}), unlikely for an expected birth",
    }.get(code, code)


def missing_key(found: str, extra: str, *, columns: tuple[str, ...]) -> str:
    what = (
        f"the key column {columns[0]} is"
        if len(columns) == 1
        else f"part of the key ({', '.join(columns)}) is"
    )
    return f"{what} empty. {ROW_QUARANTINED}: every row needs a key."


def duplicate_key(found: str, extra: str) -> str:
    return (
        f"key {shown(found)} is already used by row {extra}. {ROW_QUARANTINED}: the first row with a key "
        "is kept and later rows with the same key are set aside."
    )


def missing_required(found: str, extra: str, *, column: str) -> str:
    return f"{column} is empty. {ROW_QUARANTINED}: this value is required."


def bad_value(found: str, extra: str, *, what: str, expected: str, required: bool) -> str:
    base = f"{shown(found)} is not {what} (expected {expected})."
    return f"{base} {ROW_QUARANTINED}: this value is required." if required else f"{base} {FIELD_NULLED}"


def end_before_start(found: str, extra: str, *, start_column: str) -> str:
    return f"{shown(found)} is before the start {shown(extra)} in {start_column}. {ROW_QUARANTINED}."


def code_not_in_list(found: str, extra: str, *, codes: CodeList) -> str:
    listed = ", ".join(c.code for c in codes.codes[:12]) + (", ..." if len(codes.codes) > 12 else "")
    via = f" (mapped to {shown(extra)})" if extra and extra != found else ""
    return (
        f"{shown(found)}{via} is not a code in the list '{codes.title}' (expected one of {listed}; "
        f"a value map in the configuration can translate local descriptions). {FIELD_NULLED}"
    )


def code_not_valid_on(found: str, extra: str, *, codes: CodeList, date_column: str) -> str:
    item = codes.get(found)
    window = ""
    if item is not None:
        if item.valid_from and item.valid_to:
            window = f"; it is valid from {uk(item.valid_from)} to {uk(item.valid_to)}"
        elif item.valid_from:
            window = f"; it is valid from {uk(item.valid_from)}"
        elif item.valid_to:
            window = f"; it is valid until {uk(item.valid_to)}"
    return (
        f"{shown(found)} is not a valid code in the list '{codes.title}' on {extra}, the row's {date_column}"
        f"{window}. {FIELD_NULLED}"
    )


def bad_json(found: str, extra: str) -> str:
    return (
        f'{shown(found)} is not valid JSON (expected an object like {{"NFA_FLAG": "Y"}}). '
        "Its outcome flags were set to empty; the row was kept."
    )


def orphan(found: str, target: str, keep: bool) -> str:
    table, _, column = target.partition(".")
    if keep:
        return (
            f"{shown(found)} is not in {table} ({column}). The value was kept and the row still counts: "
            "children known only to early help are often missing from ssd_person."
        )
    return f"{shown(found)} is not in {table} ({column}). {FIELD_NULLED}"
