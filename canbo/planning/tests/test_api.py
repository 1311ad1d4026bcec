"""/api/planning/: the same reads and writes as the pages, through the same services and refusals."""

import datetime as dt

import pytest
from django.test import Client

from canbo.people.models import PlanningMembership
from canbo.planning.tests.conftest import post, unit

pytestmark = pytest.mark.django_db
D = dt.date


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_members(make_person, enter):
    first = make_person("Nguyễn Thị Một", post_code="truong_phong", born=D(1990, 1, 1))
    second = make_person("Trần Văn Hai", post_code="truong_phong", sex="nam", born=D(1975, 1, 1))
    return [enter(first, "pho_giam_doc_so"), enter(second, "pho_giam_doc_so")]


def test_pools_and_one_pool(two_members, leader) -> None:
    client = client_for(leader)
    body = client.get("/api/planning/pools?as_of=2025-11-03").json()
    (pool,) = body["pools"]
    assert (pool["post_code"], pool["term_from"], pool["max_members"], len(pool["members"])) == (
        "pho_giam_doc_so", 2025, 3, 2,
    )  # fmt: skip
    assert "ethnicity" not in pool["members"][0]
    women = next(s for s in pool["structure"] if s["label"] == "Nữ")
    assert (women["count"], women["total"], women["met"]) == (1, 2, True)
    assert body["by_term"][0]["people"] == 2
    one = client.get(
        f"/api/planning/pools/{unit('KH.STC').pk}/{post('pho_giam_doc_so').pk}/2025/2030?as_of=2025-11-03"
    )
    assert one.status_code == 200 and len(one.json()["members"]) == 2
    assert (
        client.get(
            f"/api/planning/pools/{unit('KH.SYT').pk}/{post('pho_giam_doc_so').pk}/2025/2030"
        ).status_code
        == 404
    )


def test_check_propose_approve_through_the_api(two_members, officer, make_person, enter) -> None:
    client = client_for(officer)
    third = make_person("Lê Thị Ba", post_code="truong_phong")
    fourth = make_person("Phạm Văn Bốn", post_code="truong_phong")
    entry = {
        "post_id": post("pho_giam_doc_so").pk,
        "unit_id": unit("KH.STC").pk,
        "term_from": 2025,
        "term_to": 2030,
    }
    ok = client.post(
        "/api/planning/check",
        {**entry, "person_id": third.pk, "on": "2025-11-03"},
        content_type="application/json",
    )
    assert ok.json() == {"allowed": True, "problems": []}
    created = client.post(
        "/api/planning/proposals",
        {**entry, "person_id": third.pk, "on": "2025-11-03"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    approved = client.post(
        f"/api/planning/proposals/{created.json()['id']}/approve",
        {"decision_number": "12-QĐ/TU", "decided_on": "2025-11-20"},
        content_type="application/json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "da_phe_duyet"
    refused = client.post(
        "/api/planning/proposals",
        {**entry, "person_id": fourth.pk, "on": "2025-11-21"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "planning.max_per_post"
    assert "Quy định 377-QĐ/TW" in refused.json()["detail"]


def test_exit_and_roles_through_the_api(two_members, officer, focal, leader) -> None:
    membership = two_members[0]
    body = {"reason": "nguyen_vong", "on": "2026-01-10", "decision_number": "3-QĐ"}
    assert (
        client_for(leader)
        .post(f"/api/planning/memberships/{membership.pk}/exit", body, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_for(focal)
        .post(f"/api/planning/memberships/{membership.pk}/exit", body, content_type="application/json")
        .status_code
        == 403
    )
    done = client_for(officer).post(
        f"/api/planning/memberships/{membership.pk}/exit", body, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "da_dua_ra"
    assert PlanningMembership.objects.get(pk=membership.pk).removed_on == D(2026, 1, 10)
    review = client_for(officer).post(
        "/api/planning/reviews",
        {"unit_id": unit("KH.STC").pk, "term_from": 2025, "term_to": 2030, "reviewed_on": "2026-01-10"},
        content_type="application/json",
    )
    assert review.status_code == 201
    assert client_for(officer).get("/api/planning/exit-proposals?as_of=2026-02-01").json() == []
