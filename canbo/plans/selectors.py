"""Reads of plans. Every function takes `user` and returns only what the user may see."""

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db.models import Prefetch, QuerySet

from canbo.core.dates import format_date, today
from canbo.core.errors import NotFound, OutOfScope
from canbo.core.scoping import Action, get_scoped_or_404
from canbo.org.choices import UnitKind
from canbo.org.lineage import Lineage, TreeShape
from canbo.org.models import Unit, UnitVersion
from canbo.org.selectors import org_lineage, org_tree_shape, unit_labels
from canbo.plans.choices import ExtensionState, Review, Status
from canbo.plans.models import Extension, Notification, Obstacle, Occurrence, Reminder, Report, Task
from canbo.plans.rules import ExtensionFact, ReportFact, due_on, occurrence_status

logger = logging.getLogger(__name__)


@dataclass
class OccurrenceRow:
    occurrence: Occurrence
    status: Status
    due: dt.date | None
    extensions: int
    # The agency that answers for the occurrence on as_of: the unit it was given to, or, after a
    # restructuring, that unit's successor (org lineage). None when the unit has no successor.
    responsible: Unit | None
    # Names as a list shows them (issue 12.3): each under its name on the day it is named for, with its
    # province when the list holds agencies of two provinces (org.selectors.unit_labels).
    responsible_name: str  # the agency answering on as_of; province if the answering agencies mix
    unit_name: str  # the agency it was given to, on the period's start; province if the list mixes
    responsible_label: str = ""  # responsible_name beside unit_name: province if the list mixes

    @property
    def task(self) -> Task:
        return self.occurrence.task


class _Responsible:
    """Who answers for a unit's work on a date (the unit or its successor), with two queries per date
    however many units are asked about."""

    def __init__(self) -> None:
        self.lineage: Lineage = org_lineage()
        self.trees: dict[dt.date, TreeShape] = {}

    def unit_id(self, unit_id: int, as_of: dt.date) -> int | None:
        if as_of not in self.trees:
            self.trees[as_of] = org_tree_shape(as_of=as_of)
        found = sorted(self.lineage.successors(unit_id, as_of, self.trees[as_of]))
        return found[0] if found else None


NO_SUCCESSOR = "(không còn đơn vị kế thừa)"


def occurrences_visible(*, user: Any, action: Action = "view") -> QuerySet[Occurrence]:
    return Occurrence.objects.restrict(user, action).select_related("task", "task__plan", "unit")  # type: ignore[attr-defined]


def _facts(occurrence: Occurrence) -> tuple[list[ReportFact], list[ExtensionFact]]:
    reports = [
        ReportFact(
            submitted_on=r.submitted_on,
            progress=r.progress,
            completed_on=r.completed_on,
            returned_on=r.reviewed_on if r.review == Review.RETURNED else None,
            accepted_on=r.reviewed_on if r.review == Review.ACCEPTED else None,
            sequence=r.pk,
        )
        for r in occurrence.reports.all()
    ]
    extensions = [
        ExtensionFact(new_due=e.requested_due, decided_on=e.decided_on)
        for e in occurrence.extensions.all()
        if e.state == ExtensionState.GRANTED and e.decided_on
    ]
    return reports, extensions


def occurrence_rows(
    *, user: Any, as_of: dt.date | None = None, queryset: QuerySet[Occurrence] | None = None
) -> list[OccurrenceRow]:
    """Occurrences the user may see, each with its status and the agency answering for it on as_of
    (five queries)."""
    as_of = as_of or today()
    queryset = queryset if queryset is not None else occurrences_visible(user=user)
    in_order: tuple[QuerySet[Report], QuerySet[Extension]] = (
        Report.objects.order_by("submitted_on", "submitted_at"),
        Extension.objects.order_by("decided_on"),
    )
    occurrences = list(
        queryset.prefetch_related(
            Prefetch("reports", queryset=in_order[0]), Prefetch("extensions", queryset=in_order[1])
        )
    )
    responsible = _Responsible()
    responsible_ids = {o.pk: responsible.unit_id(o.unit_id, as_of) for o in occurrences}
    units = {u.pk: u for u in Unit.objects.filter(pk__in={r for r in responsible_ids.values() if r})}
    # The agency answering on as_of under its name then; the one given the share under its name on
    # the period's start (a 2022 share of Ban Dân tộc reads Ban Dân tộc); with the province when the
    # list holds agencies of two (issue 12.3).
    now = [(unit_id, as_of) for unit_id in units]
    labels = unit_labels(now + [(o.unit_id, o.starts_on) for o in occurrences])
    alone = unit_labels(now)  # the answering agencies among themselves
    rows = []
    for occurrence in occurrences:
        reports, extensions = _facts(occurrence)
        answering = units.get(responsible_ids[occurrence.pk] or 0)
        rows.append(
            OccurrenceRow(
                occurrence=occurrence,
                status=Status(  # the rule's plain value, with its label
                    occurrence_status(
                        starts_on=occurrence.starts_on,
                        original_due=occurrence.original_due,
                        reports=reports,
                        extensions=extensions,
                        as_of=as_of,
                    ).value
                ),
                due=due_on(occurrence.original_due, extensions, as_of),
                extensions=sum(1 for e in extensions if e.decided_on <= as_of),
                responsible=answering,
                responsible_name=alone[(answering.pk, as_of)] if answering else NO_SUCCESSOR,
                unit_name=labels[(occurrence.unit_id, occurrence.starts_on)] or occurrence.unit.code,
                responsible_label=labels[(answering.pk, as_of)] if answering else NO_SUCCESSOR,
            )
        )
    return rows


def occurrence_row(*, user: Any, pk: int, as_of: dt.date | None = None) -> OccurrenceRow:
    """One occurrence the user may see, as a row on as_of (OutOfScope otherwise: 404, like a missing
    one)."""
    rows = occurrence_rows(user=user, as_of=as_of, queryset=occurrences_visible(user=user).filter(pk=pk))
    if not rows:
        raise OutOfScope()
    return rows[0]


def report_document(*, user: Any, pk: int) -> File:  # type: ignore[type-arg]
    """The document file of a report the user may see, opened for reading (OutOfScope when the report
    is not theirs to see; NotFound when it has no file, or the file is gone from the media folder)."""
    report = get_scoped_or_404(Report, user, pk)
    if not report.document_file:
        raise NotFound("Báo cáo này không kèm tệp văn bản.")
    try:
        return report.document_file.open("rb")
    except FileNotFoundError:  # lost from the media folder (a restore without it, a disk fault)
        logger.warning(
            "report %s: its file %s is missing from the media folder", pk, report.document_file.name
        )
        raise NotFound(
            "Tệp văn bản của báo cáo này không còn trên máy chủ; đề nghị cơ quan gửi lại."
        ) from None


@dataclass
class AgencyLine:
    unit: Unit
    name: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time(self) -> int:
        return self.counts[Status.DONE_ON_TIME]

    @property
    def judged(self) -> int:
        """The rate's denominator: done (on time or late) or past the deadline without being done."""
        return self.counts[Status.DONE_ON_TIME] + self.counts[Status.DONE_LATE] + self.counts[Status.OVERDUE]

    @property
    def on_time_rate(self) -> float | None:
        """Done on time among the occurrences whose deadline has come or that are done (a report waiting
        for review is neither until it is accepted)."""
        return round(100 * self.on_time / self.judged, 1) if self.judged else None


@dataclass
class PendingReview:
    """A report waiting for Sở Nội vụ, with what the queue shows of it."""

    report: Report
    agency_name: str  # the agency holding the work on the day asked, under its name then
    agency_id: int | None = None  # that agency's id (None: no successor)

    @property
    def occurrence(self) -> Occurrence:
        return self.report.occurrence


@dataclass
class Dashboard:
    as_of: dt.date
    by_status: list[tuple[Status, int]]
    by_agency: list[AgencyLine]
    overdue: list[OccurrenceRow]
    due_soon: list[OccurrenceRow]
    open_obstacles: list[Obstacle]
    pending_reviews: list[tuple[Task, list[PendingReview]]]  # grouped by task, in the plan's order

    @property
    def pending_count(self) -> int:
        return sum(len(reports) for _, reports in self.pending_reviews)


def dashboard(*, user: Any, as_of: dt.date | None = None, soon_days: int = 30) -> Dashboard:
    as_of = as_of or today()
    rows = occurrence_rows(user=user, as_of=as_of)
    counts = Counter(r.status for r in rows)
    agencies: dict[int, AgencyLine] = {}
    for row in rows:
        if row.responsible is None:
            continue
        line = agencies.setdefault(row.responsible.pk, AgencyLine(row.responsible, row.responsible_name))
        line.counts[row.status] += 1
    horizon = as_of + dt.timedelta(days=soon_days)
    by_occurrence = {row.occurrence.pk: row for row in rows}
    pending: dict[int, tuple[Task, list[PendingReview]]] = {}
    for report in (
        Report.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .filter(review=Review.SUBMITTED, submitted_on__lte=as_of)
        .select_related("occurrence__task", "occurrence__unit", "submitted_by")
        .order_by("occurrence__task__order", "occurrence__year", "submitted_on")
    ):
        found = by_occurrence.get(report.occurrence_id)
        name = found.responsible_name if found else report.occurrence.unit.code
        task = report.occurrence.task
        pending.setdefault(task.pk, (task, []))[1].append(PendingReview(report, name))
    return Dashboard(
        as_of=as_of,
        by_status=[(status, counts[status]) for status in Status],
        by_agency=sorted(agencies.values(), key=lambda a: a.name),
        overdue=sorted((r for r in rows if r.status == Status.OVERDUE), key=lambda r: (r.due, r.task.order)),
        due_soon=sorted(
            (r for r in rows if r.status == Status.ON_TIME and r.due and r.due <= horizon),
            key=lambda r: (r.due, r.task.order),
        ),
        open_obstacles=list(
            Obstacle.objects.restrict(user, "view")  # type: ignore[attr-defined]
            .filter(answered_on__isnull=True, raised_on__lte=as_of)
            .select_related("occurrence__task", "occurrence__unit")
        ),
        pending_reviews=list(pending.values()),
    )


def task_level_note(*, task: Task) -> str:
    """Why a task of a level that ended gets no later share (issue 12.2): "Không giao cho các kỳ bắt
    đầu từ ngày 01/07/2025: cấp UBND cấp huyện không còn từ ngày đó …"; empty while the level lasts."""
    if not task.level:
        return ""
    versions = UnitVersion.objects.filter(kind=task.level)
    if not versions.exists() or versions.filter(valid_to__isnull=True).exists():
        return ""
    ended = max(v for v in versions.values_list("valid_to", flat=True) if v is not None)
    return (
        f"Sản phẩm của nhiệm vụ thuộc cấp “{UnitKind(task.level).label}”, cấp này không còn từ ngày "
        f"{format_date(ended)}: hệ thống không giao nhiệm vụ cho các kỳ bắt đầu từ ngày đó."
    )


def reminders_for(*, user: Any, occurrence: Occurrence) -> QuerySet[Reminder]:
    return Reminder.objects.restrict(user, "view").filter(occurrence=occurrence).select_related("unit")  # type: ignore[attr-defined]


# --- results for the annual evaluation (plan, section IV.2) ------------------------------------------


@dataclass
class AgencyResult:
    unit: Unit
    name: str
    year: int
    as_of: dt.date  # the figures count what had fallen due by this day
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    yearly_report_on_time: bool | None = None
    score: float = 0.0

    @property
    def waiting(self) -> int:
        """Fallen due, reported done and waiting for Sở Nội vụ, or on its deadline day: the rest of `due`."""
        return self.due - self.on_time - self.late - self.overdue

    @property
    def provisional(self) -> bool:
        """The year had not ended on the day counted: an interim score ("tạm tính"), not the year's."""
        return self.as_of < dt.date(self.year, 12, 31)


# Where the score's weights come from (shown with every result: page, Excel, Word, command).
SCORE_BASIS = (
    "Kế hoạch (mục IV.2) yêu cầu lồng ghép kết quả thực hiện vào đánh giá, xếp loại tập thể và người "
    "đứng đầu nhưng không quy định cách tính; trọng số là lựa chọn của tỉnh (thiết lập "
    "CANBO_PLAN_SCORE_WEIGHTS: đúng hạn {on_time}, quá hạn đã xong {late}, chưa xong quá hạn {overdue}; "
    "CANBO_PLAN_SCORE_REPORT_SHARE: báo cáo năm {share}). Nghị định 335/2025/NĐ-CP (Điều 15 khoản 3) "
    "tính tiêu chí tổ chức triển khai của người đứng đầu bằng 100 % khi mọi nhiệm vụ đúng hạn; các mức "
    "giảm của Nghị định chưa được đối chiếu."
)


def score_basis() -> str:
    weights = settings.CANBO_PLAN_SCORE_WEIGHTS
    return SCORE_BASIS.format(
        on_time=_n(weights["on_time"]),
        late=_n(weights["late"]),
        overdue=_n(weights["overdue"]),
        share=_n(settings.CANBO_PLAN_SCORE_REPORT_SHARE),
    )


def _n(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def evaluation_score(result: AgencyResult) -> float:
    """Completion score out of 100 for the yearly evaluation of an agency and its head.

    The plan (IV.2) asks that results be folded into the evaluation without fixing a formula, so
    the weights are settings (SCORE_BASIS says so wherever the score is shown):
    CANBO_PLAN_SCORE_WEIGHTS (done on time, done late, overdue) and CANBO_PLAN_SCORE_REPORT_SHARE
    (the share of the score given to the yearly report on time)."""
    weights = settings.CANBO_PLAN_SCORE_WEIGHTS
    share = settings.CANBO_PLAN_SCORE_REPORT_SHARE
    rate = (
        (
            weights["on_time"] * result.on_time
            + weights["late"] * result.late
            + weights["overdue"] * result.overdue
        )
        / result.due
        if result.due
        else 1.0
    )
    report = 1.0 if result.yearly_report_on_time or result.yearly_report_on_time is None else 0.0
    return round(100 * ((1 - share) * rate + share * report), 1)


YEARLY_REPORT_TASK = "IV.1.b"


def evaluation_results(
    *, user: Any, year: int, as_of: dt.date | None = None, rows: list[OccurrenceRow] | None = None
) -> list[AgencyResult]:
    """Per agency answering for the work at the end of the year (or on as_of, if earlier): the
    occurrences of that year that had fallen due by then (issue 12.10: a deadline still ahead counts
    neither for nor against), done on time, done late, overdue, the yearly report on time or not, and
    the score. Before the year ends the figures are interim (AgencyResult.provisional). `rows`: the
    user's occurrence_rows on that date when the caller has them already (the annual report)."""
    year_end = dt.date(year, 12, 31)
    as_of = min(as_of or today(), year_end)
    if rows is None:
        rows = occurrence_rows(user=user, as_of=as_of)
    results: dict[int, AgencyResult] = {}
    for row in rows:
        if row.responsible is None or row.due is None or row.due.year != year or row.due > as_of:
            continue
        result = results.setdefault(
            row.responsible.pk, AgencyResult(row.responsible, row.responsible_name, year, as_of)
        )
        result.due += 1
        if row.status == Status.DONE_ON_TIME:
            result.on_time += 1
        elif row.status == Status.DONE_LATE:
            result.late += 1
        elif row.status == Status.OVERDUE:
            result.overdue += 1
        if row.task.code == YEARLY_REPORT_TASK and row.occurrence.year == year:
            on_time = row.status == Status.DONE_ON_TIME
            result.yearly_report_on_time = (
                on_time
                if result.yearly_report_on_time is None
                else (result.yearly_report_on_time and on_time)
            )
    for result in results.values():
        result.score = evaluation_score(result)
    return sorted(results.values(), key=lambda r: r.name)


# --- notifications, the focal officer's to-do list, the review queue (issue 13.5–13.8) ---------------


def notifications_for(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications on work still within their scope, newest first."""
    queryset = (
        Notification.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .filter(recipient_id=getattr(user, "pk", None))
        .select_related("occurrence__task")
    )
    return queryset.filter(read_at__isnull=True) if unread_only else queryset


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return notifications_for(user=user, unread_only=True).count()


@dataclass
class Returned:
    """A report Sở Nội vụ returned, the occurrence's latest: the agency has to complete and resend it."""

    report: Report
    row: OccurrenceRow


@dataclass
class Todo:
    """What an agency has to do on as_of (the focal officer's home page)."""

    as_of: dt.date
    overdue: list[OccurrenceRow]
    due_soon: list[OccurrenceRow]
    returned: list[Returned]
    answered: list[Obstacle]  # obstacles Sở Nội vụ answered in the last 30 days
    notifications: list[Notification]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.returned)


def latest_reports(occurrences: list[Occurrence]) -> dict[int, Report]:
    """Each occurrence's latest report (by day sent, then moment), from what occurrence_rows prefetched."""
    latest: dict[int, Report] = {}
    for occurrence in occurrences:
        reports = list(occurrence.reports.all())
        if reports:
            latest[occurrence.pk] = max(reports, key=lambda r: (r.submitted_on, r.submitted_at, r.pk))
    return latest


def agency_todo(*, user: Any, as_of: dt.date | None = None, soon_days: int = 30) -> Todo:
    """The work the user may report on (change scope): overdue, due within soon_days, returned for
    completion (the latest report returned and the work not done), obstacles answered lately, and the
    user's unread notifications."""
    as_of = as_of or today()
    rows = occurrence_rows(user=user, as_of=as_of, queryset=occurrences_visible(user=user, action="change"))
    horizon = as_of + dt.timedelta(days=soon_days)
    latest = latest_reports([r.occurrence for r in rows])
    returned = [
        Returned(latest[r.occurrence.pk], r)
        for r in rows
        if r.occurrence.pk in latest and latest[r.occurrence.pk].review == Review.RETURNED
    ]
    returned.sort(key=lambda x: x.report.reviewed_on or as_of, reverse=True)
    answered = list(
        Obstacle.objects.restrict(user, "change")  # type: ignore[attr-defined]
        .filter(answered_on__isnull=False, answered_on__gte=as_of - dt.timedelta(days=30))
        .select_related("occurrence__task")
        .order_by("-answered_on")[:20]
    )
    return Todo(
        as_of=as_of,
        overdue=sorted((r for r in rows if r.status == Status.OVERDUE), key=lambda r: (r.due, r.task.order)),
        due_soon=sorted(
            (r for r in rows if r.status == Status.ON_TIME and r.due and r.due <= horizon),
            key=lambda r: (r.due, r.task.order),
        ),
        returned=returned,
        answered=answered,
        notifications=list(notifications_for(user=user, unread_only=True)[:20]),
    )


REVIEW_SORTS = {
    "ngay": lambda p: (p.report.submitted_on, p.report.pk),
    "co_quan": lambda p: (p.agency_name, p.report.pk),
    "ma": lambda p: (p.occurrence.task.order, p.occurrence.year or 0, p.report.pk),
    "nam": lambda p: (p.occurrence.year or 0, p.occurrence.task.order, p.report.pk),
}


def reports_waiting(
    *,
    user: Any,
    as_of: dt.date | None = None,
    agency_id: int | None = None,
    year: int | None = None,
    period: str = "",
    sort: str = "ma",
) -> list[PendingReview]:
    """Reports waiting for Sở Nội vụ that the user may see, filtered by the agency answering for the
    work on as_of, the period's year and name; sorted by `sort` (a key of REVIEW_SORTS, "-" first for
    descending; an unknown key sorts by task)."""
    as_of = as_of or today()
    queryset = (
        Report.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .filter(review=Review.SUBMITTED, submitted_on__lte=as_of)
        .select_related("occurrence__task", "occurrence__unit", "submitted_by")
    )
    if year:
        queryset = queryset.filter(occurrence__year=year)
    if period:
        queryset = queryset.filter(occurrence__period=period)
    reports: list[Report] = list(queryset)
    rows = {
        r.occurrence.pk: r
        for r in occurrence_rows(
            user=user,
            as_of=as_of,
            queryset=occurrences_visible(user=user).filter(pk__in={r.occurrence_id for r in reports}),
        )
    }
    found = []
    for report in reports:
        row = rows.get(report.occurrence_id)
        if agency_id and not (row and row.responsible and row.responsible.pk == agency_id):
            continue
        name = row.responsible_name if row else report.occurrence.unit.code
        found.append(PendingReview(report, name, row.responsible.pk if row and row.responsible else None))
    key = sort.lstrip("-")
    found.sort(key=REVIEW_SORTS.get(key, REVIEW_SORTS["ma"]), reverse=sort.startswith("-"))
    return found


OCCURRENCE_SORTS = {
    "ma": lambda r: (r.task.order, r.occurrence.year or 0, r.responsible_name),
    "ky": lambda r: (r.occurrence.year or 0, r.occurrence.period, r.task.order),
    "co_quan": lambda r: (r.responsible_name, r.task.order),
    "han": lambda r: (r.due or dt.date.max, r.task.order),
    "tinh_trang": lambda r: (str(r.status.label), r.task.order),
}


@dataclass
class OccurrenceList:
    """The occurrence list as filtered and sorted, with the values its filters offer (from every
    occurrence the user may see, so a filter never hides its own alternatives)."""

    rows: list[OccurrenceRow]
    agencies: list[tuple[int, str]]
    years: list[int]
    periods: list[str]


def occurrence_list(
    *,
    user: Any,
    as_of: dt.date | None = None,
    code: str = "",
    status: str = "",
    agency_id: int | None = None,
    year: int | None = None,
    period: str = "",
    sort: str = "",
) -> OccurrenceList:
    """Occurrences the user may see on as_of, filtered by task code (prefix), status, the agency
    answering for it on as_of, year and period, sorted by a key of OCCURRENCE_SORTS ("-" first for
    descending; an unknown key sorts by task)."""
    as_of = as_of or today()
    queryset = occurrences_visible(user=user)
    if code:
        queryset = queryset.filter(task__code__istartswith=code)
    every = occurrence_rows(user=user, as_of=as_of, queryset=queryset)
    agencies = sorted(
        {(r.responsible.pk, r.responsible_name) for r in every if r.responsible}, key=lambda a: a[1]
    )
    years = sorted({r.occurrence.year for r in every if r.occurrence.year})
    periods = sorted({r.occurrence.period for r in every})
    rows = [
        r
        for r in every
        if (not status or r.status == status)
        and (not agency_id or (r.responsible is not None and r.responsible.pk == agency_id))
        and (not year or r.occurrence.year == year)
        and (not period or r.occurrence.period == period)
    ]
    if sort:  # none: the plan's order (task, deadline, period, agency code)
        key = sort.lstrip("-")
        rows.sort(key=OCCURRENCE_SORTS.get(key, OCCURRENCE_SORTS["ma"]), reverse=sort.startswith("-"))
    return OccurrenceList(rows=rows, agencies=agencies, years=years, periods=periods)
