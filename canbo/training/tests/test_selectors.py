"""The language programme's cohorts as the indicators count them: the people enrolled by name in the
user's part of the organisation, the planned places only for a user who sees the whole province."""

import datetime as dt

import pytest

from canbo.training import services
from canbo.training.selectors import language_cohorts

pytestmark = pytest.mark.django_db
D = dt.date


def test_cohorts_name_the_users_people_and_count_places_for_the_province(
    make_person, make_class, home_affairs, focal
) -> None:
    own = make_person("Hồ Thị Mình")
    other = make_person("Vũ Văn Ngoài", code="KH.SYT")
    refused = make_person("Lê Không Duyệt")
    b2 = make_class("b2", name="B2 2027", starts=D(2027, 1, 4), ends=D(2027, 6, 30))
    for person in (own, other, refused):
        e = services.enrolment_propose(actor=home_affairs, training_class=b2, person=person)
        services.enrolment_decide(actor=home_affairs, enrolment=e, approve=person != refused)
    services.cohort_save(
        actor=home_affairs,
        data={
            "name": "B2 2027",
            "year": 2027,
            "completes_on": D(2027, 7, 15),
            "training_class": b2,
            "places": 5,
        },
    )
    services.cohort_save(
        actor=home_affairs,
        data={
            "name": "Chỉ tiêu 2028",
            "year": 2028,
            "level": 4,
            "completes_on": D(2028, 12, 1),
            "places": 20,
        },
    )
    province = language_cohorts(user=home_affairs)
    assert [(c.name, c.level, c.completes_on, set(c.person_ids), c.places) for c in province] == [
        ("B2 2027", 4, D(2027, 7, 15), {own.pk, other.pk}, 5),
        ("Chỉ tiêu 2028", 4, D(2028, 12, 1), set(), 20),
    ]
    agency = language_cohorts(user=focal)
    assert [(set(c.person_ids), c.places) for c in agency] == [({own.pk}, 0), (set(), 0)]
