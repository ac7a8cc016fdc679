"""key-person and orphan-item do not both report one item (DESIGN: "an item with no
coverage to begin with gets orphan-item or no-responsible, not key-person").

An owner role whose only holders are a deputy, or a holder by inheritance, has nobody
accountable (only direct primary assignments make someone accountable): orphan-item
reports the item. Its one deputy or inheriting holder is then not also a key person for it.
"""

from __future__ import annotations

from typing import Any

import pytest
from fixturekit import flagged, subjects


def _model(assignment: dict[str, Any]) -> dict[str, Any]:
    return {
        "people": [{"id": "ann"}, {"id": "bo", "reports_to": "ann"},
                   {"id": "cy", "reports_to": "ann"}],
        "roles": [{"id": "owner", "authority": 3}, {"id": "lead", "authority": 3,
                                                    "inherits": ["owner"]},
                  {"id": "ops", "authority": 2}],
        "assignments": [assignment, {"person": "bo", "role": "ops"},
                        {"person": "cy", "role": "ops"}],
        "assets": [{"id": "erp", "criticality": "critical", "owner": "role:owner",
                    "custodians": ["role:ops"]}],
    }


@pytest.mark.parametrize("assignment", [
    {"person": "ann", "role": "owner", "deputy": True},   # a deputy and no primary holder
    {"person": "ann", "role": "lead"},                    # a holder by inheritance only
])
def test_an_orphaned_item_has_no_key_person(assignment: dict[str, Any]) -> None:
    model = _model(assignment)
    assert flagged("orphan-item", model) == {subjects("asset:erp")}
    assert flagged("key-person", model) == set()


def test_a_sole_direct_primary_holder_is_still_a_key_person() -> None:
    model = _model({"person": "ann", "role": "owner"})
    assert flagged("orphan-item", model) == set()
    assert flagged("key-person", model) == {subjects("person:ann")}
