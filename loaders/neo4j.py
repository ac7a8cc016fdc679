"""Neo4j (or any Bolt server): a second home for the same graph, never a second model.

:func:`push` writes a model into a database, :func:`pull` reads it back; a model pushed
and pulled is identical. The ``neo4j`` driver is imported only here and in the CLI, and
only when one of these functions runs: the core never needs it.

The layout in the database (``docs/neo4j.md`` says more):

- one node per item, labelled by kind (``Person``, ``Role``, ``Asset``, ``Risk``,
  ``Duty``), keyed by ``(org, id)`` under a uniqueness constraint, with the item's fields
  as properties (dates as ISO strings, enums as their value, lists as lists) and ``seq``,
  its place in the model;
- one ``Organisation`` node per organisation (``id`` = the ``org`` of its items) with the
  organisation's name, ``declared`` (whether the model named it) and the policy as JSON;
- a person's competencies and acknowledgements as parallel lists (``competency_ids`` /
  ``competency_expires``, ``acknowledged_roles`` / ``acknowledged_versions``; ``""`` for
  no expiry); ``reports_to`` as a property (it may name someone outside the model) and
  also as a ``REPORTS_TO`` relationship when the manager is in the model;
- one relationship per reference: ``HOLDS`` (an assignment), ``INHERITS``, ``OWNER``,
  ``CUSTODIAN``, ``ACCOUNTABLE``, ``RESPONSIBLE``, ``CONSULTED``, ``INFORMED``,
  ``DELEGATES`` (a delegation: ``id``, ``scope`` as ``kind:id``, dates), ``ACCEPTED``,
  ``AFFECTS``; each with ``key`` (tells apart several of one type between the same two
  nodes) and, where order matters, ``seq``.

Writes are idempotent: nodes and relationships are MERGEd on their keys and their
properties replaced, so pushing the same model twice changes nothing. Each batch is one
transaction run through the driver's managed transactions (retried on transient
failures); a batch that cannot be written entirely is rolled back entirely.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import GraphkitError, InputError, Issue, UsageError
from ..model import KINDS, Model, split_ref, validate_model
from ..queries.cypherfiles import cypher, statements

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction

__all__ = [
    "DEFAULT_ORG",
    "EDGE_TYPES",
    "LABELS",
    "Progress",
    "connect",
    "drop",
    "node_counts",
    "org_key",
    "organisations",
    "pull",
    "push",
    "resolve_org",
    "translated_errors",
]

#: The label of each node kind: the only labels graphkit writes or reads.
LABELS: dict[str, str] = {"person": "Person", "role": "Role", "asset": "Asset",
                          "risk": "Risk", "duty": "Duty"}
_KIND_OF_LABEL = {label: kind for kind, label in LABELS.items()}

#: Every relationship type graphkit writes, with its ends (kinds).
EDGE_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "HOLDS": (("person",), ("role",)),
    "INHERITS": (("role",), ("role",)),
    "REPORTS_TO": (("person", "role"), ("person", "role")),
    "OWNER": (("person", "role"), ("asset", "risk")),
    "CUSTODIAN": (("person", "role"), ("asset",)),
    "ACCOUNTABLE": (("person", "role"), ("duty",)),
    "RESPONSIBLE": (("person", "role"), ("duty",)),
    "CONSULTED": (("person", "role"), ("duty",)),
    "INFORMED": (("person", "role"), ("duty",)),
    "DELEGATES": (("person", "role"), ("person", "role")),
    "ACCEPTED": (("person",), ("risk",)),
    "AFFECTS": (("risk",), ("asset",)),
}
#: The kinds relationships start from (each has a pull and a delete query).
_SOURCE_KINDS = ("person", "role", "risk")
_RACI = ("accountable", "responsible", "consulted", "informed")

#: The URI schemes of the Bolt protocol (the driver's HTTP preview is not used).
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: The organisation key of a model that names no organisation.
DEFAULT_ORG = "default"
DEFAULT_BATCH_SIZE = 500

#: Called after each batch is committed: ``progress(step, done, total)``, counting rows
#: (nodes, relationships and deletions) over the whole push.
Progress = Callable[[str, int, int], None]


def org_key(model: Model) -> str:
    """The ``org`` every node of ``model`` carries in the database.

    >>> from graphkit.model import validate_model
    >>> org_key(validate_model({"organisation": {"id": "acme"}}))
    'acme'
    >>> org_key(validate_model({}))
    'default'
    """
    return model.organisation.id if model.organisation else DEFAULT_ORG


# --- errors -------------------------------------------------------------------------------

@contextmanager
def translated_errors(uri: str, database: str) -> Iterator[None]:
    """Turn the driver's errors into graphkit's: one line that says what to fix."""
    import neo4j.exceptions as driver_errors

    where = f"{uri} (database '{database}')"
    try:
        yield
    except driver_errors.AuthError as exc:
        raise InputError(Issue("the server refused the user name or password", file=uri,
                               expected="the user and password of the server, "
                                        "password in NEO4J_PASSWORD or the prompt")) from exc
    except (driver_errors.ServiceUnavailable, driver_errors.SessionExpired) as exc:
        raise InputError(Issue("cannot reach a Bolt server there" + _reason(exc), file=uri,
                               expected="a running Neo4j or Bolt server at this address")) \
            from exc
    except driver_errors.ConfigurationError as exc:
        raise UsageError(f"{uri}: {_first_line(exc)} (expected a bolt:// or neo4j:// URI)") \
            from exc
    except driver_errors.Neo4jError as exc:
        code = exc.code or ""
        if code.endswith("DatabaseNotFound"):
            raise InputError(Issue(f"there is no database '{database}' on this server",
                                   file=uri, expected="the name of an existing database"))\
                from exc
        raise InputError(Issue(f"the server said: {code} {_first_line(exc)}".strip(),
                               file=where)) from exc
    except driver_errors.DriverError as exc:
        raise InputError(Issue(f"{type(exc).__name__}: {_first_line(exc)}", file=where)) \
            from exc


def _reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words (the driver's message runs to lines).

    >>> _reason(OSError("Failed to establish connection to ... (reason [Errno 111] "
    ...                 "Connection refused)"))
    ' (connection refused)'
    """
    text = str(exc)
    if "DNS resolve" in text:
        return " (the host name does not resolve)"
    found = re.search(r"reason \[Errno -?\d+\] ([^)\n]+)", text)
    if found:
        return f" ({found.group(1).strip().lower()})"
    if "timed out" in text.lower():
        return " (timed out)"
    return ""


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc)
    return text.strip().splitlines()[0] if text.strip() else ""


def connect(uri: str, user: str, password: str, database: str, *,
            retry_seconds: float = 15.0, timeout: float = 10.0) -> Driver:
    """A driver for ``uri``, checked: the server answers, accepts the user, has ``database``.

    Raises :class:`~graphkit.errors.InputError` (unreachable, refused, no such database)
    or :class:`~graphkit.errors.UsageError` (a malformed URI).
    """
    from neo4j import GraphDatabase

    scheme = uri.partition("://")[0] if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise UsageError(f"--uri {uri!r} is not a Bolt address (expected "
                         "bolt://host:7687 or neo4j://host:7687; also bolt+s, neo4j+s)")
    with translated_errors(uri, database):
        try:
            driver = GraphDatabase.driver(uri, auth=(user, password),
                                          connection_timeout=timeout,
                                          max_transaction_retry_time=retry_seconds)
        except ValueError as exc:
            raise UsageError(f"--uri {uri!r}: {_first_line(exc)}") from exc
        try:
            with driver.session(database=database) as session:
                session.run("RETURN 1").consume()
        except ValueError as exc:  # e.g. a port that is not a number
            driver.close()
            raise UsageError(f"--uri {uri!r} is not a usable address "
                             "(expected bolt://host:port with a numeric port)") from exc
        except BaseException:
            driver.close()
            raise
    return driver


# --- model -> rows ----------------------------------------------------------------------

@dataclass(frozen=True)
class _EdgeRow:
    type: str
    source_kind: str
    source: str
    target_kind: str
    target: str
    key: str
    props: dict[str, Any]

    @property
    def identity(self) -> tuple[str, str, str, str, str, str]:
        return (self.type, self.source_kind, self.source, self.target_kind, self.target,
                self.key)

    def param(self) -> dict[str, Any]:
        return {"source_kind": self.source_kind, "source": self.source,
                "target_kind": self.target_kind, "target": self.target, "key": self.key,
                "props": {"key": self.key, **self.props}}


def _plain(obj: Any, drop: Sequence[str]) -> dict[str, Any]:
    """An element's fields as Bolt values: no None, no empty list, dates as ISO text."""
    data = obj.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {k: v for k, v in data.items() if k not in drop and v != []}


def _node_rows(model: Model, org: str) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}

    def add(kind: str, seq: int, props: dict[str, Any]) -> None:
        props = {"org": org, "id": props["id"], "seq": seq, **props}
        rows[kind].append({"id": props["id"], "props": props})

    for i, p in enumerate(model.people):
        props = _plain(p, ("competencies", "acknowledged"))
        if p.competencies:
            props["competency_ids"] = [c.id for c in p.competencies]
            props["competency_expires"] = [c.expires.isoformat() if c.expires else ""
                                           for c in p.competencies]
        if p.acknowledged:
            props["acknowledged_roles"] = [a.role for a in p.acknowledged]
            props["acknowledged_versions"] = [a.version for a in p.acknowledged]
        add("person", i, props)
    for i, r in enumerate(model.roles):
        add("role", i, _plain(r, ("inherits",)))
    for i, a in enumerate(model.assets):
        add("asset", i, _plain(a, ("owner", "custodians")))
    for i, k in enumerate(model.risks):
        add("risk", i, _plain(k, ("owner", "accepted_by", "assets")))
    for i, d in enumerate(model.duties):
        add("duty", i, _plain(d, _RACI))
    return rows


def _edge_rows(model: Model) -> dict[str, list[_EdgeRow]]:
    rows: dict[str, list[_EdgeRow]] = {t: [] for t in EDGE_TYPES}
    seen: Counter[tuple[str, ...]] = Counter()

    def add(type_: str, source: str, target: str, discriminator: str | None = None,
            **props: Any) -> None:
        (sk, s), (tk, t) = split_ref(source), split_ref(target)
        seen[(type_, source, target, discriminator or "")] += 1
        n = seen[(type_, source, target, discriminator or "")]
        key = str(n) if discriminator is None else json.dumps([discriminator, n])
        rows[type_].append(_EdgeRow(type_, sk, s, tk, t, key,
                                    {k: v for k, v in props.items() if v is not None}))

    people = {p.id for p in model.people}
    roles = {r.id for r in model.roles}
    for p in model.people:
        if p.reports_to is not None and p.reports_to in people:
            add("REPORTS_TO", f"person:{p.id}", f"person:{p.reports_to}")
    for r in model.roles:
        for seq, parent in enumerate(r.inherits):
            add("INHERITS", f"role:{r.id}", f"role:{parent}", seq=seq)
        if r.reports_to is not None and r.reports_to in roles:
            add("REPORTS_TO", f"role:{r.id}", f"role:{r.reports_to}")
    for seq, a in enumerate(model.assignments):
        add("HOLDS", f"person:{a.person}", f"role:{a.role}", seq=seq, deputy=a.deputy,
            **{"from": a.from_.isoformat() if a.from_ else None,
               "until": a.until.isoformat() if a.until else None})
    for asset in model.assets:
        for seq, owner in enumerate(asset.owner):
            add("OWNER", owner, f"asset:{asset.id}", seq=seq)
        for seq, custodian in enumerate(asset.custodians):
            add("CUSTODIAN", custodian, f"asset:{asset.id}", seq=seq)
    for risk in model.risks:
        for seq, owner in enumerate(risk.owner):
            add("OWNER", owner, f"risk:{risk.id}", seq=seq)
        if risk.accepted_by is not None:
            add("ACCEPTED", f"person:{risk.accepted_by}", f"risk:{risk.id}")
        for seq, asset_id in enumerate(risk.assets):
            add("AFFECTS", f"risk:{risk.id}", f"asset:{asset_id}", seq=seq)
    for duty in model.duties:
        for field in _RACI:
            for seq, party in enumerate(getattr(duty, field)):
                add(field.upper(), party, f"duty:{duty.id}", seq=seq)
    for seq, d in enumerate(model.delegations):
        add("DELEGATES", d.from_, d.to, d.id, seq=seq, id=d.id, scope=d.scope,
            from_date=d.from_date.isoformat() if d.from_date else None,
            until=d.until.isoformat() if d.until else None)
    return rows


def _organisation_props(model: Model, org: str) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": org,
        "declared": model.organisation is not None,
        "version": model.version,
        "policy": json.dumps(model.policy.model_dump(mode="json", by_alias=True),
                             ensure_ascii=False, sort_keys=True),
    }
    if model.organisation is not None and model.organisation.name is not None:
        props["name"] = model.organisation.name
    return props


# --- reading what is there ----------------------------------------------------------------

def _read(driver: Driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(cypher(name), params, database_=database,
                                         routing_="r")
    return [record.data() for record in records]


@dataclass(frozen=True)
class _StoredEdge:
    identity: tuple[str, str, str, str, str, str]
    element_id: str
    props: dict[str, Any]


def _stored_edges(driver: Driver, database: str, org: str) -> list[_StoredEdge]:
    out: list[_StoredEdge] = []
    for source_kind in _SOURCE_KINDS:
        for row in _read(driver, database, f"pull_edges_from_{source_kind}", org=org):
            type_ = row["type"]
            if type_ not in EDGE_TYPES or source_kind not in EDGE_TYPES[type_][0]:
                continue  # not graphkit's: another tool's relationship on our nodes
            kinds = [_KIND_OF_LABEL[lb] for lb in row["target_labels"] if lb in _KIND_OF_LABEL]
            if len(kinds) != 1 or kinds[0] not in EDGE_TYPES[type_][1]:
                continue
            key = str(row["props"].get("key", ""))
            out.append(_StoredEdge((type_, source_kind, row["source"], kinds[0], row["target"],
                                    key), row["element_id"], row["props"]))
    return out


def organisations(driver: Driver, database: str) -> list[str]:
    """The organisations graphkit has pushed into ``database``, sorted."""
    return [row["id"] for row in _read(driver, database, "pull_organisations")]


def node_counts(driver: Driver, database: str, org: str) -> dict[str, int]:
    """How many nodes of each kind, and relationships of each type, ``org`` has stored.

    Keys are kinds (``person``...) and relationship types (``HOLDS``...).
    """
    counts: dict[str, int] = {}
    for kind in KINDS:
        counts[kind] = len(_read(driver, database, f"pull_{kind}", org=org))
    per_type = Counter(edge.identity[0] for edge in _stored_edges(driver, database, org))
    for type_ in EDGE_TYPES:
        counts[type_] = per_type[type_]
    return counts


# --- push -----------------------------------------------------------------------------------

def _batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


class _ShortWrite(GraphkitError):
    """A batch wrote fewer rows than it was given (rolled back)."""


def _write_batch(tx: ManagedTransaction, query: str, params: dict[str, Any],
                 expected: int, what: str) -> int:
    record = tx.run(query, params).single(strict=True)
    written = int(record[0])
    if written != expected:  # raising here rolls the whole batch back
        raise _ShortWrite(f"the database wrote {written} of {expected} {what} in one batch "
                          "(were nodes deleted meanwhile?); the batch was rolled back")
    return written


def push(model: Model, driver: Driver, database: str, *, replace: bool = False,
         batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None) -> dict[str, int]:
    """Write ``model`` into ``database``: constraints first, then batches of nodes and of
    relationships, each batch one transaction.

    Idempotent: pushing the same model again changes nothing. Without ``replace`` a push
    adds and updates but never removes; with it, whatever the organisation has in the
    database and the model no longer has (nodes and relationships) is deleted. Returns
    how many rows of each step were written (and, with ``replace``, deleted).

    An interrupted push leaves whole batches only; pushing again completes it.
    """
    if batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {batch_size}")
    org = org_key(model)
    uri = _uri_of(driver)
    with translated_errors(uri, database):
        return _push(model, driver, database, org, replace, batch_size, progress)


def _uri_of(driver: Driver) -> str:
    address = getattr(driver, "address", None)  # the address the driver was made for
    return f"bolt://{address}" if address is not None else "the Bolt server"


def _push(model: Model, driver: Driver, database: str, org: str, replace: bool,
          batch_size: int, progress: Progress | None) -> dict[str, int]:
    nodes = _node_rows(model, org)
    edges = _edge_rows(model)
    stale_nodes: dict[str, list[str]] = {}
    stale_edges: dict[str, list[dict[str, str]]] = defaultdict(list)

    with driver.session(database=database) as session:
        for statement in statements("schema"):
            session.run(statement).consume()
        if replace:
            for kind in KINDS:
                wanted = {row["id"] for row in nodes[kind]}
                stored = [row["props"]["id"] for row in
                          _read(driver, database, f"pull_{kind}", org=org)]
                stale_nodes[kind] = [i for i in stored if i not in wanted]
            wanted_edges = {row.identity for rows in edges.values() for row in rows}
            for edge in _stored_edges(driver, database, org):
                if edge.identity not in wanted_edges:
                    stale_edges[edge.identity[1]].append(
                        {"source": edge.identity[2], "element_id": edge.element_id})

        total = (1 + sum(map(len, nodes.values())) + sum(map(len, edges.values()))
                 + sum(map(len, stale_nodes.values())) + sum(map(len, stale_edges.values())))
        done = 0
        counts: dict[str, int] = {}

        def run(step: str, query: str, params: dict[str, Any], n: int, what: str,
                exact: bool = True) -> None:
            nonlocal done
            written = session.execute_write(_write_batch if exact else _write_any, query,
                                            params, n, what)
            done += n
            counts[step] = counts.get(step, 0) + written
            if progress is not None:
                progress(step, done, total)

        run("organisation", cypher("push_organisation"),
            {"org": org, "props": _organisation_props(model, org)}, 1, "organisation node")
        for kind in KINDS:
            query = cypher(f"push_{kind}")
            for batch in _batches(nodes[kind], batch_size):
                run(kind, query, {"org": org, "rows": list(batch)}, len(batch),
                    f"{kind} nodes")
        for type_, rows in edges.items():
            query = cypher(f"push_{type_.lower()}")
            for batch in _batches(rows, batch_size):
                run(type_, query, {"org": org, "rows": [r.param() for r in batch]},
                    len(batch), f"{type_} relationships")
        for source_kind, stale in stale_edges.items():
            query = cypher(f"delete_edges_from_{source_kind}")
            for batch in _batches(stale, batch_size):
                run("deleted relationships", query, {"org": org, "rows": list(batch)},
                    len(batch), "stale relationships", exact=False)
        for kind, ids in stale_nodes.items():
            query = cypher(f"delete_{kind}")
            for batch in _batches(ids, batch_size):
                run(f"deleted {kind}", query, {"org": org, "ids": list(batch)}, len(batch),
                    f"stale {kind} nodes", exact=False)
    return counts


def _write_any(tx: ManagedTransaction, query: str, params: dict[str, Any], expected: int,
               what: str) -> int:
    record = tx.run(query, params).single(strict=True)
    return int(record[0])


def drop(driver: Driver, database: str, org: str, *,
         batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Delete everything organisation ``org`` has in ``database``; returns the node count.

    Other organisations in the same database are untouched.
    """
    uri = _uri_of(driver)
    deleted = 0
    with translated_errors(uri, database), driver.session(database=database) as session:
        for kind in KINDS:
            stored = [row["props"]["id"] for row in
                      _read(driver, database, f"pull_{kind}", org=org)]
            for batch in _batches(stored, batch_size):
                deleted += session.execute_write(_write_any, cypher(f"delete_{kind}"),
                                                 {"org": org, "ids": list(batch)}, len(batch),
                                                 f"{kind} nodes")
        deleted += session.execute_write(_write_any, cypher("delete_organisation"),
                                         {"org": org}, 1, "organisation node")
    return deleted


# --- pull -----------------------------------------------------------------------------------

def resolve_org(driver: Driver, database: str, org: str | None = None) -> str:
    """``org`` if graphkit has pushed it into ``database``; when ``org`` is None, the one
    organisation there. Raises :class:`~graphkit.errors.InputError` (unknown, or none)
    or :class:`~graphkit.errors.UsageError` (several, and none named)."""
    uri = _uri_of(driver)
    where = f"{uri} (database '{database}')"
    with translated_errors(uri, database):
        known = organisations(driver, database)
    shown = ", ".join(known[:10]) + (f" and {len(known) - 10} more" if len(known) > 10 else "")
    if org is None:
        if not known:
            raise InputError(Issue("graphkit has pushed no organisation into this database",
                                   file=where,
                                   expected="a database written by graphkit neo4j push"))
        if len(known) > 1:
            raise UsageError(f"the database holds several organisations ({shown}): "
                             "name one with --org")
        return known[0]
    if org not in known:
        raise InputError(Issue(f"no organisation '{org}' in this database"
                               + (f" (it has {shown})" if known else ""), file=where,
                               expected="an organisation written by graphkit neo4j push"))
    return org


def pull(driver: Driver, database: str, org: str | None = None) -> Model:
    """Read one organisation's graph back into a :class:`~graphkit.model.Model`.

    ``org`` may be left out when the database holds exactly one organisation.
    """
    uri = _uri_of(driver)
    org = resolve_org(driver, database, org)
    with translated_errors(uri, database):
        data = _pull_data(driver, database, org)
    return validate_model(data, source=f"{uri} (database '{database}', organisation '{org}')")


def _pull_data(driver: Driver, database: str, org: str) -> dict[str, Any]:
    (org_row,) = _read(driver, database, "pull_organisation", org=org)
    org_props = org_row["props"]
    data: dict[str, Any] = {"version": org_props.get("version", 1),
                            "policy": json.loads(org_props.get("policy") or "{}")}
    if org_props.get("declared", True):
        data["organisation"] = {"id": org, **({"name": org_props["name"]}
                                              if "name" in org_props else {})}
    sections = {"person": "people", "role": "roles", "asset": "assets", "risk": "risks",
                "duty": "duties"}
    items: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in KINDS:
        rows = sorted((row["props"] for row in _read(driver, database, f"pull_{kind}",
                                                     org=org)),
                      key=lambda p: (p.get("seq", 0), p["id"]))
        elements = []
        for props in rows:
            element = {k: v for k, v in props.items() if k not in ("org", "seq")}
            if kind == "person":
                ids = element.pop("competency_ids", [])
                expires = element.pop("competency_expires", [""] * len(ids))
                if ids:
                    element["competencies"] = [
                        {"id": c, **({"expires": e} if e else {})} for c, e in zip(ids, expires)]
                roles = element.pop("acknowledged_roles", [])
                versions = element.pop("acknowledged_versions", [])
                if roles:
                    element["acknowledged"] = [{"role": r, "version": v}
                                               for r, v in zip(roles, versions)]
            elements.append(element)
        data[sections[kind]] = elements
        items[kind] = {e["id"]: e for e in elements}

    grouped: dict[str, list[_StoredEdge]] = defaultdict(list)
    for edge in _stored_edges(driver, database, org):
        grouped[edge.identity[0]].append(edge)
    for edges in grouped.values():
        edges.sort(key=lambda e: (e.props.get("seq", 0), e.identity))

    def listed(type_: str, field: str, *, at_target: bool = True, typed: bool = True) -> None:
        for edge in grouped.get(type_, []):
            _, sk, s, tk, t, _ = edge.identity
            holder_kind, holder, ref = (tk, t, f"{sk}:{s}") if at_target else (sk, s, f"{tk}:{t}")
            element = items[holder_kind].get(holder)
            if element is not None:
                element.setdefault(field, []).append(ref if typed else ref.partition(":")[2])

    listed("INHERITS", "inherits", at_target=False, typed=False)
    listed("OWNER", "owner")
    listed("CUSTODIAN", "custodians")
    for field in _RACI:
        listed(field.upper(), field)
    listed("AFFECTS", "assets", at_target=False, typed=False)
    for edge in grouped.get("ACCEPTED", []):
        _, _, person, _, risk, _ = edge.identity
        if risk in items["risk"]:
            items["risk"][risk]["accepted_by"] = person
    data["assignments"] = [
        {"person": e.identity[2], "role": e.identity[4],
         **{k: v for k, v in e.props.items() if k in ("deputy", "from", "until")}}
        for e in grouped.get("HOLDS", [])]
    data["delegations"] = [
        {"id": e.props.get("id", ""), "from": f"{e.identity[1]}:{e.identity[2]}",
         "to": f"{e.identity[3]}:{e.identity[4]}", "scope": e.props.get("scope", ""),
         **{k: v for k, v in e.props.items() if k in ("from_date", "until")}}
        for e in grouped.get("DELEGATES", [])]
    return data
