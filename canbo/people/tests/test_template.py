"""The template helps (issue 13.3): a help sheet, drop-down lists, the unit codes in the user's scope, a
marked example row that is never imported; ages checked on the roster's date; every error of a row
at once; the error table names the person of each row."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from canbo.accounts.system import SYSTEM
from canbo.core.errors import InputRejected
from canbo.core.excel import read_workbook, write_workbook
from canbo.org.models import Unit, UnitVersion
from canbo.people.io import columns as C
from canbo.people.io.excel import rows_from_excel
from canbo.people.io.export import template_xlsx
from canbo.people.models import Person
from canbo.people.selectors import template_units

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)
HEADERS = [c.header for c in C.COLUMNS]


def row(**cells: object) -> list[object]:
    values = {
        C.NAME: "Nguyễn Thị Hoa", C.BIRTH: "12/03/1985", C.SEX: "Nữ", C.ETHNICITY: "Kinh",
        C.RELIGION: "Không", C.CCCD: "058185012345", C.UNIT: "KH.SNV", C.CATEGORY: "Công chức",
        C.POST: "", C.POST_FROM: None, C.LANGUAGE: "", C.LANGUAGE_LEVEL: None, C.POLITICAL: "",
        C.QUALIFICATION: "", C.UNIT_FROM: None, C.CONCLUSION: None, C.DECISION: "",
    }  # fmt: skip
    by_key = {c.key: c for c in C.COLUMNS}
    values.update({by_key[k]: v for k, v in cells.items()})
    return [values[c] for c in C.COLUMNS]


def problems(rows: list[list[object]], as_of: dt.date = TODAY) -> list[str]:
    data = write_workbook([(C.SHEET, HEADERS, rows)])
    units = dict(Unit.objects.values_list("code", "id"))
    with pytest.raises(InputRejected) as refused:
        rows_from_excel(data, units=units, today=TODAY, as_of=as_of)
    return [str(e) for e in refused.value.errors]


def test_the_template_has_help_lists_and_the_users_unit_codes(builtin_org, make_user) -> None:
    focal = make_user("dau_moi", "KH.STC")
    data = template_xlsx(units=template_units(user=focal))
    sheets = read_workbook(data)
    assert list(sheets) == [C.SHEET, "Danh mục", "Hướng dẫn", "Mã đơn vị"]
    assert sheets[C.SHEET][0] == HEADERS
    assert "(dòng ví dụ)" in sheets[C.SHEET][1][0]
    help_rows = {r[0]: r for r in sheets["Hướng dẫn"][1:] if r and r[0]}
    assert set(HEADERS) <= set(help_rows) and help_rows["Ngày vào đơn vị"][2].startswith("Ngày vào đơn vị")
    codes = [r[0] for r in sheets["Mã đơn vị"][1:]]
    assert "KH.STC" in codes and "KH.SYT" not in codes  # only the focal officer's agency
    book = openpyxl.load_workbook(io.BytesIO(data))
    lists = {
        str(v.sqref).split(":")[0]: v.formula1
        for v in book[C.SHEET].data_validations.dataValidation
        if v.type == "list"
    }
    letter = {c.key: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(C.COLUMNS)}
    for column in (C.SEX, C.ETHNICITY, C.CATEGORY, C.POST, C.LANGUAGE, C.LANGUAGE_LEVEL, C.UNIT):
        assert f"{letter[column.key]}2" in lists, column.header
    catalogue = {r[0]: r for r in zip(*sheets["Danh mục"], strict=False)}  # columns of the sheet
    assert {"Nam", "Nữ"} <= set(catalogue["Giới tính"]) and "Ê-đê" in catalogue["Dân tộc"]
    assert "Bậc 4" in catalogue["Bậc ngoại ngữ"]


def test_the_template_as_it_comes_is_refused_for_its_example_row(builtin_org) -> None:
    assert problems(read_workbook(template_xlsx())[C.SHEET][1:]) == [
        "Trang “Danh sách cán bộ”, dòng 2, cột “Họ và tên”: Đây là dòng ví dụ của mẫu, không được nhập: "
        "xóa dòng này (hoặc ghi đè bằng người thật)."
    ]


def test_ages_outside_18_to_five_years_past_retirement_on_the_roster_date(builtin_org) -> None:
    """By hand: a man born 01/06/1955 retired at 60 (before 2021) after 01/06/2015; five years more is
    mid-2020: on a roster of 01/01/2020 he may still be listed, on one of 01/01/2021 no longer. A
    woman born 02/01/2008 is 17 on 01/01/2026 and 18 on 02/01/2026."""
    old = row(**{"name": "Trần Văn Cao", "birth": "01/06/1955", "sex": "Nam", "cccd": ""})
    young = row(**{"name": "Lê Thị Trẻ", "birth": "02/01/2008", "cccd": ""})
    units = dict(Unit.objects.values_list("code", "id"))
    rows_from_excel(
        write_workbook([(C.SHEET, HEADERS, [old])]), units=units, today=TODAY, as_of=dt.date(2020, 1, 1)
    )
    [message] = problems([old], as_of=dt.date(2021, 1, 1))
    assert "dòng 2, cột “Ngày sinh”" in message and "quá 5 năm vào ngày 01/01/2021" in message
    [message] = problems([young], as_of=dt.date(2026, 1, 1))
    assert "mới 17 tuổi vào ngày 01/01/2026, chưa đủ 18 tuổi" in message
    rows_from_excel(
        write_workbook([(C.SHEET, HEADERS, [young])]), units=units, today=TODAY, as_of=dt.date(2026, 1, 2)
    )


def test_a_bad_date_does_not_hide_a_bad_cccd_in_the_same_row(builtin_org) -> None:
    found = problems([row(birth="31/02/1985", cccd="12345")])
    assert [m.split(": ", 1)[0] for m in found] == [
        "Trang “Danh sách cán bộ”, dòng 2, cột “Ngày sinh”",
        "Trang “Danh sách cán bộ”, dòng 2, cột “Số CCCD”",
    ]
    assert "12 chữ số" in found[1]


def test_the_error_table_names_the_person_of_each_row(builtin_org, make_user) -> None:
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    data = write_workbook(
        [(C.SHEET, HEADERS, [row(), row(name="Trần Văn Sai", birth="31/02/1990", sex="Nam", cccd="")])]
    )
    response = client.post("/can-bo/nhap-excel/", {"tep": SimpleUploadedFile("ds.xlsx", data)})
    html = response.content.decode()
    assert response.status_code == 400 and not Person.objects.exists()
    table = html[html.index('id="import-errors"') :]
    assert "<td>3</td><td>Trần Văn Sai</td><td>Ngày sinh</td>" in table
    errors = read_workbook(client.get("/can-bo/nhap-excel/loi.xlsx").content)["Lỗi"]
    assert errors[0] == ["Trang", "Dòng", "Họ và tên", "Cột", "Lỗi"]
    assert errors[1][1:4] == [3, "Trần Văn Sai", "Ngày sinh"]


def test_kinds_of_units_on_the_roster_date_are_used(builtin_org) -> None:
    """The template's unit codes are today's; the import reads the units of any date."""
    assert UnitVersion.objects.exists()
    assert ("KH.STC", "Sở Tài chính") in template_units(user=SYSTEM)


def test_the_conclusion_and_decision_columns(builtin_org) -> None:
    """The help sheet says what the two columns take; a conclusion after the roster's date is refused,
    a column found by its other names."""
    sheets = read_workbook(template_xlsx())
    help_rows = {r[0]: r for r in sheets["Hướng dẫn"][1:] if r and r[0]}
    assert "II.7" in help_rows[C.CONCLUSION.header][2] and "29/10/2021" in help_rows[C.CONCLUSION.header][2]
    assert "quy hoạch" in help_rows[C.DECISION.header][2]
    [message] = problems([row(conclusion="01/12/2025")], as_of=dt.date(2025, 11, 1))
    assert message.startswith("Trang “Danh sách cán bộ”, dòng 2, cột “Ngày kết luận TCCT”: ")
    assert "sau ngày tính danh sách 01/11/2025" in message
    headers = [
        {C.CONCLUSION.header: "Kết luận tiêu chuẩn chính trị", C.DECISION.header: "Số QĐ"}.get(h, h)
        for h in HEADERS
    ]
    units = dict(Unit.objects.values_list("code", "id"))
    data = write_workbook([(C.SHEET, headers, [row(conclusion="20/12/2022", decision=" 12/QĐ-UBND ")])])
    (parsed,) = rows_from_excel(data, units=units, today=TODAY)
    assert (parsed.conclusion_on, parsed.decision_number) == (dt.date(2022, 12, 20), "12/QĐ-UBND")
