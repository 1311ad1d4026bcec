"""core.bulk: plain inserts with constants (SQLite: in the statement; PostgreSQL: COPY)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.bulk import _literal, allocate_ids, insert_many
from org.models import Unit
from people.models import Assignment, Person

pytestmark = pytest.mark.django_db


def test_constants_are_written_to_every_row(builtin_org) -> None:
    unit = Unit.objects.get(code="KH.SNV")
    ids = allocate_ids(Person, 2)
    now = timezone.now().replace(microsecond=0)
    rows = [
        (pk, name, name.lower(), name, dt.date(1980, 1, 2), False, "nam", "01", "00", None, unit.pk, "cong_chuc",
         "", "")
        for pk, name in zip(ids, ["An", "Bình"], strict=True)
    ]  # fmt: skip
    fields = ("id", "full_name", "name_fold", "sort_key", "birth_date", "birth_year_only", "sex", "ethnicity",
              "religion", "cccd", "unit", "staff_category", "qualification", "political_theory")  # fmt: skip
    constants = {
        "other_names": "", "hometown": "", "rank_code": "", "rank_name": "", "salary_step": None,
        "salary_coefficient": None, "general_education": "", "qualification_field": "",
        "state_management": "", "it_level": "", "degree_abroad": True, "party_joined": dt.date(2001, 5, 19),
        "party_full": None, "recruited_on": None, "version": 3, "created_at": now, "updated_at": now,
    }  # fmt: skip
    assert insert_many(Person, fields, rows, constants=constants) == 2
    people = list(Person.objects.filter(pk__in=ids).order_by("pk"))
    assert [p.full_name for p in people] == ["An", "Bình"]
    for person in people:
        assert (person.degree_abroad, person.party_joined, person.version, person.created_at) == (
            True,
            dt.date(2001, 5, 19),
            3,
            now,
        )
    insert_many(
        Assignment,
        ("person", "unit", "valid_from", "start_reason"),
        [(ids[0], unit.pk, dt.date(2020, 1, 1), "tuyen_dung")],
        constants={"post": None, "valid_to": None, "concurrent": False, "decision_number": "",
                   "decision_date": None, "decision_issuer": "", "end_reason": ""},
    )  # fmt: skip
    assert Assignment.objects.get(person_id=ids[0]).valid_to is None


@pytest.mark.parametrize("value", ["x'); DROP TABLE people_person; --", "Nguyễn", "a'b", 'a"b', "1;2"])
def test_a_constant_that_is_not_plain_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="không được phép"):
        _literal(value)


def test_plain_constants_as_sql() -> None:
    assert [_literal(v) for v in (None, True, False, 7, "", "2026-11-25 10:00:00.5")] == [
        "NULL",
        "1",
        "0",
        "7",
        "''",
        "'2026-11-25 10:00:00.5'",
    ]


def test_select_in_reads_every_chunk_with_converted_values(builtin_org) -> None:
    from core.bulk import select_in

    codes = ["KH", "KH.STC", "KH.SYT", "KH.SNV", "no-such-unit"]
    rows = select_in("SELECT code FROM org_unit WHERE code IN ({in}) ORDER BY code", codes, chunk=2)
    assert sorted(r[0] for r in rows) == ["KH", "KH.SNV", "KH.STC", "KH.SYT"]  # ordered within a chunk only
    dates = select_in("SELECT valid_from FROM org_unitversion WHERE unit_id IN ({in})", [1], chunk=2)
    assert all(isinstance(d[0], dt.date) for d in dates)
