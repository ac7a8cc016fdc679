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

from collections.abc import Callable
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


def _lists(person: np.ndarray, order: np.ndarray, chosen: np.ndarray,
           values: Callable[[np.ndarray], list[str]]) -> dict[int, list[str]]:
    """person code -> the values of its rows, sorted by ``order``, for the people
    ``chosen`` (a boolean mask over people); ``values`` gives the values of rows (asked
    only for the rows of the people chosen)."""
    keep = np.flatnonzero(chosen[person])
    if not len(keep):
        return {}
    keep = keep[np.lexsort((order[keep], person[keep]))]
    people = person[keep]
    starts = np.flatnonzero(np.r_[True, people[1:] != people[:-1]])
    ends = np.r_[starts[1:], len(keep)].tolist()
    found = values(keep)
    return {p: found[s:e] for p, s, e in zip(people[starts].tolist(), starts.tolist(), ends,
                                             strict=True)}


def rank_tables(t: Tables, top: int | None = None) -> list[Impact]:
    """The ranking computed on ``t`` (see the module docstring); with ``top``, the first
    ``top`` only."""
    n_people = len(t.people)

    # items: the only person who can act on a side, when some side has only one
    af, a2, rf, r2 = t.acc_first, t.acc_second, t.res_first, t.res_second
    counted = (af >= 0) & (rf >= 0) & ((a2 < 0) | (r2 < 0))
    acc_items = np.flatnonzero(counted & (a2 < 0))
    res_items = np.flatnonzero(counted & (r2 < 0) & ((a2 >= 0) | (rf != af)))
    hit_item = np.concatenate([acc_items, res_items])
    hit_person = np.concatenate([af[acc_items], rf[res_items]])
    score = np.bincount(hit_person, weights=t.weight[hit_item],
                        minlength=n_people).astype(np.int64)

    # roles left below min_holders: acting holders exactly min_holders (> 0)
    below_role = (t.role_n == t.min_holders) & (t.min_holders > 0)
    ah_role = t.acting_holders["role"].to_numpy()
    ah = np.flatnonzero(below_role[ah_role])
    below_person = t.acting_holders["person"].to_numpy()[ah].astype(np.int64)
    below_codes = ah_role[ah]
    role_weight = np.where(t.critical, ROLE_WEIGHTS[True], ROLE_WEIGHTS[False])
    score += np.bincount(below_person, weights=role_weight[below_codes],
                         minlength=n_people).astype(np.int64)

    # delegations in force broken: every person end can act (and there is one)
    d = t.delegations
    frm = d["from_person"].fill_null(-1).to_numpy().astype(np.int64)
    to = d["to_person"].fill_null(-1).to_numpy().astype(np.int64)
    acting_end = np.append(t.acting, True)  # index -1 (a role end) reads as True
    ok = acting_end[frm] & acting_end[to] & ((frm >= 0) | (to >= 0))
    from_rows = np.flatnonzero(ok & (frm >= 0))
    to_rows = np.flatnonzero(ok & (to >= 0) & (to != frm))
    broken_row = np.concatenate([from_rows, to_rows])
    broken_person = np.concatenate([frm[from_rows], to[to_rows]])
    score += np.bincount(broken_person, minlength=n_people).astype(np.int64) \
        * DELEGATION_WEIGHT

    # the people ranked: everyone but leavers; with ``top``, only those who can be in
    # the first ``top`` (a score at least the top-th)
    ranked_people = np.flatnonzero(~t.leaver)
    if top is not None and 0 <= top < len(ranked_people):
        if top <= 0:
            ranked_people = ranked_people[:0]
        else:
            scores = score[ranked_people]
            bar = np.partition(scores, len(scores) - top)[len(scores) - top]
            ranked_people = ranked_people[scores >= bar]
    ranked = (pl.DataFrame({"person": ranked_people, "id": t.people.gather(ranked_people),
                            "score": score[ranked_people]})
              .sort(["score", "id"], descending=[True, False]))
    if top is not None:
        ranked = ranked.head(max(top, 0))
    chosen = np.zeros(n_people, dtype=bool)
    chosen[ranked["person"].to_numpy()] = True
    chosen &= score > 0
    items = _lists(hit_person, hit_item, chosen, lambda rows: t.refs(hit_item[rows]))
    roles = _lists(below_person, below_codes, chosen,
                   lambda rows: t.roles.gather(below_codes[rows]).to_list())
    delegations = _lists(broken_person, broken_row, chosen,
                         lambda rows: d["id"].gather(broken_row[rows]).to_list())
    return [Impact(pid, n, items.get(code, []), roles.get(code, []),
                   delegations.get(code, []))
            for code, pid, n in zip(ranked["person"].to_list(), ranked["id"].to_list(),
                                    ranked["score"].to_list(), strict=True)]

