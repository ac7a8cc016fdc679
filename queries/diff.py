"""What changed between two snapshots of a model: findings and register entries.

:func:`diff` runs the checks on both snapshots as of one date and compares findings by
fingerprint (new, resolved, unchanged; a finding suppressed by a valid exception counts
as absent), and compares the registers entry by entry: people, roles, assets, risks,
duties and delegations by id; assignments by person and role; the owner (or accountable
party) of every item; the organisation and the policy (SoD rules by id, exceptions by the
fingerprint they name, thresholds by name). Each change names the fields that changed,
with their old and new values.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> old = validate_model({"people": [{"id": "ann"}, {"id": "bob"}],
...                       "assets": [{"id": "crm", "owner": "ann"}]})
>>> new = validate_model({"people": [{"id": "ann", "status": "leaver"}],
...                       "assets": [{"id": "crm", "owner": "ann"}]})
>>> d = diff(old, new, as_of=date(2026, 6, 1))
>>> [(c.section, c.key, c.change, sorted(c.fields)) for c in d.changes]
[('people', 'ann', 'changed', ['status']), ('people', 'bob', 'removed', [])]
>>> [(f.check, f.subjects) for f in d.new]
[('leaver-holds', ['asset:crm', 'person:ann']), ('orphan-item', ['asset:crm'])]
>>> diff(old, old, as_of=date(2026, 6, 1)).is_empty
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from graphkit.findings import Finding, Severity
from graphkit.model import Model, Policy
from graphkit.runner import run_checks

__all__ = ["Change", "Diff", "diff", "model_changes"]

ChangeKind = Literal["added", "removed", "changed"]

#: Sections compared entry by entry, keyed by id.
_BY_ID = ("people", "roles", "assets", "risks", "duties", "delegations")
_OWNER_FIELD = {"assets": ("asset", "owner"), "risks": ("risk", "owner"),
                "duties": ("duty", "accountable")}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(_Frozen):
    """One entry added, removed or changed. ``fields`` maps each changed field to its
    ``[old, new]`` values (as in the model's JSON form); empty for added and removed."""

    section: str
    key: str
    change: ChangeKind
    fields: dict[str, tuple[Any, Any]] = {}


class Diff(_Frozen):
    """Two snapshots compared as of one date."""

    as_of: date
    new: list[Finding]
    resolved: list[Finding]
    unchanged: list[Finding]
    changes: list[Change]

    @property
    def is_empty(self) -> bool:
        """True when no finding is new or resolved and no entry changed."""
        return not (self.new or self.resolved or self.changes)

    def new_at_or_above(self, severity: Severity) -> list[Finding]:
        """The new findings of ``severity`` or above (what ``--fail-on-new`` gates)."""
        return [f for f in self.new if f.severity >= severity]

    def to_markdown(self) -> str:
        """The comparison as a Markdown document (names escaped)."""
        from graphkit.queries.statement import findings_table, md_escape

        lines = [f"# Changes as of {self.as_of.isoformat()}", ""]
        for title, findings in (("New findings", self.new),
                                ("Resolved findings", self.resolved)):
            lines += [f"## {title} ({len(findings)})", ""]
            lines += findings_table(findings)
            lines.append("")
        lines += [f"Unchanged findings: {len(self.unchanged)}.", "",
                  f"## Model changes ({len(self.changes)})", ""]
        if self.changes:
            lines += ["| section | entry | change | fields |", "|---|---|---|---|"]
            for c in self.changes:
                fields = "; ".join(f"{md_escape(k)}: {md_escape(_short(o))} → "
                                   f"{md_escape(_short(n))}" for k, (o, n) in c.fields.items())
                lines.append(f"| {c.section} | {md_escape(c.key)} | {c.change} | {fields} |")
        else:
            lines.append("None.")
        return "\n".join(lines) + "\n"


def _short(value: Any, limit: int = 80) -> str:
    text = "—" if value is None or value == [] else (
        ", ".join(map(str, value)) if isinstance(value, list) else str(value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _dump(entry: BaseModel) -> dict[str, Any]:
    return entry.model_dump(mode="json", by_alias=True)


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {k: (old.get(k), new.get(k)) for k in dict.fromkeys([*old, *new])
            if old.get(k) != new.get(k)}


def _keyed(section: str, old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]],
           key_of: Any) -> list[Change]:
    """Changes between two lists of entries with unique keys, in old order then new."""
    a = {key_of(e): e for e in old}
    b = {key_of(e): e for e in new}
    out = []
    for k in dict.fromkeys([*a, *b]):
        if k not in b:
            out.append(Change(section=section, key=k, change="removed"))
        elif k not in a:
            out.append(Change(section=section, key=k, change="added"))
        elif a[k] != b[k]:
            out.append(Change(section=section, key=k, change="changed",
                              fields=_field_changes(a[k], b[k])))
    return out


def _assignment_changes(old: Model, new: Model) -> list[Change]:
    """Assignments by person and role (``ann holds ism``): at most one each side is
    compared field by field; when a person has several assignments of one role, the
    entries that differ are listed as removed and added, with their dates."""
    groups: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for side, model in ((0, old), (1, new)):
        for a in model.assignments:
            groups.setdefault(f"{a.person} holds {a.role}", ([], []))[side].append(_dump(a))
    out = []
    for key, (was, now) in groups.items():
        if len(was) <= 1 and len(now) <= 1:
            if not now:
                out.append(Change(section="assignments", key=key, change="removed"))
            elif not was:
                out.append(Change(section="assignments", key=key, change="added"))
            elif was[0] != now[0]:
                out.append(Change(section="assignments", key=key, change="changed",
                                  fields=_field_changes(was[0], now[0])))
            continue
        rest = list(now)
        removed = []
        for entry in was:
            if entry in rest:
                rest.remove(entry)
            else:
                removed.append(entry)
        out += [Change(section="assignments", key=_describe(key, e), change="removed")
                for e in removed]
        out += [Change(section="assignments", key=_describe(key, e), change="added")
                for e in rest]
    return out


def _describe(key: str, entry: dict[str, Any]) -> str:
    extra = [("deputy" if entry.get("deputy") else "primary")]
    if entry.get("from") or entry.get("until"):
        extra.append(f"{entry.get('from') or '…'}..{entry.get('until') or '…'}")
    return f"{key} ({', '.join(extra)})"


def _owner_changes(old: Model, new: Model) -> list[Change]:
    """The owner (asset, risk) or accountable party (duty) of each item in both
    snapshots: added (none before), removed (none after) or changed."""
    out = []
    for section, (kind, field) in _OWNER_FIELD.items():
        before = {e.id: list(getattr(e, field)) for e in getattr(old, section)}
        for e in getattr(new, section):
            if e.id not in before:
                continue
            was, now = before[e.id], list(getattr(e, field))
            if was == now:
                continue
            change: ChangeKind = "added" if not was else "removed" if not now else "changed"
            out.append(Change(section="owners", key=f"{kind}:{e.id}", change=change,
                              fields={field: (was, now)}))
    return out


def _policy_changes(old: Policy, new: Policy) -> list[Change]:
    a, b = _dump(old), _dump(new)
    out = _keyed("policy.sod", a.pop("sod"), b.pop("sod"), lambda e: e["id"])
    out += _keyed("policy.exceptions", a.pop("exceptions"), b.pop("exceptions"),
                  lambda e: e["finding"])
    fields = _field_changes(a, b)
    if fields:
        out.append(Change(section="policy", key="policy", change="changed", fields=fields))
    return out


def model_changes(old: Model, new: Model) -> list[Change]:
    """Every entry added, removed or changed from ``old`` to ``new``, section by section
    (organisation, people, roles, assignments, assets, risks, duties, owners,
    delegations, policy)."""
    out: list[Change] = []
    org_a = _dump(old.organisation) if old.organisation else None
    org_b = _dump(new.organisation) if new.organisation else None
    if org_a != org_b:
        change: ChangeKind = ("added" if org_a is None else "removed" if org_b is None
                              else "changed")
        out.append(Change(section="organisation", key=(org_b or org_a or {})["id"],
                          change=change, fields=_field_changes(org_a or {}, org_b or {})
                          if change == "changed" else {}))
    for section in _BY_ID:
        if section == "assets":
            out += _assignment_changes(old, new)
        if section == "delegations":
            out += _owner_changes(old, new)
        out += _keyed(section, [_dump(e) for e in getattr(old, section)],
                      [_dump(e) for e in getattr(new, section)], lambda e: e["id"])
    out += _policy_changes(old.policy, new.policy)
    return out


def _live(findings: Iterable[Finding]) -> dict[str, Finding]:
    return {f.fingerprint: f for f in findings if not f.suppressed}


def diff(old: Model, new: Model, as_of: date | None = None,
         policy: Policy | None = None) -> Diff:
    """Compare two snapshots as of ``as_of`` (default today); ``policy``, when given,
    replaces both snapshots' own policies for the checks."""
    day = as_of if as_of is not None else date.today()
    before = _live(run_checks(old, as_of=day, policy=policy).findings)
    after = _live(run_checks(new, as_of=day, policy=policy).findings)
    return Diff(as_of=day,
                new=[f for fp, f in after.items() if fp not in before],
                resolved=[f for fp, f in before.items() if fp not in after],
                unchanged=[f for fp, f in after.items() if fp in before],
                changes=model_changes(old, new))
