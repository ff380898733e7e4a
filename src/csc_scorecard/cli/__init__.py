"""Command line: `csc-scorecard COMMAND`. Each command lives in its own module and imports heavy
libraries inside the command, so that `--help` stays instant."""

from __future__ import annotations

import sys

# Importing a module registers its commands on `app`.
from csc_scorecard.cli import config_cmd, validate_cmd  # noqa: F401
from csc_scorecard.cli._app import app


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
