"""The late-record report on hand-worked cases across a weekend and Quốc khánh 2026 (01–02/09 off)."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from canbo.accounts.system import SYSTEM
from canbo.audit.models import AuditEntry
from canbo.national.late import late_records
from canbo.national.rules import CREATE, SYNC
from canbo.people.models import Person

from .conftest import assign

pytestmark = pytest.mark.django_db
D = dt.date
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _created(person: Person, day: dt.date) -> None:
    Person.objects.filter(pk=person.pk).update(created_at=dt.datetime.combine(day, dt.time(9), tzinfo=VN))


def _event(person: Person, day: dt.date, decided_on: dt.date, hour: int = 9) -> None:
    AuditEntry.objects.create(
        at=dt.datetime.combine(day, dt.time(hour), tzinfo=VN),
        actor_name="thử",
        action="people.assignment.appoint",
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        changes={"after": {"decision_date": decided_on.isoformat(), "decision_number": "7/QĐ-UBND"}},
        note="Bổ nhiệm Phó Giám đốc",
    )


def test_creation_three_days_after_a_thursday_ends_on_monday(make_person: Any) -> None:
    # Recruited by a decision of Thursday 27/08/2026: 3 days end Sunday 30/08, moved to Monday 31/08.
    on_time, late = make_person("Đúng Hạn"), make_person("Chậm Hạn")
    for person, created in ((on_time, D(2026, 8, 31)), (late, D(2026, 9, 1))):
        assign(person, valid_from=D(2026, 9, 1), decision_date=D(2026, 8, 27), decision_number="5/QĐ-STC")
        _created(person, created)
    (record,) = late_records(user=SYSTEM, as_of=D(2026, 12, 4))
    assert record.window is CREATE and record.full_name == "Chậm Hạn"
    assert (record.decided_on, record.deadline, record.recorded_on, record.late_days) == (
        D(2026, 8, 27), D(2026, 8, 31), D(2026, 9, 1), 1,
    )  # fmt: skip
    assert record.row()[0].startswith("Tạo lập hồ sơ điện tử") and "Điều 18" in record.row()[1]


def test_a_later_assignment_does_not_make_an_old_dossier_late(make_person: Any) -> None:
    person = make_person()
    assign(person, valid_from=D(2010, 1, 1), valid_to=D(2026, 9, 1))
    assign(person, valid_from=D(2026, 9, 1), start_reason="bo_nhiem", decision_date=D(2026, 8, 27))
    _created(person, D(2026, 10, 1))
    assert [r for r in late_records(user=SYSTEM, as_of=D(2026, 12, 4)) if r.window is CREATE] == []


def test_sync_one_day_after_monday_31_08_runs_past_national_day(make_person: Any) -> None:
    # Decision Monday 31/08/2026: 1 day ends Tuesday 01/09, a holiday, as is 02/09: Thursday 03/09.
    person = make_person("Người Được Bổ Nhiệm")
    _event(person, D(2026, 9, 3), D(2026, 8, 31), hour=23)  # late in the evening, still the 3rd
    _event(person, D(2026, 9, 4), D(2026, 8, 31))
    (record,) = late_records(user=SYSTEM, as_of=D(2026, 12, 4))
    assert record.window is SYNC and record.what == "Bổ nhiệm Phó Giám đốc"
    assert (record.deadline, record.recorded_on, record.late_days, record.decision_number) == (
        D(2026, 9, 3), D(2026, 9, 4), 1, "7/QĐ-UBND",
    )  # fmt: skip


def test_before_the_decree_and_outside_the_range_or_scope_nothing_is_late(
    make_person: Any, make_user: Any
) -> None:
    person = make_person(unit="KH.SYT")
    _event(person, D(2026, 6, 30), D(2026, 6, 1))  # before 01/07/2026: no window yet
    _event(person, D(2026, 10, 20), D(2026, 10, 1))  # late by 18 days
    assert [r.late_days for r in late_records(user=SYSTEM, as_of=D(2026, 12, 4))] == [18]
    assert late_records(user=SYSTEM, start=D(2026, 10, 2), as_of=D(2026, 12, 4)) == []
    assert late_records(user=SYSTEM, end=D(2026, 9, 30), as_of=D(2026, 12, 4)) == []
    assert late_records(user=make_user("dau_moi", "KH.STC"), as_of=D(2026, 12, 4)) == []
