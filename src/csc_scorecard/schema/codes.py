"""Code lists of the input contract, each with its source and the dates its codes are valid for.

Values are checked after the council's value maps have turned case-system descriptions into codes,
and against the record's own date (a placement that started in 2019 may be `P2`; one that started
in 2024 may not).
"""

from __future__ import annotations

from datetime import date

from csc_scorecard.schema.model import Code, CodeList


def _codes(pairs: str) -> tuple[Code, ...]:
    """`"A=first; B=second"` → codes with open-ended validity."""
    out = []
    for item in pairs.split(";"):
        code, _, label = item.strip().partition("=")
        out.append(Code(code.strip(), label.strip()))
    return tuple(out)


_CIN_XSD = "CIN census XSD; SSD guidance (ssd-mapping.md §3.11)"
_903 = "SSDA903 schema (ssd-mapping.md §5)"

REFERRAL_SOURCE = CodeList(
    "referral_source",
    "Contact and referral source",
    _CIN_XSD,
    _codes(
        "1A=Family member/relative/carer; 1B=Acquaintance; 1C=Self; 1D=Other individual; 2A=Schools; "
        "2B=Education services; 3A=GP; 3B=Health visitor; 3C=School nurse; 3D=Other primary health services; "
        "3E=A&E; 3F=Other health services; 4=Housing; 5A=LA services - social care; 5B=LA services - other "
        "internal; 5C=LA services - external; 5D=LA services - early help; 6=Police; 7=Other legal agency; "
        "8=Other; 9=Anonymous; 10=Unknown"
    ),
)
PRIMARY_NEED = CodeList(
    "primary_need",
    "CIN primary need",
    _CIN_XSD,
    _codes(
        "N0=Not stated; N1=Abuse or neglect; N2=Child's disability; N3=Parental disability or illness; "
        "N4=Family in acute stress; N5=Family dysfunction; N6=Socially unacceptable behaviour; N7=Low income; "
        "N8=Absent parenting; N9=Cases other than children in need"
    ),
)
CLOSURE_REASON = CodeList(
    "closure_reason",
    "Reason for closure of a CIN episode",
    _CIN_XSD,
    _codes(
        "RC1=Adopted; RC2=Died; RC3=Child arrangements order; RC4=Special guardianship order; "
        "RC5=Transferred to another local authority; RC6=Transferred to adult social care; "
        "RC7=Services ceased for any other reason; RC8=Case closed after assessment, no further action; "
        "RC9=Case closed after assessment, referred to early help"
    ),
)
CP_CATEGORY = CodeList(
    "cp_category",
    "Category of abuse",
    _CIN_XSD,
    _codes("NEG=Neglect; PHY=Physical abuse; SAB=Sexual abuse; EMO=Emotional abuse; MUL=Multiple"),
)
LEGAL_STATUS = CodeList(
    "legal_status",
    "Legal status (SSDA903 LS)",
    _903,
    _codes(
        "C1=Interim care order; C2=Full care order; D1=Freeing order; E1=Placement order; "
        "V2=Single period of accommodation under section 20; V3=Accommodated under an agreed series of "
        "short-term breaks, when individual episodes of care are recorded; V4=Accommodated under an agreed "
        "series of short-term breaks, when agreements are recorded; L1=Under police protection; "
        "L2=Emergency protection order; L3=Child assessment order; J1=Remanded to local authority "
        "accommodation or to youth detention accommodation; J2=Placed in local authority accommodation "
        "under PACE; J3=Sentenced to a youth rehabilitation order with residence or intensive fostering "
        "requirement"
    ),
)
REASON_NEW_EPISODE = CodeList(
    "reason_new_episode",
    "Reason for new episode (SSDA903 RNE)",
    _903,
    _codes(
        "S=Started to be looked after; L=Change of legal status only; P=Change of placement and carer(s) "
        "only; T=Change of placement but same carer(s); B=Change of legal status and placement and carer(s) "
        "at the same time; U=Change of legal status and change of placement but same carer(s)"
    ),
)
REASON_EPISODE_CEASED = CodeList(
    "reason_episode_ceased",
    "Reason episode ceased (SSDA903 REC)",
    _903,
    _codes(
        "X1=Episode ceases, new episode begins on same day; E11=Adopted - unopposed; E12=Adopted - consent "
        "dispensed with; E2=Died; E3=Care taken over by another local authority; E4A=Returned home to live "
        "with parents or person with parental responsibility (planned); E4B=Returned home (unplanned); "
        "E13=Left care to live with parents or relatives without parental responsibility; E41=Residence or "
        "child arrangements order; E45=Special guardianship order to former foster carers (relative or "
        "friend); E46=Special guardianship order to former foster carers (other); E47=Special guardianship "
        "order to carers other than former foster carers (relative or friend); E48=Special guardianship "
        "order to carers other than former foster carers (other); E5=Moved into independent living with "
        "supportive accommodation; E6=Moved into independent living without formalised support; E7=Transferred "
        "to residential care funded by adult social care; E9=Sentenced to custody; E14=Accommodation on remand "
        "ended; E15=Age assessment determined child is aged 18 or over; E16=Child moved abroad; E17=Aged 18 "
        "or over and remained with current carers; E8=Period of care ceased for any other reason"
    ),
)
_PLACE_UNTIL_2025 = date(2025, 3, 31)
PLACEMENT_TYPE = CodeList(
    "placement_type",
    "Placement type (SSDA903 PLACE)",
    _903 + " §5.3; P2 invalid from 28 October 2023; K3 from 2024-25; Z1 split into Z11-Z14 from 2025-26",
    (
        *_codes(
            "A3=Placed for adoption with consent with current foster carer(s); A4=Placed for adoption with "
            "consent not with current foster carer(s); A5=Placed for adoption with placement order with "
            "current foster carer(s); A6=Placed for adoption with placement order not with current foster "
            "carer(s); K1=Secure children's home; K2=Children's home subject to Children's Homes Regulations; "
            "P1=Placed with own parent(s) or other person(s) with parental responsibility; P3=Residential "
            "employment; R1=Residential care home; R2=NHS or health trust or other establishment providing "
            "medical or nursing care; R3=Family centre or mother and baby unit; R5=Young offender "
            "institution or prison; S1=All residential schools, except where dual-registered as a school "
            "and children's home; T0=Temporary placement (all types); T1=Temporary periods in hospital; "
            "T2=Temporary absences of the child on holiday; T3=Temporary accommodation whilst normal foster "
            "carer(s) is/are on holiday; T4=Temporary accommodation of seven days or less; U1=Foster placement "
            "with relative or friend - long term fostering; U2=Foster placement with relative or friend who is "
            "also an approved adopter - FFA or concurrent planning; U3=Foster placement with relative or "
            "friend - not long term or FFA; U4=Foster placement with other foster carer - long term fostering; "
            "U5=Foster placement with other foster carer who is also an approved adopter - FFA or concurrent "
            "planning; U6=Foster placement with other foster carer - not long term or FFA"
        ),
        Code(
            "H5",
            "Semi-independent living accommodation not subject to Children's Homes Regulations",
            valid_to=_PLACE_UNTIL_2025,
        ),
        Code(
            "P2",
            "Independent living, for example in a flat, lodgings, bedsit, bed and breakfast or with "
            "friends, with or without formal support",
            valid_to=date(2023, 10, 27),
        ),
        Code("K3", "Supported accommodation registered with Ofsted", valid_from=date(2024, 4, 1)),
        Code("Z1", "Other placements", valid_to=_PLACE_UNTIL_2025),
        *(Code(f"Z1{n}", f"Other placements ({n})", valid_from=date(2025, 4, 1)) for n in range(1, 5)),
    ),
)
PLACEMENT_PROVIDER = CodeList(
    "placement_provider",
    "Placement provider",
    _903,
    _codes(
        "PR0=Parent(s) or other person(s) with parental responsibility; PR1=Own provision (by the local "
        "authority); PR2=Other local authority provision; PR3=Other public provision; PR4=Private provision; "
        "PR5=Voluntary or third sector provision"
    ),
)
PLACEMENT_CHANGE_REASON = CodeList(
    "placement_change_reason",
    "Reason for placement change",
    _903,
    _codes(
        "CARPL=Change to/implementation of care plan; CLOSE=Resignation or closure of provision; "
        "ALLEG=Allegation (s47); STAND=Standards of care concern; APPRR=Approval removed; CREQB=Carer "
        "request due to child's behaviour; CREQO=Carer request for other reason; CHILD=Child requests; "
        "LAREQ=Responsible or area authority requests; PLACE=Change in the status of placement only; "
        "CUSTOD=Custody arrangement; OTHER=Other"
    ),
)
MISSING_TYPE = CodeList(
    "missing_type", "Missing or away", _903, _codes("M=Missing; A=Away from placement without authorisation")
)
CARE_LEAVER_IN_TOUCH = CodeList(
    "care_leaver_in_touch",
    "Care leaver in touch",
    _903,
    _codes(
        "YES=In touch; NO=Not in touch; DIED=Died; REFU=Refuses contact; NREQ=No longer requires services; "
        "RHOM=Returned home to parents for 6 months or more"
    ),
)
CARE_LEAVER_ACTIVITY = CodeList(
    "care_leaver_activity",
    "Care leaver activity",
    _903,
    _codes(
        "F1=Full time in higher education; P1=Part time in higher education; F2=Full time in education other "
        "than higher; P2=Part time in education other than higher; F3=Full time in training or employment "
        "(before 2016); P3=Part time in training or employment (before 2016); F4=Full time apprenticeship; "
        "P4=Part time apprenticeship; F5=Full time training or employment; P5=Part time training or "
        "employment; G4=Not in education, training or employment due to illness or disability; G5=Not in "
        "education, training or employment due to other reasons; G6=Not in education, training or "
        "employment due to pregnancy or parenting; 0=Information not known"
    ),
)
CARE_LEAVER_ACCOMMODATION = CodeList(
    "care_leaver_accommodation",
    "Care leaver accommodation type",
    _903,
    _codes(
        "B=With parents or relatives; C=Community home or other residential; D=Semi-independent, "
        "transitional accommodation; E=Supported lodgings; G=Gone abroad; H=Deported; K=Ordinary lodgings; "
        "R=Residence not known; S=No fixed abode or homeless; T=Foyers; U=Independent living; V=Emergency "
        "accommodation; W=Bed and breakfast; X=In custody; Y=Other accommodation; Z=With former foster carers"
    ),
)
ACCOMMODATION_SUITABLE = CodeList(
    "accommodation_suitable", "Accommodation suitability", _903, _codes("1=Suitable; 2=Unsuitable")
)
CARE_LEAVER_ELIGIBILITY = CodeList(
    "care_leaver_eligibility",
    "Care leaver eligibility",
    "SSD ssd_care_leavers; Children (Leaving Care) Act 2000",
    _codes(
        "RELEVANT=Relevant; FORMER_RELEVANT=Former relevant; ELIGIBLE=Eligible; QUALIFYING=Qualifying; "
        "NONE=No current eligibility"
    ),
)
MISSING_RHI = CodeList(
    "rhi_offered",
    "Return interview offered/accepted",
    "SSD ssd_missing",
    _codes("Y=Yes; N=No; NA=Not applicable"),
)
SW_CHANGE_REASON = CodeList(
    "sw_change_reason",
    "Reason for change of social worker",
    _903,
    _codes(
        "MANAGE=Management decision; FCONTA=Fixed-term contract ended; LEFTRL=Worker left role; "
        "ORGRST=Organisational restructure; TSPROC=Case transferred as part of a process; ABSENC=Worker "
        "absent; CHCHAN=Child's circumstances changed; PCCHAN=Placement or care changed; SWDIED=Worker died; "
        "OTHERS=Other"
    ),
)
REVIEW_PARTICIPATION = CodeList(
    "review_participation",
    "Review participation",
    _903,
    _codes(
        "PN0=Child under 4; PN1=Attends and speaks for themselves; PN2=Attends, advocate speaks; "
        "PN3=Attends, conveys views symbolically; PN4=Attends, no contribution; PN5=Advocate briefed; "
        "PN6=Views by facilitative medium; PN7=Did not attend, views not conveyed"
    ),
)
DISABILITY = CodeList(
    "disability",
    "Disability",
    _CIN_XSD,
    _codes(
        "NONE=No disability; MOB=Mobility; HAND=Hand function; PC=Personal care; INC=Incontinence; "
        "COMM=Communication; LD=Learning; HEAR=Hearing; VIS=Vision; BEH=Behaviour; CON=Consciousness; "
        "AUT=Autism or Asperger syndrome; DDA=Other DDA"
    ),
)
ETHNICITY = CodeList(
    "ethnicity",
    "Ethnicity",
    _CIN_XSD,
    _codes(
        "WBRI=White British; WIRI=White Irish; WOTH=Any other White background; WIRT=Traveller of Irish "
        "heritage; WROM=Gypsy/Roma; MWBC=White and Black Caribbean; MWBA=White and Black African; MWAS=White "
        "and Asian; MOTH=Any other mixed background; AIND=Indian; APKN=Pakistani; ABAN=Bangladeshi; AOTH=Any "
        "other Asian background; BCRB=Caribbean; BAFR=African; BOTH=Any other Black background; CHNE=Chinese; "
        "OOTH=Any other ethnic group; REFU=Refused; NOBT=Information not yet obtained"
    ),
)
SEX = CodeList(
    "sex", "Sex", "CIN census 2024-25 <Sex>; SSDA903 SEX", _codes("M=Male; F=Female; U=Unknown or unborn")
)

# Extension-table code lists (ssd-mapping.md §11).
_EXT = "csc-scorecard extension tables (ssd-mapping.md §11)"
RECEIVING_SERVICE = CodeList(
    "receiving_service",
    "Service that received a contact (the council's service map turns local names into these)",
    _EXT,
    _codes(
        "FRONT_DOOR=Children's social care front door (MASH); OUT_OF_HOURS=Emergency duty / out of hours; "
        "EARLY_HELP_HUB=Early help hub; NEIGHBOURHOOD=Neighbourhood coordinators; OTHER=Other"
    ),
)
CONTACT_TYPE = CodeList(
    "contact_type",
    "Contact type",
    _EXT,
    _codes(
        "STANDARD=Standard contact; REQUEST_FOR_INFORMATION=Request for information; "
        "DA_NOTIFICATION=Domestic abuse notification; CONSULTATION=Consultation"
    ),
)
CONTACT_OUTCOME = CodeList(
    "contact_outcome",
    "Contact or screening outcome",
    _EXT,
    _codes(
        "CSC_REFERRAL=Referral to children's social care; EARLY_HELP=Early help / team around; "
        "INFO_ADVICE=Information and advice; OTHER_AGENCY=Referral to other agencies; NFA=No further action"
    ),
)
SCREENING_SERVICE = CodeList(
    "screening_service",
    "Screening service",
    _EXT,
    _codes("FRONT_DOOR=Front door (MASH); EARLY_HELP_HUB=Early help hub"),
)
SCREENING_PRIORITY = CodeList(
    "screening_priority",
    "Screening priority",
    _EXT,
    _codes("RED=Within 24 hours; AMBER=Within 48 hours; GREEN=Standard"),
)
# Requests for information at the front door: who asked and what for. Case systems hold these as free
# text or local pick lists; the council's value maps turn its own descriptions into these codes.
RFI_REQUESTER = CodeList(
    "rfi_requester",
    "Who made a request for information to the front door",
    _EXT,
    _codes(
        "POLICE=Police; HEALTH=Health (GP, health visitor, hospital, mental health); "
        "SCHOOL=School, college or early years setting; "
        "OTHER_LA=Another local authority's children's services; SOLICITOR_COURT=Solicitor, court or Cafcass; OTHER=Other (housing, probation, voluntary sector, public)"
    ),
)
RFI_NATURE = CodeList(
    "rfi_nature",
    "What a request for information to the front door was for",
    _EXT,
    _codes(
        "SAFEGUARDING_CHECK=Safeguarding or background check on a child or household; "
        "CHILD_PROTECTION_ENQUIRY=Information for another agency's child protection enquiry or assessment; "
        "POLICE_INVESTIGATION=Information for a police investigation; "
        "COURT_PROCEEDINGS=Information for court proceedings or a Cafcass report; "
        "WHEREABOUTS=Whereabouts of a child or family (missing, moved, missing education); OTHER=Other"
    ),
)
LEAD_ORG_TYPE = CodeList(
    "lead_org_type",
    "Lead organisation type of an early help assessment",
    _EXT,
    _codes(
        "SCHOOL=School; EARLY_YEARS=Nursery or early years; HEALTH=Health; LA_TEAM=Council team; "
        "VCS=Voluntary and community sector; OTHER=Other"
    ),
)
EHA_CLOSE_OUTCOME = CodeList(
    "eha_close_outcome",
    "Early help closure outcome",
    _EXT,
    _codes(
        "OUTCOMES_MET=Outcomes met; STEP_UP_CSC=Step up to children's social care; STEP_DOWN=Step down to "
        "universal services; DISENGAGED=Family disengaged; OTHER=Other"
    ),
)
SF_OUTCOME = CodeList(
    "sf_outcome",
    "Supporting Families outcome",
    _EXT,
    _codes(
        "SIGNIFICANT_SUSTAINED_PROGRESS=Significant and sustained progress; CONTINUOUS_EMPLOYMENT=Continuous employment"
    ),
)
STRATEGY_OUTCOME = CodeList(
    "strategy_outcome",
    "Strategy discussion outcome",
    _EXT,
    _codes(
        "S47=Section 47 enquiry; NFA=No further action; CIN_ASSESSMENT=Child and family assessment; OTHER=Other"
    ),
)
STRATEGY_TYPE = CodeList(
    "strategy_type", "Strategy discussion type", _EXT, _codes("MEETING=Meeting; DISCUSSION=Discussion")
)
RHI_OUTCOME = CodeList(
    "rhi_outcome",
    "Return interview outcome",
    _EXT,
    _codes("COMPLETED=Completed; DECLINED=Declined; NOT_OFFERED=Not offered"),
)
TEAM_REFERRAL_DECISION = CodeList(
    "team_referral_decision",
    "Team referral decision",
    _EXT,
    _codes("ACCEPTED=Accepted; NFA=Closed, no further action"),
)
EDUCATION_STATUS = CodeList(
    "education_status",
    "Education status",
    _EXT,
    _codes("CME=Child missing education; EHE=Elective home education"),
)
CONFERENCE_TYPE = CodeList(
    "conference_type",
    "Conference type",
    _EXT,
    _codes("ICPC=Initial child protection conference; RCPC=Review conference"),
)
CONFERENCE_AGENCY = CodeList(
    "conference_agency",
    "Agency invited to a conference",
    _EXT,
    _codes(
        "POLICE=Police; HEALTH=Health; EDUCATION=Education; PROBATION=Probation; HOUSING=Housing; OTHER=Other"
    ),
)
AUDIT_TYPE = CodeList(
    "audit_type",
    "Case audit type",
    _EXT,
    _codes("SINGLE_AGENCY=Single agency; MULTI_AGENCY=Multi-agency; THEMATIC=Thematic; DEEP_DIVE=Deep dive"),
)
AUDIT_GRADE = CodeList(
    "audit_grade",
    "Case audit grade (Ofsted scale)",
    _EXT,
    _codes(
        "OUTSTANDING=Outstanding; GOOD=Good; REQUIRES_IMPROVEMENT=Requires improvement; INADEQUATE=Inadequate"
    ),
)
CSWW_ROLE = CodeList(
    "csww_role",
    "Organisational role (children's social work workforce census)",
    "CSWW census guide",
    _codes(
        "1=Senior manager; 2=Middle manager; 3=First line manager; 4=Senior practitioner; 5=Case holder; "
        "6=Qualified without cases"
    ),
)
CFKSS_STATUS = CodeList(
    "cfkss_status",
    "Knowledge and skills status (CSWW CFKSSstatus)",
    "CSWW census guide",
    _codes(
        "1=Assessed and supported year in employment (ASYE); 2=Practitioner; 3=Practice supervisor; "
        "4=Practice leader; 0=Not applicable"
    ),
)
HEALTH_CHECK_TYPE = CodeList(
    "health_check_type",
    "Health check type (the council's value map turns case-system descriptions into these)",
    "SSD ssd_cla_health; SSDA903 OC2",
    _codes("IHA=Initial health assessment; RHA=Review health assessment; DENTAL=Dental check; OTHER=Other"),
)
HEALTH_CHECK_STATUS = CodeList(
    "health_check_status",
    "Health check status",
    "SSD ssd_cla_health",
    _codes("COMPLETED=Completed; PLANNED=Planned; REFUSED=Refused; CANCELLED=Cancelled"),
)
PEP_STATUS = CodeList(
    "pep_status", "PEP status", _EXT, _codes("COMPLETED=Completed; QA_APPROVED=Quality assured")
)

CODE_LISTS: dict[str, CodeList] = {
    cl.name: cl
    for cl in (
        REFERRAL_SOURCE,
        PRIMARY_NEED,
        CLOSURE_REASON,
        CP_CATEGORY,
        LEGAL_STATUS,
        REASON_NEW_EPISODE,
        REASON_EPISODE_CEASED,
        PLACEMENT_TYPE,
        PLACEMENT_PROVIDER,
        PLACEMENT_CHANGE_REASON,
        MISSING_TYPE,
        CARE_LEAVER_IN_TOUCH,
        CARE_LEAVER_ACTIVITY,
        CARE_LEAVER_ACCOMMODATION,
        ACCOMMODATION_SUITABLE,
        CARE_LEAVER_ELIGIBILITY,
        MISSING_RHI,
        SW_CHANGE_REASON,
        REVIEW_PARTICIPATION,
        DISABILITY,
        ETHNICITY,
        SEX,
        RECEIVING_SERVICE,
        CONTACT_TYPE,
        CONTACT_OUTCOME,
        SCREENING_SERVICE,
        SCREENING_PRIORITY,
        RFI_REQUESTER,
        RFI_NATURE,
        LEAD_ORG_TYPE,
        EHA_CLOSE_OUTCOME,
        SF_OUTCOME,
        STRATEGY_OUTCOME,
        STRATEGY_TYPE,
        RHI_OUTCOME,
        TEAM_REFERRAL_DECISION,
        EDUCATION_STATUS,
        CONFERENCE_TYPE,
        CONFERENCE_AGENCY,
        AUDIT_TYPE,
        AUDIT_GRADE,
        CSWW_ROLE,
        CFKSS_STATUS,
        HEALTH_CHECK_TYPE,
        HEALTH_CHECK_STATUS,
        PEP_STATUS,
    )
}
