"""The runner's order of a check's findings (:func:`graphkit.runner._ordered`), which
compares joined subjects, is the order of sorting by the lists of subjects, stably: for
any subjects, NULs, empty strings, empty lists and non-ASCII text included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.findings import Finding, Severity
from graphkit.queries.registry import get_check
from graphkit.runner import _ordered

CHECK = get_check("vacant-role")  # not ranked: sorted by subjects

_TEXT = st.text(alphabet=st.sampled_from(["\x00", "\x01", "a", "b", "é", "\u2028", ":",
                                          "\U0001f600"]), max_size=4)


def _findings(subjects: list[list[str]]) -> list[Finding]:
    # trusted: the subjects as given (make would sort them and drop repeats); each
    # finding's message is its place
    return [Finding.trusted(CHECK.id, Severity.high, "t", str(i), list(s), (), [])
            for i, s in enumerate(subjects)]


def _reference(findings: list[Finding]) -> list[str]:
    return [f.message for f in sorted(findings, key=lambda f: f.subjects)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_TEXT, max_size=3), max_size=12))
def test_the_order_is_that_of_the_lists_of_subjects(subjects: list[list[str]]) -> None:
    found = _findings(subjects)
    assert [f.message for f in _ordered(CHECK, found)] == _reference(found)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="ab:", max_size=3), min_size=1, max_size=3),
                max_size=12))
def test_the_order_without_nul_is_that_of_the_lists(subjects: list[list[str]]) -> None:
    # the joined texts' own path (no NUL, no empty list), repeats and prefixes included
    found = _findings(subjects)
    assert [f.message for f in _ordered(CHECK, found)] == _reference(found)


def test_cases_where_joined_texts_alone_would_mislead() -> None:
    for subjects in ([["a\x00b"], ["a", "a"]],  # joined alike, "a\x00b" > ["a", "a"]
                     [[""], []],  # joined alike: [] first
                     [["a", "b"], ["a\x00", "a"]],
                     [["a\x00"], ["a", "\x00"]]):
        found = _findings(subjects)
        assert [f.message for f in _ordered(CHECK, found)] == _reference(found), subjects
