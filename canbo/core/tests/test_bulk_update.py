"""core.bulk.update_many: the rows' listed columns written as QuerySet.bulk_update would write them
(PostgreSQL: one UPDATE … FROM unnest(arrays); SQLite: one UPDATE a row), nothing else; and
select_in_keys: the rows of composite keys (a name with its birth date)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from canbo.core.bulk import allocate_ids, insert_many, update_many
from canbo.core.tests.test_bulk import PERSON_CONSTANTS, PERSON_FIELDS, _person
from canbo.org.models import Unit
from canbo.people.models import Assignment, LanguageSkill, Person

pytestmark = pytest.mark.django_db

WRITTEN = ("full_name", "birth_date", "birth_year_only", "sex", "ethnicity", "cccd", "cccd_hash", "unit_id",
           "salary_coefficient", "recruited_on", "version")  # fmt: skip


def _people(count: int) -> list[int]:
    unit = Unit.objects.get(code="KH.SNV")
    ids = allocate_ids(Person, count)
    insert_many(Person, PERSON_FIELDS, [_person(pk, unit.pk) for pk in ids], constants=PERSON_CONSTANTS)
    return ids


def _state(pk: int) -> tuple[object, ...]:
    p = Person.objects.get(pk=pk)
    return (p.full_name, p.birth_date, p.birth_year_only, p.sex, p.ethnicity, p.cccd, p.cccd_hash, p.unit_id,
            p.salary_coefficient, p.recruited_on, p.version, p.hometown, p.updated_at)  # fmt: skip


def test_the_listed_columns_of_the_given_rows_are_written_as_bulk_update_writes_them(builtin_org) -> None:
    first, second, third, fourth, untouched = _people(5)
    other_unit = Unit.objects.get(code="KH.STC").pk
    hashed = Person._meta.get_field("cccd_hash").of  # type: ignore[union-attr]

    def values(name: str, cccd: str | None, when: dt.date | None) -> tuple[object, ...]:
        return (name, dt.date(1975, 6, 30), True, "nu", "17", cccd, hashed(cccd), other_unit, Decimal("4.98"),
                when, 7)  # fmt: skip

    ours = [(first, *values("Nguyễn\\Thị 'Á'", "058080000001", dt.date(2001, 5, 19))),
            (second, *values("", None, None))]  # fmt: skip
    theirs = [(third, *values("Nguyễn\\Thị 'Á'", "058080000002", dt.date(2001, 5, 19))),
              (fourth, *values("", None, None))]  # fmt: skip
    before = _state(untouched)
    assert update_many(Person, WRITTEN, ours) == 2
    objects = []
    for pk, *row in theirs:
        person = Person(pk=int(pk))  # type: ignore[call-overload]
        for name, value in zip(WRITTEN, row, strict=True):
            setattr(person, name, value)
        objects.append(person)
    Person.objects.bulk_update(objects, list(WRITTEN))
    same = [i for i in range(13) if i not in (5, 6)]  # all but the CCCD (unique) and its hash
    assert [_state(first)[i] for i in same] == [_state(third)[i] for i in same]
    assert _state(second) == _state(fourth) and _state(third)[5] == "058080000002"
    assert _state(first)[:11] == ("Nguyễn\\Thị 'Á'", dt.date(1975, 6, 30), True, "nu", "17", "058080000001",
                                  hashed("058080000001"), other_unit, Decimal("4.98"), dt.date(2001, 5, 19), 7)  # fmt: skip
    assert _state(second)[5:7] == (None, None) and _state(second)[9] is None
    assert _state(first)[11:] == before[11:]  # columns not listed keep their values (no auto_now)
    assert _state(untouched) == before
    with connection.cursor() as cursor:  # sealed and hashed at rest, as every other path writes them
        cursor.execute("SELECT cccd, ethnicity FROM people_person WHERE id = %s", [first])
        cccd, ethnicity = cursor.fetchone()
    assert cccd.startswith("v1:") and "058080000001" not in cccd and ethnicity != "17"


def test_dates_are_set_and_cleared_and_nothing_is_sent_for_no_rows(builtin_org) -> None:
    [pk] = _people(1)
    unit = Unit.objects.get(code="KH.SNV").pk
    insert_many(Assignment, ("person", "unit", "valid_from", "valid_to", "start_reason"),
                [(pk, unit, dt.date(2020, 1, 1), None, "tuyen_dung"),
                 (pk, unit, dt.date(2019, 1, 1), dt.date(2020, 1, 1), "tuyen_dung")])  # fmt: skip
    ended, earlier = Assignment.objects.filter(person_id=pk).order_by("-valid_from")
    update_many(Assignment, ("valid_to", "end_reason"), [(ended.pk, dt.date(2026, 12, 1), "dieu_dong")])
    ended.refresh_from_db()
    assert (ended.valid_to, ended.end_reason) == (dt.date(2026, 12, 1), "dieu_dong")
    update_many(Assignment, ("valid_to",), [(ended.pk, None)])
    ended.refresh_from_db()
    assert ended.valid_to is None
    skill = LanguageSkill.objects.create(
        person_id=pk, language="en", level=3, certified_on=dt.date(2020, 1, 1)
    )
    update_many(LanguageSkill, ("level", "certified_on"), [(skill.pk, 5, None)])
    skill.refresh_from_db()
    assert (skill.level, skill.certified_on) == (5, None)
    with CaptureQueriesContext(connection) as queries:
        assert update_many(Person, ("full_name",), []) == 0
    assert not queries.captured_queries
    earlier.refresh_from_db()
    assert earlier.valid_to == dt.date(2020, 1, 1)


def test_a_row_the_database_refuses_fails_the_statement_with_djangos_error(builtin_org) -> None:
    [pk] = _people(1)
    unit = Unit.objects.get(code="KH.SNV").pk
    insert_many(Assignment, ("person", "unit", "valid_from", "start_reason"),
                [(pk, unit, dt.date(2020, 1, 1), "tuyen_dung")])  # fmt: skip
    assignment = Assignment.objects.get(person_id=pk)
    with pytest.raises(IntegrityError), transaction.atomic():  # the end before the start: the CHECK refuses
        update_many(Assignment, ("valid_to",), [(assignment.pk, dt.date(2019, 1, 1))])
    assignment.refresh_from_db()
    assert assignment.valid_to is None


def test_select_in_keys_finds_the_rows_of_each_composite_key_once(builtin_org) -> None:
    from canbo.core.bulk import select_in_keys

    ids = _people(4)
    names = ["Nguyễn Thị Hoa", "Nguyễn Thị Hoa", "a'b,\x1f{c}", "Nguyễn Thị Hoa"]
    births = [dt.date(1985, 3, 12), dt.date(1990, 3, 12), dt.date(1985, 3, 12), dt.date(1985, 3, 13)]
    update_many(Person, ("name_fold", "birth_date"), zip(ids, names, births, strict=True))
    sql = "SELECT id, name_fold, birth_date FROM people_person WHERE (name_fold, birth_date) IN ({in})"
    keys = [("Nguyễn Thị Hoa", dt.date(1985, 3, 12)), ("a'b,\x1f{c}", dt.date(1985, 3, 12)),
            ("Nguyễn Thị Hoa", dt.date(1985, 3, 12)), ("Nguyễn Thị Hoa", dt.date(2000, 1, 1))]  # fmt: skip
    for chunk in (1, 2, 5000):  # SQLite: a chunk of keys a statement
        found = sorted(select_in_keys(sql, keys, ("text", "date"), chunk=chunk))
        assert found == [(ids[0], names[0], births[0]), (ids[2], names[2], births[2])]
    assert select_in_keys(sql, [], ("text", "date")) == []
