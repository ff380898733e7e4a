"""Generate docs/indicators.md from the catalogue; a test fails when the file has drifted.

python -m csc_scorecard.catalogue.docs            # rewrites docs/indicators.md
python -m csc_scorecard.catalogue.docs --check    # exit 1 if it would change
"""

from __future__ import annotations

import sys
from pathlib import Path

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.catalogue.model import Catalogue, Indicator, Section

DEFAULT_PATH = Path("docs/indicators.md")

_HEADER = """# Indicators

<!-- Generated from src/csc_scorecard/catalogue/definitions/*.yaml by
     `python -m csc_scorecard.catalogue.docs`. Do not edit by hand. -->

Each indicator is defined once, as data, in the catalogue. Counting conventions (working days, snapshots,
windows, exclusions, population year) are in [conventions.md](conventions.md). Units: a percentage is
stored as a fraction between 0 and 1; rates are per 10,000 children aged 0 to 17.
"""


def _indicator(ind: Indicator) -> str:
    lines = [
        f"### {ind.ref}: {ind.title}",
        "",
        ind.definition.strip(),
        "",
        f"- **Kind:** {ind.kind.value}; **unit:** {ind.unit.value}; **polarity:** {ind.polarity.value.replace('_', ' ')}",
        f"- **Period:** {ind.period_basis.value.replace('_', ' ')}; **counts:** {ind.count_unit.value}; "
        f"**SPC:** {'yes' if ind.spc else 'no'}",
        f"- **Source:** {ind.source}",
        "- **Needs:** " + "; ".join(f"`{t}` ({', '.join(cols)})" for t, cols in ind.requires.items()),
    ]
    if ind.history_months:
        lines.append(f"- **Looks back:** {ind.history_months} months before the period")
    for item in ind.optional:
        lines.append(
            f"- **Without** `{item.table}` ({', '.join(item.columns) or 'the table'}): {item.reason}"
        )
    for b in ind.breakdowns:
        needs = f" (needs the configuration's {b.needs_setting.value})" if b.needs_setting else ""
        lines.append(f"- **Second figure:** {b.name} = {b.value}{needs}")
    if ind.relationships:
        words = {"count_of": "its count is", "denominator": "its denominator is", "part_of": "part of"}
        rels = "; ".join(f"{words[r.type.value]} {r.ref}" for r in ind.relationships)
        lines.append(f"- **Related:** {rels}")
    return "\n".join(lines)


def render(catalogue: Catalogue) -> str:
    """The whole page, as text."""
    parts = [_HEADER]
    for section in Section:
        members = [i for i in catalogue.indicators if i.section is section]
        if not members:
            continue
        parts.append(f"## {section.heading}\n")
        parts.append("| Ref | Indicator | Kind | Period |\n|---|---|---|---|")
        parts.append(
            "\n".join(
                f"| [{i.ref}](#{i.ref.lower()}-{_anchor(i.title)}) | {i.title} | {i.kind.value} | "
                f"{i.period_basis.value.replace('_', ' ')} |"
                for i in members
            )
            + "\n"
        )
        parts.extend(_indicator(i) + "\n" for i in members)
    return "\n".join(parts)


def _anchor(title: str) -> str:
    kept = "".join(ch for ch in title.lower() if ch.isalnum() or ch in " -")
    return kept.replace(" ", "-")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    paths = [a for a in args if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT_PATH
    text = render(load_catalogue())
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if check:
        if current != text:
            print(f"{path} is out of date: run `python -m csc_scorecard.catalogue.docs`", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
