"""The sections of a model as polars frames: the input of the compact path.

:class:`Frames` holds one frame per section the compact path reads, with references
already canonical (as after :func:`graphkit.model.validate_model`) and defaults filled
(status ``active``, criticality and level ``medium``, ``critical`` and ``deputy`` false),
rows in model order. Two ways to get one:

- :func:`frames_from_model`, from a validated :class:`~graphkit.model.Model` (any
  input, any size: the model has already paid for validation);
- :func:`folder_frames`, from a CSV folder validated column-wise by
  :func:`graphkit.loaders.columns.validated_columns` (no per-row objects).

Nothing here validates: a frame is only ever made from input that has been validated.

>>> from graphkit.model import validate_model
>>> m = validate_model({"people": [{"id": "ann"}, {"id": "bob", "status": "absent"}],
...                     "roles": [{"id": "cfo", "inherits": ["staff"]}, {"id": "staff"}],
...                     "assets": [{"id": "erp", "owner": "ann"}]})
>>> f = frames_from_model(m)
>>> f.people.rows()
[('ann', None, 'active'), ('bob', None, 'absent')]
>>> f.roles.row(0)
('cfo', False, None, ['staff'])
>>> f.assets.row(0)
('erp', 'medium', ['person:ann'], [])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from pathlib import Path

import numpy as np
import polars as pl

from graphkit.model import Model

if TYPE_CHECKING:
    from graphkit.loaders.columns import Columns

__all__ = ["SCHEMAS", "Frames", "folder_frames", "frames_from_columns", "frames_from_model"]

_LIST = pl.List(pl.String)

#: The columns (and their types) of each frame of :class:`Frames`.
SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "people": {"id": pl.String(), "name": pl.String(), "status": pl.String()},
    "roles": {"id": pl.String(), "critical": pl.Boolean(), "min_holders": pl.Int64(),
              "inherits": _LIST},
    "assignments": {"person": pl.String(), "role": pl.String(), "deputy": pl.Boolean(),
                    "from": pl.Date(), "until": pl.Date()},
    "assets": {"id": pl.String(), "criticality": pl.String(), "owner": _LIST,
               "custodians": _LIST},
    "risks": {"id": pl.String(), "level": pl.String(), "owner": _LIST},
    "duties": {"id": pl.String(), "criticality": pl.String(), "accountable": _LIST,
               "responsible": _LIST},
    "delegations": {"id": pl.String(), "from": pl.String(), "to": pl.String(),
                    "scope": pl.String(), "from_date": pl.Date(), "until": pl.Date()},
}


@dataclass(frozen=True, slots=True)
class Frames:
    """The sections the compact path reads, one frame each (see :data:`SCHEMAS`):
    canonical references, defaults filled, rows in model order, list fields as lists
    (never null).

    ``party_codes``, when the frames come from a folder validated column-wise, holds
    the party codes validation found for the references to people and roles
    (:attr:`graphkit.loaders.columns.Columns.party_codes`, keyed by (section, column):
    the items' parties in row order, the delegations' ends), which
    :func:`~graphkit.compact.tables.build_tables` then need not look up again."""

    people: pl.DataFrame
    roles: pl.DataFrame
    assignments: pl.DataFrame
    assets: pl.DataFrame
    risks: pl.DataFrame
    duties: pl.DataFrame
    delegations: pl.DataFrame
    party_codes: Mapping[tuple[str, str], np.ndarray] | None = None


def _frame(section: str, columns: dict[str, list[Any]]) -> pl.DataFrame:
    """A frame of ``section`` from plain columns; a list column comes as strings
    joined by ``;`` (no id or reference contains one), None for an empty list, which
    polars splits far quicker than it converts Python lists."""
    schema = SCHEMAS[section]
    lists = [name for name, dtype in schema.items() if dtype == _LIST]
    plain = {name: (pl.String() if name in lists else dtype)
             for name, dtype in schema.items()}
    frame = pl.DataFrame(columns, schema=plain)
    if lists:
        frame = frame.with_columns(
            pl.col(name).str.split(";").fill_null(pl.lit([], dtype=_LIST)) for name in lists)
    return frame


def _joined(values: list[str]) -> str | None:
    return ";".join(values) if values else None


def frames_from_model(model: Model) -> Frames:
    """The frames of a validated model (one pass over each section)."""
    people = model.people
    roles = model.roles
    assignments = model.assignments
    assets = model.assets
    risks = model.risks
    duties = model.duties
    delegations = model.delegations
    return Frames(
        people=_frame("people", {"id": [p.id for p in people],
                                 "name": [p.name for p in people],
                                 "status": [p.status.value for p in people]}),
        roles=_frame("roles", {"id": [r.id for r in roles],
                               "critical": [r.critical for r in roles],
                               "min_holders": [r.min_holders for r in roles],
                               "inherits": [_joined(r.inherits) for r in roles]}),
        assignments=_frame("assignments", {
            "person": [a.person for a in assignments], "role": [a.role for a in assignments],
            "deputy": [a.deputy for a in assignments], "from": [a.from_ for a in assignments],
            "until": [a.until for a in assignments]}),
        assets=_frame("assets", {"id": [a.id for a in assets],
                                 "criticality": [a.criticality.value for a in assets],
                                 "owner": [_joined(a.owner) for a in assets],
                                 "custodians": [_joined(a.custodians) for a in assets]}),
        risks=_frame("risks", {"id": [r.id for r in risks],
                               "level": [r.level.value for r in risks],
                               "owner": [_joined(r.owner) for r in risks]}),
        duties=_frame("duties", {"id": [d.id for d in duties],
                                 "criticality": [d.criticality.value for d in duties],
                                 "accountable": [_joined(d.accountable) for d in duties],
                                 "responsible": [_joined(d.responsible) for d in duties]}),
        delegations=_frame("delegations", {
            "id": [d.id for d in delegations], "from": [d.from_ for d in delegations],
            "to": [d.to for d in delegations], "scope": [d.scope for d in delegations],
            "from_date": [d.from_date for d in delegations],
            "until": [d.until for d in delegations]}),
    )


def folder_frames(folder: Path) -> Frames | None:
    """The frames of a CSV folder read and validated column-wise
    (:func:`graphkit.loaders.columns.validated_columns`), or None when that reading
    cannot prove the folder valid: the caller then reads it with the reference loader,
    which reports every problem (or gives the model, for :func:`frames_from_model`)."""
    from graphkit.loaders.columns import validated_columns

    columns = validated_columns(folder)
    if columns is None:
        return None
    return frames_from_columns(columns)


def frames_from_columns(columns: Columns) -> Frames:
    """The frames of a folder validated column-wise: its columns as they are (canonical
    references, defaults filled, lists never null), the ones the compact path reads."""
    def pick(section: str) -> pl.DataFrame:
        return columns[section].select(
            pl.col(name).cast(dtype) for name, dtype in SCHEMAS[section].items())

    return Frames(pick("people"), pick("roles"), pick("assignments"), pick("assets"),
                  pick("risks"), pick("duties"), pick("delegations"),
                  party_codes=columns.party_codes or None)
