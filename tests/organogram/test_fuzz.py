"""Messy returns made up by hypothesis: never a crash, every row accounted for."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.errors import GraphkitError, InputError
from graphkit.loaders.mapping import load_mapped
from graphkit.model import validate_model

from ._data import JUNIOR_HEADER, SENIOR_HEADER

_CELLS = st.sampled_from([
    "", " ", "1", "01", "001", "2", "02", "ab", "AB", "XX", "xx", "N/D", "n/d", "ND", "'N/D",
    '"', '""', '"Vacant"', "Vacant", "Eliminated", "Ann Lee", "ann  lee", "O'Neil", "a;b",
    "1.0", "0.5", "one", "x\ny", "\u00a0", "Acme", "\u00e9", "-1", "12.0", ",", "\t",
])


def _line(cells: list[str]) -> str:
    return ",".join(cells)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(senior=st.lists(st.lists(_CELLS, min_size=7, max_size=11), max_size=12),
       junior=st.lists(st.lists(_CELLS, min_size=4, max_size=7), max_size=6))
def test_no_crash_and_every_row_accounted(senior: list[list[str]],
                                          junior: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "f-senior.csv").write_text(
            SENIOR_HEADER + "\n" + "".join(_line(r) + "\n" for r in senior), encoding="utf-8")
        (folder / "f-junior.csv").write_text(
            JUNIOR_HEADER + "\n" + "".join(_line(r) + "\n" for r in junior), encoding="utf-8")
        try:
            model = load_mapped(folder / "f-senior.csv", "uk-organogram")
        except GraphkitError as exc:  # said clearly; the only acceptable one is a file
            assert isinstance(exc, InputError), exc.lines()  # that cannot be read at all
            return
        report = model.load_report()
        assert report is not None and report.is_accounted
        assert report.counts["posts"] == len(model.roles) - report.counts["junior posts"]
        assert report.files[0].loaded == report.counts["posts"]
        # what was read is a model like any other: it writes out and reads back the same
        data = model.model_dump(by_alias=True, mode="json", exclude_none=True)
        assert validate_model(data) == model
