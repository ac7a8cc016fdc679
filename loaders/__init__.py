"""Readers and writers: YAML/JSON files, CSV folders, mapped HR exports, Neo4j.

:func:`load` is the one way in: it looks at the path (and ``mapping``) and hands it to
the reader that fits. Every reader returns the same :class:`~graphkit.model.Model`,
with where each element came from attached (``Model.source_of``).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Issue
from ..model import Model

__all__ = ["load", "save"]

#: Upper bound on what one model file may make us read (bytes).
MAX_FILE_BYTES = 512 * 1024 * 1024


def load(path: str | Path, *, mapping: str | Path | None = None,
         raci: str | Path | None = None) -> Model:
    """Read a model from a YAML or JSON file, a folder of CSV files, or, with ``mapping``,
    an HR or organogram export read through a column mapping. ``raci`` names a RACI
    matrix (CSV or XLSX) merged into the model's duties (see :mod:`graphkit.loaders.raci`).

    Raises :class:`~graphkit.errors.InputError` when the file cannot be read and
    :class:`~graphkit.errors.ModelError` with every problem when the model is invalid.
    """
    from ..semantics import paused_gc as gc_paused

    with gc_paused():
        return _load(path, mapping=mapping, raci=raci)


def _load(path: str | Path, *, mapping: str | Path | None = None,
          raci: str | Path | None = None) -> Model:
    """:func:`load`, with the garbage collector as the caller left it."""
    p = Path(path)
    if mapping is not None:
        from .mapping import load_mapped

        return load_mapped(p, mapping, raci=raci)
    if raci is not None:
        from .raci import merge_raci

        return merge_raci(load(p), raci)
    if p.is_dir():
        from .csvfolder import read_csv_folder

        return read_csv_folder(p)
    if not p.exists():
        raise InputError(Issue("no such file or folder", file=str(p),
                               expected="a .yaml, .yml or .json file, or a folder of CSV files"))
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        from .yamljson import read_model_file

        return read_model_file(p)
    raise InputError(Issue(f"cannot tell the format from the name ('{p.suffix or p.name}')",
                           file=str(p),
                           expected="a .yaml, .yml or .json file, a folder of CSV files, "
                                    "or --mapping for an HR/organogram CSV"))


def save(model: Model, path: str | Path) -> None:
    """Write ``model`` as YAML (``.yaml``/``.yml``), JSON (``.json``) or a CSV folder
    (any other path, created if needed)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        from .yamljson import write_model_file

        write_model_file(model, p)
    else:
        from .csvfolder import write_csv_folder

        write_csv_folder(model, p)
