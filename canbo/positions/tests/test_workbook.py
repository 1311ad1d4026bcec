"""The spreadsheets: all or nothing, every bad row named by row and column."""

import io
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from canbo.core.errors import InputRejected
from canbo.core.excel import write_workbook
from canbo.positions import workbook
from canbo.positions.models import JobPosition, JobPositionFramework, PositionHolding, StaffingQuota
from canbo.positions.selectors import positions_on
from canbo.positions.tests.conftest import START, D, unit

pytestmark = pytest.mark.django_db


def xlsx(sheet: str, headers: list[str], *rows: list[Any]) -> bytes:
    return write_workbook([(sheet, headers, rows)])


def where(exc: pytest.ExceptionInfo[InputRejected]) -> set[tuple[int | None, str]]:
    return {(e.row, e.column) for e in exc.value.errors}


def test_framework_import_reads_the_rank_and_refuses_bad_rows_whole(officer: Any, focal: Any) -> None:
    good = xlsx(
        "Danh mục khung",
        workbook.FRAMEWORK_HEADERS,
        ["cc_ho_tro", "HT.1", "Văn thư", "02.008 Văn thư viên trung cấp"],
        ["Công chức – chuyên môn, nghiệp vụ", "CM.1", "Chuyên viên về tổ chức bộ máy", "Chuyên viên"],
    )
    assert workbook.framework_import(actor=officer, data=good) == (2, 0)
    entry = JobPositionFramework.objects.get(code="HT.1")
    assert (entry.rank_code, entry.rank_name) == ("02.008", "Văn thư viên trung cấp")
    assert JobPositionFramework.objects.get(code="CM.1").list_code == "cc_chuyen_mon"
    bad = xlsx(
        "Danh mục khung",
        workbook.FRAMEWORK_HEADERS,
        ["cc_ho_tro", "HT.2", "Lái xe", ""],
        ["danh mục lạ", "X.1", "Tên", ""],
        ["cc_ho_tro", "HT.2", "Lái xe lặp", ""],
        ["cc_ho_tro", "HT.3", "", ""],
    )
    with pytest.raises(InputRejected) as exc:
        workbook.framework_import(actor=officer, data=bad)
    assert where(exc) == {(3, "Danh mục"), (4, "Mã"), (5, "Tên vị trí việc làm")}
    assert JobPositionFramework.objects.count() == 2


def test_positions_export_then_import_round_trip_and_corrections(focal: Any, make_position: Any) -> None:
    make_position("TC.01", planned=2)
    make_position("TC.02", name="Văn thư", group="ho_tro_phuc_vu", planned=1)
    data = workbook.positions_xlsx(list(positions_on(user=focal, unit=unit("KH.STC"), on=START)))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Vị trí việc làm").to_python()
    assert rows[0][:5] == workbook.POSITION_HEADERS[:5]
    assert rows[1][:5] == [
        "TC.01",
        "Chuyên viên về quản lý ngân sách",
        "Chuyên môn, nghiệp vụ",
        "01.003 Chuyên viên",
        2,
    ]
    # The same file changes nothing; a new row and a new number do.
    assert workbook.positions_import(actor=focal, unit=unit("KH.STC"), data=data, on=D(2026, 3, 1)) == (0, 0)
    edited = xlsx(
        "Vị trí việc làm",
        workbook.POSITION_HEADERS,
        [
            "TC.01",
            "Chuyên viên về quản lý ngân sách",
            "Chuyên môn, nghiệp vụ",
            "01.003 Chuyên viên",
            3,
            "Công chức",
        ],
        ["TC.03", "Chuyên viên về quản lý giá", "chuyen_mon", "01.002 Chuyên viên chính", 1, ""],
    )
    assert workbook.positions_import(actor=focal, unit=unit("KH.STC"), data=edited, on=D(2026, 3, 1)) == (
        1,
        1,
    )
    assert JobPosition.objects.get(code="TC.01").planned_count == 3
    new = JobPosition.objects.get(code="TC.03")
    assert (new.valid_from, new.rank_name) == (D(2026, 3, 1), "Chuyên viên chính")


def test_positions_import_reports_every_bad_row_and_writes_nothing(focal: Any) -> None:
    bad = xlsx(
        "Vị trí việc làm",
        workbook.POSITION_HEADERS,
        ["TC.01", "Chuyên viên", "Nhóm lạ", "", 1, ""],
        ["TC.02", "Kế toán", "Hỗ trợ, phục vụ", "", "hai", ""],
        ["TC.02", "Kế toán", "Hỗ trợ, phục vụ", "", 1, ""],
        ["TC.04", "", "Hỗ trợ, phục vụ", "", 1, ""],
        ["TC.05", "Thủ quỹ", "Hỗ trợ, phục vụ", "", 1, "Loại lạ"],
    )
    with pytest.raises(InputRejected) as exc:
        workbook.positions_import(actor=focal, unit=unit("KH.STC"), data=bad, on=START)
    assert where(exc) == {
        (2, "Nhóm"),
        (3, "Số người"),
        (4, "Mã vị trí"),
        (5, "Tên vị trí việc làm"),
        (6, "Loại"),
    }
    assert not JobPosition.objects.exists()


def test_holdings_import_by_cccd_or_name_and_birth(focal: Any, make_person: Any, make_position: Any) -> None:
    make_position("TC.01", planned=2)
    hoa = make_person("Nguyễn Thị Hoa")
    hoa.cccd = "056185000123"
    hoa.save()
    make_person("Trần Văn Nam")
    good = xlsx(
        "Bố trí",
        workbook.HOLDING_HEADERS,
        ["056185000123", "", "", "TC.01", "01/02/2026", ""],
        ["", "Trần Văn Nam", "12/03/1985", "TC.01", "01/02/2026", "chuyển từ phòng khác"],
    )
    assert workbook.holdings_import(actor=focal, unit=unit("KH.STC"), data=good) == 2
    assert PositionHolding.objects.count() == 2


def test_holdings_import_refuses_the_whole_file_for_one_bad_row(
    focal: Any, make_person: Any, make_position: Any
) -> None:
    make_position("TC.01")
    make_person("Nguyễn Thị Hoa")
    make_person("Trần Văn Nam")
    make_person("Lê Thị Mai", code="KH.SNV")
    bad = xlsx(
        "Bố trí",
        workbook.HOLDING_HEADERS,
        ["", "Nguyễn Thị Hoa", "12/03/1985", "TC.01", "01/02/2026", ""],
        ["", "Trần Văn Nam", "12/03/1985", "TC.99", "01/02/2026", ""],
        ["", "Lê Thị Mai", "12/03/1985", "TC.01", "01/02/2026", ""],
        ["", "Nguyễn Thị Hoa", "12/03/1985", "TC.01", "31/02/2026", ""],
        ["", "", "", "TC.01", "01/02/2026", ""],
    )
    with pytest.raises(InputRejected) as exc:
        workbook.holdings_import(actor=focal, unit=unit("KH.STC"), data=bad)
    assert where(exc) == {(3, "Mã vị trí"), (4, "Họ và tên"), (5, "Từ ngày"), (6, "Số CCCD")}
    assert not PositionHolding.objects.exists()


def test_quota_import_within_scope(focal: Any, officer: Any) -> None:
    data = xlsx(
        "Biên chế",
        workbook.QUOTA_HEADERS,
        ["KH.STC", 2026, 45, 10, "12/QĐ-UBND", "05/01/2026"],
        ["KH.SNV", 2026, 60, "", "", ""],
    )
    with pytest.raises(InputRejected) as exc:
        workbook.quotas_import(actor=focal, data=data)
    assert where(exc) == {(3, "Mã cơ quan")}
    assert not StaffingQuota.objects.exists()
    assert workbook.quotas_import(actor=officer, data=data) == 2
    quota = StaffingQuota.objects.get(unit=unit("KH.STC"))
    assert (quota.civil_servants, quota.public_employees, quota.decision_date) == (45, 10, D(2026, 1, 5))
