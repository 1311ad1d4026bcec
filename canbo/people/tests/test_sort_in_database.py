"""The database orders people as people.vnsort does (byte order of sort_key), on SQLite and on
PostgreSQL whatever the server's collation."""

import datetime as dt

import pytest
from django.db import connection

from canbo.org.models import Unit
from canbo.people.models import Person
from canbo.people.services import person_names

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Lê An", "Trần Thị Ánh", "Phạm Ân", "Đỗ Văn Bình", "Võ Bình An", "Hồ Thị Ba",
         "Ngô Anh", "Bùi Văn Ạ", "Lý Thị Ả"]  # fmt: skip


def test_the_database_orders_names_the_vietnamese_way(builtin_org) -> None:
    unit = Unit.objects.get(code="KH.STC")
    for name in NAMES:
        person = Person(full_name=name, birth_date=dt.date(1980, 1, 1), sex="nam", ethnicity="01", unit=unit,
                        staff_category="cong_chuc")  # fmt: skip
        person_names(person)
        person.save()
    keys = list(Person.objects.order_by("sort_key").values_list("sort_key", flat=True))
    assert keys == sorted(keys)  # Python compares code points: the bytes of an ASCII key
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = 'people_person' AND column_name = 'sort_key'"
            )
            assert cursor.fetchone()[0] == "C"
