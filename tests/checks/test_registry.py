"""The registry holds together: ids, metadata, fixtures."""

from __future__ import annotations

import re

import pytest
from checkfixtures import FIXTURES, load_fixture
from graphkit.queries.registry import CHECKS, get_check

from graphkit.errors import UsageError
from graphkit.findings import Severity
from graphkit.iso import is_known

ISO_REF = re.compile(r"^(A\.[5-8]\.\d{1,2}|[4-9](\.\d{1,2}){1,2})$")


def test_ids_are_unique_and_well_formed() -> None:
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", i) for i in ids)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_check_metadata(check) -> None:  # type: ignore[no-untyped-def]
    assert check.title and check.remediation.strip() and check.family
    assert isinstance(check.severity, Severity)
    assert check.iso, "at least one ISO reference"
    assert all(ISO_REF.match(ref) for ref in check.iso), check.iso
    unknown = [ref for ref in check.iso if not is_known(ref)]
    assert unknown == [], "every ISO reference is a clause or control of ISO/IEC 27001:2022"
    assert get_check(check.id) is check
    assert check.find.__doc__ and "Complexity" in check.find.__doc__


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
@pytest.mark.parametrize("which", ["pass", "fail"])
def test_every_check_has_valid_fixtures(check, which: str) -> None:  # type: ignore[no-untyped-def]
    path = FIXTURES / check.id / f"{which}.yaml"
    assert path.is_file(), f"missing fixture {path}"
    load_fixture(path)


def test_unknown_check() -> None:
    with pytest.raises(UsageError):
        get_check("nope")


def test_iso_references_as_designed() -> None:
    expected = {
        "orphan-item": ("A.5.9", "A.5.2", "6.1.3"),
        "multiple-accountable": ("A.5.2",),
        "no-responsible": ("A.5.2",),
        "vacant-role": ("A.5.2",),
        "key-person": ("A.5.2",),
        "authority-gap": ("A.5.2",),
        "competence-gap": ("7.2", "A.6.3"),
        "not-acknowledged": ("7.3", "7.4", "A.5.2"),
        "leaver-holds": ("A.5.2", "A.6.5"),
        "overload": ("A.5.2",),
    }
    for cid, refs in expected.items():
        assert get_check(cid).iso == refs
