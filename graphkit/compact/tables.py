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
>>> t.holdings().sort("person", "role").rows()   # person, role, deputy, via, assignment
[(0, 1, True, 1, 2), (1, 0, False, 1, 1), (1, 1, False, 2, 1), (2, 1, False, 1, 0)]
>>> t.role_n.tolist(), t.role_first.tolist(), t.role_second.tolist()  # cy is absent
([1, 2], [1, 1], [-1, 0])
>>> t.sides.rows()  # item, accountable first/second, responsible first/second
[(0, 1, None, 1, 0)]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from .frames import Frames
from .index import Index, lookup

__all__ = ["WEIGHT_OF", "Tables", "build_tables", "in_force"]

#: An item's weight in :func:`graphkit.queries.whatif.rank`, by criticality (a risk's
#: level); mirrors :data:`graphkit.queries.whatif.ITEM_WEIGHTS`.
WEIGHT_OF: dict[str, int] = {"low": 1, "medium": 2, "high": 4, "critical": 8}

_I32 = pl.Int32
#: The levels as an enumeration (a cast to it is quicker than replacing strings, and
#: exact: a value that is not a level fails it) and the weight of each.
_LEVEL = pl.Enum(list(WEIGHT_OF))
_LEVEL_WEIGHT = np.array(list(WEIGHT_OF.values()), dtype=np.int64)
_SECTION_OF = {"asset": "assets", "risk": "risks", "duty": "duties"}
_ACC = 0  # side codes
_RES = 1


@dataclass(frozen=True, slots=True)
class Tables:
    """The compact reading of a model on one date (see the module docstring).

    Codes: people, roles and items are numbered in model order; ``-1`` means nobody.

    - ``people``, ``roles``: the ids; ``acting``, ``leaver``: boolean arrays over people;
      ``min_holders`` (effective) and ``critical``: arrays over roles;
    - ``item_kinds``: (kind, first item code, ids) per section, assets, risks, duties;
      ``weight``: per item, :data:`WEIGHT_OF` its criticality;
    - ``acting_holders``: frame (role, person, assignment): each acting holder of each
      role once, with the first valid assignment that gives it; ``role_n``,
      ``role_first``, ``role_second``: per role, the number of acting holders and the
      first two in :meth:`Context.acting_holders` order;
    - ``acc_first``, ``acc_second``, ``res_first``, ``res_second``: per item, the first
      two people who can act on each side, in :meth:`Context.coverage` order;
    - ``delegations``: the delegations in force, frame (id, from_person, to_person), a
      person end's code or null for a role end.

    :meth:`holdings` and :attr:`sides` are frames for reading and testing.
    """

    people: pl.Series
    acting: np.ndarray
    leaver: np.ndarray
    roles: pl.Series
    min_holders: np.ndarray
    critical: np.ndarray
    item_kinds: tuple[tuple[str, int, pl.Series], ...]
    weight: np.ndarray
    acting_holders: pl.DataFrame
    role_n: np.ndarray
    role_first: np.ndarray
    role_second: np.ndarray
    acc_first: np.ndarray
    acc_second: np.ndarray
    res_first: np.ndarray
    res_second: np.ndarray
    delegations: pl.DataFrame
    _assignments: pl.DataFrame
    _closure: pl.DataFrame

    def refs(self, items: np.ndarray) -> list[str]:
        """The ``kind:id`` references of item codes (each section's ids gathered at
        once)."""
        items = np.asarray(items, dtype=np.int64)
        out = np.empty(len(items), dtype=object)
        bounds = [first for _, first, _ in self.item_kinds[1:]] + [len(self.weight)]
        section = np.searchsorted(np.asarray(bounds), items, side="right")
        for k, (kind, first, ids) in enumerate(self.item_kinds):
            rows = np.flatnonzero(section == k)
            if len(rows):
                prefix = f"{kind}:"
                out[rows] = [prefix + i for i in ids.gather(items[rows] - first).to_list()]
        refs: list[str] = out.tolist()
        return refs

    @property
    def sides(self) -> pl.DataFrame:
        """Frame (item, acc_first, acc_second, res_first, res_second) of the items with
        someone who can act on either side; null for nobody."""
        def col(a: np.ndarray) -> pl.Series:
            return pl.Series(a).replace(-1, None)

        frame = pl.DataFrame({"item": np.arange(len(self.weight), dtype=np.int32),
                              "acc_first": col(self.acc_first),
                              "acc_second": col(self.acc_second),
                              "res_first": col(self.res_first),
                              "res_second": col(self.res_second)})
        return frame.filter(pl.col("acc_first").is_not_null()
                            | pl.col("res_first").is_not_null())

    def holdings(self) -> pl.DataFrame:
        """Frame (person, role, deputy, via, assignment): every holding on the date of a
        person who is not a leaver, with the route ``Context`` keeps (primary before
        deputy, fewer roles on the route, earlier assignment); ``via`` counts the roles
        on the route."""
        return (self._assignments.join(self._closure, on="start")
                .sort("person", "role", "deputy", "via", "assignment")
                .unique(["person", "role"], keep="first", maintain_order=True)
                .select("person", "role", "deputy", "via", pl.col("assignment").cast(_I32)))


def in_force(start: str, end: str, day: date) -> pl.Expr:
    """True where the dates in columns ``start`` .. ``end`` (each may be null) admit
    ``day``, as ``Assignment.is_valid_on`` / ``Delegation.is_valid_on`` read them."""
    return ((pl.col(start).is_null() | (pl.col(start) <= day))
            & (pl.col(end).is_null() | (pl.col(end) >= day)))


def _closure(child: np.ndarray, parent: np.ndarray, n_roles: int, starts: np.ndarray,
             single: bool | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (start, role, via) with ``role`` reachable from a role of ``starts`` over
    the edges ``child -> parent``, ``via`` the number of roles on the shortest route (1
    for the start itself): breadth first, one vectorised step per level over the edges
    as CSR, pairs already found dropped, so cycles end. Sorted by start, then via.

    When every role inherits at most one role (``single``, found from the edges when
    None), a route from a start is a chain and reaches no role twice, so nothing is
    dropped (a chain longer than the roles are many is a cycle: then pairs are checked).

    >>> ring = (np.array([0, 1, 2]), np.array([1, 2, 0]), 3, np.array([0, 2]))
    >>> [a.tolist() for a in _closure(*ring)]
    [[0, 0, 0, 2, 2, 2], [0, 1, 2, 2, 0, 1], [1, 2, 3, 1, 2, 3]]
    >>> diamond = (np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), 4, np.array([0]))
    >>> [a.tolist() for a in _closure(*diamond)]
    [[0, 0, 0, 0], [0, 1, 2, 3], [1, 2, 2, 3]]
    """
    if single is None:
        single = not len(child) or int(np.bincount(child).max()) <= 1
    order = np.argsort(child, kind="stable")
    indptr = np.zeros(n_roles + 1, dtype=np.int64)
    np.cumsum(np.bincount(child, minlength=n_roles), out=indptr[1:])
    targets = parent[order].astype(np.int64)
    start = np.unique(starts).astype(np.int64)
    role = start.copy()
    found_start, found_role, found_via = [start], [role], [np.ones(len(start), np.int64)]
    seen = start * n_roles + role
    via = 1
    while len(start):
        via += 1
        degree = indptr[role + 1] - indptr[role]
        nxt_start = np.repeat(start, degree)
        # the parents of each frontier role, one run per frontier row
        offsets = np.repeat(indptr[role] - np.cumsum(degree) + degree, degree)
        nxt_role = targets[offsets + np.arange(len(nxt_start))]
        key = nxt_start * n_roles + nxt_role
        if single:
            if via > n_roles:  # longer than any route without a cycle: there is one
                return _closure(child, parent, n_roles, starts, single=False)
        else:
            key = np.unique(key)
            key = key[~np.isin(key, seen, assume_unique=True)]
            seen = np.concatenate([seen, key])
        start, role = key // n_roles, key % n_roles
        found_start.append(start)
        found_role.append(role)
        found_via.append(np.full(len(key), via, np.int64))
    s, r, v = (np.concatenate(found_start), np.concatenate(found_role),
               np.concatenate(found_via))
    by = _argsort_by((s, n_roles), (v, n_roles + 2), (r, n_roles))
    return s[by], r[by], v[by]


def _first_two(segment: np.ndarray, c1: np.ndarray,
               c2: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per run of equal values in ``segment`` (rows of one group are consecutive), the
    first two distinct people of the sequence ``c1[0], c2[0], c1[1], c2[1], ...`` (a
    row's ``c2`` is -1 or differs from its ``c1``; -1 is nobody and is skipped).

    Returns (the segment value, first, second) per run.

    >>> seg = np.array([0, 0, 0, 1, 2, 2])
    >>> c1 = np.array([-1, 5, 5, 3, 4, 7])
    >>> c2 = np.array([-1, -1, 6, -1, -1, -1])
    >>> [a.tolist() for a in _first_two(seg, c1, c2)]
    [[0, 1, 2], [5, 3, 4], [6, -1, 7]]
    """
    n = len(segment)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(segment[1:], segment[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    first = _first_per_run(starts, c1)
    # the second distinct person is the first non-null of: a row's c1 when it differs
    # from the run's first, else that row's c2
    run = np.cumsum(new) - 1
    alt = np.where(c1 != first[run], c1, c2)
    second = _first_per_run(starts, alt)
    return segment[starts], first, second


def _first_per_run(starts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per run of rows (``starts``: the first row of each, increasing from 0), its first
    value that is not -1, or -1: each row's next such row, by a running minimum from
    the end, read at the runs' starts (a few sequential passes: ``np.minimum.reduceat``
    is several times slower over millions of short runs).

    >>> _first_per_run(np.array([0, 2, 4]), np.array([-1, 4, 5, 6, -1])).tolist()
    [4, 5, -1]
    """
    n = len(values)
    following = np.where(values >= 0, np.arange(n), n)
    following = np.minimum.accumulate(following[::-1])[::-1]
    at = following[starts]
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:]
    ends[-1:] = n
    return np.where(at < ends, values[np.minimum(at, n - 1)], -1)


def _argsort_by(*columns: tuple[np.ndarray, int]) -> np.ndarray:
    """The stable order of rows by ``columns``, the first the most significant, each
    (values, bound) with ``0 <= values < bound``: one sort of a combined integer key when
    the bounds' product fits in 63 bits (a few times quicker than ``np.lexsort``), else
    ``np.lexsort``.

    >>> _argsort_by((np.array([1, 0, 1, 0]), 2), (np.array([0, 2, 0, 1]), 3)).tolist()
    [3, 1, 0, 2]
    """
    total = 1
    for _, bound in columns:
        total *= max(bound, 1)
    if total >= 2 ** 63:
        return np.lexsort([values for values, _ in reversed(columns)])
    key = np.zeros(len(columns[0][0]), dtype=np.int64)
    for values, bound in columns:
        key *= bound
        key += values
    return np.argsort(key, kind="stable")


def _flat(lists: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """The elements of a list column, each with the row it is in (an empty or null list
    has none).

    >>> rows, elements = _flat(pl.Series([["a", "b"], [], None, ["c"]]))
    >>> rows.tolist(), elements.to_list()
    ([0, 0, 3], ['a', 'b', 'c'])
    """
    return _rows_of_items(lists), lists.explode(empty_as_null=False, keep_nulls=False)


def _rows_of_items(lists: pl.Series) -> np.ndarray:
    """The row of each element of a list column (:func:`_flat` without the elements).

    >>> _rows_of_items(pl.Series([["a", "b"], [], None, ["c"]])).tolist()
    [0, 0, 3]
    """
    lengths = lists.list.len().fill_null(0).to_numpy()
    return np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)


def build_tables(frames: Frames, as_of: date) -> Tables:
    """The compact reading of ``frames`` on ``as_of`` (see the module docstring)."""
    people_f = frames.people
    status = people_f["status"]
    acting = (status == "active").to_numpy()
    leaver = (status == "leaver").to_numpy()
    n_people = len(acting)
    person_ids = people_f["id"]
    roles_f = frames.roles
    n_roles = roles_f.height
    role_ids = roles_f["id"]
    critical = roles_f["critical"].to_numpy().astype(bool)
    min_holders = (roles_f["min_holders"]
                   .fill_null(pl.Series(np.where(critical, 2, 1)))
                   .to_numpy().astype(np.int64))

    # --- holdings ------------------------------------------------------------------
    # the assignments in force of people who are not leavers, in model order
    n_rows = frames.assignments.height
    valid = (frames.assignments.with_row_index("assignment")
             .filter(in_force("from", "until", as_of)))
    role_index = Index(role_ids)
    known = frames.party_codes  # the codes validation found, if the frames come with them
    if known is not None:
        in_force_rows = valid["assignment"].to_numpy()
        a_person = known[("assignments", "person")][in_force_rows]
        a_start = known[("assignments", "role")][in_force_rows] - n_people
    else:
        a_person = lookup(valid["person"], person_ids)
        a_start = role_index.find(valid["role"])
    kept = (a_person >= 0) & (a_start >= 0)
    kept[kept] = ~leaver[a_person[kept]]
    a_person, a_start = a_person[kept], a_start[kept]
    a_row = valid["assignment"].to_numpy()[kept].astype(np.int64)
    assignments = pl.DataFrame({"assignment": a_row.astype(np.uint32),
                                "person": a_person.astype(np.int32),
                                "start": a_start.astype(np.int32),
                                "deputy": valid["deputy"].filter(pl.Series(kept))})
    child, parent = _flat(roles_f["inherits"])
    parent_code = role_index.find(parent)
    c_start, c_role, c_via = _closure(child[parent_code >= 0],
                                      parent_code[parent_code >= 0], n_roles, a_start)
    c_ptr = np.searchsorted(c_start, np.arange(n_roles + 1))

    # --- acting holders per role, in Context's order --------------------------------
    act = np.flatnonzero(acting[a_person])
    degree = c_ptr[a_start[act] + 1] - c_ptr[a_start[act]]
    rows = np.repeat(act, degree)
    offsets = np.repeat(c_ptr[a_start[act]] - np.cumsum(degree) + degree, degree)
    h_role = c_role[offsets + np.arange(len(rows))]
    h_person = a_person[rows]
    h_row = a_row[rows]
    # each (role, person) once, with its first assignment; then by role and assignment
    by = _argsort_by((h_role, n_roles), (h_person, n_people), (h_row, n_rows))
    h_role, h_person, h_row = h_role[by], h_person[by], h_row[by]
    first_pair = np.ones(len(h_role), dtype=bool)
    first_pair[1:] = (h_role[1:] != h_role[:-1]) | (h_person[1:] != h_person[:-1])
    h_role, h_person, h_row = h_role[first_pair], h_person[first_pair], h_row[first_pair]
    by = _argsort_by((h_role, n_roles), (h_row, n_rows))
    h_role, h_person, h_row = h_role[by], h_person[by], h_row[by]
    acting_holders = pl.DataFrame({"role": h_role, "person": h_person, "assignment": h_row})
    role_n = np.bincount(h_role, minlength=n_roles)
    codes, role_first_, role_second_ = _first_two(h_role, h_person,
                                                  np.full(len(h_person), -1))
    role_first = np.full(n_roles, -1, dtype=np.int64)
    role_second = np.full(n_roles, -1, dtype=np.int64)
    role_first[codes] = role_first_
    role_second[codes] = role_second_

    # --- every party named: items' sides, delegations' ends -------------------------
    sections = (("asset", frames.assets, "criticality", "owner", "custodians"),
                ("risk", frames.risks, "level", "owner", None),
                ("duty", frames.duties, "criticality", "accountable", "responsible"))
    n_items = sum(frame.height for _, frame, _, _, _ in sections)
    known_codes: list[np.ndarray] = []  # per block, the codes validation found
    weight = np.zeros(n_items, dtype=np.int64)
    item_kinds = []
    blocks: list[tuple[str, np.ndarray]] = []  # (side, item code per row)
    named: list[pl.Series] = []  # the party of each row, all blocks one after another
    offset = 0
    for kind, frame, level, acc, res in sections:
        item_kinds.append((kind, offset, frame["id"]))
        end = offset + frame.height
        levels = frame[level].cast(_LEVEL).to_physical().to_numpy()
        weight[offset:end] = _LEVEL_WEIGHT[levels]
        sides = [("acc", acc)] + ([] if res is None else [("res", res)])
        for side, column in sides:
            if known is None:
                rows, parties = _flat(frame[column])
                named.append(parties)
            else:  # (the rows alone: the parties' codes are known)
                rows = _rows_of_items(frame[column])
                known_codes.append(known[(_SECTION_OF[kind], column)])
            blocks.append((side, rows + offset))
        offset = end
    current = frames.delegations.select(in_force("from_date", "until", as_of)).to_series()
    delegations = frames.delegations.filter(current)
    named += [delegations["to"], delegations["from"]]
    # party codes: people 0..n_people-1, then roles
    if known is not None:
        current_rows = current.to_numpy()
        code = np.concatenate([*known_codes, known[("delegations", "to")][current_rows],
                               known[("delegations", "from")][current_rows]])
    else:
        everyone = pl.concat(named)
        party_keys = pl.concat([people_f.select(pl.lit("person:") + pl.col("id")).to_series(),
                                roles_f.select(pl.lit("role:") + pl.col("id")).to_series()])
        code = lookup(everyone, party_keys)
    # who each party stands for among those who can act: first two
    # (a person: themself if they can act; a role: its first two acting holders)
    # (int32: half the memory the gathers over millions of rows walk through)
    cand1 = np.concatenate([np.where(acting, np.arange(n_people), -1), role_first,
                            [-1]]).astype(np.int32)
    cand2 = np.concatenate([np.full(n_people, -1), role_second, [-1]]).astype(np.int32)

    side_arrays = {name: np.full(n_items, -1, dtype=np.int32)
                   for name in ("acc_first", "acc_second", "res_first", "res_second")}
    at = 0
    for side, items in blocks:
        part = code[at:at + len(items)]
        at += len(items)
        if not np.any(items[1:] == items[:-1]):  # one party each: nothing to merge
            codes, first, second = items, cand1[part], cand2[part]
        else:
            codes, first, second = _first_two(items, cand1[part], cand2[part])
        side_arrays[f"{side}_first"][codes] = first
        side_arrays[f"{side}_second"][codes] = second
    risks = slice(item_kinds[1][1], item_kinds[2][1])  # a risk's responsible: its owner
    side_arrays["res_first"][risks] = side_arrays["acc_first"][risks]
    side_arrays["res_second"][risks] = side_arrays["acc_second"][risks]
    assets = slice(0, item_kinds[1][1])  # an asset with no custodians: its owner
    bare = np.flatnonzero(frames.assets["custodians"].list.len().to_numpy() == 0)
    side_arrays["res_first"][bare] = side_arrays["acc_first"][assets][bare]
    side_arrays["res_second"][bare] = side_arrays["acc_second"][assets][bare]
    n_delegations = delegations.height
    to_code = code[at:at + n_delegations]
    from_code = code[at + n_delegations:]

    # --- delegations in force: the recipients join the responsible side -------------
    scope = delegations.select(pl.col("scope").str.splitn(":", 2)
                               .struct.rename_fields(["kind", "key"])
                               .struct.unnest()).with_row_index("row")
    item = np.full(n_delegations, -1, dtype=np.int64)
    for kind, first_code, ids in item_kinds:
        found = (ids.rename("key").to_frame().with_row_index("code")
                 .join(scope.filter(pl.col("kind") == kind), on="key"))
        item[found["row"].to_numpy()] = found["code"].to_numpy() + first_code
    order = np.argsort(item, kind="stable")
    codes, d_first, d_second = _first_two(item[order], cand1[to_code[order]],
                                          cand2[to_code[order]])
    keep = codes >= 0
    codes, d_first, d_second = codes[keep], d_first[keep], d_second[keep]
    # first two distinct of (the parties' first two) then (the delegates' first two)
    r_first = side_arrays["res_first"][codes]
    r_second = side_arrays["res_second"][codes]
    side_arrays["res_first"][codes] = np.where(r_first >= 0, r_first, d_first)
    side_arrays["res_second"][codes] = np.where(
        r_first < 0, d_second,
        np.where(r_second >= 0, r_second, np.where(d_first != r_first, d_first, d_second)))

    def person_end(codes: np.ndarray) -> pl.Series:
        return pl.Series(np.where(codes < n_people, codes, -1)).replace(-1, None)

    ends = pl.DataFrame({"id": delegations["id"], "from_person": person_end(from_code),
                         "to_person": person_end(to_code)})
    closure = pl.DataFrame({"start": c_start, "role": c_role, "via": c_via})
    return Tables(people=people_f["id"], acting=acting, leaver=leaver,
                  roles=roles_f["id"], min_holders=min_holders, critical=critical,
                  item_kinds=tuple(item_kinds), weight=weight,
                  acting_holders=acting_holders, role_n=role_n, role_first=role_first,
                  role_second=role_second, delegations=ends,
                  _assignments=assignments, _closure=closure, **side_arrays)
