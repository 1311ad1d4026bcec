"""The training needs read from the registry: a small Khánh Hòa organisation where each person shows one
case — a division head lacking trung cấp, a pool member for Giám đốc Sở lacking cao cấp, someone who meets
everything, someone out of the user's scope — and the query count that does not grow with the people."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from canbo.org.models import Unit
from canbo.people.models import Assignment, Person, PlanningMembership, Post, Training
from canbo.people.services import person_names, posts_ensure
from canbo.training.needs import Need, needs_summary, training_needs

pytestmark = pytest.mark.django_db
D = dt.date
AS_OF = D(2025, 11, 3)
SINCE = D(2025, 7, 1)


@pytest.fixture
def posts(builtin_org: None) -> dict[str, Post]:
    return posts_ensure()


@pytest.fixture
def make_person(posts: dict[str, Post]) -> Callable[..., Person]:
    """make_person(name, unit_code, post_code=None, since=…, until=…, **fields): a person with one
    assignment (a post when post_code is given)."""

    def make(
        name: str,
        code: str = "KH.STC",
        post_code: str | None = None,
        *,
        since: dt.date = SINCE,
        until: dt.date | None = None,
        **fields: Any,
    ) -> Person:
        person = Person(
            full_name=name,
            birth_date=D(1982, 4, 1),
            sex="nam",
            ethnicity="01",
            unit=Unit.objects.get(code=code),
            staff_category="cong_chuc",
            **fields,
        )
        person_names(person)
        person.save()
        Assignment.objects.create(
            person=person,
            unit=person.unit,
            post=posts[post_code] if post_code else None,
            valid_from=since,
            valid_to=until,
            start_reason="bo_nhiem" if post_code else "tuyen_dung",
        )
        return person

    return make


@pytest.fixture
def enter(posts: dict[str, Post]) -> Callable[..., PlanningMembership]:
    def make(person: Person, post_code: str, code: str = "KH.STC", **extra: Any) -> PlanningMembership:
        return PlanningMembership.objects.create(
            person=person,
            post=posts[post_code],
            unit=Unit.objects.get(code=code),
            term_from=2025,
            term_to=2030,
            decision_number="QĐ-15",
            decision_date=extra.pop("decision_date", D(2025, 8, 1)),
            **extra,
        )

    return make


FINISHED = D(2024, 6, 1)


def course(person: Person, kind: str, level: str, finished: dt.date = FINISHED) -> None:
    Training.objects.create(
        person=person, kind=kind, level=level, started_on=D(2024, 5, 1), finished_on=finished
    )


@pytest.fixture
def org(make_person: Callable[..., Person], enter: Callable[..., PlanningMembership]) -> dict[str, Person]:
    """Sở Tài chính: Bình (Trưởng phòng, sơ cấp), An (Trưởng phòng, trung cấp, in the pool for Giám đốc
    Sở), Chi (Phó trưởng phòng meeting everything), Em (a non-leader), Giang (taken out of the pool),
    Hoa (in the pool, retired), Khánh (trung cấp by a course on record). Sở Y tế: Dũng (Trưởng phòng,
    nothing)."""
    binh = make_person(
        "Trần Văn Bình", post_code="truong_phong", political_theory="so_cap", state_management="chuyen_vien"
    )
    course(binh, "qp_an", "Đối tượng 3")
    an = make_person(
        "Hoàng Thị An",
        post_code="truong_phong",
        political_theory="trung_cap",
        state_management="chuyen_vien_chinh",
    )
    course(an, "qp_an", "Đối tượng 3")
    enter(an, "giam_doc_so")
    chi = make_person(
        "Lê Thị Chi",
        post_code="pho_truong_phong",
        political_theory="cao_cap",
        state_management="chuyen_vien_chinh",
    )
    course(chi, "qp_an", "Bồi dưỡng KTQP-AN đối tượng 2")
    make_person("Vũ Văn Em", political_theory="")
    giang = make_person("Đỗ Thị Giang", political_theory="trung_cap", state_management="chuyen_vien_chinh")
    enter(giang, "pho_giam_doc_so", removed_on=D(2025, 10, 1))
    hoa = make_person("Ngô Văn Hoa", political_theory="trung_cap", until=D(2025, 10, 1))
    enter(hoa, "pho_giam_doc_so")
    khanh = make_person("Phan Văn Khánh", post_code="truong_phong", state_management="chuyen_vien")
    course(khanh, "ly_luan", "Trung cấp LLCT")
    course(khanh, "qp_an", "ĐT3")
    dung = make_person("Phạm Văn Dũng", "KH.SYT", post_code="truong_phong")
    return {"an": an, "binh": binh, "chi": chi, "dung": dung, "khanh": khanh}


def rows(needs: list[Need]) -> list[tuple[str, str, str, str, str, str]]:
    return [(n.unit_name, n.full_name, n.kind, n.level, n.held, n.source) for n in needs]


def test_the_needs_of_the_province(org: dict[str, Person], make_user: Any) -> None:
    needs = training_needs(user=make_user("noi_vu", "KH"), as_of=AS_OF)
    assert rows(needs) == [
        # Sở Tài chính, in the Vietnamese order of given names: An, Bình
        ("Sở Tài chính", "Hoàng Thị An", "ly_luan", "cao_cap", "Trung cấp", "quy_hoach"),
        ("Sở Tài chính", "Hoàng Thị An", "qp_an", "doi_tuong_2", "Đối tượng 3", "quy_hoach"),
        ("Sở Tài chính", "Trần Văn Bình", "ly_luan", "trung_cap", "Sơ cấp", "chuc_vu"),
        ("Sở Y tế", "Phạm Văn Dũng", "ly_luan", "trung_cap", "", "chuc_vu"),
        ("Sở Y tế", "Phạm Văn Dũng", "qlnn", "chuyen_vien", "", "chuc_vu"),
        ("Sở Y tế", "Phạm Văn Dũng", "qp_an", "doi_tuong_3", "", "chuc_vu"),
    ]
    an_theory = needs[0]
    assert an_theory.post_name == "Quy hoạch: Giám đốc Sở"
    assert an_theory.level_label == "Cao cấp lý luận chính trị"
    assert an_theory.reason.startswith("Quy hoạch chức danh Giám đốc Sở: cao cấp lý luận chính trị")
    assert "III.7.c" in an_theory.reason and "Nghị định 29/2024/NĐ-CP" in an_theory.reason
    binh = needs[2]
    assert binh.post_name == "Trưởng phòng" and binh.person_id == org["binh"].pk
    assert binh.reason.startswith("Tiêu chuẩn chức danh Trưởng phòng: trung cấp lý luận chính trị")
    assert binh.reason.endswith("(chưa đối chiếu văn bản)")


def test_an_agency_sees_only_its_own(org: dict[str, Person], make_user: Any) -> None:
    needs = training_needs(user=make_user("dau_moi", "KH.STC"), as_of=AS_OF)
    assert {n.full_name for n in needs} == {"Hoàng Thị An", "Trần Văn Bình"}
    assert training_needs(user=make_user(), as_of=AS_OF) == []  # no role: nothing


def test_one_unit_of_the_province(org: dict[str, Person], make_user: Any) -> None:
    syt = Unit.objects.get(code="KH.SYT")
    needs = training_needs(user=make_user("noi_vu", "KH"), as_of=AS_OF, unit=syt)
    assert {n.full_name for n in needs} == {"Phạm Văn Dũng"}
    # a unit outside the user's scope gives nothing, not an error
    assert training_needs(user=make_user("dau_moi", "KH.STC"), as_of=AS_OF, unit=syt) == []


def test_a_course_counts_from_the_day_it_ends(org: dict[str, Person], make_user: Any) -> None:
    officer = make_user("noi_vu", "KH")
    course(org["binh"], "ly_luan", "Trung cấp lý luận chính trị", finished=D(2025, 12, 20))
    assert ("Trần Văn Bình", "ly_luan") in {
        (n.full_name, n.kind) for n in training_needs(user=officer, as_of=AS_OF)
    }
    later = training_needs(user=officer, as_of=D(2025, 12, 20))
    assert ("Trần Văn Bình", "ly_luan") not in {(n.full_name, n.kind) for n in later}


def test_a_defence_course_without_its_group_meets_none(org: dict[str, Person], make_user: Any) -> None:
    course(org["dung"], "qp_an", "")
    (defence,) = [
        n
        for n in training_needs(user=make_user("noi_vu", "KH"), as_of=AS_OF)
        if n.kind == "qp_an" and n.full_name == "Phạm Văn Dũng"
    ]
    assert defence.held == "Đã học (không ghi đối tượng)"


def test_the_summary_is_what_the_plan_must_cover(org: dict[str, Person], make_user: Any) -> None:
    summary = needs_summary(training_needs(user=make_user("noi_vu", "KH"), as_of=AS_OF))
    assert [(s["kind"], s["level"], s["people"], s["holders"], s["pool"]) for s in summary] == [
        ("ly_luan", "cao_cap", 1, 0, 1),
        ("ly_luan", "trung_cap", 2, 2, 0),
        ("qlnn", "chuyen_vien", 1, 1, 0),
        ("qp_an", "doi_tuong_2", 1, 0, 1),
        ("qp_an", "doi_tuong_3", 1, 1, 0),
    ]
    assert summary[0]["kind_label"] == "Lý luận chính trị"
    assert summary[0]["level_label"] == "Cao cấp lý luận chính trị"
    assert needs_summary([]) == []


def test_the_queries_do_not_grow_with_the_people(
    org: dict[str, Person], make_user: Any, make_person: Callable[..., Person], enter: Any,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    officer = make_user("noi_vu", "KH")
    training_needs(user=officer, as_of=AS_OF)  # the user's scope, computed once and kept on the user
    for i in range(30):
        person = make_person(f"Nguyễn Văn Thêm {i}", "KH.SYT", post_code="pho_truong_phong")
        course(person, "qp_an", "Đối tượng 3")
        enter(person, "pho_giam_doc_so", "KH.SYT")
    with django_assert_max_num_queries(4):
        needs = training_needs(user=officer, as_of=AS_OF)
    assert len(needs) == 6 + 30 * 3  # theory, state management (planned post) and defence group 2 each


def test_one_need_per_kind_the_highest_and_on_a_tie_the_post_held(
    org: dict[str, Person], make_person: Callable[..., Person], enter: Any, make_user: Any
) -> None:
    # Long: Phó trưởng phòng (trung cấp, group 3) in the pool for Trưởng phòng (the same levels).
    long = make_person("Bùi Văn Long", post_code="pho_truong_phong", state_management="chuyen_vien")
    enter(long, "truong_phong")
    needs = [n for n in training_needs(user=make_user("noi_vu", "KH"), as_of=AS_OF) if n.person_id == long.pk]
    assert [(n.kind, n.level, n.source, n.post_name) for n in needs] == [
        ("ly_luan", "trung_cap", "chuc_vu", "Phó Trưởng phòng"),
        ("qp_an", "doi_tuong_3", "chuc_vu", "Phó Trưởng phòng"),
    ]


def test_a_pool_decision_counts_from_its_date(
    org: dict[str, Person], make_person: Callable[..., Person], enter: Any, make_user: Any
) -> None:
    minh = make_person("Đặng Văn Minh", political_theory="trung_cap", state_management="chuyen_vien_chinh")
    enter(minh, "pho_giam_doc_so", decision_date=D(2025, 12, 1))
    officer = make_user("noi_vu", "KH")
    assert minh.pk not in {n.person_id for n in training_needs(user=officer, as_of=AS_OF)}
    later = [n for n in training_needs(user=officer, as_of=D(2025, 12, 1)) if n.person_id == minh.pk]
    assert [(n.kind, n.level, n.post_name) for n in later] == [
        ("qp_an", "doi_tuong_2", "Quy hoạch: Phó Giám đốc Sở")
    ]
