"""The class's spreadsheets: an agency proposes its people from the sheet “Học viên”, Sở Nội vụ imports
the results (“Họ và tên”, “Ngày sinh” or “Số CCCD”, “Kết quả”, “Số chứng chỉ”, “Ngày cấp”); a wrong row
is named by its row and column and nothing is written."""

import datetime as dt

import pytest

from canbo.core.errors import InputRejected
from canbo.core.excel import read_workbook, write_workbook
from canbo.training import services, workbook
from canbo.training.choices import EnrolmentStatus
from canbo.training.models import Enrolment

pytestmark = pytest.mark.django_db
D = dt.date


def test_an_agency_proposes_its_people_from_a_sheet(make_person, make_class, focal) -> None:
    a = make_person("Nguyễn Thị An")
    b = make_person("Lê Văn Bình", born=D(1990, 7, 2))
    make_person("Người Ngoài", code="KH.SYT")
    course = make_class("cvc")
    data = write_workbook(
        [
            (
                "Học viên",
                ["Họ và tên", "Ngày sinh"],
                [["Nguyễn Thị An", "12/03/1988"], ["lê văn bình", D(1990, 7, 2)]],
            )
        ]
    )
    assert workbook.enrolments_import(actor=focal, training_class=course, data=data) == 2
    assert set(Enrolment.objects.values_list("person_id", flat=True)) == {a.pk, b.pk}
    rows = read_workbook(workbook.enrolments_xlsx(user=focal, training_class=course))["Học viên"]
    assert [r[0] for r in rows[1:]] == ["Nguyễn Thị An", "Lê Văn Bình"]  # by given name


def test_a_person_outside_the_agency_rejects_the_whole_sheet(make_person, make_class, focal) -> None:
    make_person("Nguyễn Thị An")
    make_person("Người Ngoài", code="KH.SYT")
    course = make_class("cvc")
    data = write_workbook(
        [
            (
                "Học viên",
                ["Họ và tên", "Ngày sinh"],
                [["Nguyễn Thị An", "12/03/1988"], ["Người Ngoài", "12/03/1988"], ["Không Ngày", None]],
            )
        ]
    )
    with pytest.raises(InputRejected) as refusal:
        workbook.enrolments_import(actor=focal, training_class=course, data=data)
    found = [(e.row, e.column) for e in refusal.value.errors]
    assert found == [(3, "Họ và tên"), (4, "Ngày sinh")]
    assert not Enrolment.objects.exists()


def test_results_are_imported_and_a_bad_date_rejects_all(make_person, make_class, home_affairs) -> None:
    a = make_person("Nguyễn Thị An")
    b = make_person("Lê Văn Bình")
    course = make_class("b2")
    for person in (a, b):
        e = services.enrolment_propose(actor=home_affairs, training_class=course, person=person)
        services.enrolment_decide(actor=home_affairs, enrolment=e, approve=True)
    headers = ["Họ và tên", "Ngày sinh", "Số CCCD", "Kết quả", "Số chứng chỉ", "Ngày cấp"]
    bad = write_workbook(
        [
            (
                "Kết quả",
                headers,
                [
                    ["Nguyễn Thị An", "12/03/1988", None, "Giỏi", "B2-1", "15/09/2026"],
                    ["Lê Văn Bình", "12/03/1988", None, "Đạt", "B2-2", "31/02/2026"],
                ],
            )
        ]
    )
    with pytest.raises(InputRejected) as refusal:
        workbook.results_import(actor=home_affairs, training_class=course, data=bad)
    assert [(e.row, e.column) for e in refusal.value.errors] == [(3, "Ngày cấp")]
    assert not Enrolment.objects.filter(status=EnrolmentStatus.PASSED).exists()
    good = write_workbook(
        [
            (
                "Kết quả",
                headers,
                [
                    ["Nguyễn Thị An", "12/03/1988", None, "Giỏi", "B2-1", "15/09/2026"],
                    ["Lê Văn Bình", "12/03/1988", None, "Không đạt", None, None],
                ],
            )
        ]
    )
    assert workbook.results_import(actor=home_affairs, training_class=course, data=good) == 2
    passed = Enrolment.objects.get(person=a)
    assert (passed.status, passed.result, passed.certificate_number, passed.certificate_date) == (
        EnrolmentStatus.PASSED,
        "Giỏi",
        "B2-1",
        D(2026, 9, 15),
    )
    assert Enrolment.objects.get(person=b).status == EnrolmentStatus.FAILED
