"""Reference data: the MAPPA areas of England and Wales and the agencies in each.

MAPPA areas follow the police force areas, with the Metropolitan and City of London
forces together as London, which gives 42 areas (seed 001, seed 004).
"""

from __future__ import annotations

from .models import AgencyKind

DEMO_AREA = ("DEMO", "Demonstration area")

MAPPA_AREAS: tuple[tuple[str, str], ...] = (
    ("AVS", "Avon and Somerset"),
    ("BED", "Bedfordshire"),
    ("CAM", "Cambridgeshire"),
    ("CHE", "Cheshire"),
    ("CLE", "Cleveland"),
    ("CUM", "Cumbria"),
    ("DER", "Derbyshire"),
    ("DEC", "Devon and Cornwall"),
    ("DOR", "Dorset"),
    ("DUR", "Durham"),
    ("DYP", "Dyfed-Powys"),
    ("ESS", "Essex"),
    ("GLO", "Gloucestershire"),
    ("GMA", "Greater Manchester"),
    ("GWE", "Gwent"),
    ("HAM", "Hampshire and Isle of Wight"),
    ("HER", "Hertfordshire"),
    ("HUM", "Humberside"),
    ("KEN", "Kent"),
    ("LAN", "Lancashire"),
    ("LEI", "Leicestershire"),
    ("LIN", "Lincolnshire"),
    ("LON", "London"),
    ("MER", "Merseyside"),
    ("NFK", "Norfolk"),
    ("NWA", "North Wales"),
    ("NYO", "North Yorkshire"),
    ("NTH", "Northamptonshire"),
    ("NUM", "Northumbria"),
    ("NOT", "Nottinghamshire"),
    ("SWA", "South Wales"),
    ("SYO", "South Yorkshire"),
    ("STA", "Staffordshire"),
    ("SUF", "Suffolk"),
    ("SUR", "Surrey"),
    ("SUS", "Sussex"),
    ("TVA", "Thames Valley"),
    ("WAR", "Warwickshire"),
    ("WME", "West Mercia"),
    ("WMI", "West Midlands"),
    ("WYO", "West Yorkshire"),
    ("WIL", "Wiltshire"),
)

# One agency of each kind in every area, named after the area. Real areas have several
# of some kinds (two or more local authorities); operators add those as they join.
AGENCY_NAMES: dict[str, str] = {
    AgencyKind.POLICE: "{area} Police",
    AgencyKind.PROBATION: "Probation Service, {area}",
    AgencyKind.PRISON: "HM Prison, {area}",
    AgencyKind.CHILDRENS_SOCIAL_CARE: "{area} Children's Services",
    AgencyKind.ADULT_SOCIAL_CARE: "{area} Adult Social Care",
    AgencyKind.HEALTH: "{area} NHS Trust",
    AgencyKind.MENTAL_HEALTH: "{area} Mental Health Trust",
    AgencyKind.YOUTH_OFFENDING: "{area} Youth Offending Team",
    AgencyKind.JOBCENTRE_PLUS: "Jobcentre Plus, {area}",
    AgencyKind.HOUSING_AUTHORITY: "{area} Housing",
    AgencyKind.SOCIAL_LANDLORD: "{area} Housing Association",
    AgencyKind.EDUCATION: "{area} Education Services",
    AgencyKind.ELECTRONIC_MONITORING: "Electronic Monitoring, {area}",
    AgencyKind.IMMIGRATION: "Immigration Enforcement, {area}",
}

AGENCY_CODE_SUFFIX: dict[str, str] = {
    AgencyKind.POLICE: "POL",
    AgencyKind.PROBATION: "PRB",
    AgencyKind.PRISON: "PRI",
    AgencyKind.CHILDRENS_SOCIAL_CARE: "CSC",
    AgencyKind.ADULT_SOCIAL_CARE: "ASC",
    AgencyKind.HEALTH: "NHS",
    AgencyKind.MENTAL_HEALTH: "MH",
    AgencyKind.YOUTH_OFFENDING: "YOT",
    AgencyKind.JOBCENTRE_PLUS: "JCP",
    AgencyKind.HOUSING_AUTHORITY: "HSG",
    AgencyKind.SOCIAL_LANDLORD: "RSL",
    AgencyKind.EDUCATION: "EDU",
    AgencyKind.ELECTRONIC_MONITORING: "EM",
    AgencyKind.IMMIGRATION: "IE",
}


def agency_code(area_code: str, kind: str) -> str:
    return f"{area_code}-{AGENCY_CODE_SUFFIX[kind]}"


def all_areas() -> tuple[tuple[str, str], ...]:
    return (DEMO_AREA, *MAPPA_AREAS)
