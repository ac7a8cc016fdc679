"""The Cypher graphkit runs, kept in files under ``queries/cypher/`` and loaded by name.

Every statement takes its data as parameters (``$org``, ``$rows``, ``$ids``); nothing is
ever assembled from data. Labels and relationship types are written in the files
themselves, from the model's fixed set of kinds. A file holds one statement, except
where a name says it holds several (:func:`statements`): each then ends with ``;`` at
the end of a line.

>>> print(cypher("pull_person"))  # doctest: +ELLIPSIS
// Every person node of the organisation, with all its properties.
MATCH (n:Person {org: $org})
RETURN properties(n) AS props
>>> len(statements("schema"))
6
>>> cypher("../secrets")
Traceback (most recent call last):
...
ValueError: not the name of a Cypher file: '../secrets'
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

__all__ = ["cypher", "names", "statements"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def cypher(name: str) -> str:
    """The text of ``queries/cypher/<name>.cypher``."""
    if not _NAME.match(name):
        raise ValueError(f"not the name of a Cypher file: {name!r}")
    resource = files("graphkit.queries") / "cypher" / f"{name}.cypher"
    if not resource.is_file():
        raise ValueError(f"no Cypher file named {name!r}")
    return resource.read_text(encoding="utf-8").strip()


def statements(name: str) -> list[str]:
    """The statements of a file that holds several, each without its closing ``;``."""
    out: list[str] = []
    current: list[str] = []
    for line in cypher(name).splitlines():
        if line.lstrip().startswith("//") and not current:
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            out.append("\n".join(current).rstrip().removesuffix(";"))
            current = []
    if any(line.strip() for line in current):
        out.append("\n".join(current))
    return out


def names() -> list[str]:
    """The names of every Cypher file, sorted.

    >>> "push_holds" in names()
    True
    """
    folder = files("graphkit.queries") / "cypher"
    return sorted(p.name.removesuffix(".cypher") for p in folder.iterdir()
                  if p.name.endswith(".cypher"))
