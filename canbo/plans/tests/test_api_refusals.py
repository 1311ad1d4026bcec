"""The plan API answers each kind of refusal with its status, from the services' errors (core.errors)
through the API's handlers, never mapped by the endpoint: 404 outside the scope or missing (alike),
403 a role that may not, 422 refused input, 409 decided already. The codes of the occurrence and
report endpoints are the ones they answered before the services moved to core.errors."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from canbo.audit.models import AuditEntry
from canbo.plans.choices import Progress, Review
from canbo.plans.models import Occurrence, Report
from canbo.plans.services import ReportInput, report_review, report_submit

pytestmark = pytest.mark.django_db
JSON = "application/json"
MISSING = 999_999


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pl3(builtin_plan) -> Occurrence:
    """Sở Tài chính's occurrence of PL.3."""
    return Occurrence.objects.get(task__code="PL.3")


@pytest.fixture
def pending(pl3, make_user) -> Report:
    """A report of Sở Tài chính waiting for Sở Nội vụ's review."""
    focal = make_user("dau_moi", "KH.STC", username="stc")
    return report_submit(
        actor=focal, occurrence=pl3, data=ReportInput(progress=Progress.IN_PROGRESS), on=dt.date(2026, 6, 1)
    )


def _written() -> tuple[list[Any], int]:
    return list(
        Report.objects.order_by("pk").values_list("pk", "review", "review_comment")
    ), AuditEntry.objects.count()


def _report(client: Client, occurrence_id: int, **payload: Any) -> Any:
    return client.post(
        f"/api/plans/occurrences/{occurrence_id}/reports", {"progress": "dang", **payload}, content_type=JSON
    )


def _review(client: Client, report_id: int, **payload: Any) -> Any:
    return client.post(f"/api/plans/reports/{report_id}/review", payload, content_type=JSON)


# --- 404: outside the scope, or missing: the same answer ---------------------------------------------


def test_an_occurrence_outside_the_scope_is_answered_like_a_missing_one(pl3, make_user) -> None:
    other = _client(make_user("dau_moi", "KH.SYT"))
    before = _written()
    outside = other.get(f"/api/plans/occurrences/{pl3.pk}")
    missing = other.get(f"/api/plans/occurrences/{MISSING}")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert _report(other, pl3.pk).status_code == _report(other, MISSING).status_code == 404
    # A leader sees the occurrence but may not change it: the same 404 as before.
    assert _report(_client(make_user("lanh_dao", "KH")), pl3.pk).status_code == 404
    assert _written() == before


def test_a_review_outside_the_scope_is_answered_like_a_missing_report(pending, make_user) -> None:
    other = _client(make_user("dau_moi", "KH.SYT"))
    before = _written()
    outside = _review(other, pending.pk, accept=True)
    assert outside.status_code == _review(other, MISSING, accept=True).status_code == 404
    assert "phạm vi được phân quyền" in outside.json()["detail"]
    narrow_officer = _client(make_user("noi_vu", "KH.SYT"))  # Sở Nội vụ's role over another agency
    assert _review(narrow_officer, pending.pk, accept=True).status_code == 404
    assert _written() == before


# --- 403: a role that may not ----------------------------------------------------------------------


def test_only_home_affairs_reviews(pending, make_user) -> None:
    before = _written()
    focal = _client(make_user("dau_moi", "KH.STC"))  # sees the report: may not review it
    refused = _review(focal, pending.pk, accept=True)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Chỉ Sở Nội vụ được thực hiện thao tác này."}
    assert _review(_client(make_user("lanh_dao", "KH")), pending.pk, accept=True).status_code == 403
    assert _written() == before


def test_nobody_reviews_their_own_report(pl3, make_user) -> None:
    officer = make_user("noi_vu", "KH")
    own = report_submit(
        actor=officer, occurrence=pl3, data=ReportInput(progress=Progress.IN_PROGRESS), on=dt.date(2026, 6, 1)
    )
    before = _written()
    refused = _review(_client(officer), own.pk, accept=True)
    assert refused.status_code == 403 and "chính mình gửi" in refused.json()["detail"]
    assert _written() == before


# --- 422: refused input, each problem under its column ---------------------------------------------


def test_a_bad_report_is_refused_with_its_columns(pl3, make_user) -> None:
    focal = _client(make_user("dau_moi", "KH.STC"))
    before = _written()
    refused = _report(focal, pl3.pk, progress="xong", percent=300)
    assert refused.status_code == 422
    columns = {e["column"]: e["message"] for e in refused.json()["errors"]}
    assert columns == {
        "Tỷ lệ hoàn thành (%)": "Tỷ lệ hoàn thành phải từ 0 đến 100.",
        "Ngày hoàn thành": "Báo cáo hoàn thành phải ghi ngày hoàn thành.",
    }
    assert _report(focal, pl3.pk, progress="gan_xong").status_code == 422
    assert _report(focal, pl3.pk, progress=None).status_code == 422  # not even the schema's shape
    assert _written() == before


def test_a_return_without_a_comment_is_refused(pending, make_user) -> None:
    before = _written()
    refused = _review(_client(make_user("noi_vu", "KH")), pending.pk, accept=False, comment="  ")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["column"] == "Ý kiến"
    assert _written() == before


# --- 409: decided already --------------------------------------------------------------------------


def test_a_report_decided_already_is_a_conflict(pending, make_user) -> None:
    first, second = make_user("noi_vu", "KH", username="truoc"), make_user("noi_vu", "KH")
    report_review(actor=first, report=pending, accept=True, comment="", on=dt.date(2026, 6, 2))
    before = _written()
    refused = _review(_client(second), pending.pk, accept=False, comment="Thiếu số liệu.")
    assert refused.status_code == 409
    assert "đã được truoc chấp nhận ngày 02/06/2026" in refused.json()["detail"]
    assert _written() == before


# --- and what is allowed -------------------------------------------------------------------------


def test_home_affairs_reviews_through_the_api(pending, make_user) -> None:
    accepted = _review(_client(make_user("noi_vu", "KH")), pending.pk, accept=True)
    assert accepted.status_code == 200
    assert accepted.json()["review"] == Review.ACCEPTED == Report.objects.get(pk=pending.pk).review


def test_anonymous_clients_are_not_answered(pl3, pending) -> None:
    assert _report(Client(), pl3.pk).status_code == 401
    assert _review(Client(), pending.pk, accept=True).status_code == 401
