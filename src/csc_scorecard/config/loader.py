"""Read council.toml, validate it, and report every problem with its file, line and setting.

Validation runs in two passes over the parsed TOML, and both always run, so one pass's problems do
not hide the other's: the pydantic models (types, formats, unknown keys), then the checks that need
the input contract (value-map and date-format tables and columns) or look across settings
(duplicates, a ref both included and excluded). Pydantic's error locations are translated back to
the key paths written in the file, and the line of each is found by scanning the text.
"""

from __future__ import annotations

import difflib
import tomllib
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from csc_scorecard.config.model import CouncilConfig
from csc_scorecard.config.targets import plain_number, toml_key, toml_value_text
from csc_scorecard.config.toml_lines import Path as KeyPath
from csc_scorecard.config.toml_lines import key_lines, line_of
from csc_scorecard.errors import ConfigError

# Fields that exist in the models but not in the file: keys of the TOML table are moved into them
# (`[targets.CIN8]` holds both settings and years), so they are skipped when naming a key path.
_VIRTUAL_FIELDS = {
    "by_ref": "an indicator reference such as CIN8",
    "by_year": 'a financial year such as "2022-23"',
}


class ConfigFileError(ConfigError):
    """The configuration file is missing or cannot be read (as opposed to read but invalid)."""


class _Problem(typing.NamedTuple):
    path: KeyPath
    message: str
    # A key that should not be there: what was said about its value is noise and is dropped.
    bad_key: bool = False


def load_config(path: Path) -> CouncilConfig:
    """Load and validate a council configuration; raise ConfigError listing every problem."""
    path = Path(path)
    if not path.exists():
        raise ConfigFileError(
            f"{path} does not exist. Write an example to fill in with: csc-scorecard init {path.parent}"
        )
    if path.is_dir():
        raise ConfigFileError(
            f"{path} is a folder; give the configuration file, e.g. {path / 'council.toml'}"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigFileError(
            f"{path} is not UTF-8 text. Save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)."
        ) from None
    except OSError as error:
        raise ConfigFileError(f"cannot read {path}: {error.strerror or error}") from None
    return validate_config_text(text, str(path), folder=path.resolve().parent)


def validate_config_text(
    text: str, filename: str = "council.toml", *, folder: Path | None = None
) -> CouncilConfig:
    """Validate configuration text; `filename` names it in messages, `folder` anchors relative paths."""
    try:
        raw = tomllib.loads(text.removeprefix("\ufeff"))  # Notepad may save a byte-order mark
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{filename} is not valid TOML: {error}") from None
    lines = key_lines(text.removeprefix("\ufeff"))
    problems: list[_Problem] = []
    config: CouncilConfig | None = None
    try:
        config = CouncilConfig.model_validate(raw)
    except ValidationError as error:
        problems.extend(_problem_from_pydantic(detail) for detail in error.errors())
    problems.extend(_contract_problems(raw))
    problems.extend(_cross_setting_problems(raw))
    if problems or config is None:
        issues = _format_all(problems, filename, lines)
        noun = "problem" if len(issues) == 1 else "problems"
        raise ConfigError(f"{filename} has {len(issues)} {noun}", issues)
    config._file_name = filename
    config._folder = folder
    config._lines = lines
    return config


# --- messages ---------------------------------------------------------------------------------------


def format_path(path: KeyPath) -> str:
    """("targets", "CIN8", "2022-23") → targets.CIN8."2022-23"; list positions as [i]."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + toml_key(part)
    return text


def _format_all(problems: Iterable[_Problem], filename: str, lines: dict[KeyPath, int]) -> tuple[str, ...]:
    problems = list(problems)
    bad_keys = {problem.path for problem in problems if problem.bad_key}
    seen: set[str] = set()
    located: list[tuple[int, str]] = []
    for problem in problems:
        if not problem.bad_key and any(problem.path[: len(key)] == key for key in bad_keys):
            continue
        line = line_of(lines, problem.path)
        text = _format_one(filename, line, problem)
        if text not in seen:
            seen.add(text)
            located.append((line or 0, text))
    # Stable sort: problems on the same line keep the order they were found in.
    return tuple(text for _, text in sorted(located, key=lambda item: item[0]))


def _format_one(filename: str, line: int | None, problem: _Problem) -> str:
    where = f"{filename} line {line}" if line else filename
    return (
        f"{where}, {format_path(problem.path)}: {problem.message}"
        if problem.path
        else f"{where}: {problem.message}"
    )


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """'; did you mean "x"?' for a close candidate (ignoring case), else ''."""
    by_folded = {candidate.casefold(): candidate for candidate in candidates}
    matches = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.6)
    return f'; did you mean "{by_folded[matches[0]]}"?' if matches else ""


# --- pydantic errors → key paths and plain messages -------------------------------------------------

_TYPE_MESSAGES = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text in quotes",
    "tuple_type": 'expected a list such as ["A", "B"]',
    "list_type": 'expected a list such as ["A", "B"]',
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
    "time_type": 'expected a time of day such as "09:00"',
}


def _unwrap(annotation: Any) -> Any:
    """Annotated[X, ...] → X; X | None → X (the model type of an optional table)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _settings_of(model: Any) -> list[str]:
    return [name for name in model.model_fields if name not in _VIRTUAL_FIELDS]


def _walk(loc: tuple[str | int, ...]) -> tuple[KeyPath, Any, str]:
    """Translate a pydantic location into the file's key path.

    Returns the path, the model that owns the last key (for suggestions), and the virtual field the
    key was moved into, if any (a bad key there may be a mistyped setting), else "".
    """
    path: list[str | int] = []
    current: Any = CouncilConfig
    owner: Any = CouncilConfig
    in_virtual = ""
    for segment in loc:
        if segment == "[key]":
            break
        if _is_model(current):
            owner, in_virtual = current, ""
            if segment in _VIRTUAL_FIELDS and segment in current.model_fields:
                current, in_virtual = _unwrap(current.model_fields[segment].annotation), str(segment)
                continue
            field = current.model_fields.get(segment) if isinstance(segment, str) else None
            current = _unwrap(field.annotation) if field else None
            path.append(segment)
            continue
        origin = typing.get_origin(current)
        arguments = typing.get_args(current)
        if origin is dict and arguments:
            current = _unwrap(arguments[1])
        elif origin in (tuple, list) and arguments:
            current = _unwrap(arguments[0])
        else:
            current = None
        if not in_virtual:
            owner = None
        path.append(segment)
    return tuple(path), owner, in_virtual


def _problem_from_pydantic(error: ErrorDetails) -> _Problem:
    loc = tuple(error["loc"])
    path, owner, in_virtual = _walk(loc)
    if error["type"] == "extra_forbidden":
        allowed = _settings_of(owner) if _is_model(owner) else []
        hint = did_you_mean(str(path[-1]), allowed) or (
            f"; expected one of: {', '.join(allowed)}" if allowed else ""
        )
        return _Problem(path, f"unknown setting {toml_value_text(path[-1])}{hint}", bad_key=True)
    if "[key]" in loc and in_virtual and _is_model(owner):
        settings = _settings_of(owner)
        hint = did_you_mean(str(path[-1]), settings) or (
            f": expected {_VIRTUAL_FIELDS[in_virtual]}, or one of the settings {', '.join(settings)}"
        )
        return _Problem(path, f"unknown setting {toml_value_text(path[-1])}{hint}", bad_key=True)
    if error["type"] == "missing" and len(path) == 1:
        return _Problem(path, f"the [{path[0]}] section is required")
    return _Problem(path, _analyst_message(error), bad_key="[key]" in loc)


def _analyst_message(error: ErrorDetails) -> str:
    kind = error["type"]
    found = toml_value_text(error.get("input"))
    context = error.get("ctx") or {}
    if kind == "missing":
        return "this setting is required"
    if kind in ("enum", "literal_error"):
        choices = [choice.strip("'") for choice in _split_choices(str(context.get("expected", "")))]
        listed = ", ".join(f'"{choice}"' for choice in choices)
        value = error.get("input")
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        return f"expected one of {listed}; found {found}{hint}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = context.get("ge", context.get("gt"))
        return f"must be at least {toml_value_text(plain_number(bound))}; found {found}"
    if kind in ("too_short", "string_too_short"):
        return "must not be empty"
    if kind in _TYPE_MESSAGES:
        return f"{_TYPE_MESSAGES[kind]}; found {found}"
    # Our own checks (PydanticCustomError) already speak the analyst's language.
    return str(error["msg"]).removeprefix("Value error, ")


def _split_choices(expected: str) -> list[str]:
    """ "'a', 'b' or 'c'" → ["'a'", "'b'", "'c'"]."""
    return [part.strip() for part in expected.replace(" or ", ", ").split(", ") if part.strip()]


# --- checks against the input contract --------------------------------------------------------------


def _contract_problems(raw: dict[str, Any]) -> list[_Problem]:
    """value_maps and dates must name tables and columns of the input contract (csc_scorecard.schema)."""
    from csc_scorecard.schema import CODE_LISTS, TABLES

    problems: list[_Problem] = []
    value_maps = raw.get("value_maps")
    for table_name, columns in value_maps.items() if isinstance(value_maps, dict) else ():
        table = TABLES.get(table_name)
        if table is None:
            hint = did_you_mean(table_name, TABLES)
            message = f"unknown table {toml_value_text(table_name)}{hint}"
            problems.append(_Problem(("value_maps", table_name), message, bad_key=True))
            continue
        for column_name, mapping in columns.items() if isinstance(columns, dict) else ():
            path = ("value_maps", table_name, column_name)
            column = table.columns_by_name.get(column_name)
            if column is None:
                hint = did_you_mean(column_name, table.column_names)
                message = f"table {table_name} has no column {toml_value_text(column_name)}{hint}"
                problems.append(_Problem(path, message, bad_key=True))
                continue
            problems.extend(_same_descriptions(mapping, path))
            code_list = CODE_LISTS.get(column.codes) if column.codes else None
            for description, code in mapping.items() if isinstance(mapping, dict) and code_list else ():
                if isinstance(code, str) and code_list is not None and code_list.get(code) is None:
                    codes = [item.code for item in code_list]
                    hint = did_you_mean(code, codes) or f"; expected one of: {', '.join(codes)}"
                    message = f"{toml_value_text(code)} is not a code of {code_list.name}{hint}"
                    problems.append(_Problem((*path, description), message))
    dates = raw.get("dates")
    for key in dates if isinstance(dates, dict) else ():
        if key != "default" and key not in TABLES:
            hint = did_you_mean(key, ["default", *TABLES])
            problems.append(
                _Problem(("dates", key), f"unknown table {toml_value_text(key)}{hint}", bad_key=True)
            )
    return problems


def _same_descriptions(mapping: Any, path: KeyPath) -> list[_Problem]:
    """Ingest matches descriptions ignoring case and spacing, so two that differ only so would clash."""
    from csc_scorecard.ingest.settings import normalise_description

    first_by_folded: dict[str, str] = {}
    problems: list[_Problem] = []
    for description in mapping if isinstance(mapping, dict) else ():
        first = first_by_folded.setdefault(normalise_description(description), description)
        if first != description:
            message = (
                f"{toml_value_text(description)} is the same description as {toml_value_text(first)} "
                "(descriptions are matched ignoring case and spacing); keep one"
            )
            problems.append(_Problem((*path, description), message))
    return problems


# --- checks across settings -------------------------------------------------------------------------


def _cross_setting_problems(raw: dict[str, Any]) -> list[_Problem]:
    problems: list[_Problem] = []
    indicators = raw.get("indicators")
    if not isinstance(indicators, dict):
        indicators = {}
    for name in ("include", "exclude", "order"):
        problems.extend(_duplicates(indicators.get(name), ("indicators", name)))
    include, exclude = indicators.get("include"), indicators.get("exclude")
    if isinstance(include, list) and isinstance(exclude, list):
        for index, ref in enumerate(exclude):
            if ref in include:
                message = f"{toml_value_text(ref)} is both included and excluded; remove it from one list"
                problems.append(_Problem(("indicators", "exclude", index), message))
    local = indicators.get("local")
    if isinstance(local, list):
        refs = [item.get("ref") if isinstance(item, dict) else None for item in local]
        for index, ref in enumerate(refs):
            if ref is not None and ref in refs[:index]:
                message = f"local indicator {ref} is defined twice; give each its own ref"
                problems.append(_Problem(("indicators", "local", index, "ref"), message))
    groups = raw.get("comparator_groups")
    for name, group in groups.items() if isinstance(groups, dict) else ():
        if isinstance(group, dict):
            path = ("comparator_groups", name, "councils")
            problems.extend(_duplicates(group.get("councils"), path))
    return problems


def _duplicates(values: Any, path: KeyPath) -> list[_Problem]:
    """Each repeat of a value already listed earlier in the same list."""
    if not isinstance(values, list):
        return []
    return [
        _Problem((*path, index), f"{toml_value_text(value)} is listed twice")
        for index, value in enumerate(values)
        if value in values[:index]
    ]


# --- checks against the indicator catalogue (called by CouncilConfig.check_against) -----------------


def check_against_catalogue(
    config: CouncilConfig,
    filename: str,
    lines: dict[KeyPath, int],
    known_refs: set[str],
    known_kinds: set[str],
) -> list[str]:
    """Refs that are neither in the catalogue nor local indicators, and kinds the engine lacks."""
    overlay = config.indicators
    local_refs = {indicator.ref for indicator in overlay.local}
    all_refs = known_refs | local_refs
    problems: list[_Problem] = []

    def unknown_ref(ref: str, path: KeyPath) -> None:
        if ref not in all_refs:
            problems.append(_Problem(path, f"unknown indicator {ref}{did_you_mean(ref, sorted(all_refs))}"))

    for name in ("include", "exclude", "order"):
        for index, ref in enumerate(getattr(overlay, name)):
            unknown_ref(ref, ("indicators", name, index))
    for ref in overlay.rename:
        unknown_ref(ref, ("indicators", "rename", ref))
    for ref in config.targets.by_ref:
        unknown_ref(ref, ("targets", ref))
    for index, indicator in enumerate(overlay.local):
        if indicator.ref in known_refs:
            message = (
                f"local indicator {indicator.ref} has the ref of a catalogue indicator; choose another ref"
            )
            problems.append(_Problem(("indicators", "local", index, "ref"), message))
        if indicator.kind not in known_kinds:
            hint = did_you_mean(indicator.kind, sorted(known_kinds))
            message = f"unknown indicator kind {toml_value_text(indicator.kind)}{hint}"
            problems.append(_Problem(("indicators", "local", index, "kind"), message))
    return list(_format_all(problems, filename, lines))
