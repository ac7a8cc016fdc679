"""The compact path: the model as integer-coded polars / numpy tables, for scale.

The reference reading (:class:`graphkit.semantics.Context` over a pydantic
:class:`~graphkit.model.Model`) stays the meaning; this package computes the same
answers on columns, in time and memory a million people can afford, and is compared
with the reference answer by answer (``tests/scale/test_compact_rank.py``).

- :mod:`.frames`: the sections as polars frames (:func:`frames_from_model`,
  :func:`~graphkit.compact.frames.folder_frames`);
- :mod:`.tables`: the model on one date as tables (:func:`build_tables`);
- :mod:`.rank`: :func:`rank`, the what-if ranking of
  :func:`graphkit.queries.whatif.rank` on those tables.
"""

from __future__ import annotations

from .frames import Frames, frames_from_model
from .rank import rank, rank_frames
from .tables import Tables, build_tables

__all__ = ["Frames", "Tables", "build_tables", "frames_from_model", "rank", "rank_frames"]
