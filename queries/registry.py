"""The catalogue of checks: one explicit tuple, in the order of DESIGN.md's table.

Adding a check touches its function (in its family's module), one line here, its test
and its fixtures — nothing else. Nothing registers itself on import.

>>> get_check("orphan-item").iso
('A.5.9', 'A.5.2', '6.1.3')
>>> len({c.id for c in CHECKS}) == len(CHECKS)
True
"""

from __future__ import annotations

from graphkit.errors import UsageError
from graphkit.findings import Check

from .accountability import (
    KEY_PERSON,
    MULTIPLE_ACCOUNTABLE,
    NO_RESPONSIBLE,
    ORPHAN_ITEM,
    OVERLOAD,
)
from .delegation import (
    DELEGATION_CYCLE,
    DELEGATION_DEPTH,
    LAPSED_DELEGATION,
    UNFOUNDED_DELEGATION,
)
from .exceptions import EXCEPTION_INVALID
from .reporting import REPORTING_LINE
from .risk import ACCEPTANCE_AUTHORITY
from .roles import AUTHORITY_GAP, COMPETENCE_GAP, LEAVER_HOLDS, NOT_ACKNOWLEDGED, VACANT_ROLE
from .sod import SOD_CONFLICT

__all__ = ["CHECKS", "get_check"]

#: Every check graphkit runs, in the order of DESIGN.md's table.
CHECKS: tuple[Check, ...] = (
    ORPHAN_ITEM,
    MULTIPLE_ACCOUNTABLE,
    NO_RESPONSIBLE,
    DELEGATION_CYCLE,
    DELEGATION_DEPTH,
    UNFOUNDED_DELEGATION,
    LAPSED_DELEGATION,
    VACANT_ROLE,
    KEY_PERSON,
    SOD_CONFLICT,
    ACCEPTANCE_AUTHORITY,
    AUTHORITY_GAP,
    COMPETENCE_GAP,
    NOT_ACKNOWLEDGED,
    LEAVER_HOLDS,
    REPORTING_LINE,
    OVERLOAD,
    EXCEPTION_INVALID,
)

_BY_ID = {c.id: c for c in CHECKS}


def get_check(check_id: str) -> Check:
    """The check with id ``check_id``; a :class:`~graphkit.errors.UsageError` if none."""
    try:
        return _BY_ID[check_id]
    except KeyError:
        raise UsageError(f"unknown check '{check_id}' (see `graphkit checks`)") from None
