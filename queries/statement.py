"""One person's responsibilities, as a document they can read and acknowledge.

ISO/IEC 27001 asks that responsibilities be documented and communicated (5.3, A.5.2,
7.3, 7.4). :func:`statement` writes, for one person as of one date, the roles they hold
(with the description and its version), what they are accountable for, what they cover
as a deputy, what they are responsible for (and how), where they are consulted or
informed, the delegations they give (and that accountability does not move with them)
and receive (and who stays accountable), the competencies their roles and delegated
duties require with their status, the role descriptions they still have to acknowledge,
and the open findings that name them. Every name from the model is escaped.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> m = validate_model({
...     "people": [{"id": "ann", "name": "Ann *Admin*",
...                 "competencies": [{"id": "itil", "expires": "2026-01-31"}]},
...                {"id": "bob"}],
...     "roles": [{"id": "ops", "name": "IT Ops", "description": "Runs servers.",
...                "version": 2, "requires": ["itil"]}],
...     "assignments": [{"person": "ann", "role": "ops"}],
...     "assets": [{"id": "crm", "owner": "bob", "custodians": ["role:ops"]}],
... })
>>> text = statement(m, "person:ann", as_of=date(2026, 6, 1))
>>> print(text.splitlines()[0])
# Statement of responsibilities: Ann \\*Admin\\*
>>> "- `itil`: **expired** on 2026-01-31 (required by role `ops`)" in text
True
>>> "- role `ops` (IT Ops): version 2 — never acknowledged" in text
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from graphkit.errors import UsageError
from graphkit.findings import Finding
from graphkit.model import Asset, Competency, Duty, Model, Person, Policy, Status
from graphkit.runner import run_checks
from graphkit.semantics import Context, Holding, Route, criticality_of

__all__ = ["findings_table", "md_code", "md_escape", "statement", "statement_filename", "statements"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!])")
_SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")


def md_escape(text: object) -> str:
    """Text from the model made inert in Markdown: punctuation that Markdown (or HTML
    inside it) would read is backslash-escaped, line breaks become spaces.

    >>> md_escape("a|b *c* <script>\\nx")
    'a\\\\|b \\\\*c\\\\* \\\\<script\\\\> x'
    """
    return _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", str(text)).strip())



def findings_table(findings: list[Finding]) -> list[str]:
    """Markdown lines of a table of ``findings`` (severity, check, subjects, message), or
    ``None.`` when there are none; model text escaped.

    >>> findings_table([])
    ['None.']
    """
    if not findings:
        return ["None."]
    return ["| severity | check | subjects | message |", "|---|---|---|---|"] + [
        f"| {f.severity.value} | {f.check} | {', '.join(md_escape(s) for s in f.subjects)} | "
        f"{md_escape(f.message)} |" for f in findings]

def md_code(text: str) -> str:
    """An id as inline code, fenced with more backticks than it contains.

    >>> md_code("R-12"), md_code("a`b")
    ('`R-12`', '`` a`b ``')
    """
    text = _SPACE.sub(" ", text)
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(len(m) for m in re.findall(r"`+", text)) + 1)
    return f"{fence} {text} {fence}"


def _ref(ref: str) -> str:
    kind, _, rid = ref.partition(":")
    return f"{kind} {md_code(rid)}" if rid else md_code(ref)


#: One place an item names a party: (item, relation, delegation index or None, position
#: among the item's parties, so that a person's routes list in the order the model gives).
_Entry = tuple[str, str, int | None, int]


@dataclass
class _Index:
    """Where each party (``person:x``, ``role:y``) is named, side by side: built once per
    model and date in time linear in the items' parties, so that one person's statement
    looks up only their own parties (never every holder of every role)."""

    order: dict[str, int] = field(default_factory=dict)
    accountable: dict[str, list[_Entry]] = field(default_factory=dict)
    responsible: dict[str, list[_Entry]] = field(default_factory=dict)
    consulted: dict[str, list[_Entry]] = field(default_factory=dict)
    informed: dict[str, list[_Entry]] = field(default_factory=dict)
    given: dict[str, list[int]] = field(default_factory=dict)  # from party -> delegations
    received: dict[str, list[int]] = field(default_factory=dict)  # to party -> delegations

    @classmethod
    def build(cls, ctx: Context) -> _Index:
        idx = cls()
        for i, d in enumerate(ctx.model.delegations):
            if d.is_valid_on(ctx.as_of):
                idx.given.setdefault(d.from_, []).append(i)
                idx.received.setdefault(d.to, []).append(i)
        for n, (ref, item) in enumerate(ctx.items.items()):
            idx.order[ref] = n
            acc_rel = "accountable" if isinstance(item, Duty) else "owner"
            for pos, party in enumerate(dict.fromkeys(ctx.accountable_parties(ref))):
                idx.accountable.setdefault(party, []).append((ref, acc_rel, None, pos))
            res_rel = ("responsible" if isinstance(item, Duty) else
                       "custodian" if isinstance(item, Asset) and item.custodians else "owner")
            parties = list(dict.fromkeys(ctx.responsible_parties(ref)))
            for pos, party in enumerate(parties):
                idx.responsible.setdefault(party, []).append((ref, res_rel, None, pos))
            for pos, i in enumerate(ctx.delegations_in_force(ref), len(parties)):
                to: str = ctx.delegation_of(i).to
                idx.responsible.setdefault(to, []).append((ref, "delegation", i, pos))
            if isinstance(item, Duty):
                for relation, named, bucket in (("consulted", item.consulted, idx.consulted),
                                                ("informed", item.informed, idx.informed)):
                    for pos, party in enumerate(named):
                        bucket.setdefault(party, []).append((ref, relation, None, pos))
        return idx

    def routes(self, ctx: Context, pid: str) -> dict[str, list[Route]]:
        """The routes of person ``pid`` by section (accountable, covering, responsible,
        consulted, informed), in model order; a leaver has none."""
        out: dict[str, list[Route]] = {k: [] for k in ("accountable", "covering",
                                                       "responsible", "consulted",
                                                       "informed")}
        person = ctx.people.get(pid)
        if person is None or person.status is Status.leaver:
            return out
        parties: dict[str, Holding | None] = {f"person:{pid}": None}
        parties.update((f"role:{r}", h) for r, h in ctx.held_roles(pid).items())
        keyed: dict[str, list[tuple[int, int, Route]]] = {k: [] for k in out}
        for party, holding in parties.items():
            for name, bucket in (("accountable", self.accountable),
                                 ("responsible", self.responsible),
                                 ("consulted", self.consulted), ("informed", self.informed)):
                for ref, relation, delegation, pos in bucket.get(party, ()):
                    route = Route(pid, ref, party, relation, holding, delegation)
                    if name == "accountable" and holding is not None and not (
                            holding.is_direct and holding.is_primary):
                        name_ = "covering"
                    else:
                        name_ = name
                    keyed[name_].append((self.order[ref], pos, route))
        for name, found in keyed.items():
            found.sort(key=lambda t: (t[0], t[1]))
            out[name] = [route for _, _, route in found]
        return out


def _how(ctx: Context, r: Route) -> str:
    """How a route reaches the person: as named, through a role (deputy, inherited), or
    by a delegation received."""
    if r.delegation is not None:
        d = ctx.delegation_of(r.delegation)
        via = f" (through your role {md_code(r.holding.role)})" if r.holding is not None else ""
        return f"by delegation {md_code(d.id)} from {_delegate_label(ctx, d.from_)}{via}"
    if r.holding is None:
        return "named in person"
    return "as " + _holding_text(r.holding, r.party)


def _holding_text(h: Holding, party: str) -> str:
    what = "deputy" if h.deputy else "holder"
    text = f"{what} of role {md_code(party.partition(':')[2])}"
    if not h.is_direct:
        text += " (by inheritance from " + md_code(h.via[0]) + ")"
    return text


def _item_line(ctx: Context, ref: str, routes: list[Route]) -> str:
    item = ctx.items[ref]
    name = getattr(item, "name", None) or getattr(item, "title", None)
    label = f"{_ref(ref)}" + (f" — {md_escape(name)}" if name else "")
    level = criticality_of(item).value
    hows = "; ".join(dict.fromkeys(_how(ctx, r) for r in routes))
    return f"- {label} ({level}): {hows}"


def _by_item(routes: list[Route]) -> dict[str, list[Route]]:
    out: dict[str, list[Route]] = {}
    for r in routes:
        out.setdefault(r.item, []).append(r)
    return out


def _accountable_text(ctx: Context, scope: str, me: str) -> str:
    """Who is accountable for ``scope``, for a sentence ("you", "role `cfo` (Raj Patel)")."""
    if scope not in ctx.items:
        return "nobody named"
    parts = []
    for party in ctx.accountable_parties(scope):
        kind, _, pid = party.partition(":")
        if kind == "person":
            parts.append("you" if pid == me else _person_label(ctx, pid))
        else:
            people = list(ctx.direct_primary_holders(pid))
            who = ", ".join("you" if p == me else _person_label(ctx, p) for p in people)
            parts.append(f"role {md_code(pid)}" + (f" ({who})" if who else " (no holder)"))
    return " and ".join(parts) if parts else "nobody (the item has no owner)"


def _is_accountable(ctx: Context, scope: str, pid: str) -> bool:
    return scope in ctx.items and pid in ctx.accountable_people(scope)


def _person_label(ctx: Context, pid: str) -> str:
    p = ctx.people.get(pid)
    name = p.name if p is not None and p.name else None
    return f"{md_escape(name)} ({md_code(pid)})" if name else md_code(pid)


def _competency_status(person: Person, need: str, as_of: date) -> str:
    held: list[Competency] = [c for c in person.competencies if c.id == need]
    if not held:
        return "**missing**"
    if any(c.expires is None for c in held):
        return "held (no expiry)"
    best = max(c.expires for c in held if c.expires is not None)
    if best < as_of:
        return f"**expired** on {best.isoformat()}"
    return f"valid until {best.isoformat()}"


def _render(ctx: Context, idx: _Index, findings: dict[str, list[Finding]] | None,
            pid: str) -> str:
    person = ctx.people[pid]
    org = ctx.model.organisation
    title = md_escape(person.name) if person.name else md_code(pid)
    out = [f"# Statement of responsibilities: {title}", ""]
    facts = [f"- Person: {md_code(pid)}"]
    if org is not None:
        facts.append(f"- Organisation: {md_escape(org.name or org.id)}")
    if person.department:
        facts.append(f"- Department: {md_escape(person.department)}")
    if person.reports_to:
        facts.append(f"- Reports to: {_person_label(ctx, person.reports_to)}")
    facts.append(f"- Status: {person.status.value}")
    facts.append(f"- As of: {ctx.as_of.isoformat()}")
    out += facts
    if person.status is Status.leaver:
        out += ["", "This person has left: they hold no role and no responsibility."]
    elif person.status is Status.absent:
        out += ["", ("This person is absent: they keep their roles, and their deputies act "
                    "for them until they return.")]

    held = ctx.held_roles(pid)
    out += ["", "## Roles", ""]
    if not held:
        out.append("None.")
    order = sorted((h for h in held.values()),
                   key=lambda h: (not h.is_direct, ctx.role_index.get(h.role, 0)))
    for h in order:
        role = ctx.roles[h.role]
        name = f" — {md_escape(role.name)}" if role.name else ""
        a = ctx.model.assignments[h.assignment]
        dates = ""
        if a.from_ or a.until:
            dates = (f", assigned {a.from_.isoformat() if a.from_ else '…'} to "
                     f"{a.until.isoformat() if a.until else 'open end'}")
        kind = "deputy" if h.deputy else "primary holder"
        how = "" if h.is_direct else f", by inheritance through {' → '.join(md_code(r) for r in h.via)}"
        auth = f", authority {role.authority}" if role.authority is not None else ""
        out.append(f"- {md_code(role.id)}{name} ({kind}{how}{auth}{dates})")
        if role.description:
            out.append(f"  - Description, version {role.version or '—'}: "
                       f"{md_escape(role.description)}")
        else:
            out.append("  - No written description.")

    mine = idx.routes(ctx, pid)
    sections = [
        ("Accountable for", mine["accountable"],
         ("You answer for these items. Delegating work on them does not move this "
         "accountability.")),
        ("Covering as deputy", mine["covering"],
         "You act as the accountable party when the holder cannot."),
        ("Responsible for", mine["responsible"], None),
        ("Consulted on", mine["consulted"], None),
        ("Informed of", mine["informed"], None),
    ]
    for heading, routes, note in sections:
        out += ["", f"## {heading}", ""]
        if not routes:
            out.append("None.")
            continue
        if note:
            out += [note, ""]
        out += [_item_line(ctx, ref, rs) for ref, rs in _by_item(routes).items()]

    me = f"person:{pid}"
    mine_roles = {f"role:{r}" for r, h in held.items() if h.is_direct and h.is_primary}
    given = sorted({i for party in (me, *mine_roles) for i in idx.given.get(party, ())})
    received = sorted({i for party in (me, *(f"role:{r}" for r in held))
                       for i in idx.received.get(party, ())})
    out += ["", "## Delegations you give", ""]
    if not given:
        out.append("None.")
    for i in given:
        d = ctx.delegation_of(i)
        on_behalf = f" on behalf of {_ref(d.from_)}" if d.from_ != me else ""
        stays = ("you stay accountable" if _is_accountable(ctx, d.scope, pid)
                 else f"accountability stays with {_accountable_text(ctx, d.scope, pid)}")
        out.append(f"- {md_code(d.id)}: {_ref(d.scope)} to {_delegate_label(ctx, d.to)}"
                   f"{on_behalf}{_until(d.until)}; {stays}.")
    out += ["", "## Delegations you receive", ""]
    if not received:
        out.append("None.")
    for i in received:
        d = ctx.delegation_of(i)
        frm = _delegate_label(ctx, d.from_)
        stays = ("you are accountable for it as well" if _is_accountable(ctx, d.scope, pid)
                 else f"accountability stays with {_accountable_text(ctx, d.scope, pid)}")
        out.append(f"- {md_code(d.id)}: {_ref(d.scope)} from {frm}{_until(d.until)}; you "
                   f"become responsible, and {stays}.")

    out += ["", "## Competencies required", ""]
    needs: dict[str, list[str]] = {}
    for role in ctx.model.roles:
        if role.id in held:
            for need in role.requires:
                needs.setdefault(need, []).append(f"role {md_code(role.id)}")
    for i in received:
        scope = ctx.delegation_of(i).scope
        item = ctx.items.get(scope)
        if isinstance(item, Duty):
            for need in item.requires:
                needs.setdefault(need, []).append(f"delegated {_ref(scope)}")
    if not needs:
        out.append("None.")
    for need, by in needs.items():
        out.append(f"- {md_code(need)}: {_competency_status(person, need, ctx.as_of)} "
                   f"(required by {', '.join(dict.fromkeys(by))})")

    out += ["", "## Acknowledgements pending", ""]
    pending = []
    for role in ctx.model.roles:
        if role.id not in held:
            continue
        name = f" ({md_escape(role.name)})" if role.name else ""
        if not role.description:
            pending.append(f"- role {md_code(role.id)}{name}: no written description to "
                           "acknowledge yet")
            continue
        current = role.version or 1
        versions = [a.version for a in person.acknowledged if a.role == role.id]
        if current in versions:
            continue
        last = (f"you acknowledged version {max(versions)}" if versions
                else "never acknowledged")
        pending.append(f"- role {md_code(role.id)}{name}: version {current} — {last}")
    out += pending or ["None."]

    if findings is not None:
        out += ["", "## Findings that name you", ""]
        naming = findings.get(me, [])
        out += [f"- {f.severity.value} `{f.check}`: {md_escape(f.message)}"
                for f in naming] or ["None."]

    out += ["", "## Acknowledgement", "",
            ("I have read the responsibilities above and the descriptions of my roles, and I "
            "accept them."), "", ("Name: ______________________  Signature: "
            "______________________  Date: ____________"), ""]
    return "\n".join(out)


def _until(until: date | None) -> str:
    return f" until {until.isoformat()}" if until else ""


def _delegate_label(ctx: Context, party: str) -> str:
    kind, _, pid = party.partition(":")
    return _person_label(ctx, pid) if kind == "person" else f"role {md_code(pid)}"


def statement(model: Model, person: str, as_of: date | None = None,
              policy: Policy | None = None, *, findings: bool = True) -> str:
    """The statement of responsibilities of ``person`` (``person:x`` or ``x``) as of
    ``as_of`` (default today), as Markdown. An unknown person is a :class:`UsageError`.
    With ``findings=False`` the checks are not run and the findings section is left out
    (on a very large model the checks take far longer than the statement)."""
    pid = person.removeprefix("person:") if person.startswith("person:") else person
    ctx = Context.build(model, as_of, policy)
    if pid not in ctx.people:
        raise UsageError(f"no such person in the model: {person}")
    found = _findings_by_person(model, ctx) if findings else None
    return _render(ctx, _Index.build(ctx), found, pid)


def statements(model: Model, as_of: date | None = None, policy: Policy | None = None,
               *, findings: bool = True) -> Iterator[tuple[str, str]]:
    """``(person id, statement)`` for every person who is not a leaver, in model order;
    the model is read (and checked) once."""
    ctx = Context.build(model, as_of, policy)
    idx = _Index.build(ctx)
    found = _findings_by_person(model, ctx) if findings else None
    for p in model.people:
        if p.status is not Status.leaver:
            yield p.id, _render(ctx, idx, found, p.id)


def _findings_by_person(model: Model, ctx: Context) -> dict[str, list[Finding]]:
    """The findings (not suppressed) that name each person among their subjects."""
    out: dict[str, list[Finding]] = {}
    for f in run_checks(model, as_of=ctx.as_of, policy=ctx.policy).findings:
        if not f.suppressed:
            for s in f.subjects:
                if s.startswith("person:"):
                    out.setdefault(s, []).append(f)
    return out


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def statement_filename(person: str, taken: set[str]) -> str:
    """A safe, unique file name for a person's statement (ids are untrusted: no path
    separators, no leading dot, bounded length); adds the name to ``taken``.

    >>> taken: set[str] = set()
    >>> statement_filename("ann", taken), statement_filename("../ann", taken)
    ('ann.md', 'ann-2.md')
    """
    stem = _UNSAFE_NAME.sub("_", person).strip("._")[:100] or "person"
    name, n = f"{stem}.md", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.md"
    taken.add(name.lower())
    return name
