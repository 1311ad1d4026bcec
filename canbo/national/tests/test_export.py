"""The export in the decree's 10 groups: keying, groups, chunks, scope, the people left out, Excel."""

import datetime as dt
import io
import json
from typing import Any

import openpyxl
import pytest

from canbo.accounts.system import SYSTEM
from canbo.national.export import write_jsonl, write_xlsx
from canbo.national.groups import BAD_NUMBER, GROUPS, KEY, NO_NUMBER
from canbo.people.models import Discipline, Evaluation, LanguageSkill, Post, Training

from .conftest import assign

pytestmark = pytest.mark.django_db
D = dt.date
AS_OF = D(2026, 12, 4)


def _jsonl(user: Any = SYSTEM, size: int = 5000) -> tuple[dict[str, Any], list[dict[str, Any]], Any]:
    out = io.BytesIO()
    summary = write_jsonl(out, user=user, as_of=AS_OF, scope="thử", size=size)
    lines = [json.loads(line) for line in out.getvalue().decode().splitlines()]
    return lines[0], lines[1:], summary


def test_a_hand_made_person_in_the_ten_groups_keyed_by_the_cccd(make_person: Any) -> None:
    person = make_person(
        "Trần Văn Bình", sex="nam", cccd="056085000777", hometown="Cam Lâm, Khánh Hòa", religion="00",
        rank_code="01.003", rank_name="Chuyên viên", salary_step=3, salary_coefficient="3.00",
        qualification="dai_hoc", party_joined=D(2010, 5, 19), party_full=D(2011, 5, 19), recruited_on=D(2008, 9, 1),
    )  # fmt: skip
    post = Post.objects.create(code="pho-phong-thu", name="Phó Trưởng phòng", level="division_deputy")
    assign(person, valid_from=D(2008, 9, 1), valid_to=D(2020, 1, 1), decision_number="12/QĐ-STC")
    assign(
        person, post=post, valid_from=D(2020, 1, 1), start_reason="bo_nhiem", decision_date=D(2019, 12, 20)
    )
    assign(person, valid_from=D(2027, 1, 1), start_reason="dieu_dong")  # after the date: not on record yet
    Evaluation.objects.create(person=person, year=2024, level="tot")
    Evaluation.objects.create(person=person, year=2025, level="xuat_sac")
    Discipline.objects.create(person=person, decided_on=D(2015, 3, 2), form="khien_trach")
    LanguageSkill.objects.create(person=person, language="en", level=3)
    Training.objects.create(person=person, kind="ly_luan", level="Trung cấp", started_on=D(2012, 1, 1))

    head, records, summary = _jsonl()

    assert summary.exported == 1 and summary.excluded == []
    assert [g["khoa"] for g in head["tieu_de"]["nhom"]] == [g.key for g in GROUPS]
    assert any("194" in line for line in head["tieu_de"]["ghi_chu"])  # the field list is not ours to invent
    (record,) = records
    assert list(record) == [KEY, *(g.key for g in GROUPS)]
    assert record[KEY] == "056085000777"
    basic = record["nhom_1_thong_tin_co_ban"]
    assert (
        basic["ho_ten"] == "Trần Văn Bình"
        and basic["gioi_tinh"] == "Nam"
        and basic["ngay_sinh"] == "1985-03-12"
    )
    assert basic["dan_toc"] == "Kinh" and basic["que_quan"] == "Cam Lâm, Khánh Hòa"
    for number in (2, 3, 8, 9, 10):  # not kept: marked, and nothing else
        assert record[GROUPS[number - 1].key] == {"luu_giu": False}
    career = record["nhom_4_tuyen_dung_bo_nhiem"]
    assert career["ngay_tuyen_dung"] == "2008-09-01"
    assert [a["tu_ngay"] for a in career["qua_trinh_cong_tac"]] == ["2008-09-01", "2020-01-01"]
    assert career["qua_trinh_cong_tac"][1]["chuc_vu"] == "Phó Trưởng phòng"
    assert career["qua_trinh_cong_tac"][1]["ly_do_bat_dau"] == "Bổ nhiệm"
    assert career["qua_trinh_cong_tac"][0]["so_quyet_dinh"] == "12/QĐ-STC"
    work = record["nhom_6_cong_tac_luong_danh_gia"]
    assert work["co_quan_quan_ly_ho_so"] == "Sở Tài chính"
    assert work["chuc_vu_tai_ngay"] == [
        {"don_vi": "Sở Tài chính", "chuc_vu": "Phó Trưởng phòng", "kiem_nhiem": False}
    ]
    assert work["he_so_luong"] == 3.0 and work["bac_luong"] == 3 and work["ngach"] == "Chuyên viên"
    assert work["xep_loai"] == [
        {"nam": 2024, "muc": "Hoàn thành tốt nhiệm vụ"},
        {"nam": 2025, "muc": "Hoàn thành xuất sắc nhiệm vụ"},
    ]
    assert work["ky_luat"][0]["hinh_thuc"] == "Khiển trách"
    training = record["nhom_5_dao_tao_boi_duong"]
    assert training["ngoai_ngu"] == [{"ngoai_ngu": "Tiếng Anh", "bac": 3, "ngay_cap": None}]
    assert training["dao_tao_boi_duong"][0]["loai"] == "Lý luận chính trị"
    assert record["nhom_7_dang_doan_the"] == {"ngay_vao_dang": "2010-05-19", "ngay_chinh_thuc": "2011-05-19"}


def test_chunks_of_two_give_the_same_file_as_one_chunk(make_person: Any) -> None:
    for i in range(7):
        person = make_person(f"Người {i}")
        assign(person)
        Evaluation.objects.create(person=person, year=2025, level="tot")
    make_person("Không Số", cccd=None)
    whole = _jsonl(size=5000)
    pieces = _jsonl(size=2)
    assert whole[1] == pieces[1] and len(whole[1]) == 7
    assert (
        [p.full_name for p in whole[2].excluded] == [p.full_name for p in pieces[2].excluded] == ["Không Số"]
    )


def test_a_person_outside_the_officers_scope_is_not_exported(make_person: Any, make_user: Any) -> None:
    make_person("Ở Sở Tài chính", unit="KH.STC")
    make_person("Ở Sở Y tế", unit="KH.SYT")
    officer = make_user("dau_moi", "KH.STC")
    _head, records, _summary = _jsonl(user=officer)
    assert [r["nhom_1_thong_tin_co_ban"]["ho_ten"] for r in records] == ["Ở Sở Tài chính"]
    _head, records, _summary = _jsonl(user=make_user("noi_vu", "KH"))
    assert len(records) == 2


def test_a_person_without_a_valid_number_is_reported_not_exported(make_person: Any) -> None:
    make_person("Có Số")
    make_person("Không Số", cccd=None)
    make_person("Số Sai", cccd="12345")
    _head, records, summary = _jsonl()
    assert [r["nhom_1_thong_tin_co_ban"]["ho_ten"] for r in records] == ["Có Số"]
    assert {(p.full_name, p.reason) for p in summary.excluded} == {
        ("Không Số", NO_NUMBER),
        ("Số Sai", BAD_NUMBER),
    }
    assert all(p.unit == "Sở Tài chính" for p in summary.excluded)


def test_excel_one_row_a_person_split_past_a_sheets_rows(make_person: Any, tmp_path: Any) -> None:
    for i in range(5):
        assign(make_person(f"Người {i}"))
    make_person("Không Số", cccd=None)
    path = str(tmp_path / "csdl.xlsx")
    # 4 rows a sheet: 2 of headers, 2 people; 5 people → three sheets.
    summary = write_xlsx(path, user=SYSTEM, as_of=AS_OF, scope="thử", size=2, sheet_rows_max=4)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Ghi chú", "Không xuất", "Hồ sơ", "Hồ sơ (2)", "Hồ sơ (3)"]
    names = [
        row[1]
        for s in ("Hồ sơ", "Hồ sơ (2)", "Hồ sơ (3)")
        for row in book[s].iter_rows(min_row=3, values_only=True)
    ]
    assert names == [f"Người {i}" for i in range(5)] and summary.exported == 5
    first = list(book["Hồ sơ"].iter_rows(max_row=3, values_only=True))
    assert first[0][0] == "Nhóm 1. Thông tin cơ bản về cá nhân, định danh"
    assert first[1][0] == "Số định danh cá nhân" and first[2][0].isdigit() and len(first[2][0]) == 12
    assert "Tuyển dụng" in first[2][9]  # the assignments, one line each
    assert first[1][4] == "Ngày sinh" and first[2][4] == dt.datetime(1985, 3, 12)  # a date, dd/mm/yyyy
    left_out = list(book["Không xuất"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in left_out] == [("Không Số", "Chưa có số định danh cá nhân (số CCCD)")]
    notes = [r[0] for r in book["Ghi chú"].iter_rows(values_only=True)]
    assert any("Nhóm 8. Nghĩa vụ quân sự: canbo không lưu giữ" in (n or "") for n in notes)
