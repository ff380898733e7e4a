"""The installed loader reads only its own shipped files: never ../shared, and nothing at import time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import csc_scorecard.reference

PACKAGE = Path(csc_scorecard.reference.__file__).resolve().parent
REPO = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter from an unrelated folder, recording every file Python opens (an audit hook
# sees open() from any module, importlib.resources included).
PROBE = textwrap.dedent(
    """
    import json, sys

    opened = []
    def hook(event, args):
        if event == "open" and isinstance(args[0], str):
            opened.append(args[0])
    sys.addaudithook(hook)

    from csc_scorecard import reference
    at_import = list(opened)
    reference.councils()
    reference.statistical_neighbours("357", "2021")
    reference.population_0_17("357", 2020, "census2011_based")
    reference.successors("909")
    print(json.dumps({"at_import": at_import, "opened": opened, "pandas": "pandas" in sys.modules}))
    """
)


def test_loader_opens_only_shipped_files_from_any_working_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    report = json.loads(result.stdout)
    data = [Path(p).resolve() for p in report["opened"] if p.endswith(".csv")]
    assert {p.name for p in data} == {"councils.csv", "population_0_17.csv", "council_successions.csv"}
    assert all(p.parent == PACKAGE / "data" for p in data)
    assert not [p for p in report["opened"] if "shared" in Path(p).parts]
    assert not [p for p in report["at_import"] if p.endswith(".csv")], "import must not read data"
    assert report["pandas"] is False


def test_loader_source_never_names_the_shared_folder() -> None:
    for module in PACKAGE.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "shared" not in text and "../" not in text and "parents[" not in text, module


def test_shipped_data_is_declared_as_package_data() -> None:
    # Without this, a wheel would install the loader without its files.
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"reference/data/*"' in pyproject
