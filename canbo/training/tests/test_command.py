"""`canbo training …`: list the classes, complete one, draft and export the yearly plan, the terms."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from canbo.people.models import Training
from canbo.training import services
from canbo.training.models import TrainingPlan

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("training", *args, stdout=out)
    return out.getvalue()


def test_classes_complete_and_terms(make_person, make_class, home_affairs) -> None:
    course = make_class("cap-nhat", name="Cập nhật kiến thức 2026")
    person = make_person("Chủ Chốt Một")
    e = services.enrolment_propose(actor=home_affairs, training_class=course, person=person)
    services.enrolment_decide(actor=home_affairs, enrolment=e, approve=True)
    assert "Cập nhật kiến thức 2026" in run("classes", "--year", "2026")
    with pytest.raises(CommandError, match="Chủ Chốt Một"):
        run("complete", str(course.pk))
    services.result_record(actor=home_affairs, enrolment=e, passed=True)
    assert "ghi vào hồ sơ 1 học viên" in run("complete", str(course.pk))
    assert Training.objects.get(person=person).kind == "boi_duong"
    assert "Nhiệm kỳ 2025–2030: 1 lớp" in run("terms")


def test_plan_draft_and_export(make_person, courses, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("canbo.training.needs.training_needs", lambda **kwargs: [])
    assert "Đã lập dự thảo kế hoạch năm 2026: 1 nội dung" in run(
        "plan", "draft", "2026", "--as-of", "05/01/2026"
    )
    with pytest.raises(CommandError, match="Đã có dự thảo"):
        run("plan", "draft", "2026")
    docx, xlsx = tmp_path / "kh.docx", tmp_path / "pl.xlsx"
    run("plan", "export", "2026", "--docx", str(docx), "--xlsx", str(xlsx))
    assert "năm 2026" in "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert xlsx.read_bytes()[:2] == b"PK"
    assert TrainingPlan.objects.get(year=2026).needs_on == dt.date(2026, 1, 5)
    with pytest.raises(CommandError, match="Chưa có kế hoạch năm 2027"):
        run("plan", "export", "2027")
