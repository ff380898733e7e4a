"""Standard Safeguarding Dataset tables, with SSD's own table and field names (ssd-mapping.md §3).

Only the SSD tables the scorecard reads are declared; SSD placeholders no indicator uses
(pre-proceedings, voice of the child, s251 finance, linked identifiers, the EHCP request chain)
are left out and named in docs/data-model.md.
"""

from __future__ import annotations

from csc_scorecard.schema.model import Column, ColumnType, DateRole, OnOrphan, Source, Table

ID, TEXT, CODE, DATE, DATETIME = (
    ColumnType.ID,
    ColumnType.TEXT,
    ColumnType.CODE,
    ColumnType.DATE,
    ColumnType.DATETIME,
)
INTEGER, NUMBER, FLAG, JSON = ColumnType.INTEGER, ColumnType.NUMBER, ColumnType.FLAG, ColumnType.JSON
PERSON_KEY = "ssd_person.pers_person_id"
WORKER_KEY = "ssd_professionals.prof_professional_id"
TEAM_KEY = "ssd_department.dept_team_id"


def key(name: str, description: str = "Unique identifier of the row") -> Column:
    return Column(name, ID, description, required=True)


def person(name: str, description: str = "The child (SSD person id)") -> Column:
    # A child's id is kept even when ssd_person lacks the child: early-help-only children
    # are often missing from the SSD person cohort and must still count.
    return Column(name, ID, description, required=True, fk=PERSON_KEY, on_orphan=OnOrphan.KEEP)


def link(name: str, target: str, description: str) -> Column:
    return Column(name, ID, description, fk=target, on_orphan=OnOrphan.NULL)


def event(name: str, description: str, *, required: bool = False, time: bool = False) -> Column:
    return Column(name, DATETIME if time else DATE, description, required=required, date_role=DateRole.EVENT)


def due(name: str, description: str) -> Column:
    return Column(name, DATE, description, date_role=DateRole.DUE)


def code(name: str, codes: str, description: str, on: str | None = None) -> Column:
    return Column(name, CODE, description, codes=codes, code_date=on)


def text(name: str, description: str) -> Column:
    return Column(name, TEXT, description)


def flag(name: str, description: str) -> Column:
    return Column(name, FLAG, description)


def outcome_json(name: str, description: str, keys: str) -> Column:
    return Column(name, JSON, description, json_flags=tuple(k.strip() for k in keys.split(",")))


SSD = Source.SSD

SSD_TABLES: tuple[Table, ...] = (
    Table(
        "ssd_person",
        "One row per child or young person known to children's services.",
        SSD,
        key=("pers_person_id",),
        columns=(
            key("pers_person_id", "Case system person id"),
            code("pers_sex", "sex", "Sex: M, F or U"),
            text("pers_gender", "CIN census gender (0, 1, 2, 9), up to 2023-24"),
            code("pers_ethnicity", "ethnicity", "DfE ethnicity code"),
            Column("pers_dob", DATE, "Date of birth (empty for an unborn child)", date_role=DateRole.BIRTH),
            Column(
                "pers_expected_dob",
                DATE,
                "Expected date of birth of an unborn child",
                date_role=DateRole.EXPECTED_BIRTH,
            ),
            event("pers_death_date", "Date of death"),
            text("pers_upn", "Unique pupil number"),
            flag("pers_send_flag", "Has an education, health and care plan"),
            flag("pers_is_mother", "Is a mother"),
        ),
        person_column="pers_person_id",
        feeds="ages, rates, most indicators",
    ),
    Table(
        "ssd_family",
        "Family grouping: children who share a family id are siblings.",
        SSD,
        key=("fami_table_id",),
        columns=(key("fami_table_id"), text("fami_family_id", "Family id"), person("fami_person_id")),
        person_column="fami_person_id",
        feeds="family counts",
    ),
    Table(
        "ssd_address",
        "Addresses of children.",
        SSD,
        key=("addr_table_id",),
        columns=(
            key("addr_table_id"),
            person("addr_person_id"),
            text("addr_address_type", "Address type"),
            event("addr_address_start_date", "Address start"),
            event("addr_address_end_date", "Address end"),
            text("addr_address_postcode", "Postcode (no spaces)"),
        ),
        person_column="addr_person_id",
        periods=(("addr_address_start_date", "addr_address_end_date"),),
    ),
    Table(
        "ssd_disability",
        "Disabilities recorded for a child.",
        SSD,
        key=("disa_table_id",),
        columns=(
            key("disa_table_id"),
            person("disa_person_id"),
            code("disa_disability_code", "disability", "Code"),
        ),
        person_column="disa_person_id",
    ),
    Table(
        "ssd_immigration_status",
        "Immigration status, including unaccompanied asylum-seeking children.",
        SSD,
        key=("immi_immigration_status_id",),
        columns=(
            key("immi_immigration_status_id"),
            person("immi_person_id"),
            text("immi_immigration_status", "Status, e.g. Unaccompanied Asylum Seeking Child"),
            event("immi_immigration_status_start_date", "Start"),
            event("immi_immigration_status_end_date", "End"),
        ),
        person_column="immi_person_id",
        periods=(("immi_immigration_status_start_date", "immi_immigration_status_end_date"),),
    ),
    Table(
        "ssd_legal_status",
        "Legal status spells (SSDA903 LS).",
        SSD,
        key=("lega_legal_status_id",),
        columns=(
            key("lega_legal_status_id"),
            person("lega_person_id"),
            code("lega_legal_status", "legal_status", "Legal status code", on="lega_legal_status_start_date"),
            event("lega_legal_status_start_date", "Start of the legal status", required=True),
            event("lega_legal_status_end_date", "End of the legal status"),
        ),
        person_column="lega_person_id",
        coverage_column="lega_legal_status_start_date",
        periods=(("lega_legal_status_start_date", "lega_legal_status_end_date"),),
        feeds="CF1 (V3/V4 exclusion)",
    ),
    Table(
        "ssd_contacts",
        "Contacts: one row per child per contact received.",
        SSD,
        key=("cont_contact_id",),
        columns=(
            key("cont_contact_id"),
            person("cont_person_id"),
            event("cont_contact_date", "Date and time the contact was received", required=True, time=True),
            code("cont_contact_source_code", "referral_source", "Contact source", on="cont_contact_date"),
            text("cont_contact_source_desc", "Local description of the source"),
            outcome_json(
                "cont_contact_outcome_json",
                "Outcome flags",
                "NEW_REFERRAL_FLAG, EXISTING_REFERRAL_FLAG, CP_ENQUIRY_FLAG, NFA_FLAG, NON_AGENCY_ADOPTION_FLAG, "
                "PRIVATE_FOSTERING_FLAG, ADVICE_FLAG, MISSING_FLAG, OLA_CP_FLAG, OTHER_OUTCOMES_EXIST_FLAG",
            ),
        ),
        person_column="cont_person_id",
        coverage_column="cont_contact_date",
        feeds="FD1, FD2, FD4, FD6, FD7",
    ),
    Table(
        "ssd_early_help_episodes",
        "Early help episodes.",
        SSD,
        key=("earl_episode_id",),
        columns=(
            key("earl_episode_id"),
            person("earl_person_id"),
            event("earl_episode_start_date", "Episode start", required=True),
            event("earl_episode_end_date", "Episode end"),
            text("earl_episode_reason", "Reason for the episode"),
            text("earl_episode_end_reason", "End reason (value maps turn the local text into STEP_UP etc.)"),
            text("earl_episode_organisation", "Organisation completing the assessment"),
            link("earl_episode_worker_id", WORKER_KEY, "Worker"),
        ),
        person_column="earl_person_id",
        coverage_column="earl_episode_start_date",
        periods=(("earl_episode_start_date", "earl_episode_end_date"),),
        feeds="EH2-EH5, EH10a",
    ),
    Table(
        "ssd_cin_episodes",
        "Referrals (child in need episodes).",
        SSD,
        key=("cine_referral_id",),
        columns=(
            key("cine_referral_id"),
            person("cine_person_id"),
            event("cine_referral_date", "Referral date", required=True),
            code("cine_cin_primary_need_code", "primary_need", "Primary need"),
            code("cine_referral_source_code", "referral_source", "Referral source", on="cine_referral_date"),
            text("cine_referral_source_desc", "Local description of the source"),
            outcome_json(
                "cine_referral_outcome_json",
                "Outcome flags",
                "SINGLE_ASSESSMENT_FLAG, NFA_FLAG, STRATEGY_DISCUSSION_FLAG, CLA_REQUEST_FLAG, "
                "NON_AGENCY_ADOPTION_FLAG, PRIVATE_FOSTERING_FLAG, CP_TRANSFER_IN_FLAG, CP_CONFERENCE_FLAG, "
                "CARE_LEAVER_FLAG, OTHER_OUTCOMES_EXIST_FLAG",
            ),
            flag("cine_referral_nfa", "Referral closed with no further action"),
            code("cine_close_reason", "closure_reason", "Reason for closure", on="cine_close_date"),
            event("cine_close_date", "Closure date"),
            link("cine_referral_team", TEAM_KEY, "Allocated team"),
            link("cine_referral_worker_id", WORKER_KEY, "Allocated worker"),
        ),
        person_column="cine_person_id",
        coverage_column="cine_referral_date",
        periods=(("cine_referral_date", "cine_close_date"),),
        feeds="CIN1-CIN5, WF1, WF2, WF5",
    ),
    Table(
        "ssd_cin_assessments",
        "Child and family assessments.",
        SSD,
        key=("cina_assessment_id",),
        columns=(
            key("cina_assessment_id"),
            person("cina_person_id"),
            link("cina_referral_id", "ssd_cin_episodes.cine_referral_id", "The referral"),
            event("cina_assessment_start_date", "Assessment start", required=True),
            flag("cina_assessment_child_seen", "Child seen"),
            event("cina_assessment_auth_date", "Completed and authorised"),
            outcome_json(
                "cina_assessment_outcome_json",
                "Outcome flags",
                "NFA_FLAG, NFA_S47_END_FLAG, STRATEGY_DISCUSSION_FLAG, CLA_REQUEST_FLAG, PRIVATE_FOSTERING_FLAG, "
                "LEGAL_ACTION_FLAG, PROV_OF_SERVICES_FLAG, PROV_OF_SB_CARE_FLAG, SPECIALIST_ASSESSMENT_FLAG, "
                "REFERRAL_TO_OTHER_AGENCY_FLAG, OTHER_ACTIONS_FLAG, OTHER_OUTCOMES_EXIST_FLAG",
            ),
            flag("cina_assessment_outcome_nfa", "Assessed as not in need (no further action)"),
            link("cina_assessment_team", TEAM_KEY, "Team"),
            link("cina_assessment_worker_id", WORKER_KEY, "Worker"),
        ),
        person_column="cina_person_id",
        coverage_column="cina_assessment_start_date",
        periods=(("cina_assessment_start_date", "cina_assessment_auth_date"),),
        feeds="CIN5-CIN8",
    ),
    Table(
        "ssd_assessment_factors",
        "Factors identified at assessment (JSON list of CIN factor codes).",
        SSD,
        key=("cinf_table_id",),
        columns=(
            key("cinf_table_id"),
            link("cinf_assessment_id", "ssd_cin_assessments.cina_assessment_id", "The assessment"),
            text("cinf_assessment_factors_json", 'JSON array of factor codes such as ["1A", "11A"]'),
        ),
    ),
    Table(
        "ssd_cin_plans",
        "Child in need plans.",
        SSD,
        key=("cinp_cin_plan_id",),
        columns=(
            key("cinp_cin_plan_id"),
            person("cinp_person_id"),
            link("cinp_referral_id", "ssd_cin_episodes.cine_referral_id", "The referral"),
            event("cinp_cin_plan_start_date", "Plan start", required=True),
            event("cinp_cin_plan_end_date", "Plan end"),
            link("cinp_cin_plan_team", TEAM_KEY, "Team"),
            link("cinp_cin_plan_worker_id", WORKER_KEY, "Worker"),
        ),
        person_column="cinp_person_id",
        coverage_column="cinp_cin_plan_start_date",
        periods=(("cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),),
        feeds="CIN16",
    ),
    Table(
        "ssd_cin_visits",
        "Visits to children on child in need plans.",
        SSD,
        key=("cinv_cin_visit_id",),
        columns=(
            key("cinv_cin_visit_id"),
            person("cinv_person_id"),
            event("cinv_cin_visit_date", "Visit date", required=True),
            flag("cinv_cin_visit_seen", "Child seen"),
            flag("cinv_cin_visit_seen_alone", "Child seen alone"),
            flag("cinv_cin_visit_bedroom", "Bedroom seen"),
        ),
        person_column="cinv_person_id",
        coverage_column="cinv_cin_visit_date",
    ),
    Table(
        "ssd_s47_enquiry",
        "Section 47 enquiries.",
        SSD,
        key=("s47e_s47_enquiry_id",),
        columns=(
            key("s47e_s47_enquiry_id"),
            person("s47e_person_id"),
            link("s47e_referral_id", "ssd_cin_episodes.cine_referral_id", "The referral"),
            event(
                "s47e_s47_start_date",
                "Date of the strategy discussion that started the enquiry",
                required=True,
            ),
            event("s47e_s47_end_date", "Completed and authorised"),
            flag("s47e_s47_nfa", "No further action"),
            outcome_json(
                "s47e_s47_outcome_json",
                "Outcome flags",
                "NFA_FLAG, LEGAL_ACTION_FLAG, PROV_OF_SERVICES_FLAG, PROV_OF_SB_CARE_FLAG, CP_CONFERENCE_FLAG, "
                "NFA_CONTINUE_SINGLE_FLAG, MONITOR_FLAG, OTHER_OUTCOMES_EXIST_FLAG",
            ),
            link("s47e_s47_completed_by_team", TEAM_KEY, "Team"),
            link("s47e_s47_completed_by_worker_id", WORKER_KEY, "Worker"),
        ),
        person_column="s47e_person_id",
        coverage_column="s47e_s47_start_date",
        periods=(("s47e_s47_start_date", "s47e_s47_end_date"),),
        feeds="CIN13-CIN15, SG5, SG6",
    ),
    Table(
        "ssd_initial_cp_conference",
        "Initial child protection conferences, one row per child.",
        SSD,
        key=("icpc_icpc_id",),
        columns=(
            key("icpc_icpc_id"),
            text("icpc_icpc_meeting_id", "The meeting (one meeting may cover siblings)"),
            person("icpc_person_id"),
            link("icpc_s47_enquiry_id", "ssd_s47_enquiry.s47e_s47_enquiry_id", "The section 47 enquiry"),
            text("icpc_cp_plan_id", "The plan that followed"),
            link("icpc_referral_id", "ssd_cin_episodes.cine_referral_id", "The referral"),
            flag("icpc_icpc_transfer_in", "Transfer-in conference"),
            due("icpc_icpc_target_date", "15 working days after the strategy discussion"),
            event("icpc_icpc_date", "Conference date", required=True),
            flag("icpc_icpc_outcome_cp_flag", "Child made subject to a plan"),
            # The JSON's CP_FLAG is not parsed: its column would be icpc_icpc_outcome_cp_flag, the
            # declared flag above. The JSON string itself is kept whole.
            outcome_json(
                "icpc_icpc_outcome_json",
                "Outcome flags (its CP_FLAG is left in the JSON: `icpc_icpc_outcome_cp_flag` holds it)",
                "NFA_FLAG, REFERRAL_TO_OTHER_AGENCY_FLAG, SINGLE_ASSESSMENT_FLAG, PROV_OF_SERVICES_FLAG, "
                "OTHER_OUTCOMES_EXIST_FLAG",
            ),
            link("icpc_icpc_team", TEAM_KEY, "Team"),
            link("icpc_icpc_worker_id", WORKER_KEY, "Worker"),
        ),
        person_column="icpc_person_id",
        coverage_column="icpc_icpc_date",
        feeds="SG5-SG7",
    ),
    Table(
        "ssd_cp_plans",
        "Child protection plans.",
        SSD,
        key=("cppl_cp_plan_id",),
        columns=(
            key("cppl_cp_plan_id"),
            person("cppl_person_id"),
            link("cppl_referral_id", "ssd_cin_episodes.cine_referral_id", "The referral"),
            link("cppl_icpc_id", "ssd_initial_cp_conference.icpc_icpc_id", "The conference"),
            event("cppl_cp_plan_start_date", "Plan start", required=True),
            event("cppl_cp_plan_end_date", "Plan end"),
            code("cppl_cp_plan_initial_category", "cp_category", "Initial category of abuse"),
            code("cppl_cp_plan_latest_category", "cp_category", "Latest category of abuse"),
            flag("cppl_cp_plan_ola", "Temporary plan for a child of another council"),
        ),
        person_column="cppl_person_id",
        coverage_column="cppl_cp_plan_start_date",
        periods=(("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),),
        feeds="CIN18-CIN20, SG11-SG14",
    ),
    Table(
        "ssd_cp_visits",
        "Visits to children on child protection plans.",
        SSD,
        key=("cppv_cp_visit_id",),
        columns=(
            key("cppv_cp_visit_id"),
            person("cppv_person_id"),
            link("cppv_cp_plan_id", "ssd_cp_plans.cppl_cp_plan_id", "The plan"),
            event("cppv_cp_visit_date", "Visit date", required=True),
            flag("cppv_cp_visit_seen", "Child seen"),
            flag("cppv_cp_visit_seen_alone", "Child seen alone"),
            flag("cppv_cp_visit_bedroom", "Bedroom seen"),
        ),
        person_column="cppv_person_id",
        coverage_column="cppv_cp_visit_date",
        feeds="CIN20",
    ),
    Table(
        "ssd_cp_reviews",
        "Child protection review conferences.",
        SSD,
        key=("cppr_cp_review_id",),
        columns=(
            key("cppr_cp_review_id"),
            person("cppr_person_id"),
            link("cppr_cp_plan_id", "ssd_cp_plans.cppl_cp_plan_id", "The plan"),
            due("cppr_cp_review_due", "Due date"),
            event("cppr_cp_review_date", "Review date"),
            text("cppr_cp_review_meeting_id", "Meeting id"),
            flag("cppr_cp_review_outcome_continue_cp", "Plan continues"),
            flag("cppr_cp_review_quorate", "Quorate"),
            code("cppr_cp_review_participation", "review_participation", "Participation"),
        ),
        person_column="cppr_person_id",
        coverage_column="cppr_cp_review_date",
        feeds="SG11, SG12",
    ),
    Table(
        "ssd_cla_episodes",
        "Episodes of care (SSDA903 episodes).",
        SSD,
        key=("clae_cla_episode_id",),
        columns=(
            key("clae_cla_episode_id"),
            person("clae_person_id"),
            link("clae_cla_placement_id", "ssd_cla_placement.clap_cla_placement_id", "The placement"),
            event("clae_cla_episode_start_date", "Episode start (DECOM)", required=True),
            code("clae_cla_episode_start_reason", "reason_new_episode", "Reason for new episode (RNE)"),
            code("clae_cla_primary_need_code", "primary_need", "Category of need"),
            event("clae_cla_episode_ceased_date", "Episode end (DEC)"),
            code("clae_cla_episode_ceased_reason", "reason_episode_ceased", "Reason episode ceased (REC)"),
            text("clae_cla_id", "Period of care id"),
            link("clae_referral_id", "ssd_cin_episodes.cine_referral_id", "The referral"),
            event("clae_cla_last_iro_contact_date", "Last contact with the independent reviewing officer"),
            event("clae_entered_care_date", "Start of the current period of care"),
        ),
        person_column="clae_person_id",
        coverage_column="clae_cla_episode_start_date",
        periods=(("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),),
        feeds="CF1-CF25",
    ),
    Table(
        "ssd_cla_placement",
        "Placements of children in care.",
        SSD,
        key=("clap_cla_placement_id",),
        columns=(
            key("clap_cla_placement_id"),
            text("clap_cla_id", "Period of care id"),
            person("clap_person_id"),
            event("clap_cla_placement_start_date", "Placement start", required=True),
            event("clap_cla_placement_end_date", "Placement end"),
            code(
                "clap_cla_placement_type",
                "placement_type",
                "Placement type (PLACE)",
                on="clap_cla_placement_start_date",
            ),
            text("clap_cla_placement_urn", "Ofsted URN"),
            Column("clap_cla_placement_distance", NUMBER, "Distance from home in miles (999.9 unknown)"),
            code("clap_cla_placement_provider", "placement_provider", "Provider"),
            text("clap_cla_placement_postcode", "Placement postcode"),
            code(
                "clap_cla_placement_change_reason", "placement_change_reason", "Reason for placement change"
            ),
            text(
                "clap_cla_placement_la",
                "Council the placement is in (ONS or DfE code), if the case system holds it",
            ),
        ),
        person_column="clap_person_id",
        coverage_column="clap_cla_placement_start_date",
        periods=(("clap_cla_placement_start_date", "clap_cla_placement_end_date"),),
        feeds="CF4, CF5, CF7-CF20",
    ),
    Table(
        "ssd_cla_reviews",
        "Looked-after reviews.",
        SSD,
        key=("clar_cla_review_id",),
        columns=(
            key("clar_cla_review_id"),
            text("clar_cla_id", "Period of care id"),
            person("clar_cla_person_id"),
            due("clar_cla_review_due_date", "Due date"),
            event("clar_cla_review_date", "Review date"),
            flag("clar_cla_review_cancelled", "Cancelled"),
            code("clar_cla_review_participation", "review_participation", "Participation"),
        ),
        person_column="clar_cla_person_id",
        coverage_column="clar_cla_review_date",
        feeds="SG15",
    ),
    Table(
        "ssd_cla_visits",
        "Statutory visits to children in care.",
        SSD,
        key=("clav_cla_visit_id",),
        columns=(
            key("clav_cla_visit_id"),
            text("clav_cla_id", "Period of care id"),
            person("clav_person_id"),
            event("clav_cla_visit_date", "Visit date", required=True),
            flag("clav_cla_visit_seen", "Child seen"),
            flag("clav_cla_visit_seen_alone", "Child seen alone"),
        ),
        person_column="clav_person_id",
        coverage_column="clav_cla_visit_date",
        feeds="CF3",
    ),
    Table(
        "ssd_cla_health",
        "Health assessments and dental checks of children in care.",
        SSD,
        key=("clah_health_check_id",),
        columns=(
            key("clah_health_check_id"),
            person("clah_person_id"),
            code("clah_health_check_type", "health_check_type", "Check type (IHA, RHA, DENTAL, OTHER)"),
            event("clah_health_check_date", "Date", required=True),
            code("clah_health_check_status", "health_check_status", "Status"),
        ),
        person_column="clah_person_id",
        coverage_column="clah_health_check_date",
        feeds="CF21-CF25",
    ),
    Table(
        "ssd_missing",
        "Missing and away-from-placement episodes.",
        SSD,
        key=("miss_table_id",),
        columns=(
            key("miss_table_id"),
            person("miss_person_id"),
            event("miss_missing_episode_start_date", "Went missing", required=True, time=True),
            event("miss_missing_episode_end_date", "Returned", time=True),
            code("miss_missing_episode_type", "missing_type", "M missing, A away"),
            code("miss_missing_rhi_offered", "rhi_offered", "Return interview offered"),
            code("miss_missing_rhi_accepted", "rhi_offered", "Return interview accepted"),
        ),
        person_column="miss_person_id",
        coverage_column="miss_missing_episode_start_date",
        periods=(("miss_missing_episode_start_date", "miss_missing_episode_end_date"),),
        feeds="CIN21-CIN24",
    ),
    Table(
        "ssd_care_leavers",
        "Care leavers: current status (latest contact).",
        SSD,
        key=("clea_table_id",),
        columns=(
            key("clea_table_id"),
            person("clea_person_id"),
            code("clea_care_leaver_eligibility", "care_leaver_eligibility", "Eligibility"),
            code("clea_care_leaver_in_touch", "care_leaver_in_touch", "In touch"),
            event("clea_care_leaver_latest_contact", "Latest contact"),
            code("clea_care_leaver_accommodation", "care_leaver_accommodation", "Accommodation type"),
            code("clea_care_leaver_accom_suitable", "accommodation_suitable", "Suitable (1) or not (2)"),
            code("clea_care_leaver_activity", "care_leaver_activity", "Activity"),
            event("clea_pathway_plan_review_date", "Latest pathway plan review"),
            text("clea_care_leaver_personal_advisor", "Personal adviser"),
            link("clea_care_leaver_allocated_team", TEAM_KEY, "Team"),
            link("clea_care_leaver_worker_id", WORKER_KEY, "Worker"),
        ),
        person_column="clea_person_id",
        coverage_column="clea_care_leaver_latest_contact",
        feeds="CF29, WF13",
    ),
    Table(
        "ssd_permanence",
        "Adoption and permanence decisions.",
        SSD,
        key=("perm_table_id",),
        columns=(
            key("perm_table_id"),
            person("perm_person_id"),
            text("perm_cla_id", "Period of care id"),
            event("perm_adm_decision_date", "Decision that the child should be placed for adoption"),
            event("perm_placement_order_date", "Placement order"),
            event("perm_matched_date", "Matched with adopters"),
            event("perm_placed_for_adoption_date", "Placed for adoption"),
            flag("perm_adopted_by_carer_flag", "Adopted by the foster carer"),
            event("perm_permanence_order_date", "Permanence order"),
            text("perm_permanence_order_type", "Adoption, SGO or CAO"),
        ),
        person_column="perm_person_id",
        coverage_column="perm_adm_decision_date",
        feeds="CF5 (adoption)",
    ),
    Table(
        "ssd_professionals",
        "Workers.",
        SSD,
        key=("prof_professional_id",),
        columns=(
            key("prof_professional_id"),
            text("prof_staff_id", "Staff id"),
            text("prof_professional_name", "Name"),
            text("prof_social_worker_registration_no", "Social Work England registration number"),
            flag("prof_agency_worker_flag", "Agency worker"),
            text("prof_professional_job_title", "Job title"),
            Column("prof_professional_caseload", INTEGER, "Caseload at 30 September (SSD)"),
            text("prof_professional_department", "Department"),
            Column("prof_full_time_equivalency", NUMBER, "Full-time equivalent"),
        ),
        feeds="WF6-WF14",
    ),
    Table(
        "ssd_department",
        "Teams.",
        SSD,
        key=("dept_team_id",),
        columns=(
            key("dept_team_id"),
            text("dept_team_name", "Team name"),
            link("dept_team_parent_id", TEAM_KEY, "Parent team"),
            text("dept_team_parent_name", "Parent team name"),
        ),
        feeds="WF9-WF13 (through the configuration's team map)",
    ),
    Table(
        "ssd_involvements",
        "Allocations of workers to children.",
        SSD,
        key=("invo_involvements_id",),
        columns=(
            key("invo_involvements_id"),
            link("invo_professional_id", WORKER_KEY, "Worker"),
            text(
                "invo_professional_role_id",
                "Case system role code (the configuration says which mean "
                "allocated social worker or personal adviser)",
            ),
            link("invo_professional_team", TEAM_KEY, "Team"),
            person("invo_person_id"),
            event("invo_involvement_start_date", "Allocation start", required=True),
            event("invo_involvement_end_date", "Allocation end"),
            code("invo_worker_change_reason", "sw_change_reason", "Reason for change"),
            link("invo_referral_id", "ssd_cin_episodes.cine_referral_id", "The referral"),
        ),
        person_column="invo_person_id",
        coverage_column="invo_involvement_start_date",
        periods=(("invo_involvement_start_date", "invo_involvement_end_date"),),
        feeds="CF6, WF5-WF14",
    ),
    Table(
        "ssd_send",
        "Children with special educational needs records.",
        SSD,
        key=("send_table_id",),
        columns=(key("send_table_id"), person("send_person_id"), text("send_upn", "UPN")),
        person_column="send_person_id",
    ),
    Table(
        "ssd_ehcp_named_plan",
        "Education, health and care plans (SSD placeholder, filled from the SEND "
        "system or SEN2; ext tables may carry the person id directly).",
        SSD,
        key=("ehcn_named_plan_id",),
        columns=(
            key("ehcn_named_plan_id"),
            person("ehcn_person_id"),
            event("ehcn_named_plan_start_date", "Plan start", required=True),
            event("ehcn_named_plan_ceased_date", "Plan ceased"),
            text("ehcn_named_plan_ceased_reason", "Reason ceased"),
        ),
        person_column="ehcn_person_id",
        coverage_column="ehcn_named_plan_start_date",
        periods=(("ehcn_named_plan_start_date", "ehcn_named_plan_ceased_date"),),
        feeds="CF27, SG4",
    ),
)
