"""The API answers every kind of refusal with its status and a Vietnamese message, from one handler
(canbo/api.py) — the same codes as before the error model (issue 11.2). The plans endpoints have their
own test (plans/tests/test_api_refusals.py)."""

import datetime as dt

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

BODY = {
    "full_name": "Nguyễn Thị Mẫu",
    "birth_date": "1985-04-15",
    "sex": "nu",
    "ethnicity": "01",
    "unit_code": "KH.STC",
    "staff_category": "cong_chuc",
}


def _client(user: object | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def hoa(builtin_org, make_user):  # type: ignore[no-untyped-def]
    from canbo.org.models import Unit
    from canbo.people.services import person_create

    return person_create(
        actor=make_user("admin"),
        data=BODY
        | {"birth_date": dt.date(1985, 4, 15), "unit": Unit.objects.get(code="KH.STC")}
        | {k: None for k in ("unit_code",)},
    )


def _detail(response) -> str:  # type: ignore[no-untyped-def]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"], body
    return str(body["detail"])


def test_not_signed_in_is_401(builtin_org) -> None:
    assert _client().get("/api/people/people").status_code == 401


def test_missing_and_outside_the_scope_are_the_same_404(hoa, make_user) -> None:
    officer = _client(make_user("noi_vu", "KH"))
    missing = officer.get(f"/api/people/people/{hoa.pk + 1000}")
    outside = _client(make_user("dau_moi", "KH.SYT")).get(f"/api/people/people/{hoa.pk}")
    assert missing.status_code == outside.status_code == 404
    assert _detail(missing) == _detail(outside) == "Hồ sơ không thuộc phạm vi của bạn."
    assert _client(make_user("dau_moi", "KH.SYT")).get("/api/org/units/999999").status_code == 404


def test_a_role_that_may_not_is_403(builtin_org, make_user) -> None:
    leader = _client(make_user("lanh_dao", "KH"))
    response = leader.post("/api/people/people", BODY, content_type="application/json")
    assert response.status_code == 403 and _detail(response)


def test_bad_input_is_422_with_each_field(builtin_org, make_user) -> None:
    officer = _client(make_user("noi_vu", "KH"))
    response = officer.post(
        "/api/people/people", BODY | {"sex": "zz", "unit_code": "KHONG.CO"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"unit_code"}
    response = officer.post("/api/people/people", BODY | {"sex": "zz"}, content_type="application/json")
    assert response.status_code == 422 and {e["field"] for e in response.json()["errors"]} == {"sex"}


def test_a_stale_version_is_409(hoa, make_user) -> None:
    officer = _client(make_user("noi_vu", "KH"))
    response = officer.patch(
        f"/api/people/people/{hoa.pk}",
        {"version": hoa.version + 5, "full_name": "X"},
        content_type="application/json",
    )
    assert response.status_code == 409 and "người khác sửa" in _detail(response)
