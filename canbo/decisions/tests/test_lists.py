"""The lists on any date (issue 14.4), each from hand-worked cases: the rule's text, the person's dates,
the answer worked out by hand in the comment. The rule values are the rule sets' (data/rules.toml,
loaded after migrate); working days are decisions.holidays'."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from canbo.accounts.system import SYSTEM
from canbo.decisions.lists import LISTS, DueFilter, due_list
from canbo.decisions.rules import add_months
from canbo.org.models import Unit
from canbo.people.models import Assignment, Evaluation, Person, PlanningMembership, Post, Training
from canbo.people.services import people_follow_restructurings, person_names, posts_ensure

pytestmark = pytest.mark.django_db
D = dt.date


def make_person(
    name: str,
    unit: str,
    born: dt.date,
    *,
    sex: str = "nam",
    post: str | None = None,
    since: dt.date | None = None,
    reason: str = "tuyen_dung",
    category: str = "cong_chuc",
) -> Person:
    p = Person(
        full_name=name,
        birth_date=born,
        sex=sex,
        ethnicity="01",
        unit=Unit.objects.get(code=unit),
        staff_category=category,
    )
    person_names(p)
    p.save()
    Assignment.objects.create(
        person=p,
        unit=p.unit,
        post=Post.objects.get(code=post) if post else None,
        valid_from=since or D(2020, 1, 1),
        start_reason=reason,
    )
    return p


def names(name: str, as_of: dt.date, months: int | None = None, user: Any = SYSTEM, **kw: Any) -> list[str]:
    return [
        r.name
        for r in due_list(user=user, name=name, as_of=as_of, months=months, filters=DueFilter(**kw)).rows
    ]


def rows(name: str, as_of: dt.date, months: int | None = None, user: Any = SYSTEM) -> dict[str, Any]:
    return {r.name: r for r in due_list(user=user, name=name, as_of=as_of, months=months).rows}


@pytest.fixture
def posts(builtin_org: None) -> None:
    posts_ensure()


def test_months_are_added_as_a_term_is_counted() -> None:
    assert add_months(D(2021, 3, 15), 60) == D(2026, 3, 15)
    # no 31/02: the month's last day (Civil Code 2015 art. 148), as the checker counts a term
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2026, 1, 1), -1) == D(2025, 12, 1)


# --- not-old-enough: Directive 45-CT/TW, provincial level, reference month 9/2025 (RULES.md §1) ---------


def test_directive_45_cut_offs_on_01_09_2025(posts: None) -> None:
    # ≥ 60 months left ⇔ men born from 9/1968, women from 5/1972; ≥ 48 ⇔ men from 9/1967, women from 9/1971
    people = {
        "Nam 9/1968": (D(1968, 9, 10), "nam"),  # 60 months: passes both, not listed
        "Nam 8/1968": (D(1968, 8, 20), "nam"),  # 59: below 60 only
        "Nam 9/1967": (D(1967, 9, 1), "nam"),  # 48: below 60 only
        "Nam 8/1967": (D(1967, 8, 31), "nam"),  # 47: below both
        "Nữ 5/1972": (D(1972, 5, 5), "nu"),  # 60: not listed
        "Nữ 4/1972": (D(1972, 4, 30), "nu"),  # 59: below 60 only
        "Nữ 9/1971": (D(1971, 9, 15), "nu"),  # 48: below 60 only
        "Nữ 8/1971": (D(1971, 8, 15), "nu"),  # 47: below both
    }
    for name, (born, sex) in people.items():
        make_person(name, "KH.STC", born, sex=sex, post="pho_giam_doc_so", since=D(2025, 7, 1))
    make_person("Chuyên viên 8/1967", "KH.STC", D(1967, 8, 1), since=D(2025, 7, 1))  # not a leader
    found = rows("not-old-enough", D(2025, 9, 1))
    assert {name: r.months_left for name, r in found.items()} == {
        "Nam 8/1968": 59,
        "Nam 9/1967": 48,
        "Nam 8/1967": 47,
        "Nữ 4/1972": 59,
        "Nữ 9/1971": 48,
        "Nữ 8/1971": 47,
    }
    assert "tái cử" not in found["Nam 9/1967"].detail and "dưới 60 tháng" in found["Nam 9/1967"].detail
    assert "dưới 48 tháng: không đủ tuổi tái cử" in found["Nam 8/1967"].detail
    assert found["Nam 8/1968"].start == D(2025, 9, 1)  # the provincial reference month
    assert "Chỉ thị 45-CT/TW" in found["Nam 8/1967"].cite
    # The reference month is the level's, not the day the list is read: the same answer in 2026.
    assert {r for r in rows("not-old-enough", D(2026, 1, 1))} == set(found)


# --- retiring: Labour Code 2019 art. 169, Decree 135/2020 (RULES.md §1) --------------------------------


def test_retiring_within_the_window(posts: None) -> None:
    make_person("Ông Tháng Mười", "KH.STC", D(1964, 10, 24))  # 2026: 61y6m → 04/2026, 30/04/2026
    make_person("Ông Tháng Chín", "KH.STC", D(1964, 9, 24))  # 2025: 61y3m → 12/2025: before the date
    make_person("Bà Tháng Năm", "KH.SYT", D(1969, 5, 2), sex="nu")  # 2026: 57y → 05/2026
    make_person("Bà Trẻ", "KH.SYT", D(1980, 1, 1), sex="nu")
    found = rows("retiring", D(2026, 1, 1))
    assert {n: (r.due, r.months_left) for n, r in found.items()} == {
        "Ông Tháng Mười": (D(2026, 4, 30), 3),
        "Bà Tháng Năm": (D(2026, 5, 31), 4),
    }
    assert names("retiring", D(2026, 1, 1), months=4) == ["Ông Tháng Mười"]  # before 01/05/2026
    # Nobody retires in January–March 2026: the roadmap's steps skip those months (men born 7–9/1964
    # retire in 10–12/2025, those born 10/1964 in 4/2026) — the law's, not a gap in the code.
    assert names("retiring", D(2026, 1, 1), months=3) == []
    assert names("retiring", D(2026, 1, 1), sex="nu") == ["Bà Tháng Năm"]
    assert names("retiring", D(2026, 1, 1), unit_id=Unit.objects.get(code="KH.STC").pk) == ["Ông Tháng Mười"]


# --- term-ending: Decree 170/2025 art. 28, Regulation 377-QĐ/TW, Decree 138 art. 49(2) -----------------


@pytest.fixture
def terms(posts: None) -> dict[str, Person]:
    people = {
        # appointed 15/03/2021 at Sở Tài chính Ninh Thuận, carried by the 2025 mergers to Khánh Hòa's:
        # the term ends 15/03/2026; born 1975, re-appointed for a full term
        "tron": make_person(
            "Trần Văn Trọn",
            "NT.STC",
            D(1975, 6, 1),
            post="giam_doc_so",
            since=D(2021, 3, 15),
            reason="bo_nhiem",
        ),
        # ends 10/01/2026; born 6/1966, retires 30/06/2028: 29 months left → re-appointed until retirement
        "huu": make_person(
            "Lê Văn Hữu",
            "NT.SYT",
            D(1966, 6, 1),
            post="pho_giam_doc_so",
            since=D(2021, 1, 10),
            reason="bo_nhiem",
        ),
        # ends 10/01/2026; born 3/1965, retires 30/09/2026: 8 months left → extended until retirement
        "keo": make_person(
            "Phan Văn Kéo",
            "NT.SYT",
            D(1965, 3, 1),
            post="truong_phong",
            since=D(2021, 1, 10),
            reason="bo_nhiem",
        ),
        # ends 01/08/2026: outside six months from 01/01/2026
        "sau": make_person(
            "Võ Thị Sau",
            "NT.SYT",
            D(1980, 1, 1),
            sex="nu",
            post="truong_phong",
            since=D(2021, 8, 1),
            reason="bo_nhiem",
        ),
        # ends 10/02/2026 but retires 31/12/2025 (61y3m from 9/1964): the term runs until retirement
        "gia": make_person(
            "Đỗ Văn Già",
            "NT.SYT",
            D(1964, 9, 1),
            post="pho_truong_phong",
            since=D(2021, 2, 10),
            reason="bo_nhiem",
        ),
    }
    # extended until retirement from 20/01/2021 (born 6/1965: retires 31/12/2026), carried by the
    # mergers: the restructurings' rows do not make it a term ending on 20/01/2026
    people["ext"] = make_person(
        "Hồ Văn Kéo Dài", "NT.SYT", D(1965, 6, 1), post="truong_phong", since=D(2021, 1, 20), reason="keo_dai"
    )
    people_follow_restructurings(actor=SYSTEM)
    return people


def test_term_ending_in_six_months_with_the_notice_deadline(terms: dict[str, Person]) -> None:
    found = rows("term-ending", D(2026, 1, 1), months=6)
    assert set(found) == {"Trần Văn Trọn", "Lê Văn Hữu", "Phan Văn Kéo"}
    tron = found["Trần Văn Trọn"]
    assert (tron.start, tron.due) == (D(2021, 3, 15), D(2026, 3, 15))  # the mergers did not restart it
    assert tron.unit_name == "Sở Tài chính" and tron.post_name == "Giám đốc Sở"
    # 90 working days before 15/03/2026: Mon 10/11/2025 – Fri 13/03/2026 are 18 weeks = 90 weekdays;
    # 01/01/2026 and Tết 16–20/02/2026 are days off: six weekdays earlier, Friday 31/10/2025.
    assert tron.notice == D(2025, 10, 31)
    assert tron.action == "Xem xét bổ nhiệm lại"
    assert "Quy định 377-QĐ/TW" in tron.cite
    assert found["Lê Văn Hữu"].action == "Xem xét bổ nhiệm lại đến khi nghỉ hưu"
    keo = found["Phan Văn Kéo"]
    # an extension: 90 calendar days before 10/01/2026 (Decree 138 art. 53, Decision 727/QĐ-BNV)
    assert (keo.action, keo.months_left, keo.notice) == (
        "Xem xét kéo dài thời gian giữ chức vụ đến khi nghỉ hưu",
        8,
        D(2025, 10, 12),
    )
    assert names("term-ending", D(2026, 1, 1), months=12, sex="nu") == ["Võ Thị Sau"]


# --- rotation-due: Decree 59/2019 arts. 36–38 (RULES.md §5) ---------------------------------------------


def test_rotation_due_in_covered_jobs_with_exemptions_and_deferrals(posts: None) -> None:
    long = make_person("Lâu Năm", "NT.STC", D(1980, 1, 1), post="chuyen_vien", since=D(2020, 1, 1))
    make_person("Sở Y Tế", "NT.SYT", D(1980, 1, 1), post="chuyen_vien", since=D(2020, 1, 1))  # not covered
    make_person(
        "Mới Chuyển", "KH.STC", D(1985, 1, 1), post="chuyen_vien", since=D(2024, 6, 1), reason="dieu_dong"
    )
    make_person("Sắp Hưu", "NT.STC", D(1964, 10, 1), post="chuyen_vien", since=D(2015, 1, 1))  # 04/2026
    make_person(
        "Trưởng Phòng", "NT.STC", D(1975, 1, 1), post="truong_phong", since=D(2018, 1, 1), reason="bo_nhiem"
    )
    away = make_person("Đi Biệt Phái", "NT.STC", D(1982, 1, 1), post="chuyen_vien", since=D(2019, 1, 1))
    study = make_person("Đi Học", "NT.STC", D(1983, 1, 1), post="chuyen_vien", since=D(2019, 1, 1))
    people_follow_restructurings(actor=SYSTEM)
    Assignment.objects.create(
        person=away, unit=Unit.objects.get(code="KH.SYT"), post=None, valid_from=D(2025, 10, 1),
        concurrent=True, start_reason="biet_phai",
    )  # fmt: skip
    Training.objects.create(
        person=study, kind="chuyen_mon", started_on=D(2025, 9, 1), finished_on=D(2027, 8, 31)
    )
    found = rows("rotation-due", D(2026, 1, 1))
    assert set(found) == {"Lâu Năm", "Đi Biệt Phái", "Đi Học"}
    # 36 months (the province's default) from 01/01/2020, the mergers of 2025 not a change of job
    assert (found["Lâu Năm"].start, found["Lâu Năm"].due) == (D(2020, 1, 1), D(2023, 1, 1))
    assert found["Lâu Năm"].action == "Đến hạn chuyển đổi"
    assert found["Đi Biệt Phái"].action == "Tạm hoãn: đang biệt phái"
    assert found["Đi Học"].action.startswith("Tạm hoãn: đang đào tạo")
    # 01/06/2024 + 36 months = 01/06/2027: due within 18 months of 01/01/2026
    assert "Mới Chuyển" in names("rotation-due", D(2026, 1, 1), months=18)
    assert long.pk == found["Lâu Năm"].person_id


# --- replacement: two consecutive years "không hoàn thành nhiệm vụ" (RULES.md §4) -----------------------


def test_replacement_after_two_consecutive_years_not_done(posts: None) -> None:
    def evaluated(p: Person, **years: str) -> None:
        for year, level in years.items():
            Evaluation.objects.create(person=p, year=int(year[1:]), level=level)

    leader = make_person(
        "Lãnh Đạo", "KH.SYT", D(1975, 1, 1), post="truong_phong", since=D(2025, 7, 1), reason="bo_nhiem"
    )
    staff = make_person("Nhân Viên", "KH.SYT", D(1985, 1, 1), since=D(2025, 7, 1))
    mended = make_person("Đã Sửa", "KH.SYT", D(1985, 1, 1), since=D(2020, 7, 1))
    apart = make_person("Cách Năm", "KH.SYT", D(1985, 1, 1), since=D(2025, 7, 1))
    no, ok = "khong_hoan_thanh", "hoan_thanh"
    evaluated(leader, y2023=no, y2024=no)
    evaluated(staff, y2022=ok, y2023=no, y2024=no)
    evaluated(mended, y2022=no, y2023=no, y2024=ok)  # the latest two are not both "không hoàn thành"
    evaluated(apart, y2022=no, y2023=ok, y2024=no)
    found = rows("replacement", D(2025, 12, 1))
    assert set(found) == {"Lãnh Đạo", "Nhân Viên"}
    assert found["Lãnh Đạo"].action == "Miễn nhiệm, thay thế không chờ hết nhiệm kỳ"
    assert found["Nhân Viên"].action == "Cho thôi việc"
    assert found["Nhân Viên"].detail == "2023, 2024"
    # in 2024 the year 2024 had not ended: the latest two ended years were 2022 and 2023
    assert set(rows("replacement", D(2024, 6, 1))) == {"Đã Sửa"}


# --- pool-review: yearly review (Regulation 50-QĐ/TW; Regulation 377-QĐ/TW) -----------------------------


def test_pools_due_for_their_yearly_review(posts: None) -> None:
    a = make_person("Người Một", "KH.SNV", D(1985, 1, 1), since=D(2025, 7, 1))
    b = make_person("Người Hai", "KH.STC", D(1985, 1, 1), since=D(2025, 7, 1))
    c = make_person("Người Ba", "KH.STC", D(1986, 1, 1), since=D(2025, 7, 1))
    head, deputy = Post.objects.get(code="giam_doc_so"), Post.objects.get(code="pho_giam_doc_so")

    def pool(p: Person, unit: str, post: Post, decided: dt.date, removed: dt.date | None = None) -> None:
        PlanningMembership.objects.create(
            person=p, post=post, unit=Unit.objects.get(code=unit), term_from=2025, term_to=2030,
            decision_date=decided, removed_on=removed,
        )  # fmt: skip

    pool(a, "KH.SNV", head, D(2025, 3, 1))  # due 01/03/2026
    pool(b, "KH.STC", deputy, D(2025, 3, 1))
    pool(c, "KH.STC", deputy, D(2025, 10, 1))  # the pool's latest decision: due 01/10/2026
    found = rows("pool-review", D(2026, 4, 1))
    assert set(found) == {"Giám đốc Sở"}
    assert (found["Giám đốc Sở"].start, found["Giám đốc Sở"].due) == (D(2025, 3, 1), D(2026, 3, 1))
    assert found["Giám đốc Sở"].detail == "2025–2030, 1 người"
    assert {r.due for r in due_list(user=SYSTEM, name="pool-review", as_of=D(2026, 4, 1), months=6).rows} == {
        D(2026, 3, 1),
        D(2026, 10, 1),
    }
    assert rows("pool-review", D(2026, 2, 1)) == {}


# --- scope and cost ----------------------------------------------------------------------------------


def test_another_agencys_people_are_never_listed(terms: dict[str, Person], make_user: Any) -> None:
    finance = make_user("dau_moi", "KH.STC")
    health = make_user("dau_moi", "KH.SYT")
    assert names("term-ending", D(2026, 1, 1), user=finance) == ["Trần Văn Trọn"]
    assert "Trần Văn Trọn" not in names("term-ending", D(2026, 1, 1), user=health)
    leader = make_user("lanh_dao", "KH")
    assert len(names("term-ending", D(2026, 1, 1), user=leader)) == 3
    for name in LISTS:
        listed = {r.person_id for r in due_list(user=finance, name=name, as_of=D(2026, 1, 1)).rows}
        assert terms["huu"].pk not in listed and terms["keo"].pk not in listed


def test_each_list_costs_a_fixed_number_of_queries(posts: None) -> None:
    def add(n: int, offset: int) -> None:
        units = {"NT.STC": "KH.STC", "NT.SYT": "KH.SYT"}
        for i in range(n):
            k = offset + i
            unit = "NT.STC" if k % 2 else "NT.SYT"
            old = k % 5 == 0  # 61 to 62 on 01/01/2026: retiring, not old enough
            p = make_person(f"Người {k}", unit, D(1964, 10, 1) if old else D(1970 + k % 8, 1 + k % 12, 1),
                            sex="nam" if old or k % 3 == 0 else "nu",
                            post=("truong_phong" if k % 4 == 0 or old else "chuyen_vien"),
                            since=D(2021, 1 + k % 12, 5), reason="bo_nhiem")  # fmt: skip
            Evaluation.objects.create(person=p, year=2023, level="khong_hoan_thanh")
            Evaluation.objects.create(person=p, year=2024, level="khong_hoan_thanh")
            PlanningMembership.objects.create(
                person=p, post=Post.objects.get(code="giam_doc_so"), unit=Unit.objects.get(code=units[unit]),
                term_from=2025, term_to=2030, decision_date=D(2025 if k % 2 else 2024, 6, 1),
            )  # fmt: skip

    def costs() -> dict[str, tuple[int, int]]:
        counted = {}
        for name in LISTS:
            with CaptureQueriesContext(connection) as queries:
                found = due_list(user=SYSTEM, name=name, as_of=D(2026, 1, 1))
            counted[name] = (len(queries), len(found.rows))
        return counted

    add(12, 0)
    people_follow_restructurings(actor=SYSTEM)
    small = costs()
    add(30, 100)
    people_follow_restructurings(actor=SYSTEM)
    large = costs()
    for name in LISTS:
        assert small[name][0] == large[name][0], (name, small[name], large[name])
        assert large[name][1] >= small[name][1] > 0, (name, small[name], large[name])
    assert large["replacement"][1] > small["replacement"][1] > 0


def test_an_unknown_list_or_window_is_refused(posts: None) -> None:
    from canbo.core.errors import InputRejected

    with pytest.raises(InputRejected, match="Không có danh sách"):
        due_list(user=SYSTEM, name="nobody", as_of=D(2026, 1, 1))
    with pytest.raises(InputRejected, match="Số tháng"):
        due_list(user=SYSTEM, name="retiring", as_of=D(2026, 1, 1), months=-1)


RECORDED: list[tuple[int, int | None, int, int, dt.date]] = []


def recorded_reviews(
    *, unit_ids: set[int] | None, as_of: dt.date
) -> list[tuple[int, int | None, int, int, dt.date]]:
    """A stand-in for the planning app's reviews (setting CANBO_POOL_REVIEWS)."""
    return RECORDED


def test_a_review_recorded_elsewhere_resets_the_pools_clock(posts: None, settings: Any) -> None:
    person = make_person("Người Một", "KH.SNV", D(1985, 1, 1), since=D(2025, 7, 1))
    snv = Unit.objects.get(code="KH.SNV")
    PlanningMembership.objects.create(
        person=person, post=Post.objects.get(code="giam_doc_so"), unit=snv, term_from=2025, term_to=2030,
        decision_date=D(2025, 3, 1),
    )  # fmt: skip
    assert set(rows("pool-review", D(2026, 4, 1))) == {"Giám đốc Sở"}
    settings.CANBO_POOL_REVIEWS = "canbo.decisions.tests.test_lists.recorded_reviews"
    RECORDED[:] = [(snv.pk, None, 2025, 2030, D(2026, 2, 1))]  # every post of the unit, 01/02/2026
    try:
        assert rows("pool-review", D(2026, 4, 1)) == {}
        assert rows("pool-review", D(2026, 1, 15), months=6)["Giám đốc Sở"].start == D(2025, 3, 1)  # not yet
        assert rows("pool-review", D(2027, 2, 1))["Giám đốc Sở"].due == D(2027, 2, 1)
    finally:
        RECORDED.clear()
