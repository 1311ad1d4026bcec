"""Issue 14: an appointment without a political-standard conclusion cannot be recorded through the
person's page, the API or an Excel import, and the refusal names the rule (the plan's II.7, RULES.md §3);
once the person has a conclusion, the same three go through, the cases the competent level decided
(here: not in a planning pool) kept with the assignment, with the decision's number and a note.

The real gate as canbo/settings.py configures it (CANBO_APPOINTMENT_CHECKS), nothing replaced."""

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from canbo.audit.models import AuditEntry
from canbo.core.excel import write_workbook
from canbo.people.io import columns as C
from canbo.people.models import Assignment, PeopleImport, Person, PoliticalConclusion, Post
from canbo.people.services import IMPORTED_DECISION_NOTE, posts_ensure
from canbo.people.tests.test_records import make_person

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
ON = dt.date(2025, 3, 1)  # after 29/10/2021 (gate.political_conclusion_from): checked
RULE = "Kết luận tiêu chuẩn chính trị"
TEXT = "Chưa có kết luận tiêu chuẩn chính trị đến ngày 01/03/2025: không được bổ nhiệm"
PLAN = "Nghị quyết 07-NQ/TU, mục II.7"  # the rule's source as the gate cites it


@pytest.fixture
def an(builtin_org: None) -> Person:
    """A civil servant of the Department of Finance since 2020, in no planning pool, with no
    political-standard conclusion on record."""
    posts_ensure()
    return make_person("Trần Văn An", "KH.STC", sex="nam", born=dt.date(1990, 5, 1), concluded=None)


@pytest.fixture
def officer(make_user: Any, builtin_org: None) -> Client:
    c = Client()
    c.force_login(make_user("noi_vu", "KH"))
    return c


def test_the_gate_is_the_configured_check() -> None:
    assert "canbo.decisions.checker.appointment_gate" in settings.CANBO_APPOINTMENT_CHECKS


def head_of_division() -> Post:
    return Post.objects.get(code="truong_phong")


def nothing_appointed(person: Person) -> bool:
    person.refresh_from_db()
    return (
        person.version == 1
        and not person.assignments.filter(post__isnull=False).exists()
        and not AuditEntry.objects.filter(action__startswith="people.assignment.").exists()
    )


def conclude(person: Person) -> None:
    PoliticalConclusion.objects.create(
        person=person, concluded_on=dt.date(2024, 12, 10), conclusion="Đủ tiêu chuẩn chính trị"
    )


# ---- (a) the person's page: the appointment form (htmx) ------------------------------------------


def appoint_by_form(officer: Client, person: Person, **extra: Any) -> Any:
    data = {
        "version": person.version,
        "unit": person.unit_id,
        "post": head_of_division().pk,
        "on": f"{ON:%d/%m/%Y}",
        "decision_number": "25/QĐ-STC",
        "note": "Giám đốc Sở quyết định bổ nhiệm ngoài quy hoạch theo đề nghị của phòng",
        **extra,
    }
    return officer.post(f"/can-bo/{person.pk}/bieu-mau/bo-nhiem/", data, **HX)


def test_the_form_refuses_an_appointment_without_a_conclusion(an, officer) -> None:
    response = appoint_by_form(officer, an)
    assert response.status_code == 400
    body = response.content.decode()
    assert RULE in body and TEXT in body and PLAN in body
    assert nothing_appointed(an)


def test_the_form_appoints_once_there_is_a_conclusion_keeping_the_soft_reasons(an, officer) -> None:
    conclude(an)
    without_number = appoint_by_form(officer, an, decision_number="", note="")
    assert without_number.status_code == 400 and "Cần số quyết định của cấp có thẩm quyền." in (
        without_number.content.decode()
    )
    assert nothing_appointed(an)
    response = appoint_by_form(officer, an)
    assert response.status_code == 200, response.content.decode()
    assert "Lưu ý khi thẩm định" in response.content.decode()
    made = an.assignments.get(post__code="truong_phong")
    assert (made.valid_from, made.decision_number) == (ON, "25/QĐ-STC")
    assert made.note.startswith("Giám đốc Sở quyết định") and "Quy hoạch" in [
        r["rule"] for r in made.check_reasons
    ]


# ---- (b) the API ------------------------------------------------------------------------------------


def appoint_by_api(officer: Client, person: Person, **extra: Any) -> Any:
    body = {
        "version": person.version,
        "unit_code": "KH.STC",
        "post_code": "truong_phong",
        "valid_from": ON.isoformat(),
        "decision_number": "26/QĐ-STC",
        "note": "Bổ nhiệm ngoài quy hoạch: Giám đốc Sở quyết định",
        **extra,
    }
    return officer.post(f"/api/people/people/{person.pk}/appointments", body, content_type="application/json")


def test_the_api_refuses_an_appointment_without_a_conclusion(an, officer) -> None:
    response = appoint_by_api(officer, an)
    assert response.status_code == 422
    answer = response.json()
    assert RULE in answer["detail"] and TEXT in answer["detail"] and PLAN in answer["detail"]
    assert nothing_appointed(an)


def test_the_api_appoints_once_there_is_a_conclusion_keeping_the_soft_reasons(an, officer) -> None:
    conclude(an)
    without_number = appoint_by_api(officer, an, decision_number="")
    assert without_number.status_code == 422 and "Cần số quyết định" in without_number.json()["detail"]
    assert nothing_appointed(an)
    response = appoint_by_api(officer, an)
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["decision_number"] == "26/QĐ-STC" and answer["person_version"] == 2
    assert "Quy hoạch" in [r["rule"] for r in answer["check_reasons"]]
    assert an.assignments.get(post__code="truong_phong").check_reasons == answer["check_reasons"]


# ---- (c) an Excel import (the upload page) ----------------------------------------------------------


def roster(**cells: Any) -> bytes:
    """A one-row file: Lê Văn Tâm, new, head of division of the Department of Finance from 01/03/2025."""
    values = {
        C.NAME: "Lê Văn Tâm", C.BIRTH: "02/02/1988", C.SEX: "Nam", C.ETHNICITY: "Kinh", C.RELIGION: "Không",
        C.CCCD: "", C.UNIT: "KH.STC", C.CATEGORY: "Công chức", C.POST: "Trưởng phòng",
        C.POST_FROM: f"{ON:%d/%m/%Y}", C.LANGUAGE: "", C.LANGUAGE_LEVEL: None, C.POLITICAL: "",
        C.QUALIFICATION: "Đại học", C.UNIT_FROM: "01/09/2015", C.CONCLUSION: None, C.DECISION: "27/QĐ-STC",
    }  # fmt: skip
    by_key = {c.key: c for c in C.COLUMNS}
    values.update({by_key[k]: v for k, v in cells.items()})
    return write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], [[values[c] for c in C.COLUMNS]])])


def upload(officer: Client, data: bytes) -> Any:
    return officer.post("/can-bo/nhap-excel/", {"tep": SimpleUploadedFile("ds.xlsx", data)}, **HX)


def test_an_import_refuses_an_appointment_without_a_conclusion(builtin_org, officer) -> None:
    response = upload(officer, roster())
    assert response.status_code == 400
    html = response.content.decode()
    table = html[html.index('id="import-errors"') :]
    assert f"<td>2</td><td>Lê Văn Tâm</td><td>{C.CONCLUSION.header}</td>" in table
    assert RULE in table and TEXT in table and PLAN in table
    assert f"ghi ngày kết luận vào cột “{C.CONCLUSION.header}”" in table  # what to do
    assert not Person.objects.exists() and not Assignment.objects.exists()
    assert (
        not PeopleImport.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="people.").exists()
    )


def test_an_import_appoints_with_the_conclusion_column_keeping_the_soft_reasons(builtin_org, officer) -> None:
    without_number = upload(officer, roster(conclusion="10/12/2024", decision=""))
    assert (
        without_number.status_code == 400
        and f"<td>{C.DECISION.header}</td>" in without_number.content.decode()
    )
    assert not Person.objects.exists() and not PoliticalConclusion.objects.exists()
    response = upload(officer, roster(conclusion="10/12/2024"))
    assert response.status_code == 200, response.content.decode()
    tam = Person.objects.get()
    conclusion = tam.political_conclusions.get()
    assert (conclusion.concluded_on, conclusion.meets_standard) == (dt.date(2024, 12, 10), True)
    made = tam.assignments.get(post__code="truong_phong")
    assert (made.valid_from, made.decision_number, made.note) == (ON, "27/QĐ-STC", IMPORTED_DECISION_NOTE)
    assert "Quy hoạch" in [r["rule"] for r in made.check_reasons]
