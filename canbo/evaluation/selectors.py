"""Reads of the evaluation app: the rule in force for a year, the live ranking of an agency (scores,
levels, quota per group, what blocks finalising), one sheet with its periods, the agency's own year
from the plan's occurrences. Every read is scoped to the user's part of the organisation."""

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet

from canbo.core.dates import today
from canbo.core.errors import OutOfScope
from canbo.core.scoping import get_scoped_or_404
from canbo.decisions.rulesets import RuleMissing, RuleValue, rule_value
from canbo.evaluation import rules
from canbo.evaluation.choices import ExcellentDecision, SheetStatus
from canbo.evaluation.models import AgencyEvaluation, QuotaException, Ranking, Sheet, WorkItem
from canbo.evaluation.ranking import Entry, GroupQuota, Outcome, Parameters, rank_all
from canbo.org.lineage import TreeShape
from canbo.org.models import Unit, UnitVersion
from canbo.org.selectors import AGENCY_KINDS, org_tree_shape, unit_names
from canbo.people.choices import EvaluationLevel, PostLevel
from canbo.people.models import Discipline
from canbo.plans.choices import Status
from canbo.plans.selectors import OccurrenceRow, occurrence_rows

__all__ = [
    "AgencyView",
    "PlanInput",
    "RankingView",
    "SheetDetail",
    "SheetRow",
    "agency_evaluation_view",
    "agency_of",
    "agency_plan_input",
    "parameters_for",
    "plan_rows",
    "rankable_agencies",
    "ranking_date",
    "ranking_view",
    "rankings_due",
    "rule_for",
    "sheet_detail",
    "unit_visible",
]

LEVEL_TEXT: dict[str, str] = {code: str(label) for code, label in EvaluationLevel.choices}
MISSING_TEXT = {
    "general": "chưa chấm điểm tiêu chí chung",
    "periods": "chưa có sản phẩm được giao",
    "organisation": "chưa có tiêu chí tổ chức triển khai",
    "managed": "người thuộc quyền quản lý chưa đủ điểm",
    "level": "chưa ghi mức xếp loại do cấp có thẩm quyền quyết định",
}
AGENCY_LEADER_LEVELS = {PostLevel.AGENCY_HEAD, PostLevel.AGENCY_DEPUTY}
POST_RANK: dict[str, int] = {
    PostLevel.AGENCY_HEAD: 4,
    PostLevel.AGENCY_DEPUTY: 3,
    PostLevel.DIVISION_HEAD: 2,
    PostLevel.DIVISION_DEPUTY: 1,
}  # a leader whose post is not found ranks as a deputy of a division


def unit_visible(*, user: Any, pk: int) -> Unit:
    """The unit if the user may see it; OutOfScope (answered 404) otherwise."""
    found = Unit.objects.restrict(user, "view").filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise OutOfScope()
    return found  # type: ignore[no-any-return]


def ranking_date(year: int) -> dt.date:
    """The day the year's figures are counted on: its last day, or today while it runs."""
    return min(today(), dt.date(year, 12, 31))


def _rule(key: str, year: int) -> RuleValue | None:
    try:
        return rule_value(key, dt.date(year, 12, 31))
    except RuleMissing:
        return None


def parameters_for(year: int) -> Parameters:
    """The settings of RULES-2 §9 in force on the year's last day (the defaults before 2026, when no
    level is computed)."""
    p = Parameters()
    values = {
        k: _rule(k, year)
        for k in (
            "eval.general_max",
            "eval.task_max",
            "eval.bands",
            "eval.leader_unit_rate_if_any_failed",
            "eval.quota_ratio",
        )
    }
    bands = values["eval.bands"]
    return Parameters(
        general_max=float(values["eval.general_max"].value) if values["eval.general_max"] else p.general_max,
        task_max=float(values["eval.task_max"].value) if values["eval.task_max"] else p.task_max,
        bands=_three(bands.value) if bands else p.bands,
        unit_rate_if_any_failed=(
            float(values["eval.leader_unit_rate_if_any_failed"].value)
            if values["eval.leader_unit_rate_if_any_failed"]
            else p.unit_rate_if_any_failed
        ),
        quota_ratio=(
            Fraction(str(values["eval.quota_ratio"].value)) if values["eval.quota_ratio"] else p.quota_ratio
        ),
    )


def _three(values: list[float]) -> tuple[float, float, float]:
    excellent, good, done = (float(v) for v in values)
    return excellent, good, done


def deduction_for(year: int) -> float:
    value = _rule("eval.deduction_per_failure", year)
    return float(value.value) if value else 0.25


def rule_for(year: int, category: str) -> rules.RuleSet:
    """The text that evaluates a person of this category in this year (rules.rule_set_for), with the
    public employees' text taken from the setting eval.public_employee_text."""
    if category not in ("cong_chuc", "can_bo", "vien_chuc"):
        return rules.RuleSet(
            "Không thuộc đối tượng đánh giá theo Nghị định 335/2025/NĐ-CP", computes_levels=False
        )
    found = rules.rule_set_for(year, category)  # type: ignore[arg-type]
    if category == "vien_chuc" and year >= rules.DECREE_335_FROM_YEAR:
        text = _rule("eval.public_employee_text", year)
        if text:
            return rules.RuleSet(str(text.value), computes_levels=False)
    return found


def agency_of(unit_id: int, on: dt.date, shape: TreeShape | None = None) -> int | None:
    """The department or district-level unit a unit belongs to on a date (itself if it is one)."""
    shape = shape or org_tree_shape(as_of=on)
    kinds = dict(UnitVersion.objects.as_of(on).values_list("unit_id", "kind"))
    current: int | None = unit_id
    while current is not None:
        if kinds.get(current) in AGENCY_KINDS:
            return current
        current = shape.parent.get(current)
    return None


def rankable_agencies(*, user: Any, year: int) -> list[tuple[Unit, str, int, int]]:
    """The agencies the user sees with sheets of the year: (agency, name, sheets, ranked)."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = Sheet.objects.restrict(user, "view").filter(year=year).values_list("unit_id", "status")  # type: ignore[attr-defined]
    for unit_id, status in rows:
        counts[unit_id][0] += 1
        counts[unit_id][1] += status == SheetStatus.RANKED
    units = list(Unit.objects.filter(pk__in=counts))
    names = unit_names(units=units, as_of=ranking_date(year))
    return sorted(
        ((u, names.get(u.pk, u.code), counts[u.pk][0], counts[u.pk][1]) for u in units), key=lambda r: r[1]
    )


@dataclass
class RankingDue:
    unit: Unit
    name: str
    sheets: int
    deadline: dt.date
    days_left: int  # negative: late


def rankings_due(*, user: Any, year: int, on: dt.date) -> list[RankingDue]:
    """The agencies with sheets of the year and no finalised ranking, with the deadline of art. 21
    (15/12 — eval.deadline) and the days left on `on`."""
    deadline = rules.ranking_deadline(year)
    setting = _rule("eval.deadline", year)
    if setting and isinstance(setting.value, dict) and "normal" in setting.value:
        month, day = (int(part) for part in str(setting.value["normal"]).split("-"))
        deadline = dt.date(year, month, day)
    finalised = set(Ranking.objects.filter(year=year).values_list("unit_id", flat=True))
    return [
        RankingDue(unit, name, count, deadline, (deadline - on).days)
        for unit, name, count, _ranked in rankable_agencies(user=user, year=year)
        if unit.pk not in finalised
    ]


# --- the agency's plan results (the task-result input of the agency and its head) ------------------


@dataclass
class PlanInput:
    unit: Unit
    year: int
    as_of: dt.date
    rows: list[OccurrenceRow]  # the occurrences the agency held that fell due in the year by as_of
    counted: list[tuple[OccurrenceRow, rules.Product]]
    waiting: list[OccurrenceRow]  # reported, awaiting Sở Nội vụ's review: not counted yet
    components: rules.TaskComponents | None

    @property
    def counts(self) -> dict[str, int]:
        statuses = [r.status for r, _p in self.counted]
        return {
            "due": len(self.counted),
            "on_time": statuses.count(Status.DONE_ON_TIME),
            "late": statuses.count(Status.DONE_LATE),
            "not_done": statuses.count(Status.OVERDUE),
            "extended": sum(1 for r, _p in self.counted if r.extensions),
            "waiting": len(self.waiting),
        }

    @property
    def rate(self) -> float:
        """The mean of quantity, quality and progress, in %: 100 when nothing fell due."""
        c = self.components
        return 100.0 if c is None else (c.quantity + c.quality + c.progress) / 3


# Decree 335/2025 (agencies): "tasks done on time and with quality get full points; late or
# substandard ones lose points" (RULES-2 §1.1, amounts not found): each occurrence is a product of
# weight 1 — on time (within any extension granted) full; late: one delay (−agency.plan_weight of its
# progress); not done at the deadline: not completed. Waiting for review: not counted until decided.
def plan_rows(*, user: Any, year: int, as_of: dt.date | None = None) -> list[OccurrenceRow]:
    """Every occurrence the user sees with its status on the year's counting day: read once, then
    handed to agency_plan_input / agency_evaluation_view for each agency (a report of every agency)."""
    return occurrence_rows(user=user, as_of=min(as_of or today(), dt.date(year, 12, 31)))


def agency_plan_input(
    *, user: Any, unit: Unit, year: int, as_of: dt.date | None = None, rows: list[OccurrenceRow] | None = None
) -> PlanInput:
    as_of = min(as_of or today(), dt.date(year, 12, 31))
    every = rows if rows is not None else occurrence_rows(user=user, as_of=as_of)
    rows = [
        r
        for r in every
        if r.responsible is not None
        and r.responsible.pk == unit.pk
        and r.due
        and r.due.year == year
        and r.due <= as_of
    ]
    rows.sort(key=lambda r: (r.due or as_of, r.task.code))
    counted: list[tuple[OccurrenceRow, rules.Product]] = []
    waiting: list[OccurrenceRow] = []
    for row in rows:
        if row.status == Status.DONE_ON_TIME:
            counted.append((row, rules.Product(completed=True)))
        elif row.status == Status.DONE_LATE:
            counted.append((row, rules.Product(completed=True, delays=1)))
        elif row.status == Status.OVERDUE:
            counted.append((row, rules.Product(completed=False)))
        else:
            waiting.append(row)
    weight = _rule("agency.plan_weight", year)
    components = (
        rules.task_components([p for _r, p in counted], deduction=float(weight.value) if weight else 0.25)
        if counted
        else None
    )
    return PlanInput(unit, year, as_of, rows, counted, waiting, components)


@dataclass
class AgencyView:
    evaluation: AgencyEvaluation | None
    unit: Unit
    name: str
    year: int
    plan: PlanInput
    task_points: float
    general_points: float | None
    score: float | None
    level: str
    bands: tuple[float, float, float]
    bands_rule: RuleValue | None
    finalised: bool

    @property
    def level_text(self) -> str:
        return LEVEL_TEXT.get(self.level, "")


def agency_evaluation_view(
    *, user: Any, unit: Unit, year: int, rows: list[OccurrenceRow] | None = None
) -> AgencyView:
    """The agency's 100-point year: general criteria (Sở Nội vụ's points), task results from the plan
    (live while a draft, as decided once finalised), the level by the bands agency.bands."""
    unit = unit_visible(user=user, pk=unit.pk)
    evaluation = AgencyEvaluation.objects.restrict(user, "view").filter(unit=unit, year=year).first()  # type: ignore[attr-defined]
    plan = agency_plan_input(user=user, unit=unit, year=year, rows=rows)
    p = parameters_for(year)
    bands_rule = _rule("agency.bands", year)
    bands = _three(bands_rule.value) if bands_rule else p.bands
    names = unit_names(units=[unit], as_of=ranking_date(year))
    finalised = evaluation is not None and evaluation.status == "xep_loai"
    if finalised:
        assert evaluation is not None
        return AgencyView(
            evaluation,
            unit,
            names.get(unit.pk, unit.code),
            year,
            plan,
            float(evaluation.task_points or 0),
            float(evaluation.general_points) if evaluation.general_points is not None else None,
            float(evaluation.score) if evaluation.score is not None else None,
            evaluation.level,
            bands,
            bands_rule,
            True,  # type: ignore[arg-type]
        )
    task_points = plan.rate / 100 * p.task_max
    general = (
        float(evaluation.general_points) if evaluation and evaluation.general_points is not None else None
    )
    score = None if general is None else min(general, p.general_max) + task_points
    level = "" if score is None else rules.level_from_score(score, bands=bands)
    return AgencyView(
        evaluation,
        unit,
        names.get(unit.pk, unit.code),
        year,
        plan,
        task_points,
        general,
        score,
        level,
        bands,
        bands_rule,
        False,  # type: ignore[arg-type]
    )


# --- the ranking of an agency's people -------------------------------------------------------------


@dataclass
class SheetRow:
    sheet: Sheet
    outcome: Outcome[int]
    periods: dict[int, rules.TaskComponents]
    state: str = ""  # within the quota: "chosen", "tied", "demoted" (a candidate), "" otherwise
    level: str = ""  # the level after the quota and the decisions ("" while undecided)

    @property
    def period_points(self) -> dict[int, float]:
        """Each period's task points as the ranking counted them (none until the level can be computed)."""
        return dict(zip(self.periods, self.outcome.period_points, strict=False))

    @property
    def missing_text(self) -> str:
        return "; ".join(MISSING_TEXT.get(m, m) for m in self.outcome.missing)

    @property
    def reasons_text(self) -> list[str]:
        return [rules.REASON_TEXT[r] for r in self.outcome.reasons]

    @property
    def level_text(self) -> str:
        return LEVEL_TEXT.get(self.level, "")

    @property
    def computed_text(self) -> str:
        return LEVEL_TEXT.get(self.outcome.level or "", "")


@dataclass
class RankingView:
    unit: Unit
    name: str
    year: int
    rows: list[SheetRow]
    quotas: dict[Hashable, GroupQuota[int]]
    group_names: dict[Hashable, str]
    parameters: Parameters
    exception: QuotaException | None
    finalised: Ranking | None
    organisation: PlanInput | None
    problems: list[str] = field(default_factory=list)

    @property
    def can_finalise(self) -> bool:
        return not self.problems and self.finalised is None and bool(self.rows)

    def level_counts(self) -> dict[str, int]:
        counts = {code: 0 for code, _label in EvaluationLevel.choices}
        for row in self.rows:
            if row.level:
                counts[row.level] += 1
        return counts


def _period_components(items: list[WorkItem], deduction: float) -> dict[int, rules.TaskComponents]:
    by_period: dict[int, list[rules.Product]] = defaultdict(list)
    for item in items:
        by_period[item.period].append(
            rules.Product(
                completed=item.completed,
                weight=float(item.weight),
                failed_reviews=item.failed_reviews,
                excused_failed_reviews=item.excused_failed_reviews,
                delays=item.delays,
                excused_delays=item.excused_delays,
            )
        )
    result = {}
    for period, products in sorted(by_period.items()):
        if sum(p.weight for p in products) > 0:
            result[period] = rules.task_components(products, deduction=deduction)
    return result


def _leader_units(sheets: list[Sheet], on: dt.date) -> dict[int, tuple[int, str]]:
    """Each leader's unit and post level on the day (their main assignment then)."""
    from canbo.people.models import Assignment
    from canbo.people.selectors import in_force

    leaders = [s.person_id for s in sheets if s.leader]
    found: dict[int, tuple[int, str]] = {}
    for person_id, unit_id, level in (
        in_force(Assignment.objects.filter(person_id__in=leaders, concurrent=False), on)
        .exclude(post__level=PostLevel.NONE)
        .values_list("person_id", "unit_id", "post__level")
    ):
        found.setdefault(person_id, (unit_id, level))
    return found


def ranking_view(*, user: Any, unit: Unit, year: int, sheets: QuerySet[Sheet] | None = None) -> RankingView:
    """The live ranking of an agency's year: each sheet's score and level by the rules in force, the
    quota per group of similar duties, the decisions recorded, and what blocks finalising."""
    unit = unit_visible(user=user, pk=unit.pk)
    queryset = sheets if sheets is not None else Sheet.objects.restrict(user, "view")  # type: ignore[attr-defined]
    sheet_list = list(
        queryset.filter(unit=unit, year=year).select_related("person", "group").order_by("person__sort_key")
    )
    on = ranking_date(year)
    p = parameters_for(year)
    deduction = deduction_for(year)
    items: dict[int, list[WorkItem]] = defaultdict(list)
    for item in WorkItem.objects.filter(sheet__in=[s.pk for s in sheet_list]).order_by("period", "pk"):
        items[item.sheet_id].append(item)
    disciplined = set(
        Discipline.objects.filter(
            person_id__in=[s.person_id for s in sheet_list], decided_on__year=year
        ).values_list("person_id", flat=True)
    )  # art. 20(4)(c): a decision dated in the evaluation year (rules.disciplined_in_year)
    shape = org_tree_shape(as_of=on)
    leader_units = _leader_units(sheet_list, on)
    person_unit = {s.person_id: s.person.unit_id for s in sheet_list}
    # Whom a leader manages: the people of their unit and below holding a lower post (the head manages
    # the deputies, not the other way round) — a strict order, so no two leaders wait for each other.
    rank_of = {
        s.pk: POST_RANK.get(leader_units.get(s.person_id, (0, ""))[1], 1) if s.leader else 0
        for s in sheet_list
    }
    by_unit: dict[int, list[tuple[int, int]]] = defaultdict(list)  # unit → (sheet, rank): linear, not L × N
    for s in sheet_list:
        by_unit[person_unit[s.person_id]].append((s.pk, rank_of[s.pk]))
    subtrees: dict[int, set[int]] = {}
    organisation: PlanInput | None = None
    entries: list[Entry[int]] = []
    periods_of: dict[int, dict[int, rules.TaskComponents]] = {}
    for sheet in sheet_list:
        periods = _period_components(items[sheet.pk], deduction)
        periods_of[sheet.pk] = periods
        managed: tuple[int, ...] = ()
        org_rate = float(sheet.organisation_rate) if sheet.organisation_rate is not None else None
        if sheet.leader:
            lead_unit, level = leader_units.get(sheet.person_id, (person_unit[sheet.person_id], ""))
            if level in AGENCY_LEADER_LEVELS:
                lead_unit = unit.pk
            if lead_unit not in subtrees:
                subtrees[lead_unit] = shape.subtree([lead_unit]) or {lead_unit}
            me, own = sheet.pk, rank_of[sheet.pk]
            managed = tuple(
                pk for u in subtrees[lead_unit] for pk, r in by_unit.get(u, ()) if r < own and pk != me
            )
            if org_rate is None and (level in AGENCY_LEADER_LEVELS or lead_unit == unit.pk):
                if organisation is None:
                    organisation = agency_plan_input(user=user, unit=unit, year=year)
                org_rate = organisation.rate
        entries.append(
            Entry(
                key=sheet.pk,
                group=sheet.group_id,
                computes=sheet.computes,
                general=float(sheet.general_points) if sheet.general_points is not None else None,
                periods=tuple(periods.values()),
                leader=sheet.leader,
                organisation=org_rate,
                managed=managed,
                degradation=sheet.degradation,
                disciplined=sheet.person_id in disciplined,
                unit_corruption=sheet.unit_corruption,
                recorded_level=sheet.recorded_level or None,  # type: ignore[arg-type]
            )
        )
    exception = QuotaException.objects.filter(unit=unit, year=year).first()
    ratios: dict[Hashable, Fraction] = {}
    if exception is not None:  # art. 20(5)(b): the agency's own ratio, every group
        ratios = {s.group_id: Fraction(str(exception.ratio)) for s in sheet_list}
    outcomes, quotas = rank_all(entries, p, ratios)
    rows = []
    for sheet in sheet_list:
        outcome = outcomes[sheet.pk]
        row = SheetRow(sheet, outcome, periods_of[sheet.pk])
        quota = quotas.get(sheet.group_id)
        if outcome.level == rules.XUAT_SAC and not outcome.recorded and quota is not None:
            row.state = (
                "chosen"
                if sheet.pk in quota.choice.chosen
                else "tied"
                if sheet.pk in quota.choice.tied
                else "demoted"
            )
            decision = sheet.excellent_decision
            if decision == ExcellentDecision.KEEP:
                row.level = rules.XUAT_SAC
            elif decision == ExcellentDecision.DEMOTE:
                row.level = rules.TOT
            else:
                row.level = {"chosen": rules.XUAT_SAC, "demoted": rules.TOT}.get(row.state, "")
        else:
            row.level = outcome.level or ""
        if sheet.status == SheetStatus.RANKED and sheet.level:
            row.level = sheet.level  # as decided (and as an appeal may have changed it), not recomputed
        rows.append(row)
    finalised = Ranking.objects.filter(unit=unit, year=year).first()
    names = unit_names(units=[unit], as_of=on)
    group_names: dict[Hashable, str] = {None: "Chung (chưa chia nhóm)"}
    group_names |= {s.group_id: s.group.name for s in sheet_list if s.group is not None}
    view = RankingView(
        unit,
        names.get(unit.pk, unit.code),
        year,
        rows,
        quotas,
        group_names,
        p,
        exception,
        finalised,
        organisation,
    )
    view.problems = _problems(view)
    return view


def _problems(view: RankingView) -> list[str]:
    """What must be settled before the ranking can be finalised: missing inputs, ties at the quota's
    cut-off, more "xuất sắc" kept than the quota allows (Decree 335/2025 art. 20(5))."""
    problems = []
    for row in view.rows:
        if not row.outcome.complete:
            problems.append(f"{row.sheet.person.full_name}: {row.missing_text}.")
        elif not row.level:
            problems.append(
                f"{row.sheet.person.full_name}: cùng điểm tại ngưỡng của tỷ lệ xuất sắc — cần quyết định của "
                "người có thẩm quyền (giữ mức xuất sắc hoặc xếp mức tốt)."
            )
    for group, quota in view.quotas.items():
        kept = sum(
            1
            for r in view.rows
            if r.sheet.group_id == group and r.level == rules.XUAT_SAC and not r.outcome.recorded
        )
        if kept > quota.allowed:
            problems.append(
                f"Nhóm “{view.group_names.get(group, '')}”: {kept} người được giữ mức xuất sắc, vượt số "
                f"tối đa {quota.allowed} ({_percent(quota.ratio)} số xếp loại tốt, điều 20 khoản 5 "
                "Nghị định 335/2025/NĐ-CP)."
            )
    return problems


def _percent(ratio: Fraction) -> str:
    value = float(ratio) * 100
    return f"{value:g} %".replace(".", ",")


@dataclass
class SheetDetail:
    sheet: Sheet
    row: SheetRow
    ranking: RankingView
    items: list[WorkItem]
    rule: rules.RuleSet
    transferred_from: list[str]


def sheet_detail(*, user: Any, pk: int) -> SheetDetail:
    sheet: Sheet = get_scoped_or_404(Sheet, user, pk)
    view = ranking_view(user=user, unit=sheet.unit, year=sheet.year)
    row = next(r for r in view.rows if r.sheet.pk == sheet.pk)
    items = list(sheet.items.select_related("product_type", "source_unit").order_by("period", "pk"))
    others = {i.source_unit for i in items if i.source_unit_id != sheet.unit_id}
    names = unit_names(units=list(others), as_of=ranking_date(sheet.year)) if others else {}
    return SheetDetail(
        row.sheet, row, view, items, rule_for(sheet.year, sheet.category), sorted(names.values())
    )


def decimal(value: float | None, places: int = 2) -> Decimal | None:
    return None if value is None else round(Decimal(str(value)), places)
