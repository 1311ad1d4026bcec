"""The demo province's evaluations of 2026 (issue 15.9): every screen of the evaluation app with
something real to show. Written after the registry, the plan's reports and the planning pools, with a
random generator of its own, so that the people the registry's seed draws stay who they were.

- Every department in force opens its 2026 sheets (evaluation.services.sheets_open): civil servants
  computed under Decree 335/2025, public employees with the level their unit recorded.
- Each agency keeps a catalogue of 5–8 product types with their coefficients; each civil servant has
  3–8 products a quarter, most completed, some with failed reviews or delays, a few of those excused
  with the name of whoever confirmed the cause. The fourth quarter runs to the demo's today: what falls
  due after it is not done yet.
- The manager (the agency's head, the province's chairman for the head) gives the general points,
  mostly 24–29; in the largest agencies some people are not scored yet.
- Groups of similar duties in a few agencies; quotas that bind (more people at 90 or more than the 20 %
  allows); one agency with a tie at the cut-off left to its head; a few agencies with the head's
  decisions recorded and the ranking finalised (its levels go to people.Evaluation); the exception of
  art. 20(5)(b) for one agency.
- Forced "không hoàn thành": reprimands decided in 2026 (people.Discipline), one leader whose unit was
  handled for corruption, one conclusion of degradation.
- The agencies' own year: Sở Nội vụ's general points for most, one agency finalised; an appeal of a
  public employee where a finalised agency has one.

The volumes are estimates, believed plausible, not read anywhere. Scores, the general points and the
products go in by bulk writes (with their audit entries) for speed; everything that decides —
opening, catalogues, groups, the quota exception, the head's decisions, finalising, the agency's
evaluation, the appeal — through evaluation.services."""

import datetime as dt
import logging
import random
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db import connection, transaction

from canbo.accounts.system import SYSTEM
from canbo.audit.services import audit_record_bulk
from canbo.core.actors import Actor
from canbo.core.bulk import insert_many
from canbo.core.errors import ApplicationError
from canbo.demo.registry.agencies import DEMO_TODAY
from canbo.evaluation import services
from canbo.evaluation.choices import ExcellentDecision, SheetStatus
from canbo.evaluation.models import AgencyEvaluation, ProductType, Sheet, WorkItem
from canbo.evaluation.selectors import ranking_view
from canbo.org.models import Unit
from canbo.org.selectors import agencies_as_of, unit_names
from canbo.people.choices import DisciplineForm, EvaluationLevel, PostLevel, StaffCategory
from canbo.people.models import Assignment, Discipline
from canbo.people.selectors import in_force
from canbo.plans.choices import Review
from canbo.plans.selectors import occurrence_rows
from canbo.plans.services import report_review

__all__ = ["YEAR", "demo_evaluations"]

logger = logging.getLogger(__name__)

YEAR = 2026
ON = DEMO_TODAY  # the day the demo's year is counted on: products due later are not done yet
DECIDED_ON = dt.date(YEAR, 12, 2)  # the heads' decisions on the year (before the 15/12 deadline)

# (name, coefficient): the agencies' catalogues are drawn from these.
PRODUCT_TYPES: tuple[tuple[str, str], ...] = (
    ("Văn bản tham mưu", "1"),
    ("Báo cáo định kỳ", "0.5"),
    ("Báo cáo chuyên đề", "1.5"),
    ("Hồ sơ thẩm định", "1.5"),
    ("Kiểm tra, thanh tra", "2"),
    ("Giải quyết thủ tục hành chính", "0.5"),
    ("Đề án, kế hoạch", "2"),
    ("Văn bản quy phạm pháp luật (dự thảo)", "2"),
    ("Tổ chức hội nghị, tập huấn", "1"),
    ("Trả lời kiến nghị, đơn thư", "0.5"),
)
SUBJECTS = (
    "cải cách hành chính",
    "chuyển đổi số",
    "công tác cán bộ",
    "phòng, chống tham nhũng",
    "quản lý tài chính, tài sản",
    "kế hoạch phát triển ngành",
    "thi đua, khen thưởng",
    "an toàn thông tin",
    "thực hành tiết kiệm",
    "dân vận chính quyền",
)
GROUPS = ("Lãnh đạo", "Chuyên viên nghiệp vụ", "Hành chính, văn phòng")
# What each department of the demo (Khánh Hòa's, by code) shows; the others show the ordinary year.
FINALISED = {"KH.STC": "125/QĐ-STC", "KH.STP": "98/QĐ-STP", "KH.TTR": "57/QĐ-TTr"}
TIE = "KH.SCT"  # a tie at the cut-off waiting for the head
EXCEPTION = "KH.SKHCN"  # art. 20(5)(b): 25 % by decision of the province
GROUPED = {"KH.SNV", "KH.SCT", "KH.SXD", "KH.STC"}
LAGGING = {"KH.SGDDT": 0.2, "KH.SYT": 0.15, "KH.SNNMT": 0.1}  # the share not yet scored
DISCIPLINED = ("KH.SXD", "KH.SNV", "KH.SVHTTDL", "KH.STP")  # a reprimand decided in 2026
CORRUPTION = "KH.SNNMT"  # a deputy whose unit was handled for corruption (art. 20(4)(d))
DEGRADATION = "KH.SYT"  # a conclusion of degradation (art. 20(4)(b))
AGENCY_NOT_SCORED = {"KH.SGDDT", "KH.SYT"}  # Sở Nội vụ has not scored these agencies yet
AGENCY_FINALISED = ("KH.SDTTG", "256/QĐ-UBND")
# Sở Nội vụ accepts these agencies' reports on the plan's 2026 occurrences (others stay waiting).
PLAN_REVIEWED = ("KH.SDTTG", "KH.SNNMT", "KH.SVHTTDL")
# Public employees' levels as their units recorded them (estimates).
RECORDED = (
    (EvaluationLevel.EXCELLENT, 0.12),
    (EvaluationLevel.GOOD, 0.62),
    (EvaluationLevel.DONE, 0.24),
    (EvaluationLevel.NOT_DONE, 0.02),
)
CHAIRMAN = "Chủ tịch Ủy ban nhân dân tỉnh"
D = Decimal


def _quarter(q: int) -> tuple[dt.date, dt.date]:
    end = dt.date(YEAR, 3 * q, 31 if q in (1, 4) else 30)
    return dt.date(YEAR, 3 * q - 2, 1), end


class _Draw:
    """The person's year, drawn: how reliable their work is, their general points."""

    def __init__(self, rng: random.Random) -> None:
        x = rng.random()
        if x < 0.55:  # strong: few failures, points 27–29.5
            self.fail, self.general = 0.02, 27 + rng.randrange(11) / 4
        elif x < 0.9:  # steady
            self.fail, self.general = 0.08, 24.5 + rng.randrange(15) / 4
        else:  # struggling
            self.fail, self.general = 0.22, 19 + rng.randrange(25) / 4
        self.unfinished = 0.02 if self.fail < 0.1 else 0.12


ITEM_FIELDS = ["sheet", "period", "product_type", "weight", "title", "completed", "failed_reviews",
               "excused_failed_reviews", "delays", "excused_delays", "excuse_confirmed_by", "source_unit",
               "entered_by_name", "confirmed_by_name", "confirmed_on", "note"]  # fmt: skip


def _items(
    rng: random.Random, sheet: Sheet, draw: _Draw, types: Sequence[ProductType], confirmer: str, manager: str
) -> list[tuple[object, ...]]:
    """The person's products of the four quarters, as rows of ITEM_FIELDS."""
    rows: list[tuple[object, ...]] = []
    for q in range(1, 5):
        start, end = _quarter(q)
        for n in range(3 + rng.randrange(6)):
            kind = types[rng.randrange(len(types))]
            due = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
            running = due > ON
            completed = not running and rng.random() >= draw.unfinished
            failed = delays = excused_f = excused_d = 0
            if completed and rng.random() < draw.fail:
                failed = 1 + (rng.random() < 0.2)
            if completed and rng.random() < draw.fail * 1.5:
                delays = 1 + (rng.random() < 0.3)
            if (failed or delays) and rng.random() < 0.15:
                excused_f, excused_d = min(failed, 1), min(delays, 1)
            subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
            rows.append(
                (sheet.pk, q, kind.pk, kind.coefficient, f"{kind.name} về {subject} (quý {q}, số {n + 1})",
                 completed, failed, excused_f, delays, excused_d,
                 confirmer if excused_f or excused_d else "", sheet.unit_id, sheet.person.full_name,
                 "" if running else manager, None if running else min(end + dt.timedelta(days=10), ON),
                 "Đang thực hiện" if running else "")
            )  # fmt: skip
    return rows


SCORE_FIELDS = ["general_points", "recorded_level", "evidence", "group", "status", "confirmed_by_name",
                "confirmed_on", "version", "unit_corruption", "degradation"]  # fmt: skip


def _sheets_update(sheets: list[Sheet]) -> None:
    """The manager's inputs, one UPDATE per sheet by executemany (bulk_update's CASE over ten columns
    costs seconds for a few thousand rows)."""
    meta, qn = Sheet._meta, connection.ops.quote_name
    columns = [str(meta.get_field(name).column) for name in SCORE_FIELDS]  # type: ignore[union-attr]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(meta.db_table), ", ".join(f"{qn(c)} = %s" for c in columns), qn("id")
    )
    rows = [[getattr(s, c) for c in columns] + [s.pk] for s in sheets]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _leaders(units: list[Unit]) -> dict[int, dict[str, list[tuple[int, str]]]]:
    """Per agency, its leaders on the day by post level: (person id, full name), by person id."""
    found: dict[int, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        in_force(Assignment.objects.filter(unit__in=units, concurrent=False), ON)
        .exclude(post=None)
        .exclude(post__level=PostLevel.NONE)
        .values_list("unit_id", "post__level", "person_id", "person__full_name")
        .order_by("person_id")
    )
    for unit_id, level, person_id, name in rows:
        found[unit_id][level].append((person_id, name))
    return found


@transaction.atomic
def demo_evaluations(
    *, seed: int, actor: Actor = SYSTEM, home_affairs: Actor | None = None
) -> dict[str, int]:
    """Write the demo's 2026 evaluations (nothing when sheets of 2026 exist). `actor` writes for the
    agencies (their focal officers' part), `home_affairs` for Sở Nội vụ (default: `actor`). Returns
    the counts of what was written."""
    if Sheet.objects.filter(year=YEAR).exists():
        return {}
    home_affairs = home_affairs or actor
    rng = random.Random(seed * 1_000_003 + 15)
    units = agencies_as_of(as_of=ON)
    names = unit_names(units=units, as_of=ON)
    leaders = _leaders(units)
    counts: dict[str, int] = defaultdict(int)
    for unit in units:
        created, _moved = services.sheets_open(actor=actor, unit=unit, year=YEAR)
        counts["sheets"] += created
    sheets_by_unit: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in Sheet.objects.filter(year=YEAR).select_related("person").order_by("unit_id", "person_id"):
        sheets_by_unit[sheet.unit_id].append(sheet)
    items: list[tuple[object, ...]] = []
    scored: list[Sheet] = []
    draws: dict[int, _Draw] = {}
    eligible: dict[str, list[Sheet]] = {}
    deputy_sheets: dict[str, list[Sheet]] = {}
    for unit in units:
        code = unit.code
        sheets = sheets_by_unit.get(unit.pk, [])
        if not sheets:
            continue
        heads = leaders[unit.pk][PostLevel.AGENCY_HEAD]
        deputies = leaders[unit.pk][PostLevel.AGENCY_DEPUTY]
        head_id, manager = heads[0] if heads else (0, CHAIRMAN)
        confirmer = deputies[0][1] if deputies else manager
        catalogue = rng.sample(PRODUCT_TYPES, 5 + rng.randrange(4))
        types = [
            services.product_type_create(actor=actor, unit=unit, name=name, coefficient=D(coefficient))
            for name, coefficient in catalogue
        ]
        counts["product_types"] += len(types)
        groups = {}
        if code in GROUPED:
            groups = {g: services.group_create(actor=actor, unit=unit, year=YEAR, name=g) for g in GROUPS}
            counts["groups"] += len(groups)
        lagging = LAGGING.get(code, 0.0)
        computed = [s for s in sheets if s.computes]
        for sheet in sheets:
            # Each person's own draws: a change elsewhere in the registry does not move them.
            r = random.Random(f"{seed}:{YEAR}:{sheet.person_id}")
            changed = True
            if not sheet.computes:
                level = _pick(r, RECORDED)
                sheet.recorded_level = level
                sheet.evidence = "Theo biên bản họp đánh giá, xếp loại viên chức của đơn vị năm 2026."
            else:
                draw = draws[sheet.pk] = _Draw(r)
                items += _items(r, sheet, draw, types, confirmer, manager)
                if r.random() < lagging and not sheet.leader:
                    changed = False  # products tracked, the manager has not scored them yet
                else:
                    sheet.general_points = D(str(draw.general))
                if groups:
                    sheet.group = groups[
                        "Lãnh đạo"
                        if sheet.leader
                        else "Hành chính, văn phòng"
                        if r.random() < 0.25
                        else "Chuyên viên nghiệp vụ"
                    ]
                    changed = True
            if sheet.general_points is not None or not sheet.computes:
                sheet.status = SheetStatus.CONFIRMED
                sheet.confirmed_by_name = CHAIRMAN if sheet.person_id == head_id else manager
                sheet.confirmed_on = dt.date(YEAR, 11, 20) + dt.timedelta(days=r.randrange(7))
            if changed:
                sheet.version += 1
                scored.append(sheet)
        # The forced cases fall on people the manager scored well: "không hoàn thành" despite the score.
        scored_staff = [s for s in computed if not s.leader and s.general_points is not None]
        eligible[code] = [s for s in scored_staff if draws[s.pk].fail < 0.05] or scored_staff
        deputy_ids = {person_id for person_id, _name in deputies}
        deputy_sheets[code] = [s for s in computed if s.person_id in deputy_ids]
        counts["agencies"] += 1
        logger.debug("demo evaluation drawn for %s", names.get(unit.pk, code))
    disciplines = _forced(rng, eligible, deputy_sheets)
    insert_many(WorkItem, ITEM_FIELDS, items)
    Discipline.objects.bulk_create(disciplines)
    _sheets_update(scored)
    audit_record_bulk(
        actor=actor,
        action="evaluation.sheet.score",
        model=Sheet,
        items=(
            (s.pk, f"Phiếu đánh giá năm {YEAR}", None,
             {"general_points": s.general_points, "recorded_level": s.recorded_level,
              "manager": s.confirmed_by_name})
            for s in scored
        ),
    )  # fmt: skip
    counts["items"], counts["scored"], counts["disciplines"] = len(items), len(scored), len(disciplines)
    by_code = {u.code: u for u in units}
    _decisions(by_code, actor, home_affairs, counts)
    _agencies(rng, units, home_affairs, counts)
    return dict(counts)


def _forced(
    rng: random.Random, eligible: dict[str, list[Sheet]], deputy_sheets: dict[str, list[Sheet]]
) -> list[Discipline]:
    """Art. 20(4): reprimands decided in 2026, one conclusion of degradation, one deputy whose unit was
    handled for corruption — in the agencies named above, or the next ones that have someone to take
    it (a small demo has few civil servants)."""

    def order(first: Sequence[str]) -> list[str]:
        return [c for c in first if c in eligible] + sorted(c for c in eligible if c not in first)

    taken: set[int] = set()

    def take(code: str) -> Sheet | None:
        left = [s for s in eligible[code] if s.pk not in taken]
        if not left:
            return None
        sheet = left[rng.randrange(len(left))]
        taken.add(sheet.pk)
        return sheet

    disciplines: list[Discipline] = []
    for code in order(DISCIPLINED):
        if len(disciplines) == len(DISCIPLINED):
            break
        sheet = take(code)
        if sheet is not None:
            disciplines.append(
                Discipline(
                    person_id=sheet.person_id,
                    decided_on=dt.date(YEAR, 3 + rng.randrange(7), 1 + rng.randrange(28)),
                    form=DisciplineForm.REPRIMAND,
                    decision_number=f"{10 + rng.randrange(200)}/QĐ-{code.split('.')[1]}",
                    reason="Vi phạm quy chế làm việc của cơ quan.",
                )
            )
    for code in order([DEGRADATION]):
        sheet = take(code)
        if sheet is not None:
            sheet.degradation = True
            sheet.evidence = (
                "Có kết luận của cấp có thẩm quyền về biểu hiện suy thoái (điều 20 khoản 4 điểm b)."
            )
            break
    for code in order([CORRUPTION]):
        if deputy_sheets.get(code):
            sheet = deputy_sheets[code][-1]
            sheet.unit_corruption = True
            sheet.evidence = "Đơn vị do đồng chí trực tiếp phụ trách bị xử lý về lãng phí năm 2026."
            break
    return disciplines


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    x = rng.random()
    for value, weight in weighted:
        if x < weight:
            return value
        x -= weight
    return weighted[-1][0]


def _decisions(by_code: dict[str, Unit], actor: Actor, home_affairs: Actor, counts: dict[str, int]) -> None:
    """The exception, the tie left to the head, the heads' decisions and the rankings finalised."""
    if EXCEPTION in by_code:
        services.quota_exception_record(
            actor=home_affairs, unit=by_code[EXCEPTION], year=YEAR, ratio=D("0.25"),
            decision_number="45/QĐ-UBND", decided_on=dt.date(YEAR, 11, 18),
            note="Cơ quan hoàn thành xuất sắc nhiệm vụ được giao, có nhiều sáng kiến được công nhận.",
        )  # fmt: skip
        counts["quota_exceptions"] += 1
    if TIE in by_code:
        counts["ties"] += _make_tie(by_code[TIE], actor)
    for code, number in FINALISED.items():
        unit = by_code.get(code)
        if unit is None:
            continue
        view = ranking_view(user=actor, unit=unit, year=YEAR)
        for quota in view.quotas.values():
            tied = sorted(quota.choice.tied)
            for n, pk in enumerate(tied):
                keep = n < quota.choice.places_for_tied
                sheet = next(r.sheet for r in view.rows if r.sheet.pk == pk)
                services.excellent_decide(
                    actor=actor,
                    sheet=sheet,
                    decision=ExcellentDecision.KEEP if keep else ExcellentDecision.DEMOTE,
                )
                counts["decisions"] += 1
        try:
            services.ranking_finalise(
                actor=actor, unit=unit, year=YEAR, decision_number=number, decided_on=DECIDED_ON
            )
        except ApplicationError as exc:  # what blocks it stays on the agency's ranking page
            logger.warning("demo: the 2026 ranking of %s was not finalised: %s", code, exc)
            counts["rankings_refused"] += 1
            continue
        counts["rankings"] += 1
        _appeal(unit, actor, counts)


def _make_tie(unit: Unit, actor: Actor) -> int:
    """Two candidates with the same score at the quota's cut-off: the second gets the products and
    points of the first (colleagues on the same file, the same manager's judgement)."""
    view = ranking_view(user=actor, unit=unit, year=YEAR)
    for quota in view.quotas.values():
        ordered = sorted(quota.scores, key=lambda k: quota.scores[k], reverse=True)
        if quota.allowed < 1 or len(ordered) <= quota.allowed or quota.choice.tied:
            continue
        first, second = ordered[quota.allowed - 1], ordered[quota.allowed]
        source = Sheet.objects.get(pk=first)
        target = Sheet.objects.get(pk=second)
        WorkItem.objects.filter(sheet=target).delete()
        copies = []
        for item in WorkItem.objects.filter(sheet=source).order_by("period", "pk"):
            item.pk, item.sheet_id, item.entered_by_name = None, target.pk, target.person.full_name
            copies.append(item)
        WorkItem.objects.bulk_create(copies)
        Sheet.objects.filter(pk=target.pk).update(
            general_points=source.general_points, version=target.version + 1
        )
        return 1
    return 0


def _appeal(unit: Unit, actor: Actor, counts: dict[str, int]) -> None:
    sheet = (
        Sheet.objects.filter(unit=unit, year=YEAR, category=StaffCategory.PUBLIC_EMPLOYEE)
        .exclude(level=EvaluationLevel.EXCELLENT)
        .order_by("person_id")
        .first()
    )
    if sheet is None or counts["appeals"]:
        return
    services.appeal_lodge(
        actor=actor,
        sheet=sheet,
        lodged_on=DECIDED_ON + dt.timedelta(days=1),
        content="Đề nghị xem xét lại mức xếp loại: năm 2026 tôi hoàn thành vượt kế hoạch nhiệm vụ được giao.",
    )
    counts["appeals"] += 1


def _plan_reviews(home_affairs: Actor, counts: dict[str, int]) -> None:
    """The reports waiting on the plan's 2026 occurrences of PLAN_REVIEWED, accepted: the agencies'
    year then counts them (done on time)."""
    rows = occurrence_rows(user=home_affairs, as_of=dt.date(YEAR, 12, 31))
    for row in rows:
        if not (
            row.due and row.due.year == YEAR and row.responsible and row.responsible.code in PLAN_REVIEWED
        ):
            continue
        report = row.occurrence.reports.filter(review=Review.SUBMITTED).order_by("-pk").first()
        if report is not None:
            on = max(report.submitted_on, DECIDED_ON - dt.timedelta(days=1))
            report_review(actor=home_affairs, report=report, accept=True, comment="", on=on)
            counts["plan_reviews"] += 1


def _agencies(rng: random.Random, units: list[Unit], home_affairs: Actor, counts: dict[str, int]) -> None:
    """Sở Nội vụ's general points for most agencies; one agency's year finalised."""
    _plan_reviews(home_affairs, counts)
    for unit in units:
        if unit.code in AGENCY_NOT_SCORED:
            continue
        services.agency_evaluation_save(
            actor=home_affairs, unit=unit, year=YEAR, general_points=D(96 + rng.randrange(23)) / 4,
            note="Điểm tiêu chí chung do Sở Nội vụ thẩm định.",
        )  # fmt: skip
        counts["agency_evaluations"] += 1
    code, number = AGENCY_FINALISED
    found = next((u for u in units if u.code == code), None)
    if found is not None and AgencyEvaluation.objects.filter(unit=found, year=YEAR).exists():
        services.agency_evaluation_finalise(
            actor=home_affairs, unit=found, year=YEAR, decision_number=number, decided_on=DECIDED_ON
        )
        counts["agency_finalised"] += 1
