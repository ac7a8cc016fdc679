"""The ISO/IEC 27001:2022 catalogue: every clause and all 93 Annex A controls."""

from __future__ import annotations

import re

import pytest

from graphkit.iso import CLAUSES, CONTROLS, THEMES, is_known, iso_kind, iso_sort_key, iso_title


def test_annex_a_has_93_controls_in_four_themes() -> None:
    per_theme = {theme: sum(1 for ref in CONTROLS if ref.rsplit(".", 1)[0] == theme)
                 for theme in THEMES}
    assert per_theme == {"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}
    assert len(CONTROLS) == 93


@pytest.mark.parametrize(("theme", "last"), [("A.5", 37), ("A.6", 8), ("A.7", 14),
                                             ("A.8", 34)])
def test_controls_are_numbered_without_gaps(theme: str, last: int) -> None:
    numbers = sorted(int(ref.rsplit(".", 1)[1]) for ref in CONTROLS if ref.startswith(theme + "."))
    assert numbers == list(range(1, last + 1))
    assert not is_known(f"{theme}.{last + 1}")


def test_clauses_4_to_10_with_the_subclauses_graphkit_cites() -> None:
    assert {c.split(".")[0] for c in CLAUSES} == {"4", "5", "6", "7", "8", "9", "10"}
    for ref in ("4.1", "5.3", "6.1.3", "7.2", "7.3", "7.4", "9.2", "10.1", "10.2"):
        assert iso_kind(ref) == "clause", ref
    assert iso_title("10.2") == "Nonconformity and corrective action"  # 2022 numbering
    assert iso_title("6.3") == "Planning of changes"  # new in 2022
    assert not is_known("10.3") and not is_known("4.5")


def test_every_reference_is_well_formed_and_titled() -> None:
    for ref, title in {**CLAUSES, **CONTROLS}.items():
        assert re.fullmatch(r"(A\.[5-8]\.\d{1,2})|(\d{1,2}(\.\d){0,2})", ref), ref
        assert title and title == title.strip(), ref


def test_titles_of_the_controls_graphkit_cites() -> None:
    assert iso_title("A.5.2") == "Information security roles and responsibilities"
    assert iso_title("A.5.3") == "Segregation of duties"
    assert iso_title("A.5.4") == "Management responsibilities"
    assert iso_title("A.5.9") == "Inventory of information and other associated assets"
    assert iso_title("A.5.18") == "Access rights"
    assert iso_title("A.6.3") == "Information security awareness, education and training"
    assert iso_title("A.6.5") == "Responsibilities after termination or change of employment"
    assert iso_title("A.8.34") == "Protection of information systems during audit testing"


def test_unknown_references() -> None:
    for ref in ("A.5.38", "A.9.1", "5.2.1", "a.5.2", "A5.2", "", "A.5.02"):
        assert not is_known(ref), ref
        with pytest.raises(KeyError):
            iso_title(ref)


def test_sort_order_is_the_standards() -> None:
    refs = ["A.8.1", "A.5.10", "10.1", "A.5.2", "6.1.3", "7.2", "A.6.5", "5.3", "9.2"]
    assert sorted(refs, key=iso_sort_key) == [
        "5.3", "6.1.3", "7.2", "9.2", "10.1", "A.5.2", "A.5.10", "A.6.5", "A.8.1"]
