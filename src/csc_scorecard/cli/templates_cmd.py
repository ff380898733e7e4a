"""`csc-scorecard templates`: header-only CSVs and READMEs for the extension and reference tables."""

from __future__ import annotations

from pathlib import Path

import typer

from csc_scorecard.cli._app import app


@app.command()
def templates(
    out_dir: Path = typer.Argument(..., help="Folder to write the templates to (created if needed)."),
) -> None:
    """Write a header-only CSV and a README for every ext_* and ref_* table, and README.md listing
    them by how many indicators each unlocks (see docs/onboarding.md).

    Example:

        csc-scorecard templates templates/
    """
    from csc_scorecard.catalogue.load import load_catalogue
    from csc_scorecard.templates import table_templates, write_templates

    catalogue = load_catalogue()
    write_templates(out_dir, catalogue)
    ordered = table_templates(catalogue)
    print(f"Wrote {len(ordered)} templates to {out_dir}; start with:")
    for template in ordered[:5]:
        print(f"  {template.table.name}: unlocks {len(template.required_by)} indicator(s)")
