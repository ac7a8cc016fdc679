"""Positions of strings among distinct keys, by hash, exactly: the lookup the compact
tables (:mod:`graphkit.compact.tables`) and the column-wise validation
(:mod:`graphkit.loaders.columns`) share, the one to number the 7.3M party references of
a million-people folder, the other to prove them.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["Index", "lookup", "lookup_strings"]

_SEED = 0x5EED  # the hash the keys are found by
_CHECK_SEED = 0xC0DE  # the independent hash that confirms each match
#: The longest walk along the table :class:`Index` takes before it joins the strings
#: instead: random hashes at a quarter load make walks of a few slots; ids crafted to
#: share their hashes' top bits would make quadratic ones.
_MAX_WALK = 64
#: How many values :meth:`Index.find` takes at a time.
_CHUNK = 1 << 18


def _hash(strings: pl.Series, seed: int) -> np.ndarray:
    """A 64-bit hash of each string (polars' own), seeded."""
    hashes: np.ndarray = strings.hash(seed=seed).to_numpy()
    return hashes


class Index:
    """The positions of distinct strings (``keys``), found by a 64-bit hash of the
    strings in an open-addressing table held in a numpy array (a slot per hash's top
    bits, the next slot on a collision, four slots or more per key): at millions of
    values, a few times quicker than joining the strings or their hashes.

    Exact: the keys' hashes are checked distinct (each key found at its own position),
    and every match is confirmed by a second, independent hash (a value that is not a
    key but shares the first hash of one fails it); if either check fails, or a walk
    along the table would pass :data:`_MAX_WALK` slots, the strings are joined instead
    (:func:`lookup_strings`).

    >>> index = Index(pl.Series(["a", "b"]))
    >>> index.find(pl.Series(["b", "zz", "a", None, "b"])).tolist()
    [1, -1, 0, -1, 1]
    """

    def __init__(self, keys: pl.Series) -> None:
        self.keys = keys
        self._check_keys: np.ndarray | None = None
        hashes = _hash(keys, _SEED)
        self._hashes = hashes
        self._bits = max(4, (4 * len(keys)).bit_length())
        mask = (1 << self._bits) - 1
        table = np.full(mask + 1, -1, dtype=np.int32)
        codes = np.arange(len(keys), dtype=np.int32)
        slot = self._home(hashes)
        self._exact = True
        walked = 0
        while len(codes):
            walked += 1
            if walked > _MAX_WALK:
                self._exact = False
                break
            free = table[slot] < 0
            table[slot[free]] = codes[free]  # one of the keys wanting each free slot
            lost = np.flatnonzero(table[slot] != codes)
            codes, slot = codes[lost], slot[lost]
            # a key passes every key in the slots from its home to its own, so two
            # keys with one hash meet here
            if (hashes[table[slot]] == hashes[codes]).any():
                self._exact = False
                break
            slot = (slot + 1) & mask
        self._table = table

    def _home(self, hashes: np.ndarray) -> np.ndarray:
        return (hashes >> np.uint64(64 - self._bits)).view(np.int64)

    def _probe(self, hashes: np.ndarray) -> np.ndarray | None:
        """The code of the key with each hash, -1 for none; None for a walk too long."""
        mask = (1 << self._bits) - 1
        slot = self._home(hashes)
        found: np.ndarray = self._table[slot]
        # rows whose slot holds another key: on to the next slot, until an empty one
        on = np.flatnonzero((found >= 0) & (self._hashes[found] != hashes))
        walked = 0
        while len(on):
            walked += 1
            if walked > _MAX_WALK:
                return None
            slot[on] = (slot[on] + 1) & mask
            code = self._table[slot[on]]
            hit = (code >= 0) & (self._hashes[code] == hashes[on])
            found[on] = np.where(hit, code, -1)
            on = on[(code >= 0) & ~hit]
        return found

    def find(self, values: pl.Series) -> np.ndarray:
        """The position of each of ``values`` in the keys, -1 where it is none of them.

        Values are taken :data:`_CHUNK` at a time: the temporaries of a chunk are small
        enough for the allocator to reuse, where those of millions of values would be
        fresh pages (faults) each time."""
        if not len(self.keys):
            return np.full(len(values), -1, dtype=np.int32)
        if self._exact:
            found = np.empty(len(values), dtype=np.int32)
            if self._check_keys is None:  # (once per index, however often it is asked)
                self._check_keys = _hash(self.keys, _CHECK_SEED)
            check_keys = self._check_keys
            for start in range(0, len(values), _CHUNK):
                chunk = values.slice(start, _CHUNK)
                part = self._probe(_hash(chunk, _SEED))
                if part is None:
                    break
                if chunk.null_count():
                    part[chunk.is_null().to_numpy()] = -1
                check = _hash(chunk, _CHECK_SEED)
                if not ((check_keys[np.maximum(part, 0)] == check) | (part < 0)).all():
                    break
                found[start:start + len(part)] = part
            else:
                return found
        return lookup_strings(values, self.keys)


def lookup(values: pl.Series, keys: pl.Series) -> np.ndarray:
    """The position of each of ``values`` in ``keys`` (distinct strings), -1 where it
    is not one of them (by :class:`Index`).

    >>> lookup(pl.Series(["b", "zz", "a", None, "b"]), pl.Series(["a", "b"])).tolist()
    [1, -1, 0, -1, 1]
    """
    return Index(keys).find(values)


def lookup_strings(values: pl.Series, keys: pl.Series) -> np.ndarray:
    """:func:`lookup` by joining the strings themselves.

    >>> lookup_strings(pl.Series(["b", "zz", "a", None]), pl.Series(["a", "b"])).tolist()
    [1, -1, 0, -1]
    """
    return (values.rename("value").to_frame()
            .join(pl.DataFrame({"value": keys,
                                "code": np.arange(len(keys), dtype=np.int64)}),
                  on="value", how="left", maintain_order="left")
            ["code"].fill_null(-1).to_numpy())
