"""Tables load several at a time (`ingest.load._concurrently`): the same Dataset as one at a time.

Two messy synthetic councils (CSV, 2% of values corrupted) exercise every path a table can take:
accepted, quarantined, field issues, orphan links, header-only files. ssd_person must be loaded and
in place before the other tables start, or the date-of-birth plausibility checks quietly do nothing
(a first version of this change did exactly that).
"""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any

import pytest

from csc_scorecard.errors import IssueKind
from csc_scorecard.ingest import load as load_module
from csc_scorecard.ingest.dataset import Dataset
from csc_scorecard.ingest.load import load_dataset
from csc_scorecard.synth.generate import Request, generate


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("messy")
    generate(
        Request(
            folder,
            seed=5,
            start="2021-04",
            end="2023-03",
            councils=2,
            profile="small_shire",
            file_format="csv",
            faults=0.02,
        )
    )
    # A contact dated decades before its child's birth: only the check against ssd_person finds it.
    council = sorted(p for p in folder.iterdir() if p.is_dir())[0]
    with (council / "ssd_person.csv").open(encoding="utf-8", newline="") as f:
        child = next(r for r in csv.DictReader(f) if r["pers_dob"].startswith("20"))
    contacts = council / "ssd_contacts.csv"
    with contacts.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, first = list(reader.fieldnames or []), next(reader)
    early = {**first, "cont_contact_id": "CT-EARLY", "cont_person_id": child["pers_person_id"]}
    early["cont_contact_date"] = "1990-01-01 09:00:00"
    with contacts.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fields, quoting=csv.QUOTE_ALL).writerow(early)
    return folder


def _everything(dataset: Dataset) -> dict[str, Any]:
    con = dataset.backend.con
    return {
        "issues": [
            (i.level, i.kind, i.table, i.message, i.file, i.row, i.column, i.found, i.expected)
            for i in dataset.issues
        ],
        "loads": dataset.loads,
        "tables": {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in dataset.tables},
        "quarantine": {
            n: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()
            for n, t in dataset.quarantine.items()
        },
    }


@pytest.mark.slow
def test_tables_loaded_together_give_the_dataset_loaded_one_at_a_time(messy: Path, monkeypatch):
    threads: set[str] = set()
    load_table = load_module._load_table

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.add(threading.current_thread().name)
        return load_table(*args, **kwargs)

    link_threads: set[str] = set()
    orphans_of = load_module._orphans_of

    def recording_links(*args: Any, **kwargs: Any) -> Any:
        link_threads.add(threading.current_thread().name)
        return orphans_of(*args, **kwargs)

    monkeypatch.setattr(load_module, "_load_table", recording)
    monkeypatch.setattr(load_module, "_orphans_of", recording_links)
    monkeypatch.setattr(load_module, "LOAD_THREADS", 1)
    one_at_a_time = _everything(load_dataset(messy))
    monkeypatch.setattr(load_module, "LOAD_THREADS", 3)
    threads.clear()
    link_threads.clear()
    together = _everything(load_dataset(messy))

    # Several loading threads really ran, for the tables and for their links.
    assert len({t for t in threads if t.startswith("csc-load")}) >= 2
    assert len({t for t in link_threads if t.startswith("csc-load")}) >= 2
    # The data exercise the comparison: quarantined rows, issues that need the children's dates of
    # birth, and orphan links, both kept (a child's id) and set to null.
    assert sum(len(rows) for rows in together["quarantine"].values()) > 100
    assert any("before the child's date of birth" in issue[3] for issue in together["issues"])
    orphans = [issue for issue in together["issues"] if issue[1] is IssueKind.ORPHAN_FOREIGN_KEY]
    assert len({issue[2] for issue in orphans}) >= 2
    for part in ("issues", "loads", "tables", "quarantine"):
        assert together[part] == one_at_a_time[part], part


def test_no_link_column_is_the_target_of_another_link():
    # The links are checked several tables at a time (`load._check_foreign_keys`): a check reads its
    # target's key column while other checks null orphan links. That is safe only while no link
    # column is itself a link target.
    from csc_scorecard.schema import TABLES

    links = {f"{t.name}.{c.name}": c.fk for t in TABLES.values() for c in t.columns if c.fk}
    assert len(links) > 50
    assert not set(links) & set(links.values())


@pytest.mark.slow
def test_tables_that_name_no_child_load_beside_ssd_person_and_the_others_after_it(messy, monkeypatch):
    beside = threading.Event()
    load_table = load_module._load_table

    def gated(connection: Any, table: Any, *args: Any, **kwargs: Any) -> Any:
        if table.name == "ssd_person":
            # fails (after a generous wait) if the unlinked tables only start once ssd_person is done
            assert beside.wait(30), "no table that names no child loaded beside ssd_person"
        elif table.person_column is None:
            beside.set()
        else:  # its checks read the children's dates of birth: ssd_person must be in place
            assert load_module._has_column(connection, "ssd_person", "pers_dob"), table.name
        return load_table(connection, table, *args, **kwargs)

    monkeypatch.setattr(load_module, "_load_table", gated)
    monkeypatch.setattr(load_module, "LOAD_THREADS", 2)
    dataset = load_dataset(messy)
    assert "ssd_person" in dataset.tables and "ssd_professionals" in dataset.tables
