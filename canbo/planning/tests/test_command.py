"""canbo planning review-due | exits [--record]."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from canbo.people.models import Discipline
from canbo.planning.models import PoolExit

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("planning", *args, stdout=out)
    return out.getvalue()


def test_review_due_and_exits(make_person, enter) -> None:
    person = make_person("Nguyễn Thị Hoa", post_code="truong_phong")
    enter(person, "pho_giam_doc_so", decided=dt.date(2025, 8, 1))
    assert "0 quy hoạch đến hạn" in run("review-due", "--as-of", "31/07/2026")
    assert "Phó Giám đốc Sở" in run("review-due", "--as-of", "01/08/2026")
    Discipline.objects.create(person=person, decided_on=dt.date(2026, 2, 1), form="canh_cao")
    listed = run("exits", "--as-of", "01/03/2026")
    assert "Bị kỷ luật từ khiển trách trở lên" in listed and "1 trường hợp" in listed
    assert not PoolExit.objects.exists()
    assert "Đã ghi 1 đề xuất" in run("exits", "--as-of", "01/03/2026", "--record")
    assert PoolExit.objects.get().status == "de_xuat"
