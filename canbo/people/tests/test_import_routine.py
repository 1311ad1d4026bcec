"""A routine import (a few hundred changed people into a large registry, issue 17.5): people without a
CCCD matched by their name and birth date together, written into the live tables (no large load)."""

from typing import Any

import pytest

from canbo.core import bulk
from canbo.people.models import Assignment, LanguageSkill, Person
from canbo.people.tests.test_import import load, row, xlsx

pytestmark = pytest.mark.django_db


def test_namesakes_are_told_apart_by_birth_date_and_unit(builtin_org) -> None:
    load(
        xlsx(
            [
                row(cccd="", birth="12/03/1985"),
                row(cccd="", birth="12/03/1990"),
                row(cccd="", birth="12/03/1985", unit="KH.STC"),
            ]
        )
    )
    result: Any = load(
        xlsx(
            [
                row(cccd="", birth="12/03/1985", qualification="Thạc sĩ"),
                row(cccd="", birth="12/03/1991"),  # nobody of that name was born then: a new person
            ]
        )
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    by_birth_and_unit = {
        (p.birth_date.year, p.unit.code): p.qualification for p in Person.objects.select_related("unit")
    }
    assert by_birth_and_unit == {
        (1985, "KH.SNV"): "thac_si",
        (1990, "KH.SNV"): "dai_hoc",
        (1985, "KH.STC"): "dai_hoc",
        (1991, "KH.SNV"): "dai_hoc",
    }


def test_a_routine_import_writes_into_the_live_tables(builtin_org, monkeypatch) -> None:
    """Below core.bulk.LARGE_LOAD_MIN_ROWS nothing is set aside: no index is dropped and rebuilt, no
    table locked for the load (decisions/0007)."""
    load(xlsx([row(), row("Trần Văn Bình", "1990", "Nam", cccd="058090123456", unit="KH.STC")]))

    def refused(table: str) -> None:
        raise AssertionError(f"a routine import set {table}'s indexes aside")

    monkeypatch.setattr(bulk, "_set_aside", refused)
    result: Any = load(
        xlsx(
            [
                row(level="C1", qualification="Thạc sĩ"),
                row("Trần Văn Bình", "1990", "Nam", cccd="058090123456", unit="KH.SNV"),
                row("Lê Văn Mới", "1988", "Nam", cccd="058088000001"),
            ]
        )
    )
    assert (result.created, result.updated, result.assignments_closed, result.languages_changed) == (
        1,
        2,
        1,
        2,
    )
    moved = Person.objects.get(full_name="Trần Văn Bình")
    assert moved.unit.code == "KH.SNV" and moved.version == 2
    assert Assignment.objects.get(person=moved, valid_to__isnull=True).unit.code == "KH.SNV"
    assert LanguageSkill.objects.get(person__full_name="Nguyễn Thị Hoa").level == 5
