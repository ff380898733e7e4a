"""Command line: `csc-scorecard COMMAND`. Each command lives in its own module and imports heavy
libraries inside the command, so that `--help` stays instant."""

from __future__ import annotations

import sys
from importlib import import_module

from csc_scorecard.cli._app import app

# Each command lives in its own module; importing it registers its commands on `app`.
COMMAND_MODULES = (
    "bench_cmd",
    "commentary_cmd",
    "comparators_cmd",
    "compute_cmd",
    "config_cmd",
    "demo_cmd",
    "generate_cmd",
    "history_cmd",
    "report_cmd",
    "run_cmd",
    "templates_cmd",
    "validate_cmd",
)
for _module in COMMAND_MODULES:
    import_module(f"csc_scorecard.cli.{_module}")


@app.command()
def version() -> None:
    """Print the version of csc-scorecard.

    Example:

        csc-scorecard version
    """
    from csc_scorecard import __version__

    print(f"csc-scorecard {__version__}")


def main() -> None:
    """Run the CLI; a problem the person can fix is printed plainly, never as a traceback."""
    from csc_scorecard.errors import ScorecardError

    try:
        app()
    except ScorecardError as error:
        print(f"Error: {error}", file=sys.stderr)
        for line in getattr(error, "issues", ()):
            print(f"  {line}", file=sys.stderr)
        sys.exit(error.exit_code)
    except PermissionError as error:
        print(
            f"Error: cannot open {error.filename}: it may be open in another program (such as Excel) "
            "or read-only. Close it, or choose another output folder, and run again.",
            file=sys.stderr,
        )
        sys.exit(2)
    except FileNotFoundError as error:
        print(f"Error: {error.filename} does not exist.", file=sys.stderr)
        sys.exit(2)
