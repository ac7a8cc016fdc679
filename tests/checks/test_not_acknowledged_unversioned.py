"""not-acknowledged on a role whose description has no version: the holder who
acknowledged nothing is reported, and the message does not invent a "current: 1"."""

from __future__ import annotations

from fixturekit import findings


def test_unversioned_description_message() -> None:
    model = {"people": [{"id": "ann"}, {"id": "bo", "acknowledged": [{"role": "ops",
                                                                       "version": 1}]}],
             "roles": [{"id": "ops", "description": "Runs production.", "authority": 2}],
             "assignments": [{"person": "ann", "role": "ops"}, {"person": "bo", "role": "ops"}]}
    found = findings("not-acknowledged", model)
    assert [f.subjects for f in found] == [["person:ann", "role:ops"]]
    assert "current:" not in found[0].message
    assert "no version" in found[0].message
