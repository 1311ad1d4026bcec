"""Excel import of units and restructurings: all or nothing, every bad row named."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from canbo.accounts.system import SYSTEM
from canbo.audit.models import AuditEntry
from canbo.core.errors import InputRejected
from canbo.core.excel import read_workbook, write_workbook
from canbo.org.io.excel import EVENT_COLUMNS, UNIT_COLUMNS, dataset_from_excel, dataset_to_excel
from canbo.org.models import Restructuring, Unit, UnitVersion
from canbo.org.selectors import org_dataset
from canbo.org.services import org_import

pytestmark = pytest.mark.django_db

UNIT_HEADERS = [c.header for c in UNIT_COLUMNS]
EVENT_HEADERS = [c.header for c in EVENT_COLUMNS]


def _file(units: list[tuple[object, ...]], events: list[tuple[object, ...]] | None = None) -> bytes:
    sheets = [("Đơn vị", UNIT_HEADERS, units)]
    if events is not None:
        sheets.append(("Sắp xếp tổ chức", EVENT_HEADERS, events))
    return write_workbook(sheets)


def _import(data: bytes, dry_run: bool = False) -> object:
    return org_import(actor=SYSTEM, dataset=dataset_from_excel(data), dry_run=dry_run)


def _errors(data: bytes) -> list[str]:
    with pytest.raises(InputRejected) as info:
        _import(data)
    return [str(e) for e in info.value.errors]


GOOD = [
    ("T", "UBND tỉnh Thử", "UBND tỉnh", "Tỉnh (UBND tỉnh)", None, "01/01/2020", None),
    ("T.A", "Sở A", "SA", "so_nganh", "T", "01/01/2020", "28/02/2025"),  # absorbed on 01/03/2025
    ("T.B", "Sở B", "SB", "Sở, ban, ngành", "T", dt.date(2020, 1, 1), None),
    ("T.B.1", "Phòng Một", "", "phong ban chuyen mon", "T.B", "1/1/2021", None),
]


def test_a_good_file_is_imported_and_audited() -> None:
    result = _import(
        _file(GOOD, [("Sáp nhập", "01/03/2025", "12/QĐ-UBND", "15/02/2025", "UBND tỉnh", "T.A", "T.B", "")])
    )
    assert result.units_created == 4 and result.events_created == 1
    assert UnitVersion.objects.get(unit__code="T.B.1").parent == Unit.objects.get(code="T.B")
    event = Restructuring.objects.get()
    assert (event.kind, event.decision_number, event.decision_date) == (
        "absorb",
        "12/QĐ-UBND",
        dt.date(2025, 2, 15),
    )
    assert AuditEntry.objects.filter(action="org.unit.import").count() == 4
    assert AuditEntry.objects.filter(action="org.restructuring.create").count() == 1


def test_the_same_file_twice_changes_nothing() -> None:
    data = _file(GOOD)
    _import(data)
    entries = AuditEntry.objects.count()
    result = _import(data)
    assert result.units_unchanged == 4 and result.units_created == result.units_changed == 0
    assert AuditEntry.objects.count() == entries


def test_dry_run_writes_nothing() -> None:
    result = _import(_file(GOOD), dry_run=True)
    assert result.units_created == 4
    assert Unit.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_export_then_import_into_an_empty_database_is_the_same(builtin_org: None) -> None:
    exported = dataset_to_excel(org_dataset(user=SYSTEM))
    before = org_dataset(user=SYSTEM)
    UnitVersion.objects.all().delete()
    Restructuring.objects.all().delete()
    Unit.objects.all().delete()
    _import(exported)
    after = org_dataset(user=SYSTEM)
    assert sorted(v.signature() + (v.code,) for v in after.versions) == sorted(
        v.signature() + (v.code,) for v in before.versions
    )
    assert sorted(e.key() for e in after.events) == sorted(e.key() for e in before.events)


def test_export_then_import_into_the_same_database_changes_nothing(builtin_org: None) -> None:
    exported = dataset_to_excel(org_dataset(user=SYSTEM))
    before = sorted((v.unit.code, v.valid_from, v.valid_to, v.name) for v in UnitVersion.objects.all())
    entries = AuditEntry.objects.count()
    result = _import(exported)
    assert result.units_created == result.units_changed == result.events_created == 0
    assert result.units_unchanged == Unit.objects.count()
    after = sorted((v.unit.code, v.valid_from, v.valid_to, v.name) for v in UnitVersion.objects.all())
    assert after == before and AuditEntry.objects.count() == entries


def test_the_export_says_the_last_day_as_the_unit_page_does(builtin_org: None, make_user) -> None:
    """Ban Dân tộc is stored as valid_to = 01/03/2025 (exclusive); people read its last day."""
    bdt = Unit.objects.get(code="NT.BDT")
    assert bdt.versions.get().valid_to == dt.date(2025, 3, 1)
    sheet = read_workbook(dataset_to_excel(org_dataset(user=SYSTEM)))["Đơn vị"]
    assert sheet[0][6] == "Hiệu lực đến hết ngày"
    (row,) = [r for r in sheet[1:] if r[0] == "NT.BDT"]
    assert (row[5], row[6]) == (dt.date(2020, 1, 1), dt.date(2025, 2, 28))
    assert not next(r for r in sheet[1:] if r[0] == "KH.SDTTG")[6]  # still in force: empty
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    page = client.get(f"/to-chuc/don-vi/{bdt.pk}/", {"ngay": "01/06/2024"}).content.decode()
    assert "hiệu lực từ 01/01/2020 đến hết ngày 28/02/2025." in page
    assert "<th>Đến hết ngày</th>" in page and "<td>28/02/2025</td>" in page


def test_the_last_day_written_is_stored_as_the_day_after() -> None:
    """Worked by hand: a last day of 28/02/2025 ends the version on 01/03/2025 (exclusive); 29/02/2024
    (a leap day) on 01/03/2024; 31/12/2024 on 01/01/2025; a version of one day (01/03/2025 to
    01/03/2025) holds on that day only."""
    rows = [
        GOOD[0],
        ("T.A", "Sở A", "", "so_nganh", "T", "01/01/2020", "28/02/2025"),
        ("T.B", "Sở B", "", "so_nganh", "T", "01/01/2020", "29/02/2024"),
        ("T.C", "Sở C", "", "so_nganh", "T", "01/01/2020", dt.date(2024, 12, 31)),
        ("T.D", "Sở D", "", "so_nganh", "T", "01/03/2025", "01/03/2025"),
    ]
    _import(_file(rows))
    ends = dict(UnitVersion.objects.filter(unit__code__startswith="T.").values_list("unit__code", "valid_to"))
    assert ends == {
        "T.A": dt.date(2025, 3, 1),
        "T.B": dt.date(2024, 3, 1),
        "T.C": dt.date(2025, 1, 1),
        "T.D": dt.date(2025, 3, 2),
    }
    one_day = UnitVersion.objects.get(unit__code="T.D")
    assert [
        one_day.in_force(d) for d in (dt.date(2025, 2, 28), dt.date(2025, 3, 1), dt.date(2025, 3, 2))
    ] == [
        False,
        True,
        False,
    ]


def test_a_short_header_reads_the_last_day_too() -> None:
    headers = [*UNIT_HEADERS[:6], "Đến ngày"]
    rows = [GOOD[0][:6] + (None,), ("T.A", "Sở A", "", "so_nganh", "T", "01/01/2020", "28/02/2025")]
    _import(write_workbook([("Đơn vị", headers, rows)]))
    assert UnitVersion.objects.get(unit__code="T.A").valid_to == dt.date(2025, 3, 1)


def test_the_header_of_earlier_exports_is_refused_not_read_a_day_late() -> None:
    """Exports made before issue 12.17 wrote the exclusive day under “Hiệu lực đến ngày”."""
    headers = [*UNIT_HEADERS[:6], "Hiệu lực đến ngày"]
    rows = [GOOD[0], ("T.A", "Sở A", "", "so_nganh", "T", "01/01/2020", "01/03/2025")]
    errors = _errors(write_workbook([("Đơn vị", headers, rows)]))
    assert errors == [
        "Trang “Đơn vị”, cột “Hiệu lực đến ngày”: Cột “Hiệu lực đến ngày” là mẫu cũ, ghi ngày đầu tiên "
        "đơn vị không còn hiệu lực. Nay ghi cột “Hiệu lực đến hết ngày” là ngày cuối cùng còn hiệu lực "
        "(đơn vị thôi hiệu lực từ ngày 01/03/2025 thì ghi 28/02/2025); tải lại tệp mẫu từ trang Cơ cấu tổ chức."
    ]
    assert Unit.objects.count() == 0


def test_cell_errors_name_row_and_column_and_nothing_is_written() -> None:
    rows = [
        GOOD[0],
        ("T.A", "Sở A", "", "Bộ", "T", "31/02/2020", None),
        ("T.B", "Sở B", "", "so_nganh", "T", "01/01/2020", "hôm qua"),
    ]
    errors = _errors(_file(rows))
    assert errors == [
        "Trang “Đơn vị”, dòng 3, cột “Hiệu lực từ ngày”: “31/02/2020” không phải ngày có thật (dd/mm/yyyy).",
        errors[1],
        "Trang “Đơn vị”, dòng 4, cột “Hiệu lực đến hết ngày”: “hôm qua” không phải ngày hợp lệ (viết theo dạng dd/mm/yyyy).",
    ]
    assert errors[1].startswith("Trang “Đơn vị”, dòng 3, cột “Loại đơn vị”: Loại đơn vị “Bộ” không có")
    assert Unit.objects.count() == 0


def test_a_missing_column_is_named() -> None:
    data = write_workbook([("Đơn vị", ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"], [("T", "X", "tinh")])])
    assert _errors(data) == ["Trang “Đơn vị”, dòng 1: Thiếu cột bắt buộc: “Hiệu lực từ ngày”."]


def test_overlapping_versions_are_refused() -> None:
    rows = [*GOOD, ("T.A", "Sở A mới", "", "so_nganh", "T", "01/01/2024", None)]
    errors = _errors(_file(rows))
    assert len(errors) == 1
    assert errors[0].startswith(
        "Trang “Đơn vị”, dòng 6, cột “Hiệu lực từ ngày”: Các phiên bản của đơn vị “T.A” chồng lấn"
    )


def test_end_before_start_is_refused() -> None:
    rows = [GOOD[0], ("T.A", "Sở A", "", "so_nganh", "T", "01/01/2020", "31/12/2019")]
    assert _errors(_file(rows)) == [
        "Trang “Đơn vị”, dòng 3, cột “Hiệu lực đến hết ngày”: "
        "Ngày cuối cùng còn hiệu lực không được trước ngày bắt đầu hiệu lực."
    ]


def test_a_cycle_in_the_tree_is_refused() -> None:
    rows = [
        ("X", "X", "", "khac", "Z", "01/01/2020", None),
        ("Y", "Y", "", "khac", "X", "01/01/2020", None),
        ("Z", "Z", "", "khac", "Y", "01/01/2020", None),
    ]
    errors = _errors(_file(rows))
    assert len(errors) == 1
    assert "vòng lặp ngày 01/01/2020" in errors[0] and "cột “Mã đơn vị cấp trên”" in errors[0]


def test_unknown_parent_and_parent_not_in_force_are_refused() -> None:
    rows = [
        GOOD[0],
        GOOD[1],
        ("T.C", "Sở C", "", "so_nganh", "T.Q", "01/01/2020", None),
        ("T.A.1", "Phòng", "", "phong", "T.A", "01/01/2024", None),
    ]
    errors = _errors(_file(rows))
    assert errors[0] == "Trang “Đơn vị”, dòng 4, cột “Mã đơn vị cấp trên”: Không có đơn vị mã “T.Q”."
    assert errors[1].startswith(
        "Trang “Đơn vị”, dòng 5, cột “Mã đơn vị cấp trên”: Đơn vị cấp trên “T.A” không có hiệu lực"
    )


def test_a_restructuring_naming_a_unit_not_in_force_is_refused() -> None:
    events = [
        ("Sáp nhập", "01/03/2026", "", "", "", "T.A", "T.B", ""),  # T.A's last day was 28/02/2025
        ("Hợp nhất", "01/03/2025", "", "", "", "T.A", "T.NONE", ""),
        ("Giải thể", "01/03/2025", "", "", "", "T.B", "", ""),  # T.B still in force
        ("Nâng cấp", "01/03/2025", "", "", "", "T.B", "", ""),
    ]
    errors = _errors(_file(GOOD, events))
    assert errors == [
        "Trang “Sắp xếp tổ chức”, dòng 5, cột “Loại sắp xếp”: Loại sắp xếp “Nâng cấp” không có trong danh mục "
        "(Đổi tên, Chuyển đơn vị cấp trên, Hợp nhất, Sáp nhập, Chia tách, Giải thể).",
    ]
    errors = _errors(_file(GOOD, events[:3]))
    assert errors == [
        "Trang “Sắp xếp tổ chức”, dòng 2, cột “Đơn vị trước sắp xếp”: Đơn vị “T.A” không có hiệu lực trước ngày 01/03/2026.",
        "Trang “Sắp xếp tổ chức”, dòng 3, cột “Đơn vị sau sắp xếp”: Không có đơn vị mã “T.NONE”.",
        "Trang “Sắp xếp tổ chức”, dòng 4, cột “Đơn vị trước sắp xếp”: Đơn vị “T.B” vẫn còn hiệu lực ngày 01/03/2025; "
        "phiên bản cuối phải có hiệu lực đến hết ngày 28/02/2025.",
    ]
    assert Unit.objects.count() == 0


def test_a_rename_needs_a_new_version_with_a_new_name() -> None:
    rows = [
        GOOD[0],
        ("T.A", "Sở A", "", "so_nganh", "T", "01/01/2020", "28/02/2025"),
        ("T.A", "Sở A2", "", "so_nganh", "T", "01/03/2025", None),
    ]
    _import(_file(rows, [("Đổi tên", "01/03/2025", "", "", "", "T.A", "", "")]))
    assert Restructuring.objects.get().kind == "rename"
    errors = _errors(_file(rows, [("Đổi tên", "01/06/2025", "", "", "", "T.A", "", "")]))
    assert errors == [
        "Trang “Sắp xếp tổ chức”, dòng 2, cột “Ngày hiệu lực”: Tên của “T.A” không đổi vào ngày 01/06/2025."
    ]


def test_the_database_forbids_overlaps_and_backwards_periods() -> None:
    unit = Unit.objects.create(code="Q")
    UnitVersion.objects.create(
        unit=unit, name="Q", kind="khac", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2022, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitVersion.objects.create(unit=unit, name="Q2", kind="khac", valid_from=dt.date(2021, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitVersion.objects.create(
            unit=unit, name="Q3", kind="khac", valid_from=dt.date(2019, 1, 1), valid_to=dt.date(2020, 1, 2)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitVersion.objects.create(
            unit=unit, name="Q4", kind="khac", valid_from=dt.date(2023, 1, 1), valid_to=dt.date(2023, 1, 1)
        )
    # Adjacent periods are fine: valid_to is exclusive.
    UnitVersion.objects.create(unit=unit, name="Q5", kind="khac", valid_from=dt.date(2022, 1, 1))
    assert unit.versions.count() == 2
