"""The late-record report: what was recorded in canbo later than Decree 27/2026's windows after its
decision (national.rules), for the people in the user's scope.

What is compared with what (docs/national.md says the same):
1. **Tạo lập hồ sơ** (art. 18, 3 days): a person's record (`Person.created_at`, the moment the dossier
   was created, by hand or by an import) against the decision date of the assignment that brought them
   in — their first assignment, when it began by recruitment or appointment (`Assignment.decision_date`,
   start reason "Tuyển dụng" or "Bổ nhiệm").
2. **Cập nhật, đồng bộ** (art. 19, 1 day): each career event written on a dossier (the audit entry of an
   appointment, re-appointment, transfer, end of a post, retirement, first place, or a discipline: its
   moment `AuditEntry.at`) against the decision date it carries (`decision_date`, or `decided_on` for a
   discipline). An event without a decision date cannot be late and is not listed.
Only decisions from the decree's entry into force (01/07/2026) are counted: before it the windows did not
exist. Moments are read as days in Vietnam's time zone. A record made before its decision is on time."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min
from django.utils import timezone

from canbo.audit.models import AuditEntry
from canbo.national.rules import CREATE, IN_FORCE, SYNC, Window, days_late, window_end
from canbo.national.selectors import national_labels, national_people
from canbo.people.choices import AssignmentReason
from canbo.people.models import Assignment, Person

# The start reasons of a first assignment that is a decision to recruit or appoint (art. 18).
CREATING_REASONS = (AssignmentReason.RECRUITMENT, AssignmentReason.APPOINTMENT)
# The audit actions of the career events a dossier records (people.records), and what each is called.
SYNC_ACTIONS = {
    "people.assignment.first": "Ghi nơi công tác đầu tiên",
    "people.assignment.appoint": "Bổ nhiệm",
    "people.assignment.reappoint": "Bổ nhiệm lại, kéo dài thời gian giữ chức vụ",
    "people.assignment.transfer": "Điều động, luân chuyển",
    "people.assignment.end": "Thôi giữ chức vụ, miễn nhiệm",
    "people.person.retire": "Nghỉ hưu",
    "people.discipline.create": "Kỷ luật",
    "people.discipline.update": "Sửa kỷ luật",
}

COLUMNS = (
    "Yêu cầu",
    "Căn cứ",
    "Họ và tên",
    "Cơ quan quản lý hồ sơ",
    "Nội dung",
    "Số quyết định",
    "Ngày quyết định",
    "Hạn cuối",
    "Ngày ghi vào canbo",
    "Số ngày chậm",
)


@dataclass(frozen=True)
class LateRecord:
    window: Window
    person_id: int
    full_name: str
    unit: str
    what: str
    decision_number: str
    decided_on: dt.date
    deadline: dt.date
    recorded_on: dt.date
    late_days: int

    def row(self) -> list[Any]:
        """The report's row (COLUMNS), dates as dates."""
        return [
            self.window.label,
            f"{self.window.source} ({self.window.days} ngày)",
            self.full_name,
            self.unit,
            self.what,
            self.decision_number,
            self.decided_on,
            self.deadline,
            self.recorded_on,
            self.late_days,
        ]


def _bounds(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date | None]:
    """Decisions counted: from the later of `start` and the decree's entry into force, to `end`."""
    return max(start or IN_FORCE, IN_FORCE), end


def _creations(*, user: Any, as_of: dt.date, start: dt.date, end: dt.date | None) -> list[LateRecord]:
    people = national_people(user=user, as_of=as_of)
    decisions = Assignment.objects.filter(
        person__in=people,
        start_reason__in=CREATING_REASONS,
        decision_date__isnull=False,
        decision_date__gte=start,
    )
    if end is not None:
        decisions = decisions.filter(decision_date__lte=end)
    found = cast(  # decision_date is not null: filtered above
        list[tuple[int, dt.date, str, dt.date, str]],
        list(
            decisions.order_by("person_id", "valid_from", "pk").values_list(
                "person_id", "valid_from", "decision_number", "decision_date", "start_reason"
            )
        ),
    )
    ids = {row[0] for row in found}
    firsts = dict(
        Assignment.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(first=Min("valid_from"))
        .values_list("person_id", "first")
    )
    persons = {
        p[0]: p
        for p in Person.objects.filter(pk__in=ids).values_list("pk", "full_name", "unit_id", "created_at")
    }
    units = national_labels(as_of=as_of).units
    reasons = dict(AssignmentReason.choices)
    late: list[LateRecord] = []
    seen: set[int] = set()
    for person_id, valid_from, number, decided_on, reason in found:
        if person_id in seen or firsts.get(person_id) != valid_from:
            continue  # only the assignment that brought the person in creates their dossier
        seen.add(person_id)
        _pk, name, unit_id, created_at = persons[person_id]
        recorded = timezone.localdate(created_at)
        over = days_late(decided_on, recorded, CREATE.days)
        if over:
            what = f"Tạo hồ sơ sau quyết định {str(reasons[reason]).lower()}"
            late.append(
                LateRecord(
                    CREATE, person_id, name, units.get(unit_id, ""), what, number, decided_on,
                    window_end(decided_on, CREATE.days), recorded, over,
                )
            )  # fmt: skip
    return late


def _decision_of(changes: dict[str, Any]) -> tuple[dt.date | None, str]:
    after = changes.get("after") or {}
    text = after.get("decision_date") or after.get("decided_on")
    try:
        decided_on = dt.date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        decided_on = None
    return decided_on, str(after.get("decision_number") or "")


def _syncs(*, user: Any, as_of: dt.date, start: dt.date, end: dt.date | None) -> list[LateRecord]:
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        action__in=SYNC_ACTIONS,
        at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
    ).values_list("object_id", "action", "at", "changes", "note")
    events = []
    for object_id, action, at, changes, note in entries.iterator(chunk_size=2000):
        decided_on, number = _decision_of(changes)
        if decided_on is None or decided_on < start or (end is not None and decided_on > end):
            continue
        events.append((int(object_id), action, timezone.localdate(at), decided_on, number, note))
    ids = {event[0] for event in events}
    persons = dict(
        (pk, (name, unit_id))
        for pk, name, unit_id in national_people(user=user, as_of=as_of)
        .filter(pk__in=ids)
        .values_list("pk", "full_name", "unit_id")
    )
    units = national_labels(as_of=as_of).units
    late = []
    for person_id, action, recorded, decided_on, number, note in events:
        if person_id not in persons:
            continue  # outside the user's scope
        over = days_late(decided_on, recorded, SYNC.days)
        if over:
            name, unit_id = persons[person_id]
            late.append(
                LateRecord(
                    SYNC, person_id, name, units.get(unit_id, ""), note or SYNC_ACTIONS[action], number,
                    decided_on, window_end(decided_on, SYNC.days), recorded, over,
                )
            )  # fmt: skip
    return late


def late_records(
    *, user: Any, start: dt.date | None = None, end: dt.date | None = None, as_of: dt.date | None = None
) -> list[LateRecord]:
    """The records of the user's people made later than the decree's windows, for decisions from `start`
    to `end` (inclusive; never before 01/07/2026), most late first."""
    as_of = as_of or timezone.localdate()
    first, last = _bounds(start, end)
    found = _creations(user=user, as_of=as_of, start=first, end=last) + _syncs(
        user=user, as_of=as_of, start=first, end=last
    )
    return sorted(found, key=lambda r: (-r.late_days, r.decided_on, r.full_name, r.person_id))


def late_xlsx(records: list[LateRecord], *, start: dt.date | None, end: dt.date | None) -> bytes:
    """The report as an Excel workbook (one sheet, a row per late record)."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "dd/mm/yyyy"})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Ghi chậm")
    first, last = _bounds(start, end)
    sheet.write_string(
        0,
        0,
        f"Hồ sơ ghi chậm so với thời hạn của Nghị định 27/2026/NĐ-CP — quyết định từ {first:%d/%m/%Y}"
        + (f" đến {last:%d/%m/%Y}" if last else ""),
        bold,
    )
    sheet.write_row(2, 0, list(COLUMNS), bold)
    for i, record in enumerate(records, start=3):
        sheet.write_row(i, 0, record.row())
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 4, 30)
    sheet.set_column(5, 9, 14)
    book.close()
    return buffer.getvalue()
