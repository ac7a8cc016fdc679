"""A policy of its own file (``graphkit check --policy FILE``), read against a model.

The file is the policy mapping itself, the same format as ``policy.yaml`` beside a CSV
folder and the ``policy:`` section of a model file (``max_delegation_depth``,
``acceptance_authority``, ``max_accountable_items``, ``sod``, ``exceptions``). Its
references (SoD members, exception approvers) must name elements of the model it is
used with; every problem is reported at once, with its line in the policy file.

>>> import tempfile, pathlib
>>> from graphkit.model import validate_model
>>> m = validate_model({"people": [{"id": "carol"}], "roles": [{"id": "ism"}],
...                     "duties": [{"id": "pay"}]})
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "policy.yaml")
...     _ = path.write_text("max_delegation_depth: 1\\nsod:\\n"
...                         "  - {id: S1, members: [pay, ism]}\\n")
...     policy = read_policy_file(path, m)
>>> policy.max_delegation_depth, policy.sod[0].members
(1, ['duty:pay', 'role:ism'])
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import ModelError
from ..model import SECTION_OF_KIND, Model, Policy, validate_model
from ._files import relocate
from .yamljson import _yaml_line, read_yaml_mapping

__all__ = ["read_policy_file"]

_WHAT = ("a policy mapping (max_delegation_depth, acceptance_authority, "
         "max_accountable_items, sod, exceptions)")


def read_policy_file(path: str | Path, model: Model) -> Policy:
    """Read the policy in ``path`` and check its references against ``model``.

    Raises :class:`~graphkit.errors.InputError` when the file cannot be read (missing,
    too large, not YAML, not a mapping) and :class:`~graphkit.errors.ModelError` with
    every problem, placed on its line, when the policy is not valid for ``model``.
    Linear in the size of the model (its ids) and of the policy.
    """
    p = Path(path)
    data, root = read_yaml_mapping(p, _WHAT)
    # the ids of the model: what the policy's references resolve to (the model is not
    # validated again: at 100,000 people that took 2 s)
    ids = {kind: {element.id for element in getattr(model, section)}
           for kind, section in SECTION_OF_KIND.items()}
    name = str(p)
    try:
        return validate_model({"policy": data}, ids=ids).policy
    except ModelError as exc:
        placed = relocate(exc, lambda loc: (name, _yaml_line(root, loc[1:]), None, None),
                          order=lambda issue: (issue.line or 0,))
        # the file is the policy itself: name its fields as they stand in it
        raise ModelError([replace(i, field=i.field.removeprefix("policy."))
                          if i.field else i for i in placed.issues]) from None
