"""/api/training/: reads scoped to the user, an agency proposing, Sở Nội vụ deciding."""

from typing import Any

import pytest
from django.test import Client

from canbo.training import services
from canbo.training.choices import EnrolmentStatus

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_api_reads_and_writes_within_scope(make_person, make_class, focal, home_affairs) -> None:
    own = make_person("Hồ Thị Mình")
    other = make_person("Vũ Văn Ngoài", code="KH.SYT")
    course = make_class("cvc")
    theirs = services.enrolment_propose(actor=home_affairs, training_class=course, person=other)
    api = client_for(focal)
    assert {c["code"] for c in api.get("/api/training/courses").json()} == {
        "cvc",
        "cao-cap",
        "cap-nhat",
        "b2",
    }
    assert [c["code"] for c in api.get("/api/training/courses", {"kind": "ngoai_ngu"}).json()] == ["b2"]
    classes = api.get("/api/training/classes", {"year": 2026}).json()
    assert [c["id"] for c in classes] == [course.pk] and classes[0]["held"] == 1
    made = api.post(
        f"/api/training/classes/{course.pk}/enrolments",
        {"person_id": own.pk},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["status"] == EnrolmentStatus.PROPOSED
    refused = api.post(
        f"/api/training/classes/{course.pk}/enrolments",
        {"person_id": other.pk},
        content_type="application/json",
    )
    assert refused.status_code == 404  # another agency's person: not theirs to see
    listed = api.get(f"/api/training/classes/{course.pk}/enrolments").json()
    assert [e["full_name"] for e in listed] == ["Hồ Thị Mình"]
    decided = api.post(
        f"/api/training/enrolments/{made.json()['id']}/decision",
        {"approve": True},
        content_type="application/json",
    )
    assert decided.status_code == 403
    assert (
        api.post(
            f"/api/training/enrolments/{theirs.pk}/decision",
            {"approve": True},
            content_type="application/json",
        ).status_code
        == 404
    )
    officer = client_for(home_affairs)
    done = officer.post(
        f"/api/training/enrolments/{made.json()['id']}/decision",
        {"approve": True},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == EnrolmentStatus.APPROVED
    assert len(officer.get(f"/api/training/classes/{course.pk}/enrolments").json()) == 2
