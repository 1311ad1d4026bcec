"""The candidates of one position read from the sheet “Thí sinh” into the pure inputs of
`rules.rank_candidates`, and its result as plain JSON (`canbo recruitment rank`).

The sheet has one row per candidate: “Họ và tên”, “Số câu đúng vòng 1” (of 60; blank: no round 1, the
nhân viên rank), “Điểm chuyên môn” (of 100; blank: did not sit round 2), “Điểm viết” (of 100; blank
unless round 2 is written + interview), and “Điểm ưu tiên” (0; 2,5; 5; 7,5) or “Đối tượng ưu tiên” (a
category of rules.PRIORITY_CATEGORIES by label or code, several separated by “;”). The four first
columns must be there (blank cells allowed), and at least one of the two priority columns.

The file is measured (core.spreadsheet_check) before python-calamine reads it; a formula is read as the
value Excel saved with it, never evaluated. Every bad row is reported with its row number as Excel shows
it and its column (STYLE.md habit 6); one bad row and nothing is ranked."""

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from canbo.core.errors import InputRejected, RowError
from canbo.core.excel import Column, find_sheet, read_columns, read_workbook
from canbo.core.text import fold
from canbo.recruitment import rules

__all__ = ["COLUMNS", "SHEET", "candidates_read", "category_codes", "result_json"]

logger = logging.getLogger(__name__)

SHEET = "Thí sinh"
H_NAME = "Họ và tên"
H_ROUND_1 = "Số câu đúng vòng 1"
H_PROFESSIONAL = "Điểm chuyên môn"
H_WRITTEN = "Điểm viết"
H_PRIORITY = "Điểm ưu tiên"
H_CATEGORY = "Đối tượng ưu tiên"
COLUMNS = [
    Column("name", H_NAME, required=True),
    Column("round_1", H_ROUND_1, required=True),
    Column("professional", H_PROFESSIONAL, required=True),
    Column("written", H_WRITTEN, required=True),
    Column("priority", H_PRIORITY),
    Column("category", H_CATEGORY),
]
MAX_NAME = 200
_CATEGORIES = {
    fold(text): category.code
    for category in rules.PRIORITY_CATEGORIES
    for text in (category.code, category.label)
}
_STEP = Decimal("2.5")  # every category of art. 6 is worth a multiple of 2.5


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: Any) -> Decimal | None:
    """A finite number from a number cell or a text written either way (47,5 or 47.5); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
    else:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def category_codes(text: str) -> tuple[list[str], list[str]]:
    """The codes of the categories written in a cell (labels or codes, separated by “;”, without regard
    to case or diacritics), and the parts that are no category."""
    codes, unknown = [], []
    for part in text.split(";"):
        if not part.strip():
            continue
        code = _CATEGORIES.get(fold(part))
        if code is None:
            unknown.append(part.strip())
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def candidates_read(data: bytes, *, cumulative: bool = False) -> list[rules.Candidate]:
    """The candidates of the sheet “Thí sinh”, or InputRejected naming every bad row and column."""
    found = find_sheet(read_workbook(data), [SHEET])
    if found is None:
        raise InputRejected.single(f"Tệp không có trang “{SHEET}”.")
    name, raw = found
    table = read_columns(raw, COLUMNS, sheet=name)
    if not table.numbers:
        raise InputRejected.single(f"Trang “{name}” không có thí sinh nào.", sheet=name)
    errors: list[RowError] = []
    if "priority" not in table.values and "category" not in table.values:
        errors.append(
            RowError(
                f"Thiếu cột “{H_PRIORITY}” hoặc “{H_CATEGORY}” (để trống các ô nếu không ai được ưu tiên).",
                sheet=name,
            )
        )
    seen: dict[str, int] = {}
    sitting: list[tuple[int, bool]] = []  # the rows with a round-2 score: whether a written one too
    read: list[tuple[int, rules.Candidate]] = []
    columns = [
        table.get(key) for key in ("name", "round_1", "professional", "written", "priority", "category")
    ]
    for number, *values in zip(table.numbers, *columns, strict=True):
        raw_name, raw_round_1, raw_professional, raw_written, raw_priority, raw_category = values
        row_errors: list[RowError] = []

        def error(message: str, column: str, *, into: list[RowError] = row_errors, at: int = number) -> None:
            into.append(RowError(message, row=at, column=column, sheet=name))

        person = " ".join(_text(raw_name).split())
        if not person:
            error("Cần ghi họ và tên.", H_NAME)
        elif len(person) > MAX_NAME:
            error(f"Họ và tên dài quá {MAX_NAME} ký tự.", H_NAME)
        elif (first := seen.setdefault(rules.name_key(person), number)) != number:
            error(f"Trùng họ và tên với dòng {first}; ghi thêm để phân biệt (ví dụ năm sinh).", H_NAME)

        round_1: int | None = None
        if _text(raw_round_1):
            count = _number(raw_round_1)
            if (
                count is None
                or count != count.to_integral_value()
                or not 0 <= count <= rules.ROUND_1_QUESTIONS
            ):
                error(
                    f"Số câu đúng vòng 1 phải là số nguyên từ 0 đến {rules.ROUND_1_QUESTIONS}, "
                    f"không phải “{_text(raw_round_1)[:20]}”.",
                    H_ROUND_1,
                )
            else:
                round_1 = int(count)

        scores: dict[str, Decimal | None] = {}
        for key, raw_score, header in (
            ("professional", raw_professional, H_PROFESSIONAL),
            ("written", raw_written, H_WRITTEN),
        ):
            scores[key] = None
            if _text(raw_score):
                score = _number(raw_score)
                if score is None or not 0 <= score <= rules.MAX_POINTS:
                    error(f"{header} phải là số từ 0 đến 100, không phải “{_text(raw_score)[:20]}”.", header)
                else:
                    scores[key] = score
        if scores["professional"] is not None and (scores["written"] is not None or not _text(raw_written)):
            sitting.append((number, scores["written"] is not None))
        if scores["written"] is not None and not _text(raw_professional):
            error("Có điểm viết thì cần ghi điểm chuyên môn của vòng 2.", H_PROFESSIONAL)

        priority: Decimal | None = None
        if _text(raw_priority):
            points = _number(raw_priority)
            allowed = "0; 2,5; 5; 7,5" if not cumulative else "bội số của 2,5 từ 0"
            if (
                points is None
                or points < 0
                or points % _STEP != 0
                or (not cumulative and points > max(c.points for c in rules.PRIORITY_CATEGORIES))
            ):
                error(f"Điểm ưu tiên phải là {allowed}, không phải “{_text(raw_priority)[:20]}”.", H_PRIORITY)
            else:
                priority = points
        if _text(raw_category):
            codes, unknown = category_codes(_text(raw_category))
            for part in unknown:
                error(
                    f"“{part[:60]}” không có trong danh mục đối tượng ưu tiên (điều 6 {rules.DECREE}).",
                    H_CATEGORY,
                )
            if not unknown:
                from_categories = rules.priority_points(codes, cumulative=cumulative)
                if priority is not None and priority != from_categories:
                    error(
                        f"Điểm ưu tiên {rules.vn(priority)} không khớp đối tượng ưu tiên "
                        f"({rules.vn(from_categories)} điểm).",
                        H_PRIORITY,
                    )
                priority = from_categories
        errors += row_errors
        if not row_errors:
            candidate = rules.Candidate(
                person,
                scores["professional"],
                round_1_correct=round_1,
                written=scores["written"],
                priority=priority or Decimal(0),
            )
            read.append((number, candidate))
    # one exam format per position: the written part is given for every candidate of round 2, or none
    if any(written for _n, written in sitting):
        for n, written in sitting:
            if not written:
                errors.append(
                    RowError(
                        "Vòng 2 thi viết và phỏng vấn (có thí sinh có điểm viết): cần ghi điểm viết.",
                        row=n,
                        column=H_WRITTEN,
                        sheet=name,
                    )
                )
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        logger.info("recruitment sheet refused: %d problems in %d rows", len(errors), len(table.numbers))
        raise InputRejected(errors)
    return [candidate for _n, candidate in read]


def _points(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def result_json(result: rules.Result, *, cumulative: bool = False) -> dict[str, Any]:
    """The answer of `canbo recruitment rank --format json`."""
    return {
        "quota": result.quota,
        "admitted": [
            {
                "rank": p.rank,
                "name": p.name,
                "total": _points(p.total),
                "professional": _points(p.professional),
                "written": _points(p.written),
                "priority": _points(p.priority),
                "tie_rule": p.tie_rule,
            }
            for p in result.admitted
        ],
        "pending_head_decision": [p.name for p in result.pending_head_decision],
        "places_for_head_decision": result.places_for_head,
        "head_decision": list(result.head_decision),
        "failed": [{"name": f.name, "reason": f.reason} for f in result.failed],
        "not_admitted": [
            {
                "name": p.name,
                "total": _points(p.total),
                "professional": _points(p.professional),
                "priority": _points(p.priority),
            }
            for p in result.not_admitted
        ],
        "cumulative_priority": cumulative,
        "rule": rules.rule_text(cumulative=cumulative),
    }
