"""The what-if ranking (:func:`graphkit.queries.whatif.rank`) on the compact tables.

The same people, scores, order and lists as the reference, computed by a few joins and
group-bys over :class:`~graphkit.compact.tables.Tables` instead of one Python loop per
assignment and item:

- an item counts for the one person who can act on a side of it (``acc_second`` or
  ``res_second`` null), unless each side has two; items with a side nobody can act on
  are skipped. Only "nobody / this one / several" matters, which the first two
  candidates of each side tell apart;
- a role counts for its acting holders when they are exactly ``min_holders`` (> 0);
- a delegation in force counts for its person ends when every person end can act.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> m = validate_model({
...     "people": [{"id": "ann"}, {"id": "bob", "reports_to": "ann"},
...                {"id": "cy", "reports_to": "ann"}],
...     "roles": [{"id": "cfo"}, {"id": "ops"}],
...     "assignments": [{"person": "ann", "role": "cfo"},
...                     {"person": "bob", "role": "cfo", "deputy": True},
...                     {"person": "cy", "role": "ops"}],
...     "assets": [{"id": "erp", "criticality": "critical", "owner": "role:cfo",
...                 "custodians": ["role:ops"]}],
... })
>>> [(i.person, i.score, i.items, i.roles) for i in rank(m, as_of=date(2026, 6, 1))]
[('cy', 10, ['asset:erp'], ['ops']), ('ann', 0, [], []), ('bob', 0, [], [])]
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from graphkit.model import Model
from graphkit.queries.whatif import DELEGATION_WEIGHT, ROLE_WEIGHTS, Impact

from .frames import Frames, frames_from_model
from .tables import Tables, build_tables

__all__ = ["rank", "rank_frames", "rank_tables"]


def rank(model: Model, as_of: date | None = None, top: int | None = None) -> list[Impact]:
    """:func:`graphkit.queries.whatif.rank` of a validated model, by the compact path."""
    return rank_frames(frames_from_model(model), as_of, top)


def rank_frames(frames: Frames, as_of: date | None = None,
                top: int | None = None) -> list[Impact]:
    """The ranking of the model in ``frames`` as of ``as_of`` (default today)."""
    day = as_of if as_of is not None else date.today()
    return rank_tables(build_tables(frames, day), top)


def _lists(pairs: pl.DataFrame, value: str, chosen: pl.Series) -> dict[str, list[str]]:
    """person id -> the ``value`` column of ``pairs`` (person, order, value) for the
    people in ``chosen`` (person codes), in ``order``."""
    rows = (pairs.filter(pl.col("person").is_in(chosen.implode()))
            .sort("person", "order")
            .group_by("person", maintain_order=True).agg(pl.col(value)))
    return dict(zip(rows["person"].to_list(), rows[value].to_list(), strict=True))


def rank_tables(t: Tables, top: int | None = None) -> list[Impact]:
    """The ranking computed on ``t`` (see the module docstring); with ``top``, the first
    ``top`` only."""
    n_people = len(t.people)
    score = np.zeros(n_people, dtype=np.int64)

    # items: the only person who can act on a side, when some side has only one
    sides = t.sides.filter(pl.col("acc_first").is_not_null()
                           & pl.col("res_first").is_not_null()
                           & (pl.col("acc_second").is_null()
                              | pl.col("res_second").is_null()))
    hits = (pl.concat([
        sides.filter(pl.col("acc_second").is_null()).select("item", person="acc_first"),
        sides.filter(pl.col("res_second").is_null()).select("item", person="res_first")])
        .unique(maintain_order=False)
        .join(t.items.select("item", "ref", "weight"), on="item"))
    np.add.at(score, hits["person"].to_numpy(), hits["weight"].to_numpy())

    # roles left below min_holders: acting holders exactly min_holders
    rc = t.role_candidates
    need = t.min_holders[rc["role"].to_numpy()]
    below_roles = rc.filter(pl.Series((rc["n"].to_numpy() == need) & (need > 0)))
    held = t.holdings.filter(pl.Series(t.acting[t.holdings["person"].to_numpy()]))
    below = held.join(below_roles.select("role"), on="role").select("person", "role")
    role_weight = np.where(t.critical, ROLE_WEIGHTS[True], ROLE_WEIGHTS[False])
    below_codes = below["role"].to_numpy()
    np.add.at(score, below["person"].to_numpy(), role_weight[below_codes])
    below = below.with_columns(value=t.roles.gather(below_codes))

    # delegations in force broken: every person end can act
    d = t.delegations.with_row_index("order")
    acting_end = np.append(t.acting, True)  # index -1 (a role end) reads as True
    ok = (acting_end[d["from_person"].fill_null(-1).to_numpy()]
          & acting_end[d["to_person"].fill_null(-1).to_numpy()])
    broken_d = d.filter(pl.Series(ok) & (pl.col("from_person").is_not_null()
                                         | pl.col("to_person").is_not_null()))
    broken = pl.concat([
        broken_d.select("order", "id", person="from_person").drop_nulls("person"),
        broken_d.filter(pl.col("to_person") != pl.col("from_person").fill_null(-1))
        .select("order", "id", person="to_person").drop_nulls("person")])
    np.add.at(score, broken["person"].to_numpy(), DELEGATION_WEIGHT)

    ranked = (pl.DataFrame({"person": pl.int_range(n_people, dtype=pl.Int32, eager=True),
                            "id": t.people, "score": score})
              .filter(~pl.Series(t.leaver))
              .sort(["score", "id"], descending=[True, False], maintain_order=True))
    if top is not None:
        ranked = ranked.head(max(top, 0))
    chosen = ranked.filter(pl.col("score") > 0)["person"]
    items = _lists(hits.select("person", order="item", value="ref"), "value", chosen)
    roles = _lists(below.select("person", "value", order="role"), "value", chosen)
    delegations = _lists(broken.select("person", "order", value="id"), "value", chosen)
    return [Impact(pid, n, items.get(code, []), roles.get(code, []),
                   delegations.get(code, []))
            for code, pid, n in ranked.select("person", "id", "score").iter_rows()]
