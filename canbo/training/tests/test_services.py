"""Classes and enrolment: an agency proposes its own people, Sở Nội vụ approves, results are recorded,
and a completed class writes the registry — the training record, a higher level, and a language
level that counts in the indicators from the certificate's date (issue 16.1, 16.3)."""

import datetime as dt
from typing import Any

import pytest

from canbo.audit.models import AuditEntry
from canbo.core.errors import Conflict, InputRejected, NotAllowed, OutOfScope
from canbo.indicators.selectors import indicators_on
from canbo.people.models import LanguageSkill, Person, Training
from canbo.training import services
from canbo.training.choices import ClassStatus, EnrolmentStatus
from canbo.training.models import Enrolment

pytestmark = pytest.mark.django_db
D = dt.date
CERTIFIED = D(2026, 9, 15)


def _stc_international(user: Any, on: dt.date) -> tuple[int, int]:
    """What the targets page counts for Sở Tài chính: able to work internationally, counted."""
    row = next(d for d in indicators_on(user=user, as_of=on)["departments"] if d["unit_code"] == "KH.STC")
    return row["international_capable"], row["staff_counted_for_international"]


def _pass(actor: Any, enrolment: Enrolment, **fields: Any) -> Enrolment:
    services.enrolment_decide(actor=actor, enrolment=enrolment, approve=True)
    return services.result_record(actor=actor, enrolment=enrolment, passed=True, **fields)


def test_a_level_4_language_class_counts_the_person_from_the_certificate_date(
    make_person, make_class, home_affairs, focal
) -> None:
    learner = make_person("Phạm Thị Học")
    make_person("Đỗ Văn Khác")
    LanguageSkill.objects.create(person=learner, language="en", level=2)
    b2 = make_class("b2", name="Tiếng Anh B2 khóa 1/2026")
    enrolment = services.enrolment_propose(actor=focal, training_class=b2, person=learner)
    assert enrolment.level_before == 2 and enrolment.unit.code == "KH.STC"
    _pass(home_affairs, enrolment, result="Đạt", certificate_number="B2-0001", certificate_date=CERTIFIED)
    assert services.class_complete(actor=home_affairs, training_class=b2) == 1

    skill = LanguageSkill.objects.get(person=learner, language="en")
    assert (skill.level, skill.certified_on) == (4, CERTIFIED)
    assert _stc_international(home_affairs, CERTIFIED - dt.timedelta(days=1)) == (0, 2)
    assert _stc_international(home_affairs, CERTIFIED) == (1, 2)
    record = Training.objects.get(person=learner)
    assert (record.kind, record.level, record.finished_on) == ("ngoai_ngu", "Bậc 4 (B2)", D(2026, 8, 28))
    assert AuditEntry.objects.filter(action="training.language.certify", object_id=str(learner.pk)).exists()
    assert Person.objects.get(pk=learner.pk).version > learner.version  # the dossier moved on


def test_a_certificate_never_lowers_a_language_level(make_person, make_class, home_affairs) -> None:
    fluent = make_person("Lê Thị Giỏi")
    LanguageSkill.objects.create(person=fluent, language="en", level=5, certified_on=D(2020, 5, 1))
    b2 = make_class("b2")
    _pass(home_affairs, services.enrolment_propose(actor=home_affairs, training_class=b2, person=fluent))
    services.class_complete(actor=home_affairs, training_class=b2, certified_on=CERTIFIED)
    skill = LanguageSkill.objects.get(person=fluent, language="en")
    assert (skill.level, skill.certified_on) == (5, D(2020, 5, 1))
    assert Training.objects.filter(person=fluent, kind="ngoai_ngu").count() == 1  # the class is on record


def test_a_cao_cap_class_raises_political_theory_and_not_a_higher_one(
    make_person, make_class, home_affairs
) -> None:
    trung = make_person("Nguyễn Văn Trung", political_theory="trung_cap")
    cu_nhan = make_person("Trần Văn Cử", political_theory="cu_nhan")
    course = make_class("cao-cap")
    for person in (trung, cu_nhan):
        _pass(
            home_affairs, services.enrolment_propose(actor=home_affairs, training_class=course, person=person)
        )
    assert services.class_complete(actor=home_affairs, training_class=course) == 2
    assert Person.objects.get(pk=trung.pk).political_theory == "cao_cap"
    assert Person.objects.get(pk=cu_nhan.pk).political_theory == "cu_nhan"  # same rank: kept
    assert AuditEntry.objects.filter(action="people.person.update", object_id=str(trung.pk)).exists()
    assert not AuditEntry.objects.filter(action="people.person.update", object_id=str(cu_nhan.pk)).exists()


def test_an_agency_proposes_only_its_own_people_and_does_not_approve(
    make_person, make_class, focal, home_affairs
) -> None:
    own = make_person("Hồ Thị Mình")
    other = make_person("Vũ Văn Ngoài", code="KH.SYT")
    course = make_class("cvc")
    enrolment = services.enrolment_propose(actor=focal, training_class=course, person=own)
    with pytest.raises(OutOfScope):
        services.enrolment_propose(actor=focal, training_class=course, person=other)
    with pytest.raises(NotAllowed):
        services.enrolment_decide(actor=focal, enrolment=enrolment, approve=True)
    with pytest.raises(Conflict):
        services.enrolment_propose(actor=focal, training_class=course, person=own)
    refused = services.enrolment_decide(
        actor=home_affairs, enrolment=enrolment, approve=False, note="Chưa đủ thời gian"
    )
    assert refused.status == EnrolmentStatus.REFUSED and refused.decision_note == "Chưa đủ thời gian"
    assert AuditEntry.objects.filter(action="training.enrolment.refuse").count() == 1


def test_a_full_class_takes_no_more_proposals(make_person, make_class, home_affairs) -> None:
    course = make_class("cvc", capacity=1)
    services.enrolment_propose(actor=home_affairs, training_class=course, person=make_person("A Một"))
    with pytest.raises(Conflict, match="đã đủ 1"):
        services.enrolment_propose(actor=home_affairs, training_class=course, person=make_person("B Hai"))


def test_a_class_with_learners_still_without_a_result_is_not_completed(
    make_person, make_class, home_affairs
) -> None:
    course = make_class("cvc")
    waiting = services.enrolment_propose(
        actor=home_affairs, training_class=course, person=make_person("Chờ Kết Quả")
    )
    services.enrolment_decide(actor=home_affairs, enrolment=waiting, approve=True)
    with pytest.raises(Conflict, match="Chờ Kết Quả"):
        services.class_complete(actor=home_affairs, training_class=course)
    course.refresh_from_db()
    assert course.status == ClassStatus.PLANNED and not Training.objects.exists()
    services.attendance_record(actor=home_affairs, enrolment=waiting, attended=True)
    services.result_record(actor=home_affairs, enrolment=waiting, passed=False, result="Không đạt")
    assert services.class_complete(actor=home_affairs, training_class=course) == 0
    with pytest.raises(Conflict):  # a completed class takes nothing more
        services.enrolment_propose(actor=home_affairs, training_class=course, person=make_person("Muộn"))


def test_a_certificate_before_the_class_started_is_refused(make_person, make_class, home_affairs) -> None:
    course = make_class("b2")
    enrolment = services.enrolment_propose(
        actor=home_affairs, training_class=course, person=make_person("Sớm")
    )
    services.enrolment_decide(actor=home_affairs, enrolment=enrolment, approve=True)
    with pytest.raises(InputRejected, match="trước ngày khai giảng"):
        services.result_record(
            actor=home_affairs, enrolment=enrolment, passed=True, certificate_date=D(2025, 1, 1)
        )


def test_the_catalogue_checks_levels_against_the_registry_catalogues(home_affairs) -> None:
    with pytest.raises(InputRejected, match="Lý luận chính trị"):
        services.course_create(
            actor=home_affairs, data={"code": "x", "name": "X", "kind": "ly_luan", "level": "tot"}
        )
    with pytest.raises(InputRejected):
        services.course_create(
            actor=home_affairs, data={"code": "y", "name": "Y", "kind": "ngoai_ngu", "language": "en"}
        )
    with pytest.raises(InputRejected):
        services.course_create(
            actor=home_affairs,
            data={"code": "z", "name": "Z", "kind": "tin_hoc", "language": "en", "language_level": 3},
        )
