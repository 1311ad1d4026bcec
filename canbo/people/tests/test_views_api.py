"""Registry pages and API: scoped (404 outside), sensitive data logged, fixed queries, 409 on stale."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from canbo.accounts.system import SYSTEM
from canbo.core.excel import read_workbook
from canbo.org.models import Restructuring, Unit
from canbo.people.models import Assignment, Person, Post, SensitiveAccess
from canbo.people.selectors import PeopleFilter, holders_on, people_queryset
from canbo.people.services import people_follow_restructurings, person_names, posts_ensure

pytestmark = pytest.mark.django_db


def person(
    name: str,
    unit: str,
    *,
    sex: str = "nu",
    born: dt.date = dt.date(1985, 3, 12),
    ethnicity: str = "01",
    post: str | None = None,
    since: dt.date = dt.date(2020, 1, 1),
) -> Person:
    p = Person(
        full_name=name,
        birth_date=born,
        sex=sex,
        ethnicity=ethnicity,
        unit=Unit.objects.get(code=unit),
        staff_category="cong_chuc",
    )
    person_names(p)
    p.save()
    Assignment.objects.create(
        person=p,
        unit=p.unit,
        post=Post.objects.get(code=post) if post else None,
        valid_from=since,
        start_reason="tuyen_dung",
    )
    return p


@pytest.fixture
def people(builtin_org) -> dict[str, Person]:
    posts_ensure()
    return {
        "hoa": person("Nguyễn Thị Hoa", "KH.STC", post="giam_doc_so"),
        "an": person("Trần Văn An", "KH.STC", sex="nam", born=dt.date(1990, 5, 1)),
        "anh": person("Lê Thị Ánh", "KH.SYT", ethnicity="17"),
        "dat": person("Đỗ Văn Đạt", "KH.SYT", sex="nam", born=dt.date(1970, 1, 1), post="pho_giam_doc_so"),
    }


def client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_search_ignores_diacritics_and_sorts_the_vietnamese_way(people) -> None:
    names = [p.full_name for p in people_queryset(user=SYSTEM, f=PeopleFilter(q="nguyen thi hoa"))]
    assert names == ["Nguyễn Thị Hoa"]
    ordered = [p.full_name for p in people_queryset(user=SYSTEM, f=PeopleFilter())]
    assert ordered == ["Trần Văn An", "Lê Thị Ánh", "Đỗ Văn Đạt", "Nguyễn Thị Hoa"]


def test_filters(people) -> None:
    def names(**kw: object) -> set[str]:
        return {p.full_name for p in people_queryset(user=SYSTEM, f=PeopleFilter(**kw))}

    assert names(leaders_only=True) == {"Nguyễn Thị Hoa", "Đỗ Văn Đạt"}
    assert names(unit_id=Unit.objects.get(code="KH.SYT").pk) == {"Lê Thị Ánh", "Đỗ Văn Đạt"}
    assert names(sex="nam") == {"Trần Văn An", "Đỗ Văn Đạt"}
    assert names(age_from=30, age_to=39, as_of=dt.date(2026, 1, 1)) == {"Trần Văn An"}  # 35, not 40 or 41
    assert names(age_to=40, as_of=dt.date(2026, 3, 11)) == {"Trần Văn An", "Nguyễn Thị Hoa", "Lê Thị Ánh"}


def test_who_held_which_post_on_a_date_in_one_query(people) -> None:
    with CaptureQueriesContext(connection) as queries:
        held = [
            (a.unit.code, a.post.name, a.person.full_name)
            for a in holders_on(user=SYSTEM, as_of=dt.date(2024, 1, 1), leaders_only=True)
        ]
    assert held == [("KH.STC", "Giám đốc Sở", "Nguyễn Thị Hoa"), ("KH.SYT", "Phó Giám đốc Sở", "Đỗ Văn Đạt")]
    assert len(queries) == 1


def test_focal_officer_sees_only_their_agency(people, make_user) -> None:
    c = client(make_user("dau_moi", "KH.STC"))
    html = c.get("/can-bo/").content.decode()
    assert "Nguyễn Thị Hoa" in html and "Lê Thị Ánh" not in html
    assert c.get(f"/can-bo/{people['anh'].pk}/").status_code == 404
    assert c.get(f"/api/people/people/{people['anh'].pk}").status_code == 404
    exported = read_workbook(c.get("/can-bo/xuat-excel/").content)
    assert {r[0] for r in exported["Danh sách cán bộ"][1:]} == {"Nguyễn Thị Hoa", "Trần Văn An"}
    api = c.get("/api/people/people").json()
    assert {p["full_name"] for p in api["results"]} == {"Nguyễn Thị Hoa", "Trần Văn An"} and api["count"] == 2


def test_sensitive_data_is_shown_to_personnel_work_and_logged(people, make_user) -> None:
    focal = make_user("dau_moi", "KH.SYT")
    html = client(focal).get(f"/can-bo/{people['anh'].pk}/").content.decode()
    assert "Chăm" in html
    log = SensitiveAccess.objects.get()
    assert (log.actor, log.person, log.where) == (focal, people["anh"], "page")
    leader = make_user("lanh_dao", "KH")
    html = client(leader).get(f"/can-bo/{people['anh'].pk}/").content.decode()
    assert "Chăm" not in html and "dữ liệu nhạy cảm" in html
    assert SensitiveAccess.objects.count() == 1
    assert (
        "ethnicity" not in client(leader).get(f"/api/people/people/{people['anh'].pk}").json()
        or client(leader).get(f"/api/people/people/{people['anh'].pk}").json()["ethnicity"] is None
    )


def test_the_list_page_costs_a_fixed_number_of_queries(people, make_user) -> None:
    c = client(make_user("noi_vu", "KH"))
    for extra in range(30):
        person(f"Người Thứ {extra}", "KH.SNV", post="truong_phong" if extra % 3 == 0 else None)
    counts = []
    for size in (10, 30, 100):
        with CaptureQueriesContext(connection) as queries:
            response = c.get(
                "/can-bo/", {"so_dong": size, "lanh_dao": "on"} if size == 100 else {"so_dong": size}
            )
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


def test_api_update_with_optimistic_locking(people, make_user) -> None:
    c = client(make_user("noi_vu", "KH"))
    hoa = people["hoa"]
    body = {
        "full_name": "Nguyễn Thị Hoà",
        "birth_date": "1985-03-12",
        "sex": "nu",
        "ethnicity": "01",
        "unit_code": "KH.STC",
        "staff_category": "cong_chuc",
        "version": hoa.version,
    }
    first = c.put(f"/api/people/people/{hoa.pk}", body, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == hoa.version + 1
    stale = c.put(f"/api/people/people/{hoa.pk}", body | {"full_name": "X"}, content_type="application/json")
    assert stale.status_code == 409
    assert Person.objects.get(pk=hoa.pk).full_name == "Nguyễn Thị Hoà"


def test_api_create_refuses_a_unit_outside_the_scope(people, make_user) -> None:
    c = client(make_user("dau_moi", "KH.STC"))
    body = {
        "full_name": "Phạm Văn Mới",
        "birth_date": "1995-01-01",
        "sex": "nam",
        "ethnicity": "01",
        "unit_code": "KH.SYT",
        "staff_category": "cong_chuc",
    }
    assert c.post("/api/people/people", body, content_type="application/json").status_code == 403
    assert not Person.objects.filter(full_name="Phạm Văn Mới").exists()
    created = c.post("/api/people/people", body | {"unit_code": "KH.STC"}, content_type="application/json")
    assert created.status_code == 201


def test_people_move_with_their_unit_when_it_is_merged(builtin_org) -> None:
    posts_ensure()
    p = person("Võ Thị Lan", "NT.SKHDT", post="pho_giam_doc_so", since=dt.date(2021, 1, 1))
    people_follow_restructurings(actor=SYSTEM)
    timeline = list(
        p.assignments.order_by("valid_from").values_list(
            "unit__code", "valid_from", "valid_to", "start_reason", "end_reason"
        )
    )
    assert timeline == [
        ("NT.SKHDT", dt.date(2021, 1, 1), dt.date(2025, 3, 1), "tuyen_dung", "sap_xep"),
        ("NT.STC-2025", dt.date(2025, 3, 1), dt.date(2025, 7, 1), "sap_xep", "sap_xep"),
        ("KH.STC", dt.date(2025, 7, 1), None, "sap_xep", ""),
    ]
    p.refresh_from_db()
    assert p.unit.code == "KH.STC"
    assert people_follow_restructurings(actor=SYSTEM) == 0  # idempotent
    assert Restructuring.objects.count() == 27
