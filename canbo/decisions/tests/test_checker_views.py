"""The checker page, its Word file and its API; the rule pages."""

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from docx import Document

from canbo.decisions.models import RuleSetting
from canbo.org.models import Unit
from canbo.people.models import Assignment, Person, PlanningMembership, PoliticalConclusion, Post
from canbo.people.services import person_names, posts_ensure

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def data(builtin_org: None) -> dict[str, Any]:
    posts_ensure()
    made = {}
    for key, unit, born in (("stc", "KH.STC", D(1975, 5, 1)), ("syt", "KH.SYT", D(1968, 3, 1))):
        p = Person(full_name=f"Trần Văn {key.upper()}", birth_date=born, sex="nam", ethnicity="01",
                   staff_category="cong_chuc", unit=Unit.objects.get(code=unit))  # fmt: skip
        person_names(p)
        p.save()
        Assignment.objects.create(person=p, unit=p.unit, post=Post.objects.get(code="pho_giam_doc_so"),
                                  valid_from=D(2020, 1, 1), start_reason="bo_nhiem")  # fmt: skip
        PoliticalConclusion.objects.create(person=p, concluded_on=D(2024, 1, 1), conclusion="…")
        made[key] = p
    PlanningMembership.objects.create(person=made["stc"], post=Post.objects.get(code="giam_doc_so"),
                                      unit=made["stc"].unit, term_from=2026, term_to=2031)  # fmt: skip
    made["post"] = Post.objects.get(code="giam_doc_so")
    return made


def client_for(make_user: Any, role: str, unit: str = "KH") -> Client:
    client = Client()
    client.force_login(make_user(role, unit))
    return client


def test_the_checker_page_shows_the_verdict_and_its_sources(data: dict[str, Any], officer: Client) -> None:
    url = f"/quyet-dinh/tham-dinh/?nguoi={data['stc'].pk}&chuc_vu={data['post'].pk}&hinh_thuc=higher&ngay=15/09/2026"
    page = officer.get(url).content.decode()
    assert "Đủ điều kiện" in page and "Tải Phiếu thẩm định (Word)" in page
    assert "theo Điều 29 Nghị định 170/2025/NĐ-CP, áp dụng từ 01/07/2025 (chưa kiểm chứng)" in page
    assert 'data-rule="age" data-status="dat"' in page
    refused = officer.get(url.replace(str(data["stc"].pk), str(data["syt"].pk))).content.decode()
    assert "Không đủ điều kiện" in refused and "42 tháng" in refused


def test_the_search_lists_people_in_scope_only(data: dict[str, Any], make_user: Any) -> None:
    focal = client_for(make_user, "dau_moi", "KH.STC")
    page = focal.get("/quyet-dinh/tham-dinh/?tim=tran van").content.decode()
    assert "Trần Văn STC" in page and "Trần Văn SYT" not in page
    outside = f"/quyet-dinh/tham-dinh/?nguoi={data['syt'].pk}&chuc_vu={data['post'].pk}"
    assert focal.get(outside).status_code == 404
    # leaders read aggregates only: no checker
    assert client_for(make_user, "lanh_dao").get("/quyet-dinh/tham-dinh/").status_code == 403


def test_the_word_file_names_each_condition_and_its_text(data: dict[str, Any], officer: Client) -> None:
    url = f"/quyet-dinh/tham-dinh/?nguoi={data['syt'].pk}&chuc_vu={data['post'].pk}&hinh_thuc=higher&ngay=15/09/2026&dinh_dang=docx"
    response = officer.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "PHIẾU THẨM ĐỊNH" in text and "Không đủ điều kiện." in text
    assert "Thời gian công tác còn lại" in cells and "42 tháng" in cells
    assert "Nghị định 170/2025/NĐ-CP" in cells


def test_the_api_answers_through_the_same_service(
    data: dict[str, Any], officer: Client, make_user: Any
) -> None:
    body = {"person_id": data["stc"].pk, "post_id": data["post"].pk, "kind": "higher", "on": "2026-09-15"}
    answer = officer.post("/api/decisions/check", body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    verdict = answer.json()
    assert verdict["outcome"] == "du" and verdict["outcome_label"] == "Đủ điều kiện"
    age = next(r for r in verdict["reasons"] if r["rule"] == "age")
    assert {"label": "Thời gian công tác còn lại", "value": "128 tháng"} in age["evidence"]
    focal = client_for(make_user, "dau_moi", "KH.STC")
    outside = focal.post(
        "/api/decisions/check", body | {"person_id": data["syt"].pk}, content_type="application/json"
    )
    assert outside.status_code == 404
    bad = officer.post("/api/decisions/check", body | {"kind": "x"}, content_type="application/json")
    assert bad.status_code == 422


def test_the_rule_pages(officer: Client, make_user: Any) -> None:
    page = officer.get("/quyet-dinh/quy-tac/?ngay=01/01/2026").content.decode()
    assert "Thời gian công tác còn lại tối thiểu khi bổ nhiệm lần đầu" in page and "chưa kiểm chứng" in page
    assert officer.get("/api/decisions/rules").status_code == 200
    detail = officer.get("/quyet-dinh/quy-tac/appoint.min_months_in_post/").content.decode()
    assert "Thêm phiên bản mới" in detail
    refused = officer.post(
        "/quyet-dinh/quy-tac/appoint.min_months_in_post/",
        {"value": "36", "effective_from": "01/01/2020", "reason": ""},
    )
    assert refused.status_code == 422 and "Phải nêu lý do" in refused.content.decode()
    saved = officer.post(
        "/quyet-dinh/quy-tac/appoint.min_months_in_post/",
        {
            "value": "36",
            "effective_from": "01/01/2031",
            "reason": "Tỉnh quy định 3 năm",
            "text": "Quyết định 5/QĐ-UBND",
        },
    )
    assert saved.status_code == 302
    assert RuleSetting.objects.get(key="appoint.min_months_in_post", effective_from=D(2031, 1, 1)).value == 36
    # a focal officer reads the rules, adds nothing
    focal = client_for(make_user, "dau_moi", "KH.STC")
    assert (
        "Thêm phiên bản mới"
        not in focal.get("/quyet-dinh/quy-tac/appoint.min_months_in_post/").content.decode()
    )
    focal.post(
        "/quyet-dinh/quy-tac/appoint.min_months_in_post/",
        {"value": "48", "effective_from": "01/01/2032", "reason": "x"},
    )
    assert not RuleSetting.objects.filter(effective_from=D(2032, 1, 1)).exists()
    assert officer.get("/quyet-dinh/quy-tac/khong.co/").status_code == 404


def test_an_office_suite_opens_the_word_file(data: dict[str, Any], officer: Client, docx_to_pdf: Any) -> None:
    url = (
        f"/quyet-dinh/tham-dinh/?nguoi={data['stc'].pk}&chuc_vu={data['post'].pk}&hinh_thuc=higher"
        "&ngay=15/09/2026&dinh_dang=docx"
    )
    assert docx_to_pdf(officer.get(url).content).startswith(b"%PDF")
