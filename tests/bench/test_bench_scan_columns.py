"""The scan reads exactly the columns the catalogue reads: required, optional and breakdown inputs."""

from __future__ import annotations

from csc_scorecard.bench.data import input_columns
from csc_scorecard.catalogue.load import load_catalogue


def test_scan_columns_follow_the_catalogue():
    catalogue = load_catalogue().select(("FD7", "SG7", "CIN18"))
    tables = {
        "ssd_contacts": [
            "council",
            "cont_contact_id",
            "cont_contact_date",
            "cont_contact_source_code",
            "cont_contact_outcome_json",
            "cont_contact_outcome_new_referral_flag",
            "cont_contact_outcome_nfa_flag",
        ],
        "ssd_initial_cp_conference": [
            "council",
            "icpc_icpc_id",
            "icpc_person_id",
            "icpc_icpc_date",
            "icpc_icpc_meeting_id",
        ],
        "ssd_cp_plans": [
            "council",
            "cppl_cp_plan_id",
            "cppl_person_id",
            "cppl_cp_plan_start_date",
            "cppl_cp_plan_end_date",
        ],
        "ssd_person": ["council", "pers_person_id"],
    }
    columns = input_columns(catalogue, tables)
    # FD7 reads the contact outcome: the flags parsed from the JSON, not its text; not the source code.
    assert columns["ssd_contacts"] == [
        "council",
        "cont_contact_id",
        "cont_contact_date",
        "cont_contact_outcome_new_referral_flag",
        "cont_contact_outcome_nfa_flag",
    ]
    # SG7's meetings breakdown reads the meeting id.
    assert "icpc_icpc_meeting_id" in columns["ssd_initial_cp_conference"]
    # CIN18's optional input (cppl_cp_plan_ola) is absent from this database: nothing to read.
    assert columns["ssd_cp_plans"] == tables["ssd_cp_plans"]
    # Tables no indicator reads are not scanned.
    assert "ssd_person" not in columns
