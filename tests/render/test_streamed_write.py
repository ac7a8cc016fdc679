"""A report written piece by piece (``render.write``, ``graphkit check -o``) is the same
bytes as the whole rendered text: on the sample reports, on the bundled example against
its golden files, and on a generated organisation, in every format that streams."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.findings import Report
from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.queries.registry import CHECKS
from graphkit.render import About, Format, about_model, render, write
from graphkit.render import csv as csv_render
from graphkit.render import json as json_render
from graphkit.render import sarif as sarif_render
from graphkit.runner import run_checks

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "northwind"
STREAMED = {Format.json: json_render, Format.csv: csv_render, Format.sarif: sarif_render}
WHOLE = [Format.json, Format.csv, Format.sarif, Format.markdown]


def _written(report: Report, fmt: Format, about: About) -> bytes:
    out = io.BytesIO()
    write(report, fmt, out, about)
    return out.getvalue()


@pytest.mark.parametrize("fmt", WHOLE)
def test_write_is_the_rendered_text(fmt: Format, report: Report, hostile_report: Report,
                                    about: About) -> None:
    for r in (report, hostile_report, report.model_copy(update={"findings": []})):
        assert _written(r, fmt, about) == render(r, fmt, about).encode("utf-8")


@pytest.mark.parametrize("fmt", list(STREAMED))
@pytest.mark.parametrize("size", [1, 2, 3, 1000])
def test_every_cut_gives_the_same_text(fmt: Format, size: int, report: Report,
                                       hostile_report: Report, about: About) -> None:
    for r in (report, hostile_report):
        pieces = list(STREAMED[fmt].chunks(r, about, size=size))
        assert b"".join(pieces) == render(r, fmt, about).encode("utf-8")
        for piece in pieces:  # each piece is whole characters (stdout decodes each)
            piece.decode("utf-8")


@pytest.mark.parametrize(("fmt", "name"), [("json", "check.json"), ("sarif", "check.sarif"),
                                           ("markdown", "check.md")])
def test_output_file_is_the_golden_file(fmt: str, name: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / name
    result = CliRunner().invoke(app, ["check", "examples/northwind/model.yaml", "--as-of",
                                      "2026-12-01", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert out.read_bytes() == (GOLDEN / name).read_bytes()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, About]:
    folder = tmp_path_factory.mktemp("org")
    generate(1500, seed=3, out=folder)
    model = load(folder)
    report = run_checks(model, as_of=AS_OF)
    return report, about_model(model, model_path=folder, checks=CHECKS)


@pytest.mark.parametrize("fmt", list(STREAMED))
def test_generated_organisation_streams_the_same_bytes(
        fmt: Format, generated: tuple[Report, About]) -> None:
    report, about = generated
    assert len(report.findings) > 1000  # several pieces of 500
    pieces = list(STREAMED[fmt].chunks(report, about, size=500))
    assert len(pieces) >= 3
    assert b"".join(pieces) == render(report, fmt, about).encode("utf-8")
