"""The catalogue of ISO/IEC 27001:2022 references: clauses 4 to 10 and the 93 Annex A controls.

A reference is written the way auditors write it: a clause as ``5.3`` or ``6.1.3``, an
Annex A control as ``A.5.2``. Titles are those of the standard (ISO's own spelling).
Checks name the references they serve; the registry test holds every one of them to this
catalogue, and the Markdown report titles its summary rows from it.

>>> iso_title("A.5.2")
'Information security roles and responsibilities'
>>> iso_title("5.3")
'Organizational roles, responsibilities and authorities'
>>> is_known("A.5.38"), is_known("A.8.34"), is_known("6.1.3")
(False, True, True)
>>> sorted(["A.5.10", "7.2", "A.5.9", "A.6.3", "6.1.3"], key=iso_sort_key)
['6.1.3', '7.2', 'A.5.9', 'A.5.10', 'A.6.3']
"""

from __future__ import annotations

__all__ = [
    "CLAUSES",
    "CONTROLS",
    "THEMES",
    "is_known",
    "iso_kind",
    "iso_label",
    "iso_sort_key",
    "iso_title",
]

#: Clauses 4 to 10 of ISO/IEC 27001:2022 (the requirements of the ISMS), with subclauses.
CLAUSES: dict[str, str] = {
    "4": "Context of the organization",
    "4.1": "Understanding the organization and its context",
    "4.2": "Understanding the needs and expectations of interested parties",
    "4.3": "Determining the scope of the information security management system",
    "4.4": "Information security management system",
    "5": "Leadership",
    "5.1": "Leadership and commitment",
    "5.2": "Policy",
    "5.3": "Organizational roles, responsibilities and authorities",
    "6": "Planning",
    "6.1": "Actions to address risks and opportunities",
    "6.1.1": "General",
    "6.1.2": "Information security risk assessment",
    "6.1.3": "Information security risk treatment",
    "6.2": "Information security objectives and planning to achieve them",
    "6.3": "Planning of changes",
    "7": "Support",
    "7.1": "Resources",
    "7.2": "Competence",
    "7.3": "Awareness",
    "7.4": "Communication",
    "7.5": "Documented information",
    "7.5.1": "General",
    "7.5.2": "Creating and updating",
    "7.5.3": "Control of documented information",
    "8": "Operation",
    "8.1": "Operational planning and control",
    "8.2": "Information security risk assessment",
    "8.3": "Information security risk treatment",
    "9": "Performance evaluation",
    "9.1": "Monitoring, measurement, analysis and evaluation",
    "9.2": "Internal audit",
    "9.2.1": "General",
    "9.2.2": "Internal audit programme",
    "9.3": "Management review",
    "9.3.1": "General",
    "9.3.2": "Management review inputs",
    "9.3.3": "Management review results",
    "10": "Improvement",
    "10.1": "Continual improvement",
    "10.2": "Nonconformity and corrective action",
}

#: The four themes of Annex A.
THEMES: dict[str, str] = {
    "A.5": "Organizational controls",
    "A.6": "People controls",
    "A.7": "Physical controls",
    "A.8": "Technological controls",
}

_ORGANIZATIONAL = (
    "Policies for information security",
    "Information security roles and responsibilities",
    "Segregation of duties",
    "Management responsibilities",
    "Contact with authorities",
    "Contact with special interest groups",
    "Threat intelligence",
    "Information security in project management",
    "Inventory of information and other associated assets",
    "Acceptable use of information and other associated assets",
    "Return of assets",
    "Classification of information",
    "Labelling of information",
    "Information transfer",
    "Access control",
    "Identity management",
    "Authentication information",
    "Access rights",
    "Information security in supplier relationships",
    "Addressing information security within supplier agreements",
    ("Managing information security in the information and communication technology (ICT) "
    "supply chain"),
    "Monitoring, review and change management of supplier services",
    "Information security for use of cloud services",
    "Information security incident management planning and preparation",
    "Assessment and decision on information security events",
    "Response to information security incidents",
    "Learning from information security incidents",
    "Collection of evidence",
    "Information security during disruption",
    "ICT readiness for business continuity",
    "Legal, statutory, regulatory and contractual requirements",
    "Intellectual property rights",
    "Protection of records",
    "Privacy and protection of personal identifiable information (PII)",
    "Independent review of information security",
    "Compliance with policies, rules and standards for information security",
    "Documented operating procedures",
)

_PEOPLE = (
    "Screening",
    "Terms and conditions of employment",
    "Information security awareness, education and training",
    "Disciplinary process",
    "Responsibilities after termination or change of employment",
    "Confidentiality or non-disclosure agreements",
    "Remote working",
    "Information security event reporting",
)

_PHYSICAL = (
    "Physical security perimeters",
    "Physical entry",
    "Securing offices, rooms and facilities",
    "Physical security monitoring",
    "Protecting against physical and environmental threats",
    "Working in secure areas",
    "Clear desk and clear screen",
    "Equipment siting and protection",
    "Security of assets off-premises",
    "Storage media",
    "Supporting utilities",
    "Cabling security",
    "Equipment maintenance",
    "Secure disposal or re-use of equipment",
)

_TECHNOLOGICAL = (
    "User endpoint devices",
    "Privileged access rights",
    "Information access restriction",
    "Access to source code",
    "Secure authentication",
    "Capacity management",
    "Protection against malware",
    "Management of technical vulnerabilities",
    "Configuration management",
    "Information deletion",
    "Data masking",
    "Data leakage prevention",
    "Information backup",
    "Redundancy of information processing facilities",
    "Logging",
    "Monitoring activities",
    "Clock synchronization",
    "Use of privileged utility programs",
    "Installation of software on operational systems",
    "Networks security",
    "Security of network services",
    "Segregation of networks",
    "Web filtering",
    "Use of cryptography",
    "Secure development life cycle",
    "Application security requirements",
    "Secure system architecture and engineering principles",
    "Secure coding",
    "Security testing in development and acceptance",
    "Outsourced development",
    "Separation of development, test and production environments",
    "Change management",
    "Test information",
    "Protection of information systems during audit testing",
)

#: The 93 controls of Annex A (37 organizational, 8 people, 14 physical, 34 technological).
CONTROLS: dict[str, str] = {
    f"A.{theme}.{n}": title
    for theme, titles in ((5, _ORGANIZATIONAL), (6, _PEOPLE), (7, _PHYSICAL),
                          (8, _TECHNOLOGICAL))
    for n, title in enumerate(titles, start=1)
}


def is_known(ref: str) -> bool:
    """Whether ``ref`` is a clause or an Annex A control of ISO/IEC 27001:2022.

    >>> is_known("A.5.37"), is_known("A.5.2 "), is_known("11.1"), is_known("A.5")
    (True, False, False, False)
    """
    return ref in CLAUSES or ref in CONTROLS


def iso_kind(ref: str) -> str:
    """``"clause"`` or ``"control"``; raises ``KeyError`` for a reference not in the catalogue.

    >>> iso_kind("9.2"), iso_kind("A.6.5")
    ('clause', 'control')
    """
    if ref in CLAUSES:
        return "clause"
    if ref in CONTROLS:
        return "control"
    raise KeyError(f"'{ref}' is not an ISO/IEC 27001:2022 clause or Annex A control")


def iso_title(ref: str) -> str:
    """The title of a clause or control; raises ``KeyError`` for one not in the catalogue.

    >>> iso_title("A.6.5")
    'Responsibilities after termination or change of employment'
    >>> iso_title("A.9.1")
    Traceback (most recent call last):
    ...
    KeyError: "'A.9.1' is not an ISO/IEC 27001:2022 clause or Annex A control"
    """
    title = CLAUSES.get(ref) or CONTROLS.get(ref)
    if title is None:
        raise KeyError(f"'{ref}' is not an ISO/IEC 27001:2022 clause or Annex A control")
    return title


def iso_label(ref: str) -> str:
    """``ref`` with its title, for a reader: ``A.5.3 Segregation of duties``; an unknown
    reference is returned as it is.

    >>> iso_label("A.5.3"), iso_label("X.1")
    ('A.5.3 Segregation of duties', 'X.1')
    """
    return f"{ref} {iso_title(ref)}" if is_known(ref) else ref


def iso_sort_key(ref: str) -> tuple[int, tuple[int, ...], str]:
    """Order references as the standard does: clauses first, then Annex A, numerically.

    >>> iso_sort_key("A.5.10") > iso_sort_key("A.5.9") > iso_sort_key("10.2")
    True
    """
    annex = ref.startswith("A.")
    parts = ref[2:] if annex else ref
    try:
        numbers = tuple(int(p) for p in parts.split("."))
    except ValueError:
        return (2, (), ref)  # not a reference at all: last, alphabetically
    return (1 if annex else 0, numbers, ref)
