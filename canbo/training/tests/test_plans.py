"""The yearly training plan (PL.8): drafted from the needs, the language cohorts and the key cadres'
update class, edited, issued; its Word document opens in LibreOffice; its appendix and progress."""

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from docx import Document

from canbo.core.errors import Conflict, NotAllowed
from canbo.core.excel import read_workbook
from canbo.people.models import Person
from canbo.training import documents, plans, services, workbook
from canbo.training.choices import NeedSource, PlanStatus
from canbo.training.models import PlanLine, ProgrammeCohort

pytestmark = pytest.mark.django_db
D = dt.date


@dataclass(frozen=True)
class Need:
    """training.needs.Need's fields the draft reads."""

    person_id: int
    kind: str
    level: str
    level_label: str
    source: str


@pytest.fixture
def needs(make_person) -> list[Need]:
    pool = [make_person(f"Quy Hoạch {n}", political_theory="trung_cap") for n in range(3)]
    held = [make_person(f"Trưởng Phòng {n}", code="KH.SYT") for n in range(2)]
    return [
        *(Need(p.pk, "ly_luan", "cao_cap", "Cao cấp", "quy_hoach") for p in pool),
        *(Need(p.pk, "qlnn", "chuyen_vien_chinh", "Chuyên viên chính", "chuc_vu") for p in held),
    ]


@pytest.fixture
def plan(needs, courses, make_class, home_affairs) -> Any:
    b2 = make_class("b2", name="Tiếng Anh B2 khóa 2/2026", starts=D(2026, 4, 1), ends=D(2026, 10, 30))
    services.cohort_save(
        actor=home_affairs,
        data={
            "name": "Tiếng Anh B2 khóa 2/2026",
            "year": 2026,
            "completes_on": D(2026, 10, 30),
            "training_class": b2,
            "places": 10,
        },
    )
    return plans.plan_draft(actor=home_affairs, year=2026, as_of=D(2026, 1, 5), needs=needs)


def test_the_draft_has_a_line_per_need_the_cohort_and_the_key_cadre_update(plan, courses) -> None:
    lines = list(plan.lines.order_by("order"))
    assert [(line.need, line.people_count) for line in lines] == [
        (NeedSource.POOL, 3),
        (NeedSource.POST, 2),
        (NeedSource.LANGUAGE, 40),  # the class's 30 places and 10 unnamed
        (NeedSource.KEY_CADRE_UPDATE, 0),
    ]
    assert lines[0].course == courses["cao-cap"] and len(lines[0].person_ids()) == 3
    assert "III.7.c" in lines[0].target_group
    assert lines[2].quarter == 2  # its class opens on 01/04 (it completes on 30/10)
    assert lines[3].quarter == 1 and "Quý I" not in lines[3].title  # "Quý I hàng năm" (appendix row 8)
    # the term's count is not frozen into the line (it would go stale): the document states it when read
    assert "Nhiệm kỳ" not in lines[3].target_group


def test_the_plan_document_opens_in_libreoffice(plan, home_affairs, docx_to_pdf) -> None:
    data = documents.plan_docx(user=home_affairs, plan=plan)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "KẾ HOẠCH" in text and "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2026" in text
    assert "III.7.c" in text and "IV. TỔ CHỨC THỰC HIỆN" in text
    assert "Nhiệm kỳ 2025–2030: 0 lớp" in text and "chưa đạt" in text  # no update class yet in the term
    assert docx_to_pdf(data).startswith(b"%PDF")


def test_the_appendix_has_a_row_per_line(plan, home_affairs) -> None:
    rows = read_workbook(workbook.plan_appendix_xlsx(user=home_affairs, plan=plan))["Phụ lục KH 2026"]
    assert rows[0][1] == "Nội dung đào tạo, bồi dưỡng" and len(rows) == 5
    assert rows[1][4] == 3 and rows[1][6] == "Quý 2"


def test_the_officer_edits_then_issues_and_the_issued_plan_is_not_edited(plan, home_affairs, focal) -> None:
    line = plan.lines.order_by("order").first()
    plans.line_save(
        actor=home_affairs, plan=plan, line=line, data={"quarter": 3, "place": "Trường Chính trị tỉnh"}
    )
    added = plans.line_save(
        actor=home_affairs,
        plan=plan,
        data={"title": "Bồi dưỡng kỹ năng số", "kind": "tin_hoc", "people_count": 40},
    )
    plans.line_delete(actor=home_affairs, line=PlanLine.objects.get(plan=plan, need=NeedSource.POST))
    assert plan.lines.count() == 4 and added.order == 5
    with pytest.raises(NotAllowed):
        plans.line_save(actor=focal, plan=plan, data={"title": "X", "kind": "tin_hoc"})
    with pytest.raises(Conflict):
        plans.plan_draft(actor=home_affairs, year=2026, needs=[])
    issued = plans.plan_approve(
        actor=home_affairs,
        plan=plan,
        number="125/KH-UBND",
        signed_on=D(2026, 1, 20),
        signer_name="Nguyễn Văn A",
    )
    assert issued.status == PlanStatus.APPROVED
    with pytest.raises(Conflict):
        plans.line_save(actor=home_affairs, plan=issued, data={"title": "Y", "kind": "tin_hoc"})
    with pytest.raises(Conflict):
        plans.plan_draft(actor=home_affairs, year=2026, needs=[], replace=True)
    issued_doc = Document(io.BytesIO(documents.plan_docx(user=home_affairs, plan=issued)))
    header = "\n".join(c.text for t in issued_doc.tables for c in t._cells)
    assert "Số: 125/KH-UBND" in header and "Nguyễn Văn A" in header


def test_progress_counts_the_classes_of_a_line(plan, make_class, make_person, home_affairs) -> None:
    line = plan.lines.get(need=NeedSource.POOL)
    course = make_class("cao-cap", plan_line=line)
    people = list(Person.objects.filter(pk__in=line.person_ids()))
    for person in people[:2]:
        e = services.enrolment_propose(actor=home_affairs, training_class=course, person=person)
        services.enrolment_decide(actor=home_affairs, enrolment=e, approve=True)
    services.result_record(actor=home_affairs, enrolment=course.enrolments.first(), passed=True)
    from canbo.training.selectors import plan_progress

    row = next(p for p in plan_progress(user=home_affairs, plan=plan) if p.line == line)
    assert (row.line.people_count, row.enrolled, row.completed) == (3, 2, 1)
    assert ProgrammeCohort.objects.count() == 1
