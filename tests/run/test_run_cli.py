"""`csc-scorecard run` and `commentary init` on a small synthetic council, and run's exit codes."""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console
from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.cli.run_cmd import EXIT_CLEAN, EXIT_PROBLEMS, _data_problems
from csc_scorecard.errors import Level

PERIOD = "2022-03"


def _invoke(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("council")
    code, output = _invoke("generate", root / "data", "--start", "2021-04", "--end", PERIOD)
    assert code == 0, output
    return root


@pytest.mark.slow
def test_commentary_init_then_run_with_it(council: Path) -> None:
    data, config = council / "data", council / "data" / "council.toml"
    folder = council / "commentary"
    code, output = _invoke(
        "commentary", "init", data, "--config", config, "--period", PERIOD, "--out", folder
    )
    assert code == 0, output
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["CF.md", "CIN.md", "EH.md", "FD.md", "SG.md", "WF.md", "commentary.xlsx"])
    for path in folder.iterdir():  # aggregate outputs never carry a child's identifier
        assert not re.search(rb"SYN-P-", path.read_bytes()), path
    # A second init does not overwrite managers' work without --force.
    assert (
        _invoke("commentary", "init", data, "--config", config, "--period", PERIOD, "--out", folder)[0] == 2
    )

    fd = folder / "FD.md"
    text = fd.read_text(encoding="utf-8").replace("author: ''", "author: Head of MASH")
    # Pretend FD1 printed differently when this was written (as a late-recorded contact would make it).
    text = re.sub(r"FD1: '?[\d,]+'?", "FD1: '1'", text)
    fd.write_text(text + "\nContacts rose as schools returned.\n", encoding="utf-8")

    out = council / "report"
    code, output = _invoke(
        "run",
        data,
        "--config",
        config,
        "--period",
        PERIOD,
        "--months",
        13,
        "--out",
        out,
        "--commentary",
        folder,
    )
    assert code == EXIT_CLEAN, output
    page = (out / "scorecard.html").read_text(encoding="utf-8")
    assert "What the figures show" in page
    assert "Contacts rose as schools returned." in page and "Head of MASH" in page
    assert "Figures revised since this commentary was written: FD1" in page
    assert (out / "validation_issues.csv").exists()
    runs = list((data / "history" / "runs").glob("run-*.parquet"))
    assert len(runs) == 1


def test_unusable_input_exits_2(tmp_path: Path, council: Path) -> None:
    config = council / "data" / "council.toml"
    assert _invoke("run", tmp_path / "missing", "--config", config, "--period", PERIOD)[0] == 2
    assert _invoke("run", council / "data", "--config", config, "--period", "March")[0] == 2
    assert _invoke("run", council / "data", "--config", tmp_path / "none.toml", "--period", PERIOD)[0] == 2


def _computed(
    *, quarantined: int = 0, field_issues: int = 0, levels: tuple[Level, ...] = ()
) -> SimpleNamespace:
    load = SimpleNamespace(rows_quarantined=quarantined, field_issues=field_issues)
    issues = [SimpleNamespace(level=level) for level in levels]
    return SimpleNamespace(dataset=SimpleNamespace(loads={("357", "ssd_person"): load}, issues=issues))


@pytest.mark.parametrize(
    ("computed", "expected"),
    [
        (_computed(), EXIT_CLEAN),
        (_computed(levels=(Level.WARNING,)), EXIT_CLEAN),  # an optional table missing is not a data problem
        (_computed(quarantined=3), EXIT_PROBLEMS),
        (_computed(field_issues=1), EXIT_PROBLEMS),
        (_computed(levels=(Level.ERROR,)), EXIT_PROBLEMS),
    ],
)
def test_the_exit_code_says_whether_the_data_had_problems(
    computed: SimpleNamespace, expected: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csc_scorecard.ingest import report

    monkeypatch.setattr(report, "write_issues_csv", lambda issues, path: (path, ""))
    console = Console(file=io.StringIO())
    assert _data_problems(computed, tmp_path, console) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("command", [("run",), ("commentary", "init")])
def test_help_ends_with_an_example(command: tuple[str, ...]) -> None:
    code, output = _invoke(*command, "--help")
    assert code == 0 and "Example:" in output
