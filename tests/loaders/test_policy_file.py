"""A policy of its own file is validated against the model's ids, not with the model.

:func:`graphkit.loaders.policyfile.read_policy_file` once validated a copy of the model
(every person, role, asset, risk and duty as ``{"id": ...}``) with the policy in it: 2 s
at 100,000 people for a policy of 20 rules. It now validates the policy alone with
:func:`graphkit.model.validate_model`'s ``ids``. These tests hold it to the old way on
random policies: the same policy, or the same problems (message, field, what was
expected, where), and the same lines in the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.errors import ModelError
from graphkit.loaders.policyfile import read_policy_file
from graphkit.model import SECTION_OF_KIND, Model, Policy, validate_model

# "x" is a person, a role and a duty: a bare "x" is ambiguous where more than one may be
MODEL = validate_model({
    "people": [{"id": "p1"}, {"id": "p2"}, {"id": "x"}],
    "roles": [{"id": "r1"}, {"id": "r2"}, {"id": "x"}],
    "assets": [{"id": "a1"}],
    "risks": [{"id": "k1"}],
    "duties": [{"id": "d1"}, {"id": "x"}],
})

NAMES = ["p1", "p2", "x", "r1", "r2", "a1", "k1", "d1", "nobody", "person:p1", "person:r1",
         "role:r1", "role:p1", "duty:d1", "duty:x", "role:x", "asset:a1", "risk:k1",
         "team:t1", "role:", ":r1", "r1 ", ""]
DATES = ["2027-01-01", "2026-02-30", "soon", "2025-12-31", None]


def the_old_way(data: Any, model: Model) -> Policy:
    """How the policy was validated before: with a copy of the model's ids as elements."""
    skeleton: dict[str, Any] = {
        section: [{"id": element.id} for element in getattr(model, section)]
        for section in ("people", "roles", "assets", "risks", "duties")}
    skeleton["policy"] = data
    return validate_model(skeleton).policy


def the_new_way(data: Any, model: Model) -> Policy:
    ids = {kind: {element.id for element in getattr(model, section)}
           for kind, section in SECTION_OF_KIND.items()}
    return validate_model({"policy": data}, ids=ids).policy


def outcome(read: Any, data: Any) -> Any:
    try:
        return read(data, MODEL)
    except ModelError as exc:
        return [(i.message, i.field, i.expected, i.loc) for i in exc.issues]


rules = st.fixed_dictionaries(
    {"id": st.sampled_from(["S1", "S2", "S 3", ""]),
     "members": st.lists(st.sampled_from(NAMES), max_size=4)},
    optional={"max": st.sampled_from([0, 1, 2, "two"]), "name": st.sampled_from(["A", 7]),
              "extra": st.just(1)})
exceptions = st.fixed_dictionaries(
    {"finding": st.sampled_from(["ab12", "", "0" * 64]),
     "reason": st.sampled_from(["accepted", ""]),
     "approved_by": st.sampled_from(NAMES)},
    optional={"expires": st.sampled_from(DATES)})
policies = st.fixed_dictionaries({}, optional={
    "max_delegation_depth": st.sampled_from([0, 2, -1, "deep"]),
    "acceptance_authority": st.dictionaries(st.sampled_from(["low", "high", "severe"]),
                                            st.sampled_from([1, 5, "x"]), max_size=2),
    "max_accountable_items": st.sampled_from([25, -3]),
    "sod": st.lists(rules, max_size=3),
    "exceptions": st.lists(exceptions, max_size=3),
    "unknown_field": st.just(True),
})


@settings(max_examples=400, deadline=None)
@given(policies)
def test_a_policy_is_validated_as_it_was_with_the_model(data: dict[str, Any]) -> None:
    assert outcome(the_new_way, data) == outcome(the_old_way, data)


@pytest.mark.parametrize(("data", "valid"), [
    ({"sod": [{"id": "S1", "members": ["x", "d1"]}]}, False),  # x: person, role and duty
    ({"sod": [{"id": "S1", "members": ["role:x", "duty:x"]}],
      "exceptions": [{"finding": "ab", "reason": "r", "approved_by": "x"}]}, True),
    ({"exceptions": [{"finding": "ab", "reason": "r", "approved_by": "r1"}]}, False),
    ({"exceptions": [{"finding": "ab", "reason": "r", "approved_by": "nobody",
                      "expires": "2026-02-30"}]}, False),
])
def test_references_resolve_by_the_kinds_of_the_models_ids(data: dict[str, Any],
                                                             valid: bool) -> None:
    new = outcome(the_new_way, data)
    assert new == outcome(the_old_way, data)
    assert isinstance(new, Policy) is valid


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(policies)
def test_a_policy_file_reads_as_it_did(tmp_path: Path, data: dict[str, Any]) -> None:
    """The file's policy, or its problems placed on their lines, as the old way placed
    them (the old way's problems are placed here by the same reader)."""
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False) if data else "{}\n")
    try:
        got: Any = read_policy_file(path, MODEL)
    except ModelError as exc:
        got = str(exc)
    try:
        want: Any = the_old_way(data, MODEL)
    except ModelError:
        want = None  # a problem: the reader must have reported it
    if want is None:
        assert isinstance(got, str) and f"{path}:" in got
    else:
        assert got == want


def test_an_unknown_approver_is_placed_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("max_delegation_depth: 2\nexceptions:\n"
                    "  - {finding: ab12, reason: accepted, approved_by: zed}\n")
    with pytest.raises(ModelError) as exc:
        read_policy_file(path, MODEL)
    assert str(exc.value) == (
        f"1 problem in the model:\n{path}:3: exceptions[0].approved_by: unknown person "
        "'zed' (expected the id of a person in the model)")
