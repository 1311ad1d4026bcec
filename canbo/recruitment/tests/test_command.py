"""canbo recruitment rank: the examples of RULES-2 §5.3 read from a sheet “Thí sinh”, the head's decision,
and every bad file, column, number or category refused in Vietnamese, naming the row and column, with a
non-zero exit code and nothing on stdout."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from canbo.core.excel import write_workbook
from canbo.recruitment.management.commands.recruitment import Command

pytestmark = pytest.mark.django_db  # the command reads the rule settings in force (recruit.*)

HEADERS = ["Họ và tên", "Số câu đúng vòng 1", "Điểm chuyên môn", "Điểm viết", "Đối tượng ưu tiên"]


def sheet(tmp_path: Path, rows: list[list[Any]], headers: list[str] = HEADERS, name: str = "Thí sinh") -> str:
    path = tmp_path / "thi-sinh.xlsx"
    path.write_bytes(write_workbook([(name, headers, rows)]))
    return str(path)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("recruitment", *args, stdout=out)
    return out.getvalue()


def rank(path: str, quota: int, *extra: str) -> dict[str, Any]:
    return json.loads(run("rank", path, "--quota", str(quota), *extra, "--format", "json"))  # type: ignore[no-any-return]


def test_the_examples_of_rules_2(tmp_path: Path) -> None:
    path = sheet(
        tmp_path,
        [
            ["Hà Thị Mai", 40, 48, None, "Người dân tộc thiểu số; Quân nhân chuyên nghiệp phục viên"],
            ["Lê Văn An", 35, 60, None, "dan_toc_thieu_so"],
            ["Trần Thị Bình", 31, 62.5, None, "nguoi hoan thanh nghia vu quan su"],
            ["Võ Văn Dũng", 28, 90, None, None],
            ["Ngô Thị Em", 45, 55, None, ""],
        ],
    )
    answer = rank(path, 1)
    assert answer["quota"] == 1
    assert answer["admitted"] == [
        {
            "rank": 1,
            "name": "Trần Thị Bình",
            "total": 65.0,
            "professional": 62.5,
            "written": None,
            "priority": 2.5,
            "tie_rule": "điểm chuyên môn cao hơn",
        }
    ]
    assert answer["pending_head_decision"] == [] and answer["head_decision"] == []
    assert answer["not_admitted"] == [
        {"name": "Lê Văn An", "total": 65.0, "professional": 60.0, "priority": 5.0},
        {"name": "Ngô Thị Em", "total": 55.0, "professional": 55.0, "priority": 0.0},
    ]
    assert answer["failed"] == [
        {
            "name": "Hà Thị Mai",
            "reason": "Điểm chuyên môn dưới 50 (48) — điểm ưu tiên (5) chỉ cộng cho người đạt",
        },
        {"name": "Võ Văn Dũng", "reason": "Vòng 1 dưới 50 % số câu (28/60)"},
    ]
    assert answer["rule"].startswith("Nghị định 170/2025/NĐ-CP")
    assert not answer["cumulative_priority"]
    # the 60 + 5 → 65 example, with a second place
    two = rank(path, 2)
    assert [(p["rank"], p["name"], p["total"], p["tie_rule"]) for p in two["admitted"]] == [
        (1, "Trần Thị Bình", 65.0, "điểm chuyên môn cao hơn"),
        (2, "Lê Văn An", 65.0, ""),
    ]
    # cumulative: the ethnic-minority, demobilised candidate still fails before priority (now 10)
    cumulative = rank(path, 2, "--cumulative")
    assert "điểm ưu tiên (10)" in cumulative["failed"][0]["reason"] and cumulative["cumulative_priority"]


def test_a_tie_goes_to_the_head_and_their_decision_is_recorded(tmp_path: Path) -> None:
    path = sheet(
        tmp_path,
        [
            ["Lê Văn An", None, 70, 60, None],
            ["Trần Thị Bình", None, 70, 60, None],
            ["Phạm Minh Châu", None, 90, 80, None],
        ],
        headers=["Họ và tên", "Số câu đúng vòng 1", "Điểm chuyên môn", "Điểm viết", "Điểm ưu tiên"],
    )
    pending = rank(path, 2)
    assert [p["name"] for p in pending["admitted"]] == ["Phạm Minh Châu"]
    assert pending["pending_head_decision"] == ["Lê Văn An", "Trần Thị Bình"]
    assert pending["places_for_head_decision"] == 1
    text = run("rank", path, "--quota", "2")
    assert "chờ người đứng đầu quyết định 1 chỉ tiêu: Lê Văn An; Trần Thị Bình" in text

    decided = rank(path, 2, "--head-decision", "Trần Thị Bình")
    assert [(p["rank"], p["name"], p["tie_rule"]) for p in decided["admitted"]] == [
        (1, "Phạm Minh Châu", ""),
        (2, "Trần Thị Bình", "người đứng đầu quyết định"),
    ]
    assert decided["head_decision"] == ["Trần Thị Bình"]
    assert decided["pending_head_decision"] == []
    assert [p["name"] for p in decided["not_admitted"]] == ["Lê Văn An"]
    assert "[người đứng đầu quyết định]" in run(
        "rank", path, "--quota", "2", "--head-decision", "Trần Thị Bình"
    )

    with pytest.raises(CommandError, match="“Phạm Minh Châu” không thuộc nhóm bằng điểm"):
        run("rank", path, "--quota", "2", "--head-decision", "Phạm Minh Châu")
    with pytest.raises(CommandError, match="Không có nhóm bằng điểm nào"):
        run("rank", path, "--quota", "3", "--head-decision", "Lê Văn An")


def test_the_text_format(tmp_path: Path) -> None:
    path = sheet(
        tmp_path, [["Lê Văn An", 35, 60, None, "Người dân tộc thiểu số"], ["Võ Văn Dũng", 28, 90, None, None]]
    )
    text = run("rank", path, "--quota", "1")
    assert "1. Lê Văn An — tổng 65 (chuyên môn 60 + ưu tiên 5)" in text
    assert "Võ Văn Dũng: Vòng 1 dưới 50 % số câu (28/60)" in text


def test_bad_rows_are_refused_naming_row_and_column(tmp_path: Path) -> None:
    path = sheet(
        tmp_path,
        [
            ["Lê Văn An", 61, 60, None, None],  # 2: 61 of 60 questions
            ["Trần Thị Bình", 30, 101, None, None],  # 3: 101 points
            ["Phạm Minh Châu", 30, "sáu mươi", None, None],  # 4: text
            ["Đỗ Văn Cường", 30.5, 60, None, None],  # 5: not a whole number
            ["Ngô Thị Em", 30, 60, None, "Người nước ngoài"],  # 6: no such category
            [None, 30, 60, None, None],  # 7: no name
            ["lê văn  an", 30, 60, None, None],  # 8: the same name as row 2
        ],
    )
    with pytest.raises(CommandError) as refused:
        run("rank", path, "--quota", "1", "--format", "json")
    message = str(refused.value)
    assert message.startswith("Không xếp hạng được:")
    for where in (
        "Trang “Thí sinh”, dòng 2, cột “Số câu đúng vòng 1”: Số câu đúng vòng 1 phải là số nguyên từ 0 đến 60, "
        "không phải “61”",
        "dòng 3, cột “Điểm chuyên môn”: Điểm chuyên môn phải là số từ 0 đến 100, không phải “101”",
        "dòng 4, cột “Điểm chuyên môn”",
        "dòng 5, cột “Số câu đúng vòng 1”",
        "dòng 6, cột “Đối tượng ưu tiên”: “Người nước ngoài” không có trong danh mục đối tượng ưu tiên",
        "dòng 7, cột “Họ và tên”: Cần ghi họ và tên",
        "dòng 8, cột “Họ và tên”: Trùng họ và tên với dòng 2",
    ):
        assert where in message


def test_priority_numbers_and_exam_formats_are_checked(tmp_path: Path) -> None:
    headers = [*HEADERS, "Điểm ưu tiên"]
    path = sheet(
        tmp_path,
        [
            ["Lê Văn An", 30, 60, 55, "Thương binh", 5],  # 2: 7,5 by category, 5 written
            ["Trần Thị Bình", 30, 60, None, None, 3],  # 3: no category is worth 3; no written score
            ["Phạm Minh Châu", 30, 60, 70, None, "2,5"],  # good
        ],
        headers=headers,
    )
    with pytest.raises(CommandError) as refused:
        run("rank", path, "--quota", "1")
    message = str(refused.value)
    assert "dòng 2, cột “Điểm ưu tiên”: Điểm ưu tiên 5 không khớp đối tượng ưu tiên (7,5 điểm)" in message
    assert "dòng 3, cột “Điểm ưu tiên”: Điểm ưu tiên phải là 0; 2,5; 5; 7,5, không phải “3”" in message
    assert "dòng 3, cột “Điểm viết”: Vòng 2 thi viết và phỏng vấn" in message


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            ["Họ và tên", "Điểm chuyên môn", "Điểm viết", "Điểm ưu tiên"],
            "Thiếu cột bắt buộc: “Số câu đúng vòng 1”",
        ),
        (
            ["Họ và tên", "Số câu đúng vòng 1", "Điểm chuyên môn", "Điểm viết"],
            "Thiếu cột “Điểm ưu tiên” hoặc",
        ),
    ],
)
def test_a_missing_column_is_refused(tmp_path: Path, headers: list[str], message: str) -> None:
    path = sheet(tmp_path, [["Lê Văn An", 30, 60, None][: len(headers)]], headers=headers)
    with pytest.raises(CommandError, match=message):
        run("rank", path, "--quota", "1")


def test_broken_or_hostile_files_are_refused(tmp_path: Path) -> None:
    cases = {
        "pdf.xlsx": b"%PDF-1.7 not a workbook",
        "broken.xlsx": b"PK\x03\x04" + b"\x00" * 200,
        "empty.xlsx": b"",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(CommandError):
            run("rank", str(tmp_path / name), "--quota", "1")
    # one cell at XFD1048576: refused before python-calamine lays the sheet out
    far = tmp_path / "far.xlsx"
    book = xlsxwriter.Workbook(str(far))
    ws = book.add_worksheet("Thí sinh")
    ws.write_row(0, 0, HEADERS)
    ws.write_string(1048575, 16383, "x")
    book.close()
    with pytest.raises(CommandError, match=r"ngoài giới hạn|tối đa"):
        run("rank", str(far), "--quota", "1")
    other = sheet(tmp_path, [["Lê Văn An"]], headers=["Họ và tên"], name="Trang khác")
    with pytest.raises(CommandError, match="Tệp không có trang “Thí sinh”"):
        run("rank", other, "--quota", "1")
    empty = sheet(tmp_path, [])
    with pytest.raises(CommandError, match="không có thí sinh nào"):
        run("rank", empty, "--quota", "1")
    with pytest.raises(CommandError, match="Không có tệp"):
        run("rank", str(tmp_path / "khong-co.xlsx"), "--quota", "1")


@pytest.mark.parametrize(("quota", "message"), [("0", "--quota phải là số nguyên dương"), ("hai", "--quota")])
def test_a_bad_quota_or_decision_is_refused(tmp_path: Path, quota: str, message: str) -> None:
    path = sheet(tmp_path, [["Lê Văn An", 30, 60, None, None]])
    with pytest.raises(CommandError, match=message):
        run("rank", path, "--quota", quota)
    with pytest.raises(CommandError, match="--head-decision cần ít nhất một họ tên"):
        run("rank", path, "--quota", "1", "--head-decision", " ; ")


def test_from_the_command_line_a_refusal_goes_to_stderr_with_a_non_zero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sheet(tmp_path, [["Lê Văn An", 61, 60, None, None]])
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["canbo", "recruitment", "rank", path, "--quota", "1", "--format", "json"])
    assert exited.value.code != 0
    captured = capsys.readouterr()
    assert "dòng 2, cột “Số câu đúng vòng 1”" in captured.err and captured.out == ""


def test_the_pass_mark_is_the_rule_setting_in_force(tmp_path: Path) -> None:
    """A version of recruit.professional_pass_mark added by Sở Nội vụ (55 from a date before today) makes
    a professional score of 52 fail."""
    import datetime as dt

    from canbo.decisions.models import RuleSetting

    RuleSetting.objects.create(
        key="recruit.professional_pass_mark", value=55, effective_from=dt.date(2026, 1, 1),
        text="Quyết định thử", origin="so_noi_vu", reason="thử",
    )  # fmt: skip
    answer = rank(sheet(tmp_path, [["Lê Văn Năm", 40, 52, None, None]]), 1)
    assert answer["admitted"] == [] and "dưới 55" in answer["failed"][0]["reason"]
