"""The Cabinet Office return of 30 September 2013, read through the built-in mapping.

Every figure is computed here from the raw files with the csv module, independently of
the loader, and also written as the literal figure checked by hand.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
from graphkit.loaders import load
from graphkit.loaders.mapping import load_mapped

from graphkit.model import Model

from ._data import JUNIOR, ORGANOGRAMS, SENIOR


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _raw(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class Raw:
    """The facts of the return, straight from the CSV files."""

    def __init__(self, senior: Path, junior: Path) -> None:
        rows = _raw(senior)
        self.senior_rows = len(rows)
        self.posts: dict[str, dict[str, str]] = {}
        for r in rows:
            self.posts.setdefault(r["Post Unique Reference"], r)
        state: dict[str, str] = {}
        for ref, r in self.posts.items():
            name = r["Name"].strip()
            k = _key(name)
            if k == "vacant":
                state[ref] = "vacant"
            elif k == "eliminated":
                state[ref] = "eliminated"
            elif k in ("nd", "na"):
                state[ref] = "undisclosed"
            elif name in (r["Organisation"].strip(), r["Parent Department"].strip()):
                state[ref] = "organisation"
            else:
                state[ref] = "named"
        self.state = state
        self.holder_posts: dict[str, set[str]] = defaultdict(set)
        for ref, r in self.posts.items():
            if state[ref] == "named":
                self.holder_posts[" ".join(r["Name"].split())].add(ref)
        self.tops = {ref for ref, r in self.posts.items()
                     if r["Reports to Senior Post"].strip().casefold() == "xx"}
        self.unknown_parents = {ref for ref, r in self.posts.items()
                                if ref not in self.tops
                                and r["Reports to Senior Post"] not in self.posts}
        self.self_reporting = {ref for ref, r in self.posts.items()
                               if r["Reports to Senior Post"] == ref}
        jrows = _raw(junior)
        self.junior_rows = len(jrows)
        self.junior_fte = sum(float(r["Number of Posts in FTE"]) for r in jrows)
        self.junior_parents = [r["Reporting Senior Post"] for r in jrows]

    def count(self, state: str) -> int:
        return sum(1 for s in self.state.values() if s == state)


@pytest.fixture(scope="module")
def loaded() -> tuple[Model, Raw]:
    if not ORGANOGRAMS.is_dir():
        pytest.skip(f"the shared data folder {ORGANOGRAMS} is absent (CI puts shared/ "
                    "beside the clone)")
    return load(SENIOR, mapping="uk-organogram"), Raw(SENIOR, JUNIOR)


def _senior(model: Model) -> list:  # type: ignore[type-arg]
    return [r for r in model.roles if "/junior-" not in r.id]


def _junior(model: Model) -> list:  # type: ignore[type-arg]
    return [r for r in model.roles if "/junior-" in r.id]


def test_posts_and_rows(loaded: tuple[Model, Raw]) -> None:
    model, raw = loaded
    assert raw.senior_rows == 278 and len(raw.posts) == 277
    assert {r.id for r in _senior(model)} == set(raw.posts)
    assert len(_senior(model)) == len(raw.posts) == 277
    for role in _senior(model):
        r = raw.posts[role.id]
        assert role.name == " ".join(r["Job Title"].split())
        assert role.department == " ".join(r["Unit"].split())
        assert role.grade == r["Grade"]
        assert role.fte == float(r["FTE"])


def test_holders_vacancies_undisclosed(loaded: tuple[Model, Raw]) -> None:
    model, raw = loaded
    held = defaultdict(set)
    for a in model.assignments:
        held[a.role].add(a.person)
    named_posts = {ref for ref in raw.posts if raw.state[ref] == "named"}
    undisclosed = {ref for ref in raw.posts if raw.state[ref] == "undisclosed"}
    empty = {ref for ref in raw.posts if raw.state[ref] in ("vacant", "eliminated",
                                                             "organisation")}
    assert (len(named_posts), raw.count("vacant"), raw.count("eliminated"), len(undisclosed),
            raw.count("organisation")) == (76, 11, 34, 155, 1)
    assert {r for r, people in held.items() if any(not p.startswith("undisclosed-")
                                                  for p in people)} == named_posts
    assert {r for r, people in held.items()
            if people == {f"undisclosed-{r}"}} == undisclosed
    assert not empty & set(held)
    named_people = {p.id for p in model.people if not p.id.startswith("undisclosed-")}
    assert len(named_people) == len(raw.holder_posts) == 75
    assert {p.name for p in model.people if p.id in named_people} == set(raw.holder_posts)
    # the top post is the organisation itself: no holder, and no vacancy to report
    assert [(r.id, r.min_holders) for r in _senior(model) if r.min_holders == 0] == [("405", 0)]


def test_the_person_who_holds_two_posts(loaded: tuple[Model, Raw]) -> None:
    model, raw = loaded
    twice = {name: posts for name, posts in raw.holder_posts.items() if len(posts) > 1}
    assert twice == {"Bruce Richard Mann": {"24", "445"}}
    posts_of = defaultdict(set)
    for a in model.assignments:
        posts_of[a.person].add(a.role)
    assert {p: r for p, r in posts_of.items() if len(r) > 1} == {
        "bruce-richard-mann": {"24", "445"}}


def test_reporting_lines(loaded: tuple[Model, Raw]) -> None:
    model, raw = loaded
    assert raw.tops == {"405"} and raw.unknown_parents == set()
    senior = {r.id: r for r in _senior(model)}
    assert {i for i, r in senior.items() if r.reports_to is None} == raw.tops
    for ref, r in raw.posts.items():
        if ref not in raw.tops:
            assert senior[ref].reports_to == r["Reports to Senior Post"]
    assert {i for i, r in senior.items() if r.reports_to == "405"} == {"8", "317", "446"}
    assert all(r.reports_to in senior for r in model.roles if r.reports_to is not None)


def test_junior_posts(loaded: tuple[Model, Raw]) -> None:
    model, raw = loaded
    junior = _junior(model)
    assert len(junior) == raw.junior_rows == 763
    assert sum(r.fte or 0 for r in junior) == pytest.approx(raw.junior_fte)
    assert raw.junior_fte == pytest.approx(1517.77)
    assert sorted(r.reports_to for r in junior) == sorted(raw.junior_parents)
    assert all(r.min_holders == 0 for r in junior)


def test_load_report_accounts_for_every_row(loaded: tuple[Model, Raw]) -> None:
    model, raw = loaded
    report = model.load_report()
    assert report is not None and report.is_accounted
    assert [(f.part, f.rows, f.loaded, f.merged, f.reported) for f in report.files] == [
        ("posts", 278, 277, 1, 0), ("junior posts", 763, 763, 0, 0)]
    c = report.counts
    assert (c["posts"], c["posts held by a named person"], c["named people"],
            c["people holding several posts"], c["vacant posts"], c["eliminated posts"],
            c["posts with an undisclosed holder"], c["organisation posts"], c["top posts"],
            c["unknown parents"], c["self-reporting posts"], c["junior posts"]) == (
        len(raw.posts), raw.count("named"), len(raw.holder_posts),
        sum(1 for p in raw.holder_posts.values() if len(p) > 1), raw.count("vacant"),
        raw.count("eliminated"), raw.count("undisclosed"), raw.count("organisation"),
        len(raw.tops), len(raw.unknown_parents), len(raw.self_reporting), raw.junior_rows) == (
        277, 76, 75, 1, 11, 34, 155, 1, 1, 0, 0, 763)
    assert c["junior FTE"] == pytest.approx(raw.junior_fte) == pytest.approx(1517.77)
    assert [(f.rows, f.loaded + f.merged) for f in report.files] == [
        (raw.senior_rows, raw.senior_rows), (raw.junior_rows, raw.junior_rows)]
    assert [(w.code, w.row, w.column, w.found) for w in report.warnings] == [
        ("duplicate-post", 133, "Post Unique Reference", "270"),
        ("organisation-post", 241, "Name", "Cabinet Office"),
        ("placeholder-variant", 23, "Name", "n/d"),
    ]
    dup = report.warnings[0]
    assert dup.message == ("repeats post '270' of row 132; differs in columns the mapping "
                           "does not read: 'Salary Cost of Reports (£)'")
    assert dup.line == 168  # multi-line cells above it: the text line differs from the row


def test_junior_file_named_explicitly(loaded: tuple[Model, Raw], tmp_path: Path) -> None:
    model, _ = loaded
    copy = tmp_path / "co.csv"  # no '-senior' in the name: nothing is found beside it
    copy.write_bytes(SENIOR.read_bytes())
    alone = load_mapped(copy, "uk-organogram")
    assert _junior(alone) == []
    assert [w.code for w in alone.load_report().warnings] == [
        "duplicate-post", "organisation-post", "no-junior-file", "placeholder-variant"]
    named = load_mapped(copy, "uk-organogram", junior=JUNIOR)
    assert named.roles == model.roles and named.assignments == model.assignments
