"""The dossier's forms on the person page (htmx fragments) and its API: who sees them, what a write
swaps in, a refusal beside its field, a stale form naming what changed, the appointment checks' hook."""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client, override_settings

from canbo.people.models import Assignment, Evaluation, Person, SensitiveAccess
from canbo.people.services import posts_ensure
from canbo.people.tests.test_records import CALLS, CHECKER, make_person

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _calls() -> None:
    CALLS.clear()


@pytest.fixture
def people(builtin_org: None) -> dict[str, Person]:
    posts_ensure()
    return {
        "an": make_person("Trần Văn An", "KH.STC", sex="nam", born=dt.date(1990, 5, 1)),
        "hoa": make_person("Nguyễn Thị Hoa", "KH.SYT", post_code="giam_doc_so"),
    }


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def officer(make_user: Any, builtin_org: None) -> Client:
    return client(make_user("noi_vu", "KH", username="noivu"))


def form_url(p: Person, name: str) -> str:
    return f"/can-bo/{p.pk}/bieu-mau/{name}/"


def test_forms_are_offered_to_who_may_change_only(people, officer, make_user) -> None:
    an = people["an"]
    page = officer.get(f"/can-bo/{an.pk}/").content.decode()
    for label in ("Bổ nhiệm", "Bổ nhiệm lại", "Điều động", "Thôi giữ chức vụ", "Nghỉ hưu", "Sửa", "Thêm"):
        assert f">{label}</button>" in page
    assert 'id="dossier-version" name="version" value="1"' in page
    leader = client(make_user("lanh_dao", "KH"))
    page = leader.get(f"/can-bo/{an.pk}/").content.decode()
    assert "hx-get" not in page and "dossier-version" not in page
    assert leader.get(form_url(an, "bo-nhiem"), **HX).status_code == 403
    focal = client(make_user("dau_moi", "KH.STC"))
    assert focal.get(form_url(people["hoa"], "bo-nhiem"), **HX).status_code == 404  # another agency's


def test_an_appointment_form_writes_and_swaps_the_sections_in(people, officer) -> None:
    an = people["an"]
    fragment = officer.get(form_url(an, "bo-nhiem"), {"version": 1}, **HX).content.decode()
    assert 'name="version" value="1"' in fragment
    assert "Số quyết định" in fragment and "Ghi chú / lý do của cấp có thẩm quyền" in fragment
    assert (
        'class="form-control date-vn"' in fragment
        and "Phó Giám đốc Sở" in fragment
        and "Sở Tài chính" in fragment
    )
    unit = Assignment.objects.get(person=an).unit_id
    post = Assignment._meta.get_field("post").related_model.objects.get(code="pho_giam_doc_so").pk
    response = officer.post(
        form_url(an, "bo-nhiem"),
        {"version": 1, "unit": unit, "post": post, "on": "01/03/2025", "decision_number": "12/QĐ-UBND",
         "decision_issuer": "UBND tỉnh", "note": "Theo đề nghị"},
        **HX,
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="dossier-version" name="version" value="2" hx-swap-oob="true"' in body
    assert (
        'id="career" hx-swap-oob="true"' in body and "Phó Giám đốc Sở" in body and "QĐ số 12/QĐ-UBND" in body
    )
    assert "Đã ghi bổ nhiệm Phó Giám đốc Sở từ 01/03/2025." in body
    assert "Bổ nhiệm" in body and 'id="history-box" hx-swap-oob="true"' in body
    assert Assignment.objects.filter(person=an, post__code="pho_giam_doc_so", valid_to=None).exists()


def test_a_mistyped_date_is_kept_and_said_beside_its_field(people, officer) -> None:
    an = people["an"]
    response = officer.post(form_url(an, "nghi-huu"), {"version": 1, "on": "31/02/2025"}, **HX)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="31/02/2025"' in body and "Ngày không hợp lệ (viết theo dạng dd/mm/yyyy)." in body
    response = officer.post(form_url(an, "nghi-huu"), {"version": 1, "on": "01/01/2019"}, **HX)
    assert response.status_code == 400 and "phải sau ngày bắt đầu" in response.content.decode()
    an.refresh_from_db()
    assert an.version == 1


def test_the_retirement_form_suggests_the_day(people, officer) -> None:
    hoa = people["hoa"]  # born 12/03/1985, a woman: 60 years in 2035 → from 01/04/2045
    body = officer.get(form_url(hoa, "nghi-huu"), **HX).content.decode()
    assert 'value="01/04/2045"' in body and "Ngày nghỉ hưu theo quy định: 01/04/2045" in body


def test_a_stale_form_says_who_changed_what_and_writes_nothing(people, officer, make_user) -> None:
    an = people["an"]
    other = client(make_user("noi_vu", "KH", username="nhaplieu"))
    assert (
        other.post(
            f"/can-bo/{an.pk}/danh-gia/them/", {"version": 1, "year": 2024, "level": "tot"}, **HX
        ).status_code
        == 200
    )
    response = officer.post(
        f"/can-bo/{an.pk}/danh-gia/them/", {"version": 1, "year": 2023, "level": "xuat_sac"}, **HX
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "đã được người khác sửa" in body and "nhaplieu" in body and "Thêm đánh giá, xếp loại" in body
    assert "Năm 2024: Hoàn thành tốt nhiệm vụ" in body
    assert 'name="version" value="2"' in body  # sent again, it is meant
    assert 'id="list-evaluation" hx-swap-oob="true"' in body  # the page shows the dossier as it is now
    assert list(an.evaluations.values_list("year", flat=True)) == [2024]


def test_evaluations_added_corrected_and_deleted_in_place(people, officer) -> None:
    an = people["an"]
    officer.post(f"/can-bo/{an.pk}/danh-gia/them/", {"version": 1, "year": 2024, "level": "tot"}, **HX)
    body = officer.post(
        f"/can-bo/{an.pk}/danh-gia/them/", {"version": 2, "year": 2024, "level": "xuat_sac"}, **HX
    ).content.decode()
    assert "Đã có đánh giá năm 2024 (Hoàn thành tốt nhiệm vụ): đã sửa thành" in body
    evaluation = an.evaluations.get()
    edit = officer.get(
        f"/can-bo/{an.pk}/danh-gia/{evaluation.pk}/sua/", {"version": 3}, **HX
    ).content.decode()
    assert 'value="2024"' in edit and 'value="xuat_sac" selected' in edit
    response = officer.post(f"/can-bo/{an.pk}/danh-gia/{evaluation.pk}/xoa/", {"version": 3}, **HX)
    assert response.status_code == 200 and "Đã xóa: Năm 2024" in response.content.decode()
    assert not an.evaluations.exists()
    stale = officer.post(f"/can-bo/{an.pk}/danh-gia/{evaluation.pk}/xoa/", {"version": 3}, **HX)
    assert stale.status_code == 404  # gone


@pytest.mark.parametrize(
    ("slug", "data", "shown"),
    [
        ("ky-luat", {"decided_on": "02/05/2023", "form": "khien_trach", "reason": "Chậm báo cáo"}, "Khiển trách, ngày 02/05/2023"),
        ("dao-tao", {"kind": "ly_luan", "level": "Cao cấp", "started_on": "01/01/2021", "finished_on": "01/01/2022"},
         "Lý luận chính trị — Cao cấp"),
        ("tieu-chuan-chinh-tri", {"concluded_on": "01/04/2025", "meets_standard": "1", "conclusion": "Đủ"},
         "01/04/2025: đủ tiêu chuẩn chính trị"),
    ],
)  # fmt: skip
def test_each_sub_record_form(people, officer, slug, data, shown) -> None:
    an = people["an"]
    response = officer.post(f"/can-bo/{an.pk}/{slug}/them/", {"version": 1, **data}, **HX)
    assert response.status_code == 200, response.content.decode()
    assert shown in response.content.decode()


def test_a_planning_entry_names_post_and_unit(people, officer) -> None:
    an = people["an"]
    form = officer.get(f"/can-bo/{an.pk}/quy-hoach/them/", **HX).content.decode()
    unit = re.search(r'<option value="(\d+)">[^<]*Sở Tài chính</option>', form).group(1)
    post = re.search(r'<option value="(\d+)">Giám đốc Sở</option>', form).group(1)
    response = officer.post(
        f"/can-bo/{an.pk}/quy-hoach/them/",
        {"version": 1, "post": post, "unit": unit, "term_from": 2026, "term_to": 2031},
        **HX,
    )
    assert "Giám đốc Sở (Sở Tài chính" in response.content.decode()


def test_personal_data_form_reads_sensitive_data_on_record(people, officer) -> None:
    an = people["an"]
    body = officer.get(form_url(an, "ly-lich"), **HX).content.decode()
    assert 'name="cccd"' in body and 'value="Trần Văn An"' in body and 'value="01/05/1990"' in body
    assert SensitiveAccess.objects.filter(person=an, where="form").count() == 1
    data = {
        "version": 1, "full_name": "Trần Văn Ân", "birth_date": "01/05/1990", "sex": "nam", "ethnicity": "01",
        "religion": "00", "staff_category": "cong_chuc", "cccd": "",
    }  # fmt: skip
    response = officer.post(form_url(an, "ly-lich"), data, **HX)
    assert response.status_code == 200 and "Trần Văn Ân" in response.content.decode()
    assert "Họ và tên: “Trần Văn An” → “Trần Văn Ân”" in response.content.decode()  # the history says what
    an.refresh_from_db()
    assert (an.full_name, an.version, an.cccd) == ("Trần Văn Ân", 2, None)


def test_adding_a_person(builtin_org, officer) -> None:
    posts_ensure()
    page = officer.get("/can-bo/them/").content.decode()
    assert "Nơi công tác đầu tiên" in page
    unit = re.search(r'<option value="(\d+)">[^<]*Sở Tài chính</option>', page).group(1)
    data = {
        "full_name": "Lê Thị Mới", "birth_date": "02/02/1992", "sex": "nu", "ethnicity": "01", "religion": "00",
        "staff_category": "cong_chuc", "unit": unit, "since": "01/08/2024", "reason": "tuyen_dung",
    }  # fmt: skip
    response = officer.post("/can-bo/them/", data)
    person = Person.objects.get(full_name="Lê Thị Mới")
    assert response.status_code == 302 and response["Location"] == f"/can-bo/{person.pk}/"
    assert person.assignments.get().valid_from == dt.date(2024, 8, 1)
    assert officer.post("/can-bo/them/", {**data, "since": "abc"}).status_code == 400


def test_adding_is_not_offered_to_a_leader(builtin_org, make_user) -> None:
    leader = client(make_user("lanh_dao", "KH"))
    assert "Thêm cán bộ" not in leader.get("/can-bo/").content.decode()
    assert leader.get("/can-bo/them/").status_code == 403


# ---- the appointment checks: the form, the API and the import all ask ---------------------------------


@override_settings(CANBO_APPOINTMENT_CHECKS=[CHECKER])
def test_a_refusal_of_the_checker_is_shown_beside_the_form(people, officer) -> None:
    an = people["an"]
    unit = Assignment.objects.get(person=an).unit_id
    post = Assignment._meta.get_field("post").related_model.objects.get(code="truong_phong").pk
    response = officer.post(
        form_url(an, "bo-nhiem"),
        {"version": 1, "unit": unit, "post": post, "on": "01/03/2025", "decision_number": "TU-CHOI"},
        **HX,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa đủ thời gian giữ chức vụ hiện tại (thử)." in body
    assert body.index("Chưa đủ thời gian") > body.index('id="bo-nhiem-post"')  # beside the post field
    assert [c["kind"] for c in CALLS] == ["first"]
    an.refresh_from_db()
    assert an.version == 1 and an.assignments.count() == 1
    ok = officer.post(
        form_url(an, "bo-nhiem"), {"version": 1, "unit": unit, "post": post, "on": "01/03/2025"}, **HX
    )
    assert ok.status_code == 200 and "Lưu ý khi thẩm định: Lưu ý: first (QĐ thử)" in ok.content.decode()


@override_settings(CANBO_APPOINTMENT_CHECKS=[CHECKER])
def test_the_api_asks_the_checker(people, officer) -> None:
    an = people["an"]
    url = f"/api/people/people/{an.pk}/appointments"
    body = {"version": 1, "unit_code": "KH.STC", "post_code": "truong_phong", "valid_from": "2025-03-01"}
    refused = officer.post(url, {**body, "decision_number": "TU-CHOI"}, content_type="application/json")
    assert refused.status_code == 422 and "Chưa đủ thời gian" in refused.json()["detail"]
    created = officer.post(url, {**body, "note": "lý do"}, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["check_reasons"] == [{"rule": "thu", "text": "Lưu ý: first", "source": "QĐ thử"}]
    assert created.json()["person_version"] == 2 and created.json()["note"] == "lý do"
    assert [(c["kind"], c["note"]) for c in CALLS] == [("first", ""), ("first", "lý do")]


# ---- the API ---------------------------------------------------------------------------------------


def test_api_career_events_with_optimistic_locking(people, officer) -> None:
    hoa = people["hoa"]
    # The term's evaluations, which a re-appointment reads (without them, a case for the competent level).
    Evaluation.objects.bulk_create(Evaluation(person=hoa, year=y, level="tot") for y in range(2020, 2025))
    base = f"/api/people/people/{hoa.pk}"
    post = officer.post
    first = hoa.assignments.get()
    again = post(f"{base}/reappointments", {"version": 1, "assignment_id": first.pk, "valid_from": "2025-01-01"},
                 content_type="application/json")  # fmt: skip
    assert again.status_code == 201 and again.json()["start_reason"] == "bo_nhiem_lai"
    stale = post(f"{base}/transfers", {"version": 1, "unit_code": "KH.STC", "valid_from": "2025-06-01"},
                 content_type="application/json")  # fmt: skip
    assert (
        stale.status_code == 409
        and "noivu" in stale.json()["detail"]
        and "Bổ nhiệm lại" in stale.json()["detail"]
    )
    moved = post(f"{base}/transfers", {"version": 2, "unit_code": "KH.STC", "valid_from": "2025-06-01",
                                       "post_code": "giam_doc_so"}, content_type="application/json")  # fmt: skip
    assert moved.status_code == 201 and moved.json()["unit_code"] == "KH.STC"
    ended = post(f"{base}/assignments/{moved.json()['id']}/end",
                 {"version": 3, "on": "2026-01-01", "reason": "mien_nhiem"}, content_type="application/json")  # fmt: skip
    assert ended.status_code == 200 and ended.json()["end_reason"] == "mien_nhiem"
    retired = post(f"{base}/retirement", {"version": 4}, content_type="application/json")
    assert retired.status_code == 200 and [a["valid_to"] for a in retired.json()] == ["2045-04-01"]
    assert officer.get(base).json()["version"] == 5


def test_api_sub_records(people, officer, make_user) -> None:
    an = people["an"]
    base = f"/api/people/people/{an.pk}"
    made = officer.post(
        f"{base}/evaluations", {"version": 1, "year": 2024, "level": "tot"}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["text"] == "Năm 2024: Hoàn thành tốt nhiệm vụ"
    rid = made.json()["id"]
    fixed = officer.put(f"{base}/evaluations/{rid}", {"version": 2, "year": 2024, "level": "hoan_thanh"},
                        content_type="application/json")  # fmt: skip
    assert fixed.status_code == 200 and fixed.json()["values"]["level"] == "hoan_thanh"
    planned = officer.post(f"{base}/planning", {"version": 3, "post_code": "giam_doc_so", "unit_code": "KH.STC",
                                                "term_from": 2026, "term_to": 2031}, content_type="application/json")  # fmt: skip
    assert planned.status_code == 201, planned.json()
    bad = officer.post(
        f"{base}/trainings", {"version": 4, "kind": "khong_co"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert officer.delete(f"{base}/evaluations/{rid}?version=1").status_code == 409
    assert officer.delete(f"{base}/evaluations/{rid}?version=4").status_code == 204
    leader = client(make_user("lanh_dao", "KH"))
    refused = leader.post(
        f"{base}/evaluations", {"version": 5, "year": 2023, "level": "tot"}, content_type="application/json"
    )
    assert refused.status_code == 404


def test_the_schema_documents_the_dossier_endpoints(officer) -> None:
    schema = officer.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/people/people/{person_id}/appointments",
        "/api/people/people/{person_id}/reappointments",
        "/api/people/people/{person_id}/transfers",
        "/api/people/people/{person_id}/assignments/{assignment_id}/end",
        "/api/people/people/{person_id}/retirement",
        "/api/people/people/{person_id}/evaluations",
        "/api/people/people/{person_id}/evaluations/{record_id}",
        "/api/people/people/{person_id}/political-conclusions",
    ):
        assert path in paths, path
    assert "409" in paths["/api/people/people/{person_id}/appointments"]["post"]["responses"]
