"""Edits of one dossier (people.records): the career events, the sub-records, optimistic locking with
what changed, scope, audit, and the appointment checks' hook."""

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from canbo.audit.models import AuditEntry
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope, RowError
from canbo.org.models import Unit
from canbo.people.choices import AssignmentReason as R
from canbo.people.models import Assignment, Evaluation, Person, PoliticalConclusion, Post
from canbo.people.records import (
    Decision,
    assignment_appoint,
    assignment_end,
    assignment_reappoint,
    assignment_transfer,
    person_add,
    person_record_delete,
    person_record_save,
    person_retire,
    retirement_suggested,
)
from canbo.people.services import StaleVersion, person_names, person_update, posts_ensure

pytestmark = pytest.mark.django_db
CHECKER = "canbo.people.tests.test_records.fake_check"
CALLS: list[dict[str, Any]] = []


def fake_check(**kwargs: Any) -> list[dict[str, str]]:
    """A stand-in for issue 14's checker: refuses decision "TU-CHOI", notes everything else."""
    CALLS.append(kwargs)
    if kwargs["decision_number"] == "TU-CHOI":
        raise InputRejected([RowError("Chưa đủ thời gian giữ chức vụ hiện tại (thử).", field="post")])
    return [{"rule": "thu", "text": f"Lưu ý: {kwargs['kind']}", "source": "QĐ thử"}]


@pytest.fixture(autouse=True)
def _calls() -> None:
    CALLS.clear()


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def post(code: str) -> Post:
    return Post.objects.get(code=code)


def make_person(
    name: str,
    code: str,
    *,
    post_code: str | None = None,
    since: dt.date = dt.date(2020, 1, 1),
    concluded: dt.date | None = dt.date(2019, 12, 1),
    **kw: Any,
) -> Person:
    """A person in the unit since `since` (with the post, if given). `concluded`: the date of a conclusion
    that they meet the political standard, which every appointment from 29/10/2021 needs (plan II.7, the
    gate of settings.CANBO_APPOINTMENT_CHECKS); None for a person without one."""
    p = Person(
        full_name=name,
        birth_date=kw.pop("born", dt.date(1985, 3, 12)),
        sex=kw.pop("sex", "nu"),
        ethnicity="01",
        unit=unit(code),
        staff_category="cong_chuc",
    )
    person_names(p)
    p.save()
    Assignment.objects.create(
        person=p,
        unit=p.unit,
        post=post(post_code) if post_code else None,
        valid_from=since,
        start_reason="bo_nhiem" if post_code else "tuyen_dung",
    )
    if concluded is not None:
        PoliticalConclusion.objects.create(
            person=p,
            concluded_on=concluded,
            conclusion="Đủ tiêu chuẩn chính trị",
            issuer="Ban Tổ chức Tỉnh ủy",
        )
    return p


@pytest.fixture
def people(builtin_org: None) -> dict[str, Person]:
    posts_ensure()
    return {
        "hoa": make_person("Nguyễn Thị Hoa", "KH.STC", post_code="giam_doc_so"),
        "an": make_person("Trần Văn An", "KH.STC", sex="nam", born=dt.date(1990, 5, 1)),
        "dat": make_person(
            "Đỗ Văn Đạt", "KH.SYT", sex="nam", born=dt.date(1966, 1, 10), post_code="pho_giam_doc_so"
        ),
    }


@pytest.fixture
def officer(make_user: Any, builtin_org: None) -> Any:
    return make_user("noi_vu", "KH")


def history(p: Person) -> list[tuple[str, int, str]]:
    return [(e.action, e.changes.get("after", {}).get("dossier_version"), e.note) for e in entries(p)]


def entries(p: Person) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_id=str(p.pk), content_type__model="person").order_by("at", "pk")
    )


def timeline(p: Person) -> list[tuple[str, str | None, dt.date, dt.date | None, str, str]]:
    return [
        (a.unit.code, a.post.code if a.post else None, a.valid_from, a.valid_to, a.start_reason, a.end_reason)
        for a in p.assignments.select_related("unit", "post").order_by("valid_from", "pk")
    ]


def test_an_appointment_ends_the_staff_place_and_opens_the_post(people, officer) -> None:
    an = people["an"]
    created = assignment_appoint(
        actor=officer,
        person=an,
        version=1,
        unit=unit("KH.STC"),
        post=post("pho_giam_doc_so"),
        on=dt.date(2025, 3, 1),
        decision=Decision("12/QĐ-UBND", dt.date(2025, 2, 20), "UBND tỉnh", "Theo đề nghị của Sở"),
    )
    assert timeline(an) == [
        ("KH.STC", None, dt.date(2020, 1, 1), dt.date(2025, 3, 1), "tuyen_dung", "bo_nhiem"),
        ("KH.STC", "pho_giam_doc_so", dt.date(2025, 3, 1), None, "bo_nhiem", ""),
    ]
    assert (created.decision_number, created.decision_issuer, created.note) == (
        "12/QĐ-UBND",
        "UBND tỉnh",
        "Theo đề nghị của Sở",
    )
    # Not in a planning pool: a case the competent level decided, kept with the post (the gate's soft reason).
    assert "Quy hoạch" in [r["rule"] for r in created.check_reasons]
    an.refresh_from_db()
    assert an.version == 2
    [entry] = entries(an)
    assert entry.action == "people.assignment.appoint" and entry.action_label == "Bổ nhiệm"
    assert entry.actor == officer and entry.changes["after"]["dossier_version"] == 2
    assert "Phó Giám đốc Sở" in entry.note and "01/03/2025" in entry.note and "12/QĐ-UBND" in entry.note


def test_appointment_dates_and_duplicates_are_checked(people, officer) -> None:
    hoa = people["hoa"]
    with pytest.raises(InputRejected, match="Bổ nhiệm lại"):
        assignment_appoint(
            actor=officer, person=hoa, version=1, unit=unit("KH.STC"), post=post("giam_doc_so"),
            on=dt.date(2024, 1, 1),
        )  # fmt: skip
    with pytest.raises(InputRejected, match="phải sau ngày bắt đầu"):
        assignment_appoint(
            actor=officer, person=hoa, version=1, unit=unit("KH.STC"), post=post("truong_phong"),
            on=dt.date(2019, 6, 1),
        )  # fmt: skip
    hoa.refresh_from_db()
    assert hoa.version == 1 and len(timeline(hoa)) == 1 and not entries(hoa)


def test_reappointment_and_extension(people, officer) -> None:
    hoa = people["hoa"]
    # Born 12/03/1970, she retires on 31/07/2027 (Decree 135/2020): 30 months left on 01/01/2025, a new
    # term; 19 on 01/01/2026, under the 24 that allow an extension instead (Decree 170/2025 art. 28).
    Person.objects.filter(pk=hoa.pk).update(birth_date=dt.date(1970, 3, 12))
    hoa.refresh_from_db()
    # A re-appointment reads the term's evaluations (soft: the competent level decides without them).
    Evaluation.objects.bulk_create(Evaluation(person=hoa, year=y, level="tot") for y in range(2020, 2026))
    first = hoa.assignments.get()
    again = assignment_reappoint(
        actor=officer,
        person=hoa,
        version=1,
        assignment=first,
        on=dt.date(2025, 1, 1),
        decision=Decision("5/QĐ"),
    )
    assert timeline(hoa) == [
        ("KH.STC", "giam_doc_so", dt.date(2020, 1, 1), dt.date(2025, 1, 1), "bo_nhiem", "bo_nhiem_lai"),
        ("KH.STC", "giam_doc_so", dt.date(2025, 1, 1), None, "bo_nhiem_lai", ""),
    ]
    assignment_reappoint(
        actor=officer, person=hoa, version=2, assignment=again, on=dt.date(2026, 1, 1), extension=True
    )
    assert timeline(hoa)[-1][4] == "keo_dai"
    with pytest.raises(InputRejected, match="không còn đang giữ"):
        assignment_reappoint(actor=officer, person=hoa, version=3, assignment=first, on=dt.date(2026, 6, 1))
    assert [e.action_label for e in entries(hoa)] == ["Bổ nhiệm lại, kéo dài thời gian giữ chức vụ"] * 2


def test_a_transfer_moves_the_file_within_the_scope_only(people, officer, make_user) -> None:
    an = people["an"]
    assignment_transfer(
        actor=officer, person=an, version=1, unit=unit("KH.SYT"), on=dt.date(2025, 6, 1), rotation=True
    )
    assert timeline(an)[-1] == ("KH.SYT", None, dt.date(2025, 6, 1), None, "luan_chuyen", "")
    an.refresh_from_db()
    assert an.unit.code == "KH.SYT" and an.version == 2
    with pytest.raises(InputRejected, match="đang công tác tại"):
        assignment_transfer(actor=officer, person=an, version=2, unit=unit("KH.SYT"), on=dt.date(2025, 7, 1))
    focal = make_user("dau_moi", "KH.STC")
    hoa = people["hoa"]
    with pytest.raises(NotAllowed):
        assignment_transfer(actor=focal, person=hoa, version=1, unit=unit("KH.SYT"), on=dt.date(2025, 7, 1))
    hoa.refresh_from_db()
    assert hoa.version == 1 and hoa.unit.code == "KH.STC"


def test_end_of_a_post_keeps_the_person_in_the_unit(people, officer) -> None:
    dat = people["dat"]
    assignment_end(
        actor=officer,
        person=dat,
        version=1,
        assignment=dat.assignments.get(),
        on=dt.date(2025, 9, 1),
        reason=R.RELIEVED,
        decision=Decision("77/QĐ-UBND"),
    )
    assert timeline(dat) == [
        ("KH.SYT", "pho_giam_doc_so", dt.date(2020, 1, 1), dt.date(2025, 9, 1), "bo_nhiem", "mien_nhiem"),
        ("KH.SYT", None, dt.date(2025, 9, 1), None, "mien_nhiem", ""),
    ]
    assert "77/QĐ-UBND" in dat.assignments.order_by("valid_from").first().note
    assert entries(dat)[0].action_label == "Thôi giữ chức vụ, miễn nhiệm"


def test_retirement_ends_everything_on_the_suggested_day(people, officer) -> None:
    dat = people["dat"]
    on = retirement_suggested(dat)
    assert on == dt.date(2027, 11, 1)  # a man born 01/1966 retires at 61 y 9 m (Decree 135/2020)
    assignment_appoint(
        actor=officer, person=dat, version=1, unit=unit("KH.SYT"), post=post("truong_phong"),
        on=dt.date(2024, 1, 1), concurrent=True,
    )  # fmt: skip
    ended = person_retire(actor=officer, person=dat, version=2, on=on, decision=Decision("9/QĐ"))
    assert len(ended) == 2 and not dat.assignments.filter(valid_to__isnull=True).exists()
    assert {a.end_reason for a in dat.assignments.all()} == {"nghi_huu"}
    assert entries(dat)[-1].action_label == "Nghỉ hưu"
    with pytest.raises(InputRejected, match="không có quá trình công tác nào đang mở"):
        person_retire(actor=officer, person=dat, version=3, on=on)


def test_an_evaluation_a_year_corrected_when_the_year_is_there(people, officer) -> None:
    an = people["an"]
    saved = person_record_save(
        actor=officer, person=an, version=1, kind="evaluation", data={"year": 2024, "level": "tot"}
    )
    assert saved.created and saved.message == ""
    again = person_record_save(
        actor=officer, person=an, version=2, kind="evaluation", data={"year": 2024, "level": "xuat_sac"}
    )
    assert not again.created and "Đã có đánh giá năm 2024" in again.message
    assert list(an.evaluations.values_list("year", "level")) == [(2024, "xuat_sac")]
    with pytest.raises(InputRejected, match="Năm đánh giá"):
        person_record_save(
            actor=officer, person=an, version=3, kind="evaluation", data={"year": 2090, "level": "tot"}
        )
    person_record_delete(actor=officer, person=an, version=3, kind="evaluation", record=again.record)
    assert not Evaluation.objects.exists()
    assert [e.action_label for e in entries(an)] == [
        "Thêm đánh giá, xếp loại",
        "Sửa đánh giá, xếp loại",
        "Xóa đánh giá, xếp loại",
    ]
    assert entries(an)[-1].changes["before"]["level"] == "xuat_sac"  # the deleted values are kept


@pytest.mark.parametrize(
    ("kind", "data", "fix"),
    [
        ("discipline", {"decided_on": dt.date(2023, 5, 2), "form": "khien_trach", "reason": "Chậm"}, {"form": "canh_cao"}),
        ("training", {"kind": "ly_luan", "level": "Cao cấp", "institution": "Học viện", "started_on": dt.date(2021, 1, 1),
                      "finished_on": dt.date(2022, 1, 1)}, {"abroad": True}),
        ("planning", {"post": "giam_doc_so", "unit": "KH.STC", "term_from": 2026, "term_to": 2031}, {"term_to": 2030}),
        ("conclusion", {"concluded_on": dt.date(2025, 4, 1), "conclusion": "Đủ tiêu chuẩn", "meets_standard": True},
         {"issuer": "Ban Tổ chức Tỉnh ủy"}),
    ],
)  # fmt: skip
def test_each_sub_record_added_corrected_deleted(people, officer, kind, data, fix) -> None:
    an = people["an"]
    data = dict(data)
    if kind == "planning":
        data["post"], data["unit"] = post(data["post"]), unit(data["unit"])
    saved = person_record_save(actor=officer, person=an, version=1, kind=kind, data=data)
    corrected = person_record_save(
        actor=officer, person=an, version=2, kind=kind, data=fix, record=saved.record
    )
    for name, value in fix.items():
        assert getattr(corrected.record, name) == value
    person_record_delete(actor=officer, person=an, version=3, kind=kind, record=corrected.record)
    assert [e.action for e in entries(an)] == [f"people.{kind}.{v}" for v in ("create", "update", "delete")]
    an.refresh_from_db()
    assert an.version == 4


def test_training_dates_in_order(people, officer) -> None:
    with pytest.raises(InputRejected, match="không trước ngày bắt đầu"):
        person_record_save(
            actor=officer, person=people["an"], version=1, kind="training",
            data={"kind": "chuyen_mon", "started_on": dt.date(2022, 1, 1), "finished_on": dt.date(2021, 1, 1)},
        )  # fmt: skip


def test_a_stale_version_changes_nothing_and_says_who_changed_what(people, officer, make_user) -> None:
    an = people["an"]
    other = make_user("noi_vu", "KH", username="nhaplieu")
    person_record_save(
        actor=other, person=an, version=1, kind="evaluation", data={"year": 2024, "level": "tot"}
    )
    person_update(
        actor=other, person=an, data={"full_name": "Trần Văn Ân", "cccd": "058090000123"}, version=2
    )
    with pytest.raises(StaleVersion) as stale:
        assignment_appoint(
            actor=officer, person=an, version=1, unit=unit("KH.STC"), post=post("truong_phong"),
            on=dt.date(2025, 3, 1),
        )  # fmt: skip
    assert stale.value.status == 409
    lines = [str(c) for c in stale.value.changes]
    assert len(lines) == 2
    assert "nhaplieu" in lines[0] and "Thêm đánh giá, xếp loại" in lines[0] and "Năm 2024" in lines[0]
    assert "Họ và tên: “Trần Văn An” → “Trần Văn Ân”" in lines[1]
    assert "Số CCCD (đã đổi)" in lines[1] and "058090000123" not in stale.value.message  # named, not shown
    assert "phiên bản 3" in stale.value.message and "Trần Văn Ân" in stale.value.message
    an.refresh_from_db()
    assert an.version == 3 and len(timeline(an)) == 1
    # Read at version 2: only the change after it is named.
    with pytest.raises(StaleVersion) as stale:
        person_record_save(
            actor=officer, person=an, version=2, kind="evaluation", data={"year": 2023, "level": "tot"}
        )
    assert len(stale.value.changes) == 1 and "Họ và tên" in stale.value.changes[0].detail
    assert an.evaluations.count() == 1


def test_out_of_scope_and_read_only_are_refused(people, make_user) -> None:
    focal = make_user("dau_moi", "KH.STC")
    leader = make_user("lanh_dao", "KH")
    dat = people["dat"]  # Sở Y tế
    with pytest.raises(OutOfScope):
        person_record_save(
            actor=focal, person=dat, version=1, kind="evaluation", data={"year": 2024, "level": "tot"}
        )
    with pytest.raises(OutOfScope):
        person_retire(actor=leader, person=people["hoa"], version=1, on=dt.date(2030, 1, 1))
    assert not AuditEntry.objects.filter(action__startswith="people.").exists()
    assert Person.objects.filter(version=1).count() == 3


def test_adding_a_person_with_the_first_place(builtin_org, officer) -> None:
    posts_ensure()
    person = person_add(
        actor=officer,
        data={"full_name": "Lê Thị Mới", "birth_date": dt.date(1992, 2, 2), "sex": "nu", "ethnicity": "01",
              "staff_category": "cong_chuc"},
        unit=unit("KH.STC"),
        on=dt.date(2024, 8, 1),
    )  # fmt: skip
    assert timeline(person) == [("KH.STC", None, dt.date(2024, 8, 1), None, "tuyen_dung", "")]
    assert person.unit.code == "KH.STC" and person.version == 1
    assert [e.action_label for e in entries(person)] == ["Thêm hồ sơ cán bộ", "Ghi nơi công tác đầu tiên"]


# ---- the appointment checks' hook ----------------------------------------------------------------


@override_settings(CANBO_APPOINTMENT_CHECKS=[CHECKER])
def test_the_checker_is_asked_with_the_kind_and_keeps_its_reasons(people, officer) -> None:
    an, hoa = people["an"], people["hoa"]
    created = assignment_appoint(
        actor=officer, person=an, version=1, unit=unit("KH.STC"), post=post("pho_giam_doc_so"),
        on=dt.date(2025, 3, 1), decision=Decision("1/QĐ", note="ghi chú"),
    )  # fmt: skip
    assert created.check_reasons == [{"rule": "thu", "text": "Lưu ý: first", "source": "QĐ thử"}]
    call = CALLS[-1]
    assert (call["kind"], call["person"], call["post"].code, call["unit"].code) == (
        "first", an, "pho_giam_doc_so", "KH.STC",
    )  # fmt: skip
    assert (call["on"], call["decision_number"], call["note"], call["actor"]) == (
        dt.date(2025, 3, 1), "1/QĐ", "ghi chú", officer,
    )  # fmt: skip
    assignment_appoint(
        actor=officer,
        person=an,
        version=2,
        unit=unit("KH.STC"),
        post=post("giam_doc_so"),
        on=dt.date(2025, 4, 1),
    )
    assignment_appoint(
        actor=officer, person=an, version=3, unit=unit("KH.STC"), post=post("truong_phong"),
        on=dt.date(2025, 5, 1), concurrent=True,
    )  # fmt: skip
    assignment_reappoint(
        actor=officer, person=hoa, version=1, assignment=hoa.assignments.get(), on=dt.date(2025, 1, 1)
    )
    assignment_transfer(
        actor=officer,
        person=hoa,
        version=2,
        unit=unit("KH.SYT"),
        post=post("giam_doc_so"),
        on=dt.date(2025, 2, 1),
    )
    assert [c["kind"] for c in CALLS] == ["first", "higher", "equal_or_lower", "reappointment", "transfer"]


@override_settings(CANBO_APPOINTMENT_CHECKS=[CHECKER])
def test_a_refusal_from_the_checker_changes_nothing(people, officer) -> None:
    an = people["an"]
    with pytest.raises(InputRejected, match="Chưa đủ thời gian"):
        assignment_appoint(
            actor=officer, person=an, version=1, unit=unit("KH.STC"), post=post("truong_phong"),
            on=dt.date(2025, 3, 1), decision=Decision("TU-CHOI"),
        )  # fmt: skip
    an.refresh_from_db()
    assert an.version == 1 and len(timeline(an)) == 1 and timeline(an)[0][3] is None and not entries(an)


@override_settings(CANBO_APPOINTMENT_CHECKS=[CHECKER])
def test_the_import_asks_the_checker_for_new_posts_with_their_date(builtin_org, officer) -> None:
    from canbo.people.tests.test_import import load, row, xlsx

    posts_ensure()
    load(xlsx([row(post="Trưởng phòng", post_from="01/02/2024"), row("Trần Văn Bình", "01/01/1990", "Nam",
                                                                        cccd="058090123456")]), actor=officer)  # fmt: skip
    assert [(c["kind"], c["post"].code, c["on"]) for c in CALLS] == [
        ("first", "truong_phong", dt.date(2024, 2, 1))
    ]
    opened = Assignment.objects.get(post__code="truong_phong")
    assert opened.check_reasons == [{"rule": "thu", "text": "Lưu ý: first", "source": "QĐ thử"}]
    assert Assignment.objects.exclude(post__code="truong_phong").filter(check_reasons=[]).count() >= 1


@override_settings(CANBO_APPOINTMENT_CHECKS=["canbo.people.tests.test_records.refuse_all"])
def test_a_refusal_from_the_checker_refuses_the_import_row(builtin_org, officer) -> None:
    from canbo.people.tests.test_import import load, row, xlsx

    posts_ensure()
    with pytest.raises(InputRejected) as refused:
        load(xlsx([row(post="Trưởng phòng", post_from="01/02/2024")]), actor=officer)
    assert [(e.row, e.column, e.message) for e in refused.value.errors] == [
        (2, "Chức vụ", "Không được bổ nhiệm.")
    ]
    assert not Person.objects.exists()


def refuse_all(**kwargs: Any) -> list[dict[str, str]]:
    raise InputRejected([RowError("Không được bổ nhiệm.")])


def test_the_system_check_names_a_checker_that_cannot_be_imported() -> None:
    from canbo.people.checks import check_appointment_checks

    with override_settings(CANBO_APPOINTMENT_CHECKS=[CHECKER]):
        assert check_appointment_checks(None) == []
    with override_settings(CANBO_APPOINTMENT_CHECKS=["canbo.people.khong_co.ham"]):
        [error] = check_appointment_checks(None)
        assert error.id == "people.E002" and "canbo.people.khong_co.ham" in error.msg
    with override_settings(CANBO_APPOINTMENT_CHECKS="canbo.people.tests.test_records.fake_check"):
        assert check_appointment_checks(None)[0].id == "people.E001"
