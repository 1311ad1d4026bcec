"""core.bulk: plain inserts with constants (SQLite: in the statement; PostgreSQL: COPY)."""

import datetime as dt

import pytest
from django.utils import timezone

from canbo.core.bulk import _literal, allocate_ids, insert_many
from canbo.org.models import Unit
from canbo.people.models import Assignment, Person

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
        "state_management": "", "it_level": "", "degree_abroad": True, "party_joined": None,
        "party_full": None, "recruited_on": dt.date(2001, 5, 19), "version": 3, "created_at": now, "updated_at": now,
    }  # fmt: skip
    assert insert_many(Person, fields, rows, constants=constants) == 2
    people = list(Person.objects.filter(pk__in=ids).order_by("pk"))
    assert [p.full_name for p in people] == ["An", "Bình"]
    for person in people:
        assert (person.degree_abroad, person.recruited_on, person.version, person.created_at) == (
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


def test_personal_data_is_sealed_on_the_way_and_never_a_constant(builtin_org) -> None:
    """insert_many seals an encrypted field and hashes a keyed code and a keyed hash's source, whatever
    path calls it (core/fields.py); one ciphertext for every row would show equal values: refused."""
    from django.db import connection

    unit = Unit.objects.get(code="KH.SNV")
    [pk] = allocate_ids(Person, 1)
    row = _person(pk, unit.pk, cccd="058080000001", ethnicity="17")
    fields = [f for f in PERSON_FIELDS if f != "cccd_hash"]
    insert_many(Person, fields, [tuple(v for f, v in zip(PERSON_FIELDS, row, strict=True) if f != "cccd_hash")],
                constants=PERSON_CONSTANTS)  # fmt: skip
    person = Person.objects.get(pk=pk)
    assert (person.cccd, person.ethnicity) == ("058080000001", "17")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cccd, cccd_hash, ethnicity FROM people_person WHERE id = %s", [pk])
        cccd, cccd_hash, ethnicity = cursor.fetchone()
    assert (
        cccd.startswith("v1:") and "058080000001" not in cccd and len(cccd_hash) == 32 and ethnicity != "17"
    )
    with pytest.raises(ValueError, match="hằng số"):
        insert_many(
            Person, ["id"], [(pk + 1,)], constants=PERSON_CONSTANTS | {"party_joined": dt.date(2001, 1, 1)}
        )


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
    from canbo.core.bulk import select_in

    codes = ["KH", "KH.STC", "KH.SYT", "KH.SNV", "no-such-unit"]
    rows = select_in("SELECT code FROM org_unit WHERE code IN ({in}) ORDER BY code", codes, chunk=2)
    assert sorted(r[0] for r in rows) == ["KH", "KH.SNV", "KH.STC", "KH.SYT"]  # ordered within a chunk only
    dates = select_in("SELECT valid_from FROM org_unitversion WHERE unit_id IN ({in})", [1], chunk=2)
    assert all(isinstance(d[0], dt.date) for d in dates)


def _person(
    pk: int, unit_id: int, name: object = None, fold: object = None, **fields: object
) -> tuple[object, ...]:
    """A row of PERSON_FIELDS: `name` (and `fold`, the search key) as given, else made from pk."""
    name = f"Người {pk}" if name is None else name
    values = {
        "id": pk, "full_name": name, "name_fold": f"nguoi {pk}" if fold is None else fold, "sort_key": f"N{pk:08d}",
        "birth_date": dt.date(1980, 1, 2), "birth_year_only": False, "sex": "nam", "ethnicity": "01",
        "religion": "00", "cccd": None, "cccd_hash": None, "unit": unit_id, "staff_category": "cong_chuc", "qualification": "",
        "political_theory": "",
    } | fields  # fmt: skip
    return tuple(values[f] for f in PERSON_FIELDS)


def _person_rows(ids: list[int], unit_id: int) -> list[tuple[object, ...]]:
    return [_person(pk, unit_id) for pk in ids]


PERSON_FIELDS = ("id", "full_name", "name_fold", "sort_key", "birth_date", "birth_year_only", "sex", "ethnicity",
                 "religion", "cccd", "cccd_hash", "unit", "staff_category", "qualification", "political_theory")  # fmt: skip
PERSON_CONSTANTS = {
    "other_names": "", "hometown": "", "rank_code": "", "rank_name": "", "salary_step": None,
    "salary_coefficient": None, "general_education": "", "qualification_field": "", "state_management": "",
    "it_level": "", "degree_abroad": False, "party_joined": None, "party_full": None, "recruited_on": None,
    "version": 1, "created_at": dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
    "updated_at": dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
}  # fmt: skip


def _schema(table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from django.db import connection

    from canbo.core.bulk import _foreign_keys, _plain_indexes

    keys = _foreign_keys(table) if connection.vendor == "postgresql" else []
    return _plain_indexes(table), keys


def test_a_large_load_sets_indexes_and_keys_aside_and_gives_them_back_as_they_were(
    builtin_org, monkeypatch
) -> None:
    import canbo.core.bulk
    from canbo.core.bulk import large_load

    monkeypatch.setattr(canbo.core.bulk, "LARGE_LOAD_MIN_ROWS", 3)
    unit = Unit.objects.get(code="KH.SNV")
    before = _schema("people_person")
    assert len(before[0]) >= 3  # unit + sort key, name + birth date, sort key (and more on PostgreSQL)
    ids = allocate_ids(Person, 5)
    with large_load(Person, 5):
        assert _schema("people_person") == ([], [])  # set aside during the load
        insert_many(Person, PERSON_FIELDS, _person_rows(ids, unit.pk), constants=PERSON_CONSTANTS)
    assert _schema("people_person") == before  # the same definitions, read from the catalogue
    assert list(Person.objects.filter(unit=unit).order_by("sort_key").values_list("pk", flat=True)) == ids

    # A load smaller than the table leaves the table alone.
    more = allocate_ids(Person, 3)
    with large_load(Person, 3):
        assert _schema("people_person") == before
        insert_many(Person, PERSON_FIELDS, _person_rows(more, unit.pk), constants=PERSON_CONSTANTS)


def test_a_failed_large_load_gives_everything_back(builtin_org, monkeypatch) -> None:
    from django.db import transaction

    import canbo.core.bulk
    from canbo.core.bulk import large_load

    monkeypatch.setattr(canbo.core.bulk, "LARGE_LOAD_MIN_ROWS", 1)
    unit = Unit.objects.get(code="KH.SNV")
    before = _schema("people_person")
    with pytest.raises(RuntimeError), transaction.atomic(), large_load(Person, 2):
        insert_many(
            Person, PERSON_FIELDS, _person_rows(allocate_ids(Person, 2), unit.pk), constants=PERSON_CONSTANTS
        )
        raise RuntimeError("ổ đĩa đầy")
    assert _schema("people_person") == before
    assert not Person.objects.exists()


def test_a_large_load_with_a_bad_reference_fails(builtin_org, monkeypatch) -> None:
    from django.db import IntegrityError, connection, transaction

    import canbo.core.bulk
    from canbo.core.bulk import large_load

    monkeypatch.setattr(canbo.core.bulk, "LARGE_LOAD_MIN_ROWS", 1)
    rows = _person_rows(allocate_ids(Person, 2), 999_999)  # no such unit
    with pytest.raises(IntegrityError), transaction.atomic():
        with large_load(Person, 2):
            insert_many(Person, PERSON_FIELDS, rows, constants=PERSON_CONSTANTS)
        connection.check_constraints()  # SQLite keeps its keys and checks them at commit


@pytest.mark.parametrize("name", ["\\N", "", "a\tb\nc", 'x"y,z', "Nguyễn\\Thị", "=1+1"])
def test_any_text_is_written_as_it_is(builtin_org, name: str) -> None:
    """COPY (binary on PostgreSQL) and INSERT alike: no text is taken for NULL, a separator or an
    escape."""
    from decimal import Decimal

    from canbo.people.choices import AssignmentReason

    unit = Unit.objects.get(code="KH.SNV")
    [pk] = allocate_ids(Person, 1)
    rows = [_person(pk, unit.pk, name, name, sort_key=name, birth_year_only=True, sex="nu")]
    constants = PERSON_CONSTANTS | {"salary_coefficient": Decimal("4.98"), "salary_step": 3}
    insert_many(Person, PERSON_FIELDS, rows, constants=constants)
    person = Person.objects.get(pk=pk)
    assert (person.full_name, person.birth_year_only, person.cccd, person.salary_coefficient) == (
        name,
        True,
        None,
        Decimal("4.98"),
    )
    assert person.created_at == PERSON_CONSTANTS["created_at"]
    insert_many(
        Assignment,
        ("person", "unit", "valid_from", "start_reason", "decision_number"),
        [(pk, unit.pk, dt.date(2020, 1, 1), AssignmentReason.APPOINTMENT, name)],
        constants={"post": None, "valid_to": None, "concurrent": False, "decision_date": None,
                   "decision_issuer": "", "end_reason": ""},
    )  # fmt: skip
    assignment = Assignment.objects.get(person_id=pk)
    assert (assignment.start_reason, assignment.decision_number) == ("bo_nhiem", name)


def test_select_in_takes_any_text_and_numbers(builtin_org) -> None:
    from canbo.core.bulk import select_in

    unit = Unit.objects.get(code="KH.SNV")
    ids = allocate_ids(Person, 2)
    odd = "Tên\x1fcó dấu phân cách"  # the separator the PostgreSQL path splits on: sent as an array
    insert_many(
        Person,
        PERSON_FIELDS,
        [_person(ids[0], unit.pk, odd, odd), _person(ids[1], unit.pk, "B", "b")],
        constants=PERSON_CONSTANTS,
    )
    sql = "SELECT id FROM people_person WHERE {column} IN ({{in}})"
    assert select_in(sql.format(column="name_fold"), [odd, "x"]) == [(ids[0],)]
    assert select_in(sql.format(column="name_fold"), ["b", "a,b"]) == [(ids[1],)]
    assert sorted(select_in(sql.format(column="id"), [*ids, 10**12])) == [(ids[0],), (ids[1],)]


def test_an_error_caught_by_the_caller_still_gives_the_indexes_back(builtin_org, monkeypatch) -> None:
    from django.db import transaction

    import canbo.core.bulk
    from canbo.core.bulk import large_load

    monkeypatch.setattr(canbo.core.bulk, "LARGE_LOAD_MIN_ROWS", 1)
    before = _schema("people_person")
    with transaction.atomic():
        try:
            with large_load(Person, 2):
                raise RuntimeError("ổ đĩa đầy")
        except RuntimeError:
            pass  # a careless caller: the transaction is rolled back all the same
    assert _schema("people_person") == before


@pytest.mark.django_db(transaction=True)
def test_a_large_load_needs_a_transaction(monkeypatch) -> None:
    import canbo.core.bulk
    from canbo.core.bulk import large_load

    monkeypatch.setattr(canbo.core.bulk, "LARGE_LOAD_MIN_ROWS", 1)
    with pytest.raises(RuntimeError, match="transaction"), large_load(Person, 2):  # autocommit here
        pass


@pytest.mark.django_db(transaction=True)
def test_a_large_load_that_cannot_lock_in_time_loads_the_ordinary_way(builtin_org, monkeypatch) -> None:
    """PostgreSQL: someone reading the units in a long transaction holds a lock the dropped key
    needs; the load waits LOCK_WAIT, then keeps indexes and keys and writes row by row."""
    import psycopg
    from django.db import connection, transaction

    import canbo.core.bulk
    from canbo.core.bulk import large_load

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's locks")
    monkeypatch.setattr(canbo.core.bulk, "LARGE_LOAD_MIN_ROWS", 1)
    monkeypatch.setattr(canbo.core.bulk, "LOCK_WAIT", "100ms")
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    try:
        other.execute("BEGIN")
        other.execute("LOCK TABLE org_unit IN ACCESS SHARE MODE")  # a long report, say
        before = _schema("people_person")
        unit = Unit.objects.get(code="KH.SNV")
        with transaction.atomic():
            with large_load(Person, 2):
                assert _schema("people_person") == before  # nothing set aside
                rows = _person_rows(allocate_ids(Person, 2), unit.pk)
                insert_many(Person, PERSON_FIELDS, rows, constants=PERSON_CONSTANTS)
            assert Person.objects.count() == 2
    finally:
        other.rollback()
        other.close()
    Person.objects.all().delete()


def test_a_value_of_another_type_is_converted_by_the_database_and_errors_are_djangos(builtin_org) -> None:
    """A number for a text column goes through (PostgreSQL: text COPY instead of binary, where the
    server converts); a duplicate raises django.db's IntegrityError on both databases."""
    from django.db import IntegrityError, transaction

    unit = Unit.objects.get(code="KH.SNV")
    [pk] = allocate_ids(Person, 1)
    row = _person(pk, unit.pk, 12345, cccd_hash="0" * 32)  # the CCCD's keyed hash is unique
    insert_many(Person, PERSON_FIELDS, [row], constants=PERSON_CONSTANTS)
    assert Person.objects.get(pk=pk).full_name == "12345"
    again = (pk + 1, *row[1:])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_many(Person, PERSON_FIELDS, [again], constants=PERSON_CONSTANTS)  # the same CCCD


def test_select_in_finds_an_empty_text(builtin_org) -> None:
    from canbo.core.bulk import select_in

    unit = Unit.objects.get(code="KH.SNV")
    [pk] = allocate_ids(Person, 1)
    row = _person(pk, unit.pk, "?", "")
    insert_many(Person, PERSON_FIELDS, [row], constants=PERSON_CONSTANTS)
    assert select_in("SELECT id FROM people_person WHERE name_fold IN ({in})", ["", "x"]) == [(pk,)]
