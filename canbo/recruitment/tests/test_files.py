"""Excel in and out (all or nothing, row and column named) and the two Word notices (opened by
LibreOffice)."""

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from canbo.core.errors import InputRejected
from canbo.core.excel import read_workbook
from canbo.recruitment import documents, services, workbook
from canbo.recruitment.models import Candidate
from canbo.recruitment.selectors import recruitment_view
from canbo.recruitment.tests.conftest import D

pytestmark = pytest.mark.django_db


def xlsx(sheet: str, rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEAD = ["Mã vị trí", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Trình độ", "Đối tượng ưu tiên"]


def test_applications_import_all_or_nothing(officer: Any, published: Any) -> None:
    recruitment, _line = published
    bad = xlsx(
        "Hồ sơ dự tuyển",
        [HEAD, ["STC.NS", "Nguyễn Thị Lan", "12/03/1999", "Nữ", "Kinh", "Đại học", ""],
         ["STC.XX", "Trần Văn An", "31/02/1999", "Nam", "Ê Đê", "Cử nhân", "Thương binh; Không rõ"]],
    )  # fmt: skip
    with pytest.raises(InputRejected) as refused:
        workbook.applications_import(actor=officer, recruitment=recruitment, data=bad)
    where = {(e.row, e.column) for e in refused.value.errors}
    assert where == {(3, "Mã vị trí"), (3, "Ngày sinh"), (3, "Đối tượng ưu tiên")}
    assert not Candidate.objects.exists()
    good = xlsx(
        "Hồ sơ dự tuyển",
        [HEAD, ["STC.NS", "Nguyễn Thị Lan", "12/03/1999", "Nữ", "Kinh", "Đại học", ""],
         ["stc.ns", "Y Sơn Niê", "02/09/1997", "Nam", "Ê Đê", "Cử nhân", "Người dân tộc thiểu số"]],
    )  # fmt: skip
    lan, son = workbook.applications_import(actor=officer, recruitment=recruitment, data=good)
    assert (lan.number, son.number) == (1, 2)
    assert son.priority == ["dan_toc_thieu_so"] and son.ethnicity != "01" and son.qualification == "dai_hoc"


def test_scores_import_and_results_export(officer: Any, published: Any) -> None:
    recruitment, line = published
    a, b = services.candidates_add(
        actor=officer,
        recruitment=recruitment,
        rows=[(line, {"full_name": n, "birth_date": D(1998, 1, 1), "sex": "nu", "qualification": "dai_hoc"})
              for n in ("Phan Thị Mai", "Cao Thị Ngọc")],
    )  # fmt: skip
    services.applications_close(actor=officer, recruitment=recruitment)
    head = ["Số báo danh", "Họ và tên", "Số câu đúng vòng 1", "Điểm chuyên môn", "Điểm viết"]
    with pytest.raises(InputRejected) as refused:
        workbook.scores_import(
            actor=officer,
            recruitment=recruitment,
            data=xlsx(
                "Thí sinh", [head, [1, "Phan Thị Mai", 61, None, None], [2, "Người khác", 40, None, None]]
            ),
        )
    assert {(e.row, e.column) for e in refused.value.errors} == {(2, "Số câu đúng vòng 1"), (3, "Họ và tên")}
    assert Candidate.objects.filter(round_1_correct__isnull=False).count() == 0
    workbook.scores_import(
        actor=officer,
        recruitment=recruitment,
        data=xlsx(
            "Thí sinh", [head, [1, "Phan Thị Mai", 45, None, None], [2, "Cao Thị Ngọc", 28, None, None]]
        ),
    )
    services.round_1_close(actor=officer, recruitment=recruitment)
    workbook.scores_import(
        actor=officer, recruitment=recruitment, data=xlsx("Thí sinh", [head, [1, None, None, "72,5", None]])
    )
    a.refresh_from_db()
    assert str(a.professional) == "72.50"
    view = recruitment_view(user=officer, recruitment=recruitment)
    rows = read_workbook(workbook.results_xlsx(view))["Kết quả"]
    results = {r[3]: r[10] for r in rows[1:]}
    assert results == {"Phan Thị Mai": "Trúng tuyển", "Cao Thị Ngọc": "Không đạt"}
    assert b.pk


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_notices_open_in_libreoffice(officer: Any, published: Any, tmp_path: Path) -> None:
    recruitment, line = published
    (a,) = services.candidates_add(
        actor=officer, recruitment=recruitment,
        rows=[(line, {"full_name": "Phan Thị Mai", "birth_date": D(1998, 1, 1), "sex": "nu", "qualification": "dai_hoc"})],
    )  # fmt: skip
    services.applications_close(actor=officer, recruitment=recruitment)
    services.score_record(actor=officer, candidate=a, round_1_correct=40)
    services.round_1_close(actor=officer, recruitment=recruitment)
    services.score_record(actor=officer, candidate=a, professional=70)
    services.results_publish(actor=officer, recruitment=recruitment, on=D(2026, 7, 1), number="20/TB-STC")
    recruitment.refresh_from_db()
    view = recruitment_view(user=officer, recruitment=recruitment)
    notice, result = documents.notice_docx(view), documents.result_docx(view)
    text = "\n".join(p.text for p in Document(io.BytesIO(notice)).paragraphs)
    assert "02/03/2026" in text and "01/04/2026" in text and "Phan Chu Trinh" in text
    cells = "\n".join(c.text for t in Document(io.BytesIO(result)).tables for c in t._cells)
    assert "Phan Thị Mai" in cells and "Số: 20/TB-STC" in cells
    assert "ngày 01 tháng 7 năm 2026" in cells
    for name, data in (("thong-bao.docx", notice), ("ket-qua.docx", result)):
        path = tmp_path / name
        path.write_bytes(data)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
            check=True, capture_output=True, timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
