"""FD8b's requester and nature from a council's own descriptions: the configuration's value maps turn
them into the contract's codes when the files are read, and a description no map knows is counted as
"not recorded", never dropped. January 2023, as the worked examples of test_local_front_door.py."""

from __future__ import annotations

import csv
import json

import pytest
from engine_helpers import CATALOGUE

from csc_scorecard.config import validate_config_text
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import ComputeSettings
from csc_scorecard.errors import ConfigError
from csc_scorecard.ingest import LoadSettings, load_dataset

# The council's words for who asked and what for, as its case system records them.
VALUE_MAPS = {
    "ext_screening": {
        "scrn_rfi_requester": {
            "Greater Manchester Police": "POLICE",
            "GP Surgery": "HEALTH",
            "Cafcass": "SOLICITOR_COURT",
        },
        "scrn_rfi_nature": {
            "DBS / background check": "SAFEGUARDING_CHECK",
            "Private law report": "COURT_PROCEEDINGS",
        },
    }
}
HEADER = (
    "scrn_id",
    "scrn_service",
    "scrn_is_rfi",
    "scrn_start_dttm",
    "scrn_completed_dttm",
    "scrn_rfi_requester",
    "scrn_rfi_nature",
)


def request(sid: str, start: str, end: str, requester: str, nature: str, rfi: str = "Y") -> tuple[str, ...]:
    return (sid, "FRONT_DOOR", rfi, start, end, requester, nature)


ROWS = [
    # Q1: mapped whatever the case and spacing: police, background check
    request(
        "Q1", "2023-01-09 09:00", "2023-01-09 15:00", "greater  manchester police", "DBS / background check"
    ),
    # Q2 (completed in the last minute of January, boundary): Cafcass, private law report
    request("Q2", "2023-01-31 09:00", "2023-01-31 23:59", "Cafcass", "Private law report"),
    # Q3: a canonical code needs no map; "Neighbour" is in no map: requester not recorded
    request("Q3", "2023-01-16 09:00", "2023-01-17 09:00", "Neighbour", "WHEREABOUTS"),
    # Q4: completed 1 February: excluded from January
    request("Q4", "2023-01-31 10:00", "2023-02-01 09:00", "GP Surgery", "DBS / background check"),
    # Q5: a screening, not a request for information: not in FD8b
    request("Q5", "2023-01-10 09:00", "2023-01-10 11:00", "", "", rfi="N"),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("rfi") / "357"
    folder.mkdir()
    (folder / "extract.json").write_text(
        json.dumps({"council": "357", "extract_date": "2023-02-06"}), encoding="utf-8"
    )
    with (folder / "ext_screening.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    dataset = load_dataset(folder, LoadSettings(value_maps=VALUE_MAPS))
    load = dataset.load("357", "ext_screening")
    assert load.rows_accepted == len(ROWS)  # the unknown description is a field issue, the row is kept
    settings = ComputeSettings.for_period("2023-01", 1)
    frame = compute(dataset, CATALOGUE.select(["FD8b"]), settings).to_pandas()
    january = frame[frame.period_end.astype(str) == "2023-01-31"]
    return dict(zip(january.breakdown_value, january.numerator, strict=True))


def test_fd8b_counts_the_january_requests(results):
    # Q1, Q2, Q3 = 3 (Q4 is February's, Q5 a screening)
    assert results["all"] == 3


def test_requesters_from_the_councils_descriptions(results):
    # police: Q1 = 1; solicitor or court: Q2 = 1; not recorded: Q3 ("Neighbour") = 1; 1 + 1 + 1 = 3
    # health: 0 (Q4, the GP surgery's, is February's)
    assert {k: results[k] for k in ("police", "solicitor_court", "requester_not_recorded", "health")} == {
        "police": 1,
        "solicitor_court": 1,
        "requester_not_recorded": 1,
        "health": 0,
    }


def test_natures_from_the_councils_descriptions(results):
    # safeguarding check: Q1; court proceedings: Q2; whereabouts: Q3 (a code as given) → 1 + 1 + 1 = 3
    assert {
        k: results[k]
        for k in ("safeguarding_check", "court_proceedings", "whereabouts", "nature_not_recorded")
    } == {"safeguarding_check": 1, "court_proceedings": 1, "whereabouts": 1, "nature_not_recorded": 0}


def test_the_configuration_checks_value_map_codes_against_the_code_list():
    text = (
        '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n\n'
        "[value_maps.ext_screening.scrn_rfi_requester]\n"
        '"Greater Manchester Police" = "POLICE"\n'
        '"GP" = "DOCTOR"\n'
    )
    with pytest.raises(ConfigError) as raised:
        validate_config_text(text, "council.toml")
    assert any('"DOCTOR" is not a code of rfi_requester' in issue for issue in raised.value.issues)
    assert len(raised.value.issues) == 1  # the police line is accepted
