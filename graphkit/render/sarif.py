"""SARIF 2.1.0: findings for code-scanning tools (GitHub code scanning and others).

One run. ``tool.driver.rules`` is the check catalogue: each rule has the check's id, a
name, short and full descriptions, ``help`` (the remediation), ``properties.tags`` (its
ISO/IEC 27001:2022 references) and ``defaultConfiguration.level``. Each finding is a
result: ``ruleId``, ``level`` (critical and high: ``error``; medium: ``warning``; low and
info: ``note``), ``message``, one location per subject and
``partialFingerprints["graphkitFingerprint/v1"]``, the finding's stable fingerprint, so a
code-scanning tool follows one alert across runs. A suppressed finding carries a
``suppressions`` entry (an accepted exception). The finding's own severity, subjects, ISO
references and evidence paths are kept in ``properties``.

A subject's location is logical (``person:alice``, of kind ``person``) and, when its
source is known (``About.sources``, as loaders record it: ``file:line`` or
``file: row N``), physical: the file and line (a CSV row is numbered as a spreadsheet
numbers it, the header being row 1, which is its line unless a cell spans lines). A subject whose source is unknown points
at the model file itself, so every result has a physical location, which code-scanning
tools require.

>>> from datetime import date
>>> from graphkit.findings import Finding, Report, Severity
>>> f = Finding.make("vacant-role", Severity.medium, title="Vacant role", message="ism: 0 of 2",
...                  subjects=["role:ism"], iso=["A.5.2"])
>>> log = as_data(Report(as_of=date(2026, 6, 30), findings=[f]),
...               About(model_path="acme.yaml", sources={"role:ism": "acme.yaml:40"}))
>>> result = log["runs"][0]["results"][0]
>>> result["level"], result["locations"][0]["physicalLocation"]["region"]
('warning', {'startLine': 40})
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from pydantic_core import to_json

from .. import __version__
from ..findings import Check, Finding, Report, Severity
from ..iso import iso_label
from . import About, evidence_text

__all__ = ["FINGERPRINT_KEY", "LEVELS", "SARIF_SCHEMA", "as_data", "chunks", "render",
           "rule_name"]

#: The published schema of SARIF 2.1.0 (OASIS, errata 01).
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")

#: The key of a result's ``partialFingerprints`` under which graphkit's fingerprint goes.
FINGERPRINT_KEY = "graphkitFingerprint/v1"

#: SARIF level of each severity.
LEVELS: dict[Severity, str] = {
    Severity.critical: "error", Severity.high: "error", Severity.medium: "warning",
    Severity.low: "note", Severity.info: "note",
}

# GitHub code scanning ranks security alerts by this number (CVSS-like, 0.0 to 10.0).
_SECURITY_SEVERITY: dict[Severity, str] = {
    Severity.critical: "9.5", Severity.high: "8.0", Severity.medium: "5.5",
    Severity.low: "3.0", Severity.info: "0.5",
}

_LINE = re.compile(r"^(?P<file>.+?):(?P<line>[1-9][0-9]*)$")
_ROW = re.compile(r"^(?P<file>.+?):\s*row\s+(?P<line>[1-9][0-9]*)$")


def rule_name(check_id: str) -> str:
    """A rule's name in SARIF's style, from a check id.

    >>> rule_name("orphan-item")
    'OrphanItem'
    """
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", check_id) if part)


@lru_cache(maxsize=4096)
def _uri(path: str) -> str:
    """A URI reference for a file path: relative paths stay relative (to the directory
    code scanning runs in), absolute ones become ``file://`` URIs."""
    if PureWindowsPath(path).drive:
        return PureWindowsPath(path).as_uri()
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return posix.as_uri()
    return quote(str(posix), safe="/")


def _physical(source: str | None, model_path: str | None) -> dict[str, Any] | None:
    if source:
        match = _LINE.match(source) or _ROW.match(source)
        if match:
            return {"artifactLocation": {"uri": _uri(match["file"])},
                    "region": {"startLine": int(match["line"])}}
        return {"artifactLocation": {"uri": _uri(source)}}
    if model_path:
        return {"artifactLocation": {"uri": _uri(model_path)}}
    return None


def _logical(subject: str) -> dict[str, Any]:
    kind, sep, name = subject.partition(":")
    logical: dict[str, Any] = {"fullyQualifiedName": subject}
    if sep:
        logical["name"] = name
        logical["kind"] = kind
    else:
        logical["name"] = subject
    return logical


def _locations(finding: Finding, about: About) -> list[dict[str, Any]]:
    fallback: dict[str, str] = {}  # an edge's own source, for subjects the model does not
    for evidence in finding.evidence:  # place (a delegation is an edge)
        for edge in evidence.edges:
            if edge.source:
                if edge.key:
                    fallback.setdefault(edge.key, edge.source)
                fallback.setdefault(edge.u, edge.source)
    locations = []
    for i, subject in enumerate(finding.subjects):
        location: dict[str, Any] = {"id": i, "logicalLocations": [_logical(subject)]}
        source = about.sources.get(subject) or fallback.get(subject)
        physical = _physical(source, about.model_path)
        if physical is not None:
            location["physicalLocation"] = physical
        locations.append(location)
    return locations


def _rule(check: Check) -> dict[str, Any]:
    refs = "; ".join(iso_label(ref) for ref in check.iso)
    full = check.description or check.title
    return {
        "id": check.id,
        "name": rule_name(check.id),
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": f"{full} (ISO/IEC 27001:2022: {refs})" if refs else full},
        "help": {"text": check.remediation,
                 "markdown": f"**Remediation:** {check.remediation}"
                             + (f"\n\n**ISO/IEC 27001:2022:** {refs}" if refs else "")},
        "defaultConfiguration": {"level": LEVELS[check.severity]},
        "properties": {
            "tags": ["security", "iso27001", *check.iso],
            "security-severity": _SECURITY_SEVERITY[check.severity],
            "severity": check.severity.value,
            "family": check.family,
        },
    }


def _rule_for_unknown(finding: Finding) -> dict[str, Any]:
    # a finding whose check is not in the catalogue given: describe it from the finding
    return {
        "id": finding.check,
        "name": rule_name(finding.check),
        "shortDescription": {"text": finding.title},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"tags": ["security", "iso27001", *finding.iso]},
    }


def _result(finding: Finding, rule_index: int, about: About) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.check,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": _locations(finding, about),
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "severity": finding.severity.value,
            "security-severity": _SECURITY_SEVERITY[finding.severity],
            "title": finding.title,
            "subjects": list(finding.subjects),
            "iso": list(finding.iso),
            "evidence": [evidence_text(e) for e in finding.evidence],
        },
    }
    if finding.suppressed:
        approver = finding.suppressed_by
        result["suppressions"] = [{
            "kind": "external",
            "status": "accepted",
            "justification": ("accepted by an exception in the policy"
                              + (f", approved by {approver}" if approver else "")),
        }]
    return result


def _rules(report: Report, about: About) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rules = [_rule(c) for c in about.checks]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for f in report.findings:
        if f.check not in index:
            index[f.check] = len(rules)
            rules.append(_rule_for_unknown(f))
    return rules, index


def _log(report: Report, about: About, rules: list[dict[str, Any]],
         results: list[dict[str, Any]]) -> dict[str, Any]:
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "graphkit",
            "semanticVersion": __version__,
            "version": __version__,
            "rules": rules,
        }},
        "results": results,
        "properties": {"asOf": report.as_of.isoformat(), "model": report.model},
    }
    if about.model_path:
        run["artifacts"] = [{"location": {"uri": _uri(about.model_path)},
                             "roles": ["analysisTarget"]}]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def as_data(report: Report, about: About) -> dict[str, Any]:
    """The SARIF log of ``report`` as plain JSON data."""
    rules, index = _rules(report, about)
    return _log(report, about, rules,
                [_result(f, index[f.check], about) for f in report.findings])


def render(report: Report, about: About) -> str:
    """The SARIF log of ``report`` as indented JSON, ending with a newline."""
    # pydantic-core's serialiser writes what json.dumps(indent=2, ensure_ascii=False) would,
    # without the pure-Python encoder's cost on large logs
    return to_json(as_data(report, about), indent=2).decode("utf-8") + "\n"


_NO_RESULTS = b'\n      "results": [],\n'
_PIECE_HEAD = len(b'{\n  "runs": [\n    {\n      "results": [')
_PIECE_TAIL = len(b'\n      ]\n    }\n  ]\n}')


def chunks(report: Report, about: About, size: int = 2000) -> Iterator[bytes]:
    """The text of :func:`render` as UTF-8 bytes, ``size`` results at a time (the log
    without its results, cut where they go, as in :func:`graphkit.render.json.chunks`).

    >>> from datetime import date
    >>> fs = [Finding.make("vacant-role", Severity.high, title="Vacant role", message=r,
    ...                    subjects=[r], iso=["A.5.2"]) for r in ("role:a", "role:b", "role:c")]
    >>> r = Report(as_of=date(2026, 6, 30), findings=fs)
    >>> b"".join(chunks(r, About(model_path="m.yaml"), size=2)).decode() == render(
    ...     r, About(model_path="m.yaml"))
    True
    """
    rules, index = _rules(report, about)
    # '\n      "results": [],\n' is where the results go: nothing before it (the
    # driver and its rules) can contain that text, JSON strings having no raw newline
    head, sep, tail = to_json(_log(report, about, rules, []), indent=2).partition(
        _NO_RESULTS)
    findings = report.findings
    if not sep or not findings:
        yield render(report, about).encode("utf-8")
        return
    yield head + b'\n      "results": ['
    for start in range(0, len(findings), size):
        # dumped at their depth in the log (runs[0].results), the text around cut off
        text = to_json({"runs": [{"results": [_result(f, index[f.check], about)
                                              for f in findings[start:start + size]]}]},
                       indent=2)
        yield (b"," if start else b"") + text[_PIECE_HEAD:-_PIECE_TAIL]
    yield b"\n      ],\n" + tail + b"\n"
