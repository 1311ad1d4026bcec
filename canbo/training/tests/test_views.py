"""The training pages: the classes with their filters, one class (an agency sees and proposes only its
own people; Sở Nội vụ approves), the plan's pages and files, the language programme's outlook."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from canbo.core.excel import write_workbook
from canbo.org.models import Unit
from canbo.training import plans, services
from canbo.training.choices import EnrolmentStatus
from canbo.training.models import Enrolment, ProgrammeCohort, TrainingClass

pytestmark = pytest.mark.django_db
D = dt.date


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_classes_page_filters_by_year_kind_and_status(make_class, focal) -> None:
    make_class("cvc", name="Lớp CVC 2026")
    make_class("b2", name="Lớp B2 2027", starts=D(2027, 3, 1), ends=D(2027, 9, 1))
    page = client_for(focal)
    html = page.get("/dao-tao/", {"nam": 2026}).content.decode()
    assert "Lớp CVC 2026" in html and "Lớp B2 2027" not in html
    assert "Mở lớp mới" not in html  # an agency does not open classes
    html = page.get("/dao-tao/", {"nam": 2026, "loai": "ngoai_ngu"}).content.decode()
    assert "Lớp CVC 2026" not in html
    assert page.get("/dao-tao/", {"nam": "abc"}).status_code == 404


def test_an_agency_sees_and_proposes_only_its_people(make_person, make_class, focal, home_affairs) -> None:
    own = make_person("Hồ Thị Mình")
    other = make_person("Vũ Văn Ngoài", code="KH.SYT")
    course = make_class("cvc")
    services.enrolment_propose(actor=home_affairs, training_class=course, person=other)
    page = client_for(focal)
    html = page.get(f"/dao-tao/lop/{course.pk}/", {"tim": "ngoai"}).content.decode()
    assert "Vũ Văn Ngoài" not in html  # neither in the list nor found
    html = page.get(f"/dao-tao/lop/{course.pk}/", {"tim": "minh"}).content.decode()
    assert "Hồ Thị Mình" in html
    answer = page.post(f"/dao-tao/lop/{course.pk}/de-nghi/", {"person": own.pk})
    assert answer.status_code == 302
    assert Enrolment.objects.get(person=own).status == EnrolmentStatus.PROPOSED
    page.post(f"/dao-tao/lop/{course.pk}/de-nghi/", {"person": other.pk})
    assert Enrolment.objects.filter(person=other).count() == 1  # not proposed twice, not by them
    mine = Enrolment.objects.get(person=own)
    page.post(f"/dao-tao/hoc-vien/{mine.pk}/duyet/", {"approve": "1"})
    assert Enrolment.objects.get(pk=mine.pk).status == EnrolmentStatus.PROPOSED  # only Sở Nội vụ approves
    theirs = Enrolment.objects.get(person=other)
    assert page.post(f"/dao-tao/hoc-vien/{theirs.pk}/duyet/", {"approve": "1"}).status_code == 404
    client_for(home_affairs).post(f"/dao-tao/hoc-vien/{mine.pk}/duyet/", {"approve": "1"})
    assert Enrolment.objects.get(pk=mine.pk).status == EnrolmentStatus.APPROVED


def test_the_plan_pages_and_files(make_person, courses, home_affairs, focal) -> None:
    person = make_person("Quy Hoạch Một")
    need = type(
        "Need",
        (),
        {
            "person_id": person.pk,
            "kind": "ly_luan",
            "level": "cao_cap",
            "level_label": "Cao cấp",
            "source": "quy_hoach",
        },
    )
    plans.plan_draft(actor=home_affairs, year=2026, needs=[need])
    officer = client_for(home_affairs)
    html = officer.get("/dao-tao/ke-hoach/2026/").content.decode()
    assert "Cao cấp lý luận chính trị" in html and "Sửa dự thảo" in html and "Ban hành" in html
    line = plans.TrainingPlan.objects.get(year=2026).lines.get(need="quy_hoach")
    assert "Quy Hoạch Một" in officer.get("/dao-tao/ke-hoach/2026/", {"nguoi": line.pk}).content.decode()
    docx = officer.get("/dao-tao/ke-hoach/2026/ke-hoach.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert officer.get("/dao-tao/ke-hoach/2026/phu-luc.xlsx").content[:2] == b"PK"
    assert "Sửa dự thảo" not in client_for(focal).get("/dao-tao/ke-hoach/2026/").content.decode()
    assert officer.get("/dao-tao/ke-hoach/2031/").status_code == 404
    answer = officer.post(
        "/dao-tao/ke-hoach/2026/ban-hanh/",
        {"number": "12/KH-UBND", "signed_on": "20/01/2026", "signer_name": "Nguyễn Văn A"},
    )
    assert answer.status_code == 302
    assert "Đã ban hành" in officer.get("/dao-tao/ke-hoach/2026/").content.decode()


def test_the_programme_page_shows_both_outlooks(make_person, make_class, home_affairs, posts) -> None:
    learner = make_person("Phạm Thị Học")
    make_person("Đỗ Văn Khác")
    b2 = make_class("b2", name="Tiếng Anh B2 khóa 2027", starts=D(2027, 3, 1), ends=D(2027, 6, 30))
    e = services.enrolment_propose(actor=home_affairs, training_class=b2, person=learner)
    services.enrolment_decide(actor=home_affairs, enrolment=e, approve=True)
    services.cohort_save(
        actor=home_affairs,
        data={
            "name": "Tiếng Anh B2 khóa 2027",
            "year": 2027,
            "completes_on": D(2027, 6, 30),
            "training_class": b2,
        },
    )
    html = client_for(home_affairs).get("/dao-tao/ngoai-ngu/", {"ngay": "01/01/2026"}).content.decode()
    assert 'id="programme-data"' in html and "[0.0, 50.0, 50.0, 50.0, 50.0]" in html  # with the programme
    assert "Tiếng Anh B2 khóa 2027" in html and "III.7.d" in html
    # 2 counted, none able; the learner from 30/06/2027: 50,0 % with the programme
    assert "<td>31/12/2030</td>" in html and "50,0" in html
    assert "Nhiệm kỳ 2025–2030: 0 lớp" in html
    assert ProgrammeCohort.objects.get().level == 4  # the class's course level


def test_the_classes_page_reads_a_fixed_number_of_queries(  # no query per class (N+1)
    make_class, make_person, home_affairs, django_assert_max_num_queries
) -> None:
    page = client_for(home_affairs)
    make_class("cvc", name="Lớp 1")
    page.get("/dao-tao/", {"nam": 2026})  # warm the caches (content types, settings)
    with CaptureQueriesContext(connection) as one:
        page.get("/dao-tao/", {"nam": 2026})
    for n in range(2, 7):
        course = make_class("b2" if n % 2 else "cvc", name=f"Lớp {n}")
        services.enrolment_propose(
            actor=home_affairs, training_class=course, person=make_person(f"Người {n}")
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = page.get("/dao-tao/", {"nam": 2026}).content.decode()
    assert "Lớp 6" in html


def test_only_home_affairs_opens_classes_and_a_bad_sheet_is_named(
    make_class, make_person, focal, home_affairs
) -> None:
    form = {
        "course": "",
        "name": "Lớp mới",
        "starts_on": "02/03/2026",
        "ends_on": "30/06/2026",
        "capacity": "20",
        "organiser": Unit.objects.get(code="KH.SNV").pk,
        "status": "du_kien",
    }
    course = make_class("cvc")
    form["course"] = course.course_id
    answer = client_for(focal).post("/dao-tao/lop/moi/", form, HTTP_HX_REQUEST="true")
    assert (
        "Chỉ Sở Nội vụ" in answer.content.decode()
        and not TrainingClass.objects.filter(name="Lớp mới").exists()
    )
    answer = client_for(home_affairs).post("/dao-tao/lop/moi/", form, HTTP_HX_REQUEST="true")
    assert answer.status_code == 204 and TrainingClass.objects.filter(name="Lớp mới", year=2026).exists()
    sheet = write_workbook([("Học viên", ["Họ và tên", "Ngày sinh"], [["Không Có Ai", "01/01/1990"]])])
    upload = SimpleUploadedFile("hv.xlsx", sheet)
    page = client_for(focal)
    page.post(f"/dao-tao/lop/{course.pk}/nhap/", {"file": upload})
    html = page.get(f"/dao-tao/lop/{course.pk}/").content.decode()
    assert "dòng 2" in html and "Họ và tên" in html and "Không Có Ai" in html
