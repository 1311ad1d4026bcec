"""Issue 10, points 3–5: the API creates a person with a CCCD, refuses unknown catalogue codes (and the
database refuses them from any path), and a GET then PUT keeps every value."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from canbo.audit.models import AuditEntry
from canbo.org.models import Unit
from canbo.people.models import Assignment, Person
from canbo.people.services import posts_ensure
from canbo.plans.models import Report

pytestmark = pytest.mark.django_db

TEMPLATE_EXAMPLE = {  # the template's own example row (people/io/export.py)
    "full_name": "Nguyễn Thị Mẫu",
    "birth_date": "1985-04-15",
    "sex": "nu",
    "ethnicity": "01",
    "cccd": "001185012345",
    "unit_code": "KH.STC",
    "staff_category": "cong_chuc",
}


@pytest.fixture(autouse=True)
def _posts(builtin_org) -> None:
    posts_ensure()


def _post(client: Client, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post("/api/people/people", body, content_type="application/json")


def test_the_api_creates_a_person_with_the_template_example_cccd(officer) -> None:
    response = _post(officer, TEMPLATE_EXAMPLE)
    assert response.status_code == 201, response.content
    assert response.json()["cccd"] == "001185012345"
    assert Person.objects.get(full_name="Nguyễn Thị Mẫu").cccd == "001185012345"


def test_a_wrong_cccd_is_refused_with_the_reason(officer) -> None:
    response = _post(officer, TEMPLATE_EXAMPLE | {"sex": "nam"})
    assert response.status_code == 422
    assert "Chữ số thứ 4 là 1" in response.json()["detail"]
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("political_theory", "zzz"),
        ("qualification", "zzz"),
        ("state_management", "zzz"),
        ("ethnicity", "99"),
        ("religion", "zz"),
        ("sex", "zz"),
        ("staff_category", "zz"),
    ],
)
def test_an_unknown_catalogue_code_is_refused_and_nothing_breaks(officer, field: str, value: str) -> None:
    response = _post(officer, TEMPLATE_EXAMPLE | {field: value})
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not Person.objects.exists()
    assert officer.get("/can-bo/xuat-excel/").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sex", "zz"),
        ("staff_category", "zz"),
        ("political_theory", "zzz"),
        ("qualification", "zzz"),
        ("state_management", "zzz"),
    ],
)
def test_the_database_refuses_an_unknown_code_from_any_path(officer, field: str, value: str) -> None:
    assert _post(officer, TEMPLATE_EXAMPLE).status_code == 201
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.update(**{field: value})


def test_an_ethnicity_outside_the_catalogue_breaks_no_page(officer) -> None:
    """Ethnicity and religion are kept as keyed hashes (decisions/0008): no constraint can list them, so
    a code stored around the services is read back as unknown, and shown as such."""
    person_id = _post(officer, TEMPLATE_EXAMPLE).json()["id"]
    Person.objects.update(ethnicity="99", religion="zz")
    page = officer.get(f"/can-bo/{person_id}/")
    assert page.status_code == 200 and "không có trong danh mục dân tộc" in page.content.decode()
    assert officer.get("/can-bo/xuat-excel/").status_code == 200
    assert officer.get(f"/api/people/people/{person_id}").json()["ethnicity"] == "?"


def test_the_database_refuses_a_bogus_report_progress(builtin_plan, make_user) -> None:
    from canbo.plans.models import Occurrence
    from canbo.plans.services import ReportInput, report_submit

    occurrence = Occurrence.objects.filter(original_due__isnull=False).first()
    report_submit(
        actor=make_user("admin"),
        occurrence=occurrence,
        data=ReportInput(progress="dang"),
        on=dt.date(2026, 1, 5),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.update(progress="bogus")


def test_two_identical_open_main_assignments_are_refused(officer) -> None:
    _post(officer, TEMPLATE_EXAMPLE)
    person = Person.objects.get()
    unit = Unit.objects.get(code="KH.STC")
    Assignment.objects.create(person=person, unit=unit, valid_from=dt.date(2020, 1, 1), start_reason="nhap")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            person=person, unit=unit, valid_from=dt.date(2021, 1, 1), start_reason="nhap"
        )
    # A concurrent post (kiêm nhiệm), or the same place once the first has ended, is fine.
    Assignment.objects.create(
        person=person, unit=unit, valid_from=dt.date(2021, 1, 1), start_reason="nhap", concurrent=True
    )


def test_get_then_put_keeps_every_value_and_the_audit_shows_what_changed(officer) -> None:
    created = _post(
        officer,
        TEMPLATE_EXAMPLE
        | {"religion": "01", "salary_coefficient": "4.98", "salary_step": 5, "hometown": "Phan Rang"},
    ).json()
    url = f"/api/people/people/{created['id']}"
    read = officer.get(url).json()
    assert (
        read["salary_coefficient"] == "4.98" and read["religion"] == "01" and read["cccd"] == "001185012345"
    )
    body = {k: v for k, v in read.items() if k != "id"}
    again = officer.put(url, body, content_type="application/json")
    assert again.status_code == 200, again.content
    person = Person.objects.get(pk=created["id"])
    assert person.salary_coefficient == Decimal("4.98")
    assert (person.cccd, person.religion, person.hometown, person.salary_step) == (
        "001185012345",
        "01",
        "Phan Rang",
        5,
    )
    # An update that sends one field changes that field only, and the audit says so.
    patched = officer.patch(
        url,
        {"version": again.json()["version"], "salary_coefficient": "5.36"},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    person.refresh_from_db()
    assert person.salary_coefficient == Decimal("5.36") and person.cccd == "001185012345"
    entry = AuditEntry.objects.filter(action="people.person.update").order_by("pk").last()
    assert entry.changes["before"] == {"salary_coefficient": "4.98"}
    assert entry.changes["after"] == {"salary_coefficient": "5.36"}


def test_a_put_without_a_version_or_with_a_stale_one_changes_nothing(officer) -> None:
    created = _post(officer, TEMPLATE_EXAMPLE).json()
    url = f"/api/people/people/{created['id']}"
    assert officer.put(url, {"full_name": "X"}, content_type="application/json").status_code == 422
    stale = officer.patch(url, {"version": 7, "full_name": "X"}, content_type="application/json")
    assert stale.status_code == 409 and "người khác sửa" in stale.json()["detail"]
    assert Person.objects.get().full_name == "Nguyễn Thị Mẫu"


def test_api_paging_has_a_maximum(officer) -> None:
    response = officer.get("/api/people/people", {"page_size": 100_000})
    assert response.status_code == 422
    assert officer.get("/api/people/people", {"page_size": 200}).json()["page_size"] == 200
