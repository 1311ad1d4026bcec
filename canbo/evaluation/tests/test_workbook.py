"""The evaluation's spreadsheets: the ranking table read back, the products exported and imported again
onto fresh sheets, and the refusals of the import — a bad row (row and column named, nothing written), a
missing column, a file that is no spreadsheet."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from canbo.core.errors import InputRejected
from canbo.core.excel import read_workbook, write_workbook
from canbo.evaluation import services
from canbo.evaluation.models import Sheet, WorkItem
from canbo.evaluation.selectors import ranking_view
from canbo.evaluation.tests.conftest import YEAR, D, give, unit
from canbo.evaluation.workbook import ITEM_HEADERS, SHEET, items_import, items_xlsx, ranking_xlsx

pytestmark = pytest.mark.django_db

BIRTH = D(1985, 3, 12)  # conftest's make_person


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("canbo.evaluation.selectors.today", lambda: D(YEAR, 12, 10))


def opened(actor: Any) -> dict[str, Sheet]:
    services.sheets_open(actor=actor, unit=unit("KH.STC"), year=YEAR)
    return {s.person.full_name: s for s in Sheet.objects.filter(year=YEAR).select_related("person")}


def score(actor: Any, sheet: Sheet, general: str) -> None:
    sheet.refresh_from_db()
    services.sheet_score(
        actor=actor,
        sheet=sheet,
        version=sheet.version,
        changes={"general_points": Decimal(general)},
        manager="Trần Văn Giám",
        on=D(YEAR, 12, 5),
    )


def view(actor: Any) -> Any:
    return ranking_view(user=actor, unit=unit("KH.STC"), year=YEAR)


def products() -> list[tuple[Any, ...]]:
    return sorted(
        WorkItem.objects.values_list(
            "sheet__person__full_name",
            "period",
            "title",
            "product_type__name",
            "weight",
            "completed",
            "failed_reviews",
            "excused_failed_reviews",
            "delays",
            "excused_delays",
            "excuse_confirmed_by",
            "note",
        )
    )


def items_file(*rows: list[Any], headers: list[str] = ITEM_HEADERS) -> bytes:
    return write_workbook([(SHEET, headers, rows)])


def row(name: str = "Nguyễn Thị Hoa", period: Any = 1, **over: Any) -> list[Any]:
    values = {
        "Họ và tên": name,
        "Ngày sinh": BIRTH,
        "Kỳ": period,
        "Sản phẩm, công việc": "Báo cáo quý",
        "Hoàn thành": "Có",
    } | over
    return [values.get(h) for h in ITEM_HEADERS]


def test_the_ranking_table_has_the_figures_as_numbers_and_the_quota_line(
    make_person: Any, focal: Any
) -> None:
    make_person("Nguyễn Thị Hoa")
    make_person("Lê Văn An")
    sheets = opened(focal)
    give(
        sheets["Nguyễn Thị Hoa"],
        1,
        {"completed": True, "failed_reviews": 1},
        {"completed": True, "delays": 1},
        {"completed": True, "delays": 2},
        {"completed": True},
    )  # RULES-2 §1.1's worked example
    score(focal, sheets["Nguyễn Thị Hoa"], "28")
    give(sheets["Lê Văn An"], 1, {"completed": True})
    score(focal, sheets["Lê Văn An"], "10")  # 80: tốt
    book = read_workbook(ranking_xlsx(view(focal)))
    rows = book["Xếp loại"]
    assert rows[0][0] == "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2026"
    assert any("tốt 1, xuất sắc 1, tối đa 0" in str(r[0]) for r in rows[:6])  # floor(1/6) = 0
    top = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[top][:12] == [
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Nhóm",
        "Văn bản áp dụng",
        "Điểm tiêu chí chung",
        "Điểm kết quả nhiệm vụ",
        "Tổng điểm",
        "Mức theo điểm",
        "Lý do không hoàn thành",
        "Tỷ lệ xuất sắc",
        "Mức xếp loại",
    ]
    by_name = {r[1]: r for r in rows[top + 1 :] if r[1]}
    hoa = by_name["Nguyễn Thị Hoa"]
    assert (hoa[5], hoa[6], hoa[7]) == (28, 64.17, 92.17)
    assert hoa[8] == "Hoàn thành xuất sắc nhiệm vụ" and hoa[10] == "Vượt tỷ lệ"
    assert hoa[11] == "Hoàn thành tốt nhiệm vụ"
    an = by_name["Lê Văn An"]
    assert (an[7], an[10], an[11]) == (80, "", "Hoàn thành tốt nhiệm vụ")


def test_products_exported_and_imported_again_onto_fresh_sheets_are_the_same(
    make_person: Any, focal: Any
) -> None:
    make_person("Nguyễn Thị Hoa")
    make_person("Lê Văn An")
    report = services.product_type_create(
        actor=focal, unit=unit("KH.STC"), name="Báo cáo định kỳ", coefficient=Decimal("1.5")
    )
    sheets = opened(focal)
    give(
        sheets["Nguyễn Thị Hoa"],
        1,
        {
            "completed": True,
            "failed_reviews": 2,
            "excused_failed_reviews": 1,
            "excuse_confirmed_by": "Ông Giám",
        },
        {"completed": False, "title": "=1+1 không phải công thức", "note": "chuyển kỳ sau"},
    )
    give(sheets["Nguyễn Thị Hoa"], 3, {"completed": True, "product_type": report, "weight": Decimal("1.5")})
    give(sheets["Lê Văn An"], 2, {"completed": True, "delays": 3, "weight": Decimal("0.25")})
    before = products()
    data = items_xlsx(view(focal))
    sheet = read_workbook(data)[SHEET]
    assert sheet[0] == ITEM_HEADERS
    assert len(sheet) == 5
    Sheet.objects.all().delete()
    assert products() == []
    fresh = opened(focal)
    assert fresh["Nguyễn Thị Hoa"].pk != sheets["Nguyễn Thị Hoa"].pk
    assert items_import(actor=focal, unit=unit("KH.STC"), year=YEAR, data=data) == 4
    assert products() == before
    assert set(Sheet.objects.values_list("unit__code", flat=True)) == {"KH.STC"}


def test_with_no_products_the_export_is_the_empty_template(make_person: Any, focal: Any) -> None:
    make_person("Nguyễn Thị Hoa")
    opened(focal)
    data = items_xlsx(view(focal))
    book = read_workbook(data)
    assert book[SHEET] == [ITEM_HEADERS]
    assert any(r[0] == "Nguyễn Thị Hoa" for r in book["Hướng dẫn"])
    with pytest.raises(InputRejected, match="không có sản phẩm nào"):
        items_import(actor=focal, unit=unit("KH.STC"), year=YEAR, data=data)


def test_a_file_with_bad_rows_is_refused_row_by_row_and_nothing_is_written(
    make_person: Any, focal: Any
) -> None:
    make_person("Nguyễn Thị Hoa")
    opened(focal)
    data = items_file(
        row(),  # 2: good
        row(period=5),  # 3: quarters are 1–4
        row(name="Người Không Có"),  # 4
        row(
            **{"Số lần chưa đạt": 1, "Chưa đạt do khách quan": 2, "Người xác nhận khách quan": "Ông Giám"}
        ),  # 5
        row(**{"Số lần chậm": 1, "Chậm do khách quan": 1}),  # 6: no confirmer
        row(**{"Hoàn thành": "có lẽ", "Số lần chậm": -1}),  # 7
        row(**{"Ngày sinh": "31/02/1985"}),  # 8
    )
    with pytest.raises(InputRejected) as refused:
        items_import(actor=focal, unit=unit("KH.STC"), year=YEAR, data=data)
    where = {(e.row, e.column) for e in refused.value.errors}
    assert where == {
        (3, "Kỳ"),
        (4, "Họ và tên"),
        (5, "Chưa đạt do khách quan"),
        (6, "Người xác nhận khách quan"),
        (7, "Hoàn thành"),
        (7, "Số lần chậm"),
        (8, "Ngày sinh"),
    }
    assert all(e.sheet == SHEET for e in refused.value.errors)
    assert "từ 1 đến 4" in str(refused.value) and "Người Không Có" in str(refused.value)
    assert WorkItem.objects.count() == 0


def test_a_missing_column_and_a_file_that_is_not_excel_are_refused(make_person: Any, focal: Any) -> None:
    make_person("Nguyễn Thị Hoa")
    opened(focal)
    headers = [h for h in ITEM_HEADERS if h != "Kỳ"]
    with pytest.raises(InputRejected, match="Thiếu cột bắt buộc: “Kỳ”"):
        items_import(
            actor=focal,
            unit=unit("KH.STC"),
            year=YEAR,
            data=write_workbook([(SHEET, headers, [["Nguyễn Thị Hoa", BIRTH, "Báo cáo", "Có"]])]),
        )
    with pytest.raises(InputRejected, match="không phải bảng tính"):
        items_import(actor=focal, unit=unit("KH.STC"), year=YEAR, data=b"%PDF-1.7 not a workbook")
    with pytest.raises(InputRejected, match="không có trang “Sản phẩm”"):
        items_import(
            actor=focal, unit=unit("KH.STC"), year=YEAR, data=write_workbook([("Trang khác", ["A"], [[1]])])
        )
    assert WorkItem.objects.count() == 0
    _ = dt
