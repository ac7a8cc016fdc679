"""The model read on one date as integer-coded tables (the compact path's ``Context``).

:func:`build_tables` turns :class:`~graphkit.compact.frames.Frames` into
:class:`Tables`, with the same meaning as :class:`graphkit.semantics.Context`:

- people and roles are numbered ``0..n-1`` in model order; items too, assets first,
  then risks, then duties (each in model order);
- **acting**: status ``active``;
- **holdings**: (person, role, deputy, via length, assignment row) for every valid
  assignment of a person who is not a leaver and every role its role makes its holder
  hold (the inheritance closure, computed on roles by a semi-naive join, cycles
  allowed), best route per (person, role) as in ``Context`` (primary before deputy,
  shorter route first, then the earlier assignment);
- **role candidates**: per role, its distinct acting holders counted, and the first two
  in the order :meth:`Context.acting_holders` lists them (order of each person's first
  valid assignment that gives the role);
- **sides**: per item, the first two distinct people who can act on its accountable and
  on its responsible side, in the order :meth:`Context.coverage` finds them (each party
  in the order the item names them, a role by its candidates, a person who can act;
  then, on the responsible side, the recipients of the item's delegations in force, in
  model order).

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> from graphkit.compact.frames import frames_from_model
>>> m = validate_model({
...     "people": [{"id": "ann"}, {"id": "bob"}, {"id": "cy", "status": "absent"}],
...     "roles": [{"id": "cfo", "inherits": ["staff"]}, {"id": "staff"}],
...     "assignments": [{"person": "cy", "role": "staff"}, {"person": "bob", "role": "cfo"},
...                     {"person": "ann", "role": "staff", "deputy": True}],
...     "duties": [{"id": "pay", "accountable": "role:cfo", "responsible": ["role:staff"]}],
... })
>>> t = build_tables(frames_from_model(m), date(2026, 6, 1))
>>> t.holdings.sort("person", "role").rows()
[(0, 1, True, 1, 2), (1, 0, False, 1, 1), (1, 1, False, 2, 1), (2, 1, False, 1, 0)]
>>> t.role_candidates.sort("role").rows()   # role, acting holders, first, second
[(0, 1, 1, None), (1, 2, 1, 0)]
>>> t.sides.rows()  # item, accountable first/second, responsible first/second
[(0, 1, None, 1, 0)]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from .frames import Frames

__all__ = ["WEIGHT_OF", "Tables", "build_tables", "in_force"]

#: An item's weight in :func:`graphkit.queries.whatif.rank`, by criticality (a risk's
#: level); mirrors :data:`graphkit.queries.whatif.ITEM_WEIGHTS`.
WEIGHT_OF: dict[str, int] = {"low": 1, "medium": 2, "high": 4, "critical": 8}

_I32 = pl.Int32
_ACC = 0  # side codes
_RES = 1


@dataclass(frozen=True, slots=True)
class Tables:
    """The compact reading of a model on one date (see the module docstring).

    ``people``: person ids in model order; ``acting``, ``leaver``: boolean arrays over
    people. ``roles``: role ids; ``min_holders``: effective ``min_holders`` per role;
    ``critical``: boolean per role. ``items``: frame (item, ref, weight). ``holdings``:
    frame (person, role, deputy, via, assignment). ``role_candidates``: frame (role, n,
    first, second), roles with at least one acting holder. ``sides``: frame (item,
    acc_first, acc_second, res_first, res_second), items with someone who can act on
    either side. ``delegations``: the delegations in force, frame (id, from_person,
    to_person) with the person ends (-1 for a role end). Absent values are null.
    """

    people: pl.Series
    acting: np.ndarray
    leaver: np.ndarray
    roles: pl.Series
    min_holders: np.ndarray
    critical: np.ndarray
    items: pl.DataFrame
    holdings: pl.DataFrame
    role_candidates: pl.DataFrame
    sides: pl.DataFrame
    delegations: pl.DataFrame


def in_force(start: str, end: str, day: date) -> pl.Expr:
    """True where the dates in columns ``start`` .. ``end`` (each may be null) admit
    ``day``, as ``Assignment.is_valid_on`` / ``Delegation.is_valid_on`` read them."""
    return ((pl.col(start).is_null() | (pl.col(start) <= day))
            & (pl.col(end).is_null() | (pl.col(end) >= day)))


def _codes(ids: pl.Series, name: str) -> pl.DataFrame:
    """A frame (key, ``name``) numbering ``ids`` in order."""
    return pl.DataFrame({"key": ids, name: pl.int_range(len(ids), dtype=_I32, eager=True)})


def _closure(edges: pl.DataFrame, starts: pl.Series) -> pl.DataFrame:
    """Every (start, role, via) with ``role`` reachable from ``start`` over ``edges``
    (child, parent), ``via`` the number of roles on the shortest route (1 for the start
    itself): breadth first, one join per level, so cycles end."""
    frontier = pl.DataFrame({"start": starts, "role": starts}).unique()
    frontier = frontier.with_columns(via=pl.lit(1, _I32))
    found = [frontier]
    seen = frontier.select("start", "role")
    via = 1
    while frontier.height:
        via += 1
        step = (frontier.join(edges, left_on="role", right_on="child")
                .select("start", role=pl.col("parent"))
                .unique()
                .join(seen, on=["start", "role"], how="anti"))
        frontier = step.with_columns(via=pl.lit(via, _I32))
        if frontier.height:
            found.append(frontier)
            seen = pl.concat([seen, step])
    return pl.concat(found)


def build_tables(frames: Frames, as_of: date) -> Tables:
    """The compact reading of ``frames`` on ``as_of`` (see the module docstring)."""
    people_f = frames.people
    status = people_f["status"]
    acting = (status == "active").to_numpy()
    leaver = (status == "leaver").to_numpy()
    person_codes = _codes(people_f["id"], "person")
    roles_f = frames.roles
    role_codes = _codes(roles_f["id"], "role")
    critical = roles_f["critical"].to_numpy()
    min_holders = (roles_f["min_holders"]
                   .fill_null(pl.Series(np.where(critical, 2, 1)))
                   .to_numpy().astype(np.int64))

    # --- holdings ------------------------------------------------------------------
    assignments = (frames.assignments
                   .with_row_index("assignment")
                   .filter(in_force("from", "until", as_of))
                   .join(person_codes, left_on="person", right_on="key")
                   .join(role_codes.rename({"role": "role_code"}), left_on="role",
                         right_on="key")
                   .select("assignment", person=pl.col("person_right"),
                           start=pl.col("role_code"), deputy=pl.col("deputy")))
    assignments = assignments.filter(~pl.Series(leaver)[assignments["person"]])
    edges = (roles_f.select(pl.col("id").alias("child"), pl.col("inherits").alias("parent"))
             .explode("parent").drop_nulls()
             .join(role_codes, left_on="child", right_on="key")
             .join(role_codes.rename({"role": "parent_code"}), left_on="parent",
                   right_on="key")
             .select(child=pl.col("role"), parent=pl.col("parent_code")))
    closure = _closure(edges, assignments["start"].unique())
    holdings = (assignments.join(closure, on="start")
                .sort("person", "role", "deputy", "via", "assignment")
                .unique(["person", "role"], keep="first", maintain_order=True)
                .select("person", "role", "deputy", "via",
                        pl.col("assignment").cast(_I32)))

    # --- role candidates: acting holders in Context's order -------------------------
    first_seen = (assignments.filter(pl.Series(acting)[assignments["person"]])
                  .join(closure, on="start")
                  .group_by("role", "person").agg(pl.col("assignment").min()))
    role_candidates = (first_seen.sort("role", "assignment")
                       .group_by("role", maintain_order=True)
                       .agg(n=pl.len().cast(_I32), first=pl.col("person").first(),
                            second=pl.col("person").get(1, null_on_oob=True)))

    # --- items and their sides ------------------------------------------------------
    sections = (("asset", frames.assets, "criticality", "owner", "custodians"),
                ("risk", frames.risks, "level", "owner", None),
                ("duty", frames.duties, "criticality", "accountable", "responsible"))
    items = []
    parties = []
    offset = 0
    for kind, frame, level, acc, res in sections:
        numbered = frame.select(
            item=pl.int_range(offset, offset + frame.height, dtype=_I32),
            ref=pl.lit(kind + ":") + pl.col("id"),
            weight=pl.col(level).replace_strict(WEIGHT_OF, return_dtype=pl.Int32),
            acc=pl.col(acc),
            res=(pl.col(acc) if res is None else pl.col(res) if kind == "duty" else
                 # an asset with no custodians falls back to its owner
                 pl.when(pl.col(res).list.len() > 0).then(pl.col(res))
                 .otherwise(pl.col(acc))))
        items.append(numbered.select("item", "ref", "weight"))
        for side, column in ((_ACC, "acc"), (_RES, "res")):
            parties.append(numbered.select("item", pl.lit(side, pl.Int8).alias("side"),
                                           pl.col(column).alias("party"))
                           .explode("party").drop_nulls("party"))
        offset += frame.height
    item_frame = pl.concat(items)
    delegations = frames.delegations.with_row_index("row").filter(
        in_force("from_date", "until", as_of))
    parties.append(delegations.join(item_frame.select("ref", "item"), left_on="scope",
                                    right_on="ref", maintain_order="left")
                   .select("item", pl.lit(_RES, pl.Int8).alias("side"),
                           pl.col("to").alias("party")))
    # who each party stands for among those who can act: first two, in order
    acting_people = person_codes.filter(pl.Series(acting))
    candidates = pl.concat([
        acting_people.select(party=pl.lit("person:") + pl.col("key"),
                             first=pl.col("person"), second=pl.lit(None, _I32)),
        role_candidates.join(role_codes, on="role").select(
            party=pl.lit("role:") + pl.col("key"), first="first", second="second"),
    ])
    rows = pl.concat(parties).join(candidates, on="party", maintain_order="left")
    first = pl.col("first").first()
    # the second distinct person in the order (first_0, second_0, first_1, second_1...)
    # is the first non-null of: a row's first when it differs from the group's first,
    # else that row's second (which always differs from its row's first)
    second = (pl.when(pl.col("first") != first).then(pl.col("first"))
              .otherwise(pl.col("second")).drop_nulls().first())
    per_side = (rows.group_by("item", "side").agg(first=first, second=second))
    acc_side = per_side.filter(pl.col("side") == _ACC).select(
        "item", acc_first="first", acc_second="second")
    res_side = per_side.filter(pl.col("side") == _RES).select(
        "item", res_first="first", res_second="second")
    sides = (acc_side.join(res_side, on="item", how="full", coalesce=True)
             .sort("item"))

    # --- delegations in force with their person ends --------------------------------
    def person_end(column: str) -> pl.Expr:
        return (pl.when(pl.col(column).str.starts_with("person:"))
                .then(pl.col(column).str.slice(7)).otherwise(None))

    ends = (delegations.select("row", "id", from_key=person_end("from"),
                               to_key=person_end("to"))
            .join(person_codes.rename({"person": "from_person"}), left_on="from_key",
                  right_on="key", how="left", maintain_order="left")
            .join(person_codes.rename({"person": "to_person"}), left_on="to_key",
                  right_on="key", how="left", maintain_order="left")
            .select("id", "from_person", "to_person"))

    return Tables(people=people_f["id"], acting=acting, leaver=leaver,
                  roles=roles_f["id"], min_holders=min_holders, critical=critical,
                  items=item_frame, holdings=holdings, role_candidates=role_candidates,
                  sides=sides, delegations=ends)
