"""The training app's spreadsheets: a class's list of learners (export; the same sheet, filled in by an
agency, proposes its people), the results sheet (“Họ và tên”, “Ngày sinh” or “Số CCCD”, “Kết quả”,
“Số chứng chỉ”, “Ngày cấp”) and the Excel appendix of the yearly plan.

A person is named by full name and birth date (dd/mm/yyyy), or by the CCCD number. Imports are all or
nothing (STYLE.md habit 6): every row is checked first, every problem reported with its row number as
Excel shows it and its column; if any row is wrong nothing is written. The services do each write."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from canbo.core.actors import Actor
from canbo.core.crypto import keyed_hash
from canbo.core.dates import parse_date
from canbo.core.errors import ApplicationError, InputRejected, RowError
from canbo.core.excel import Column, find_sheet, read_table, read_workbook, write_workbook
from canbo.core.text import fold
from canbo.people.models import Person
from canbo.training import services
from canbo.training.choices import EnrolmentStatus
from canbo.training.models import Enrolment, TrainingClass, TrainingPlan
from canbo.training.selectors import enrolments_of, plan_progress

__all__ = ["enrolments_import", "enrolments_xlsx", "plan_appendix_xlsx", "results_import"]

SHEET = "Học viên"
RESULTS = "Kết quả"
H_NAME, H_BIRTH, H_CCCD, H_RESULT, H_NUMBER, H_DATE, H_PASSED = (
    "Họ và tên",
    "Ngày sinh",
    "Số CCCD",
    "Kết quả",
    "Số chứng chỉ",
    "Ngày cấp",
    "Đạt",
)
PERSON_COLUMNS = [
    Column("name", H_NAME, required=True),
    Column("birth", H_BIRTH),
    Column("cccd", H_CCCD, ("CCCD", "Số căn cước")),
]
RESULT_COLUMNS = [
    *PERSON_COLUMNS,
    Column("result", H_RESULT, required=True),
    Column("number", H_NUMBER),
    Column("date", H_DATE, ("Ngày cấp chứng chỉ",)),
]
# The results that mean "did not pass" (anything else written in “Kết quả” is a pass with that grade).
FAILED = {"khong dat", "truot", "khong hoan thanh", "vang"}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def enrolments_xlsx(*, user: Any, training_class: TrainingClass) -> bytes:
    """The class's learners the user may see: name, birth date, agency, status, results."""
    rows = [
        [
            e.person.full_name,
            e.person.birth_date,
            e.unit.code,
            e.get_status_display(),
            e.level_before,
            e.result,
            e.certificate_number,
            e.certificate_date,
        ]
        for e in enrolments_of(user=user, training_class=training_class)
    ]
    headers = [H_NAME, H_BIRTH, "Cơ quan", "Trạng thái", "Bậc trước khóa học", H_RESULT, H_NUMBER, H_DATE]
    return write_workbook([(SHEET, headers, rows)])


def _find_person(
    row_values: dict[str, Any], number: int, sheet: str, scoped: Any, errors: list[RowError]
) -> Person | None:
    """The person a row names, by CCCD or by name and birth date, within `scoped` (else an error)."""

    def error(message: str, column: str) -> None:
        errors.append(RowError(message, row=number, column=column, sheet=sheet))

    name = _text(row_values.get("name"))
    cccd = _text(row_values.get("cccd"))
    if cccd:
        found = list(scoped.filter(cccd_hash=keyed_hash(cccd, purpose="cccd"))[:2])
        if not found:
            error(f"Không có người có số CCCD “{cccd}” trong phạm vi của bạn.", H_CCCD)
            return None
        person: Person = found[0]
        if name and fold(person.full_name) != fold(name):
            error(f"Số CCCD “{cccd}” là của người khác tên, không phải “{name}”.", H_NAME)
            return None
        return person
    if not name:
        error("Cần ghi họ và tên.", H_NAME)
        return None
    raw = row_values.get("birth")
    try:
        birth = parse_date(raw) if raw not in (None, "") else None
    except ValidationError as exc:
        error(exc.messages[0], H_BIRTH)
        return None
    if birth is None:
        error("Cần ghi ngày sinh (dd/mm/yyyy) hoặc số CCCD.", H_BIRTH)
        return None
    matches = list(scoped.filter(name_fold=fold(name), birth_date=birth)[:2])
    if not matches:
        error(f"Không có “{name}”, sinh ngày {birth:%d/%m/%Y}, trong phạm vi của bạn.", H_NAME)
        return None
    if len(matches) > 1:
        error("Có hai người cùng họ tên và ngày sinh: ghi thêm số CCCD.", H_CCCD)
        return None
    return matches[0]


def _table(data: bytes, sheet: str, columns: list[Column]) -> tuple[str, list[Any]]:
    found = find_sheet(read_workbook(data), [sheet])
    if found is None:
        raise InputRejected.single(f"Tệp không có trang “{sheet}” (tải danh sách lớp để xem cách ghi).")
    name, raw = found
    table = read_table(raw, columns, sheet=name)
    if not table:
        raise InputRejected.single(f"Trang “{name}” không có dòng nào.", sheet=name)
    return name, table


@transaction.atomic
def enrolments_import(*, actor: Actor, training_class: TrainingClass, data: bytes) -> int:
    """The people of the sheet “Học viên” proposed for the class (services.enrolment_propose, each
    audited): all or nothing. Returns how many were proposed."""
    name, table = _table(data, SHEET, PERSON_COLUMNS)
    scoped = Person.objects.restrict(actor, "change")  # type: ignore[attr-defined]
    errors: list[RowError] = []
    planned: list[tuple[int, Person]] = []
    seen: set[int] = set()
    for row in table:
        person = _find_person(row.values, row.number, name, scoped, errors)
        if person is None:
            continue
        if person.pk in seen:
            errors.append(
                RowError("Người này đã có ở một dòng trên.", row=row.number, column=H_NAME, sheet=name)
            )
            continue
        seen.add(person.pk)
        planned.append((row.number, person))
    if errors:
        raise InputRejected(errors)
    for number, person in planned:
        try:
            services.enrolment_propose(actor=actor, training_class=training_class, person=person)
        except ApplicationError as refusal:
            raise InputRejected([RowError(refusal.message, row=number, column=H_NAME, sheet=name)]) from None
    return len(planned)


@transaction.atomic
def results_import(*, actor: Actor, training_class: TrainingClass, data: bytes) -> int:
    """The results of the sheet “Kết quả” (or “Học viên”): each row names an approved learner of the
    class; “Kết quả” is the grade (“Không đạt” fails), “Số chứng chỉ” and “Ngày cấp” the certificate.
    All or nothing. Returns how many results were recorded."""
    book = read_workbook(data)
    sheet = RESULTS if find_sheet(book, [RESULTS]) is not None else SHEET
    name, table = _table(data, sheet, RESULT_COLUMNS)
    scoped = Enrolment.objects.restrict(actor, "change").filter(training_class=training_class)  # type: ignore[attr-defined]
    people = Person.objects.filter(pk__in=scoped.values("person_id"))
    by_person = {e.person_id: e for e in scoped}
    errors: list[RowError] = []
    planned: list[tuple[int, Enrolment, dict[str, Any]]] = []
    for row in table:
        person = _find_person(row.values, row.number, name, people, errors)
        if person is None:
            continue
        enrolment = by_person[person.pk]
        if enrolment.status not in (
            EnrolmentStatus.APPROVED,
            EnrolmentStatus.ATTENDED,
            EnrolmentStatus.PASSED,
            EnrolmentStatus.FAILED,
        ):
            errors.append(
                RowError(
                    f"{person.full_name} đang ở trạng thái “{enrolment.get_status_display()}”: chỉ ghi kết "
                    "quả cho học viên đã được duyệt.",
                    row=row.number,
                    column=H_NAME,
                    sheet=name,
                )
            )
            continue
        result = _text(row.values.get("result"))
        if not result:
            errors.append(RowError("Cần ghi kết quả.", row=row.number, column=H_RESULT, sheet=name))
            continue
        raw = row.values.get("date")
        try:
            certificate_date = parse_date(raw) if raw not in (None, "") else None
        except ValidationError as exc:
            errors.append(RowError(exc.messages[0], row=row.number, column=H_DATE, sheet=name))
            continue
        if certificate_date is not None and certificate_date < training_class.starts_on:
            errors.append(
                RowError(
                    f"Ngày cấp trước ngày khai giảng ({training_class.starts_on:%d/%m/%Y}).",
                    row=row.number,
                    column=H_DATE,
                    sheet=name,
                )
            )
            continue
        planned.append(
            (
                row.number,
                enrolment,
                {
                    "passed": fold(result) not in FAILED,
                    "result": result[:100],
                    "certificate_number": _text(row.values.get("number"))[:60],
                    "certificate_date": certificate_date,
                },
            )
        )
    if errors:
        raise InputRejected(errors)
    for number, enrolment, values in planned:
        try:
            services.result_record(actor=actor, enrolment=enrolment, **values)
        except ApplicationError as refusal:
            raise InputRejected(
                [RowError(refusal.message, row=number, column=H_RESULT, sheet=name)]
            ) from None
    return len(planned)


def plan_appendix_xlsx(*, user: Any, plan: TrainingPlan) -> bytes:
    """The plan's appendix: one row per line, with the classes opened for it and their progress."""
    rows = []
    for number, progress in enumerate(plan_progress(user=user, plan=plan), start=1):
        line = progress.line
        rows.append(
            [
                number,
                line.title,
                line.get_kind_display(),
                line.target_group,
                line.people_count,
                line.organiser,
                f"Quý {line.quarter}" if line.quarter else "Trong năm",
                line.place,
                line.funding,
                int(line.estimated_cost) if line.estimated_cost is not None else None,
                line.get_need_display(),
                "; ".join(c.name for c in progress.classes),
                progress.enrolled,
                progress.completed,
            ]
        )
    headers = [
        "STT",
        "Nội dung đào tạo, bồi dưỡng",
        "Loại",
        "Đối tượng",
        "Số người",
        "Cơ quan tổ chức",
        "Thời gian",
        "Địa điểm",
        "Nguồn kinh phí",
        "Kinh phí dự kiến (đồng)",
        "Nhu cầu đáp ứng",
        "Lớp đã mở",
        "Đã cử học",
        "Đã hoàn thành",
    ]
    return write_workbook([(f"Phụ lục KH {plan.year}", headers, rows)])
