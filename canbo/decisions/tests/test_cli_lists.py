"""canbo rules due --list NAME --as-of DATE [--months N] [--unit CODE] --format json|table|xlsx, and
canbo rules retirement (taken over from the indicators app: one `rules` command)."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from canbo.accounts.system import SYSTEM
from canbo.core.excel import read_workbook
from canbo.decisions.tests.test_lists import make_person
from canbo.people.services import people_follow_restructurings, posts_ensure

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def leaders(builtin_org: None) -> None:
    posts_ensure()
    make_person(
        "Trần Văn Trọn", "NT.STC", D(1975, 6, 1), post="giam_doc_so", since=D(2021, 3, 15), reason="bo_nhiem"
    )
    make_person(
        "Võ Thị Sau",
        "NT.SYT",
        D(1980, 1, 1),
        sex="nu",
        post="truong_phong",
        since=D(2021, 8, 1),
        reason="bo_nhiem",
    )
    people_follow_restructurings(actor=SYSTEM)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("rules", *args, stdout=out)
    return out.getvalue()


def test_json_lists_the_terms_ending_with_iso_dates(leaders: None) -> None:
    data = json.loads(
        run("due", "--list", "term-ending", "--as-of", "01/01/2026", "--months", "6", "--format", "json")
    )
    assert data["list"] == "term-ending" and data["as_of"] == "2026-01-01" and data["months"] == 6
    assert data["count"] == 1
    (row,) = data["rows"]
    assert (row["name"], row["start"], row["due"], row["notice"]) == (
        "Trần Văn Trọn", "2021-03-15", "2026-03-15", "2025-10-31",
    )  # fmt: skip
    assert any("377-QĐ/TW" in rule for rule in data["rules"])
    wider = json.loads(
        run("due", "--list", "term-ending", "--as-of", "01/01/2026", "--months", "12", "--format", "json")
    )
    assert [r["name"] for r in wider["rows"]] == ["Trần Văn Trọn", "Võ Thị Sau"]


def test_table_names_the_list_the_date_and_the_rule(leaders: None) -> None:
    text = run("due", "--list", "term-ending", "--as-of", "01/01/2026", "--months", "6", "--format", "table")
    lines = text.splitlines()
    assert lines[0] == "Hết thời hạn giữ chức vụ — ngày 01/01/2026, trong 6 tháng tới (đến trước 01/07/2026)"
    assert "Số dòng: 1" in lines
    assert any(
        line.startswith("Trần Văn Trọn") and "15/03/2026" in line and "31/10/2025" in line for line in lines
    )


def test_xlsx_to_a_file_and_a_unit(leaders: None, tmp_path: Path) -> None:
    target = tmp_path / "het-han.xlsx"
    said = run("due", "--list", "term-ending", "--as-of", "01/01/2026", "--months", "12", "--unit", "KH.SYT",
               "--format", "xlsx", "--output", str(target))  # fmt: skip
    assert "1 dòng" in said
    sheet = next(iter(read_workbook(target.read_bytes()).values()))
    assert sheet[0][0].startswith("Hết thời hạn giữ chức vụ — ngày 01/01/2026")
    header = next(i for i, row in enumerate(sheet) if row and row[0] == "Họ và tên")
    assert [row[0] for row in sheet[header + 1 :] if row and row[0]] == ["Võ Thị Sau"]


def test_refusals_are_said_in_vietnamese(leaders: None) -> None:
    with pytest.raises(CommandError, match="Không có đơn vị mã"):
        run("due", "--list", "retiring", "--unit", "XX", "--format", "json")
    with pytest.raises(CommandError, match="--output"):
        run("due", "--list", "retiring", "--format", "xlsx")
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        run("due", "--list", "retiring", "--as-of", "31/02/2026")
    with pytest.raises(CommandError):
        run("due", "--list", "nobody")


def test_retirement_is_still_answered(db: None) -> None:
    assert run("retirement", "--born", "15/10/1960", "--sex", "nam").strip() == "31/10/2020"
