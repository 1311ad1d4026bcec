"""Excel in and out for a recruitment: the applications (sheet “Hồ sơ dự tuyển”), the scores (sheet
“Thí sinh”, the columns `canbo recruitment rank` reads, with the exam number “Số báo danh”), and the
result of every line (sheet “Kết quả”). An import is all or nothing: every bad row is reported with its
row as Excel shows it and its column (core.errors.InputRejected), and nothing is written."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from canbo.core.actors import Actor
from canbo.core.dates import parse_date
from canbo.core.errors import InputRejected, RowError
from canbo.core.excel import Column, find_sheet, read_columns, read_workbook, write_workbook
from canbo.core.text import fold
from canbo.people import catalogues
from canbo.recruitment import rules, services
from canbo.recruitment.candidates import (
    H_NAME,
    H_PROFESSIONAL,
    H_ROUND_1,
    H_WRITTEN,
    _number,
    _text,
    category_codes,
)
from canbo.recruitment.choices import SelectionCase
from canbo.recruitment.models import Candidate, Recruitment
from canbo.recruitment.selectors import RecruitmentView

__all__ = [
    "APPLICATIONS",
    "SCORES",
    "applications_import",
    "results_xlsx",
    "scores_import",
    "scores_template",
]

APPLICATIONS = "Hồ sơ dự tuyển"
SCORES = "Thí sinh"
H_POSITION = "Mã vị trí"
H_NUMBER = "Số báo danh"
APPLICATION_COLUMNS = [
    Column("position", H_POSITION, required=True),
    Column("name", H_NAME, required=True),
    Column("birth", "Ngày sinh", required=True),
    Column("sex", "Giới tính", required=True),
    Column("ethnicity", "Dân tộc"),
    Column("nationality", "Quốc tịch"),
    Column("cccd", "Số CCCD"),
    Column("qualification", "Trình độ"),
    Column("field", "Chuyên ngành"),
    Column("category", "Đối tượng ưu tiên"),
    Column("case", "Trường hợp xét tuyển"),
]
SCORE_COLUMNS = [
    Column("number", H_NUMBER, aliases=("SBD",), required=True),
    Column("name", H_NAME),
    Column("round_1", H_ROUND_1),
    Column("professional", H_PROFESSIONAL),
    Column("written", H_WRITTEN),
]
_SEX = {"nam": "nam", "nu": "nu", "nữ": "nu"}
_CASES = {fold(str(label)): code for code, label in SelectionCase.choices} | {
    code: code for code in SelectionCase
}


def _sheet(data: bytes, name: str) -> tuple[str, list[list[Any]]]:
    found = find_sheet(read_workbook(data), [name])
    if found is None:
        raise InputRejected.single(f"Tệp không có trang “{name}”.")
    return found


def applications_import(*, actor: Actor, recruitment: Recruitment, data: bytes) -> list[Candidate]:
    """The applications of the sheet “Hồ sơ dự tuyển”, one row per candidate, the line named by the
    job position's code (“Mã vị trí”)."""
    name, raw = _sheet(data, APPLICATIONS)
    table = read_columns(raw, APPLICATION_COLUMNS, sheet=name)
    lines = {fold(line.position.code): line for line in recruitment.lines.select_related("position")}  # type: ignore[attr-defined]
    errors: list[RowError] = []
    rows: list[tuple[Any, dict[str, Any]]] = []
    numbers: list[int] = []
    keys = [c.key for c in APPLICATION_COLUMNS]
    for number, *values in zip(table.numbers, *(table.get(k) for k in keys), strict=True):
        cells = dict(zip(keys, values, strict=True))
        found: list[RowError] = []

        def error(message: str, column: str, *, into: list[RowError] = found, at: int = number) -> None:
            into.append(RowError(message, row=at, column=column, sheet=name))

        line = lines.get(fold(_text(cells["position"])))
        if line is None:
            error(
                f"Mã vị trí “{_text(cells['position'])[:30]}” không có trong kế hoạch tuyển dụng.", H_POSITION
            )
        full_name = " ".join(_text(cells["name"]).split())
        if not full_name:
            error("Cần ghi họ và tên.", H_NAME)
        birth: dt.date | None = None
        try:
            birth = parse_date(cells["birth"])
        except ValidationError as exc:
            error(str(exc.messages[0]), "Ngày sinh")
        sex = _SEX.get(_text(cells["sex"]).casefold())
        if sex is None:
            error("Giới tính ghi “Nam” hoặc “Nữ”.", "Giới tính")
        ethnicity = catalogues.KINH
        if _text(cells["ethnicity"]):
            code = catalogues.ETHNIC_GROUPS.find(_text(cells["ethnicity"]))
            if code is None:
                error(f"“{_text(cells['ethnicity'])[:30]}” không có trong danh mục dân tộc.", "Dân tộc")
            else:
                ethnicity = code
        qualification = ""
        if _text(cells["qualification"]):
            qualification = catalogues.QUALIFICATIONS.find(_text(cells["qualification"])) or ""
            if not qualification:
                error(f"“{_text(cells['qualification'])[:30]}” không có trong danh mục trình độ.", "Trình độ")
        codes, unknown = category_codes(_text(cells["category"]))
        for part in unknown:
            error(
                f"“{part[:60]}” không có trong danh mục đối tượng ưu tiên (điều 6 {rules.DECREE}).",
                "Đối tượng ưu tiên",
            )
        case = ""
        if _text(cells["case"]):
            case = _CASES.get(fold(_text(cells["case"])), "")
            if not case:
                error(
                    "Trường hợp xét tuyển không thuộc điều 5 Nghị định 170/2025/NĐ-CP.",
                    "Trường hợp xét tuyển",
                )
        errors += found
        if not found:
            numbers.append(number)
            rows.append(
                (
                    line,
                    {
                        "full_name": full_name,
                        "birth_date": birth,
                        "sex": sex,
                        "ethnicity": ethnicity,
                        "nationality": _text(cells["nationality"]) or "Việt Nam",
                        "cccd": _text(cells["cccd"]),
                        "qualification": qualification,
                        "qualification_field": _text(cells["field"]),
                        "priority": codes,
                        "selection_case": case,
                    },
                )
            )
    if errors:
        raise InputRejected(errors)
    if not rows:
        raise InputRejected.single(f"Trang “{name}” không có hồ sơ nào.", sheet=name)
    return services.candidates_add(actor=actor, recruitment=recruitment, rows=rows, numbers=numbers)


def scores_import(*, actor: Actor, recruitment: Recruitment, data: bytes) -> int:
    """The scores of the sheet “Thí sinh”, each row found by its exam number (the name, when given, must
    be the candidate's). A blank cell leaves that score as it is."""
    name, raw = _sheet(data, SCORES)
    table = read_columns(raw, SCORE_COLUMNS, sheet=name)
    by_number = {
        c.number: c for c in Candidate.objects.filter(line__recruitment=recruitment).select_related("line")
    }
    errors: list[RowError] = []
    scores: list[tuple[Candidate, dict[str, Any]]] = []
    numbers: list[int] = []
    keys = [c.key for c in SCORE_COLUMNS]
    for row, *values in zip(table.numbers, *(table.get(k) for k in keys), strict=True):
        cells = dict(zip(keys, values, strict=True))
        found: list[RowError] = []

        def error(message: str, column: str, *, into: list[RowError] = found, at: int = row) -> None:
            into.append(RowError(message, row=at, column=column, sheet=name))

        exam_number = _number(cells["number"])
        candidate = (
            by_number.get(int(exam_number))
            if exam_number is not None and exam_number == exam_number.to_integral_value()
            else None
        )
        if candidate is None:
            error(f"Không có thí sinh số báo danh “{_text(cells['number'])[:20]}”.", H_NUMBER)
        elif _text(cells["name"]) and rules.name_key(_text(cells["name"])) != rules.name_key(
            candidate.full_name
        ):
            error(f"Họ và tên không khớp thí sinh số {candidate.number} ({candidate.full_name}).", H_NAME)
        values_read: dict[str, Any] = {}
        if _text(cells["round_1"]):
            count = _number(cells["round_1"])
            if (
                count is None
                or count != count.to_integral_value()
                or not 0 <= count <= rules.ROUND_1_QUESTIONS
            ):
                error(f"Số câu đúng vòng 1 phải là số nguyên từ 0 đến {rules.ROUND_1_QUESTIONS}.", H_ROUND_1)
            else:
                values_read["round_1_correct"] = int(count)
        for key, header in (("professional", H_PROFESSIONAL), ("written", H_WRITTEN)):
            if _text(cells[key]):
                score = _number(cells[key])
                if score is None or not Decimal(0) <= score <= rules.MAX_POINTS:
                    error(f"{header} phải là số từ 0 đến 100, không phải “{_text(cells[key])[:20]}”.", header)
                else:
                    values_read[key] = score
        errors += found
        if not found and candidate is not None and values_read:
            scores.append((candidate, values_read))
            numbers.append(row)
    if errors:
        raise InputRejected(errors)
    if not scores:
        raise InputRejected.single(f"Trang “{name}” không có điểm nào để ghi.", sheet=name)
    return services.scores_record(actor=actor, recruitment=recruitment, scores=scores, numbers=numbers)


def scores_template(view: RecruitmentView) -> bytes:
    """The sheet “Thí sinh” of the eligible candidates with their scores so far, to fill in."""
    rows = [
        [
            c.number,
            c.full_name,
            c.line.position.code,
            c.round_1_correct,
            _float(c.professional),
            _float(c.written),
        ]
        for line in view.lines
        for c in line.candidates
    ]
    return write_workbook(
        [(SCORES, [H_NUMBER, H_NAME, H_POSITION, H_ROUND_1, H_PROFESSIONAL, H_WRITTEN], rows)]
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


RESULT_HEADERS = [
    "Vị trí việc làm", "Chỉ tiêu", "Số báo danh", "Họ và tên", "Ngày sinh", "Vòng 1 (số câu đúng)",
    "Điểm chuyên môn", "Điểm viết", "Điểm ưu tiên", "Tổng điểm", "Kết quả", "Ghi chú",
]  # fmt: skip


def results_xlsx(view: RecruitmentView) -> bytes:
    """Every line's candidates with their result: trúng tuyển (with the tie rule that placed them),
    chờ người đứng đầu quyết định, đạt nhưng ngoài chỉ tiêu, không đạt (with the reason), không đủ điều
    kiện dự tuyển."""
    rows: list[list[Any]] = []

    def row(head: list[Any], c: Candidate, result: str, note: str, total: Any, priority: Any) -> list[Any]:
        return [*head, c.number, c.full_name, c.birth_date, c.round_1_correct, _float(c.professional),
                _float(c.written), _float(priority), _float(total), result, note]  # fmt: skip

    for line in view.lines:
        head = [line.line.position.name, line.line.quota]
        for placed, c in line.admitted:
            rows.append(row(head, c, "Trúng tuyển", placed.tie_rule, placed.total, placed.priority))
        for c in line.pending:
            rows.append(
                row(head, c, "Chờ người đứng đầu quyết định", "Bằng điểm tại ngưỡng chỉ tiêu", None, None)
            )
        for placed, c in line.not_admitted:
            rows.append(row(head, c, "Đạt, ngoài chỉ tiêu", "", placed.total, placed.priority))
        for failed, c in line.failed:
            rows.append(row(head, c, "Không đạt", failed.reason, None, None))
        for c in line.ineligible:
            reasons = "; ".join(r["text"] for r in c.eligibility if r.get("ok") is False)
            rows.append(row(head, c, "Không đủ điều kiện dự tuyển", reasons, None, None))
    return write_workbook([("Kết quả", RESULT_HEADERS, rows)])
