"""JSON output: exactly DESIGN.md's shape, and the same objects the Python API returns."""

from __future__ import annotations

import json

from graphkit.findings import Report
from graphkit.render import About, Format, render

FINDING_KEYS = ["check", "severity", "title", "message", "subjects", "evidence", "iso",
                "fingerprint", "suppressed", "suppressed_by"]


def test_top_level_and_finding_keys_in_order(report: Report, about: About) -> None:
    data = json.loads(render(report, Format.json, about))
    assert list(data) == ["as_of", "model", "findings", "summary"]
    assert data["as_of"] == "2026-06-30"
    assert data["model"] == "acme.yaml"
    assert data["summary"] == {"findings": 4, "suppressed": 1}
    assert [list(f) for f in data["findings"]] == [FINDING_KEYS] * 5
    assert list(data["findings"][0]["evidence"][0]) == ["label", "nodes", "edges"]
    assert list(data["findings"][0]["evidence"][0]["edges"][0]) == ["u", "v", "kind", "key",
                                                                     "source"]


def test_same_objects_as_the_python_api(report: Report, about: About) -> None:
    text = render(report, Format.json, about)
    assert json.loads(text) == report.model_dump(mode="json")
    assert Report.model_validate_json(text) == report


def test_suppressed_findings_stay_visible(report: Report, about: About) -> None:
    data = json.loads(render(report, Format.json, about))
    assert [(f["check"], f["suppressed"], f["suppressed_by"]) for f in data["findings"]
            if f["suppressed"]] == [("orphan-item", True, "carol")]
    assert sum(not f["suppressed"] for f in data["findings"]) == 4


def test_hostile_names_survive_as_data(hostile_report: Report) -> None:
    text = render(hostile_report, Format.json, About())
    assert json.loads(text) == hostile_report.model_dump(mode="json")
    assert text.endswith("}\n")


def test_text_is_what_json_dumps_writes(report: Report, hostile_report: Report,
                                        about: About) -> None:
    for r in (report, hostile_report):
        expected = json.dumps(r.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        assert render(r, Format.json, about) == expected
        log = json.loads(render(r, Format.sarif, about))
        assert render(r, Format.sarif, about) == json.dumps(log, indent=2,
                                                            ensure_ascii=False) + "\n"
