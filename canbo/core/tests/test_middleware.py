"""Request guards: NUL refused at the door, a busy database answered 503, nothing personal cached."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from canbo.core.middleware import NUL_MESSAGE, RequestGuardMiddleware

pytestmark = pytest.mark.django_db


def test_nul_in_a_search_is_refused_with_a_vietnamese_page(officer) -> None:
    response = officer.get("/can-bo/", {"q": "Nguy\x00ễn"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_nul_in_an_api_body_is_refused_as_json(officer) -> None:
    body = '{"full_name": "A\\u0000B", "birth_date": "1985-01-01"}'
    response = officer.post("/api/people/people", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"] == NUL_MESSAGE


def test_nul_in_a_form_field_is_refused(officer) -> None:
    response = officer.post("/chi-tieu/luu/", {"ngay": "01/01/2025\x00"})
    assert response.status_code == 400


def test_every_page_and_api_answer_is_no_store(officer) -> None:
    for url in ("/can-bo/", "/api/people/people", "/can-bo/xuat-excel/", "/dang-nhap/"):
        assert "no-store" in officer.get(url)["Cache-Control"], url


def test_a_busy_database_is_answered_503_in_vietnamese() -> None:
    guard = RequestGuardMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    for path, kind in (("/can-bo/", "text/html"), ("/api/people/people", "application/json")):
        request = RequestFactory().post(path)
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        response = guard.process_exception(request, OperationalError("database is locked"))
        assert response is not None and response.status_code == 503
        assert kind in response["Content-Type"] and "đang bận" in response.content.decode()
    other = guard.process_exception(RequestFactory().get("/"), OperationalError("disk I/O error"))
    assert other is None  # a real fault goes on to the error page and the log


def test_a_body_larger_than_an_upload_is_refused_before_it_is_read(officer, settings) -> None:
    settings.CANBO_MAX_UPLOAD_BYTES = 1024
    body = b"x" * (3 * 1024 * 1024)
    response = officer.generic("POST", "/can-bo/nhap-excel/", body, content_type="application/octet-stream")
    assert response.status_code == 413 and "quá lớn" in response.content.decode()
    api = officer.generic("POST", "/api/people/people", body, content_type="application/json")
    assert api.status_code == 413 and "quá lớn" in api.json()["detail"]
