"""Rules of law for evaluating and ranking cadres, civil servants and public employees (RULES-2 §1,
RULES.md §4), as pure functions (no Django): each cites its source.

The numbers a text leaves to an authority, or that RULES-2 marks unchecked, are keyword arguments whose
defaults equal RULES-2 §9 (``eval.general_max`` 30, ``eval.task_max`` 70, ``eval.bands`` 90/70/50,
``eval.deduction_per_failure`` 0.25, ``eval.quota_ratio`` 0.20, ``eval.leader_unit_rate_if_any_failed``
0.5): the callers pass the settings in force for the year. Levels are the codes of
``people.choices.EvaluationLevel`` as plain strings. Scores are compared unrounded (rounding: not found).
"""

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, Literal, TypeVar

__all__ = [
    "LEVELS",
    "REASON_TEXT",
    "Category",
    "ExcellentChoice",
    "Level",
    "Product",
    "Ranking",
    "Reason",
    "RuleSet",
    "TaskComponents",
    "annual_score",
    "choose_excellent",
    "disciplined_in_year",
    "excellent_quota",
    "excellent_quota_decree_48",
    "leader_task_points",
    "leader_unit_result",
    "level_from_score",
    "non_leader_task_points",
    "not_done_consecutive_years",
    "period_score",
    "product_scores",
    "rank",
    "ranking_deadline",
    "rule_set_for",
    "task_components",
]

Level = Literal["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]
Category = Literal["cong_chuc", "can_bo", "vien_chuc"]
Reason = Literal["score_below_threshold", "degradation", "discipline_in_year", "unit_corruption_or_waste"]

XUAT_SAC: Level = "xuat_sac"
TOT: Level = "tot"
HOAN_THANH: Level = "hoan_thanh"
KHONG_HOAN_THANH: Level = "khong_hoan_thanh"
LEVELS: tuple[Level, ...] = (XUAT_SAC, TOT, HOAN_THANH, KHONG_HOAN_THANH)  # best first

REASON_TEXT: Mapping[Reason, str] = {
    "score_below_threshold": "Tổng điểm dưới ngưỡng hoàn thành nhiệm vụ (Nghị định 335/2025, điều 20(4)(a))",
    "degradation": "Có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống (điều 20(4)(b))",
    "discipline_in_year": "Bị kỷ luật từ khiển trách trở lên trong năm đánh giá (điều 20(4)(c))",
    "unit_corruption_or_waste": (
        "Đơn vị trực tiếp phụ trách liên quan đến tham ô, tham nhũng, lãng phí và bị xử lý (điều 20(4)(d))"
    ),
}

DECREE_335_FROM_YEAR = 2026  # Decree 335/2025/NĐ-CP in force 01/01/2026 (RULES-2 §0)
BANDS = (90.0, 70.0, 50.0)  # eval.bands: xuất sắc, tốt, hoàn thành


@dataclass(frozen=True)
class RuleSet:
    """The text that governs a year's evaluation, and whether the level is computed from points
    (Decree 335/2025) or recorded as the competent person decided it."""

    name: str
    computes_levels: bool


# RULES-2 §0, §1.1–§1.4: Decree 90/2020 + 48/2023 up to 2025; from 2026 Decree 335/2025 for civil
# servants; cadres: Regulation 366-QĐ/TW (State text for cadres not found); public employees: Decree
# 90/2020 until the decree under the 2025 Law on Public Employees is known (unverified).
def rule_set_for(year: int, category: Category) -> RuleSet:
    if year < DECREE_335_FROM_YEAR:
        return RuleSet("Nghị định 90/2020/NĐ-CP, sửa đổi bởi Nghị định 48/2023/NĐ-CP", computes_levels=False)
    if category == "cong_chuc":
        return RuleSet("Nghị định 335/2025/NĐ-CP", computes_levels=True)
    if category == "can_bo":
        return RuleSet("Quy định 366-QĐ/TW", computes_levels=False)
    if category == "vien_chuc":
        return RuleSet("Nghị định 90/2020/NĐ-CP, sửa đổi bởi Nghị định 48/2023/NĐ-CP", computes_levels=False)
    raise ValueError(f"unknown staff category: {category!r}")


@dataclass(frozen=True)
class Product:
    """One assigned product/work of a period. ``weight`` is its conversion coefficient (art. 13, method
    not found: a per-agency catalogue, default 1). Failed quality reviews and delays are counted in
    full; the ``excused_*`` counts are those with an objective cause confirmed by the competent level."""

    completed: bool
    weight: float = 1.0
    failed_reviews: int = 0
    excused_failed_reviews: int = 0
    delays: int = 0
    excused_delays: int = 0

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise ValueError("the conversion coefficient cannot be negative")
        if not 0 <= self.excused_failed_reviews <= self.failed_reviews:
            raise ValueError("excused failed reviews must be between 0 and the failed reviews")
        if not 0 <= self.excused_delays <= self.delays:
            raise ValueError("excused delays must be between 0 and the delays")


@dataclass(frozen=True)
class TaskComponents:
    """Art. 14 (a) quantity, (b) quality, (c) progress, each a percentage of the converted assigned work."""

    quantity: float
    quality: float
    progress: float


# Decree 335/2025 art. 14(b),(c): each failed review / each delay −25 % of that product's quality /
# progress points, unless an objective cause is confirmed; a product's score does not go below 0.
def product_scores(product: Product, *, deduction: float = 0.25) -> tuple[float, float]:
    """(quality, progress) of one product as shares in [0, 1]; an uncompleted product scores (0, 0)."""
    if not product.completed:
        return 0.0, 0.0
    failures = product.failed_reviews - product.excused_failed_reviews
    delays = product.delays - product.excused_delays
    return max(0.0, 1 - deduction * failures), max(0.0, 1 - deduction * delays)


# Decree 335/2025 art. 14(a)–(c): completed (quality-, progress-weighted) converted work over the
# converted work assigned in the month or quarter.
def task_components(products: Iterable[Product], *, deduction: float = 0.25) -> TaskComponents:
    products = list(products)
    assigned = sum(p.weight for p in products)
    if assigned <= 0:
        raise ValueError("a period needs assigned work with a positive converted weight")
    done = quality = progress = 0.0
    for product in products:
        product_quality, product_progress = product_scores(product, deduction=deduction)
        done += product.weight if product.completed else 0.0
        quality += product.weight * product_quality
        progress += product.weight * product_progress
    return TaskComponents(100 * done / assigned, 100 * quality / assigned, 100 * progress / assigned)


# Decree 335/2025 art. 14 (formula not read — unverified): task points = mean(a, b, c) × 70 %.
def non_leader_task_points(components: TaskComponents, *, task_max: float = 70.0) -> float:
    mean = (components.quantity + components.quality + components.progress) / 3
    return mean / 100 * task_max


# Decree 335/2025 art. 15 (formula and number of leader criteria not read — unverified): task points =
# mean(a, b, c, d, đ, e) × 70 %, the leader criteria (d, đ, e…) given as percentages.
def leader_task_points(
    components: TaskComponents, leader_criteria: Sequence[float], *, task_max: float = 70.0
) -> float:
    if not leader_criteria:
        raise ValueError("a leader is evaluated on at least one leader criterion")
    values = [components.quantity, components.quality, components.progress, *leader_criteria]
    return sum(values) / len(values) / 100 * task_max


# Decree 335/2025 art. 15(3): the unit's results count 100 % if every managed civil servant is at least
# "hoàn thành", 50 % if any is "không hoàn thành".
def leader_unit_result(managed_levels: Iterable[Level], *, rate_if_any_failed: float = 0.5) -> float:
    """A percentage; a leader who manages nobody (an empty list) gets 100 (no one failed)."""
    if any(level == KHONG_HOAN_THANH for level in managed_levels):
        return 100 * rate_if_any_failed
    return 100.0


# Decree 335/2025 art. 12: general criteria at most 30 points, task results at most 70, total 100.
def period_score(
    general_points: float, task_points: float, *, general_max: float = 30.0, task_max: float = 70.0
) -> float:
    if not 0 <= general_points <= general_max:
        raise ValueError(f"general points must be between 0 and {general_max}")
    if not 0 <= task_points <= task_max:
        raise ValueError(f"task points must be between 0 and {task_max}")
    return general_points + task_points


# Decree 335/2025 art. 21 ("tính điểm trung bình" of the monthly/quarterly results; exact averaging rule
# unverified): the annual score is the arithmetic mean of the period scores.
def annual_score(period_scores: Iterable[float]) -> float:
    scores = list(period_scores)
    if not scores:
        raise ValueError("an annual score needs at least one period")
    return sum(scores) / len(scores)


# Decree 335/2025 art. 20(1)–(3), (4)(a): ≥ 90 xuất sắc; 70 – < 90 tốt; 50 – < 70 hoàn thành; < 50 không.
def level_from_score(score: float, *, bands: Sequence[float] = BANDS) -> Level:
    excellent, good, done = bands
    if score >= excellent:
        return XUAT_SAC
    if score >= good:
        return TOT
    if score >= done:
        return HOAN_THANH
    return KHONG_HOAN_THANH


DISCIPLINE_FORMS = frozenset(
    {"khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"}
)  # people.choices.DisciplineForm: khiển trách is the lightest, so every form is "từ khiển trách trở lên"


# Decree 335/2025 art. 20(4)(c): disciplined "từ khiển trách trở lên trong năm đánh giá" — a decision
# dated in the evaluation year; a reprimand decided the year before does not count.
def disciplined_in_year(decisions: Iterable[tuple[str, dt.date]], year: int) -> bool:
    """`decisions` are (form code, decision date) pairs."""
    for form, decided in decisions:
        if form not in DISCIPLINE_FORMS:
            raise ValueError(f"unknown discipline form: {form!r}")
        if decided.year == year:
            return True
    return False


@dataclass(frozen=True)
class Ranking:
    level: Level
    reasons: tuple[Reason, ...] = ()  # why "không hoàn thành" (empty otherwise)


# Decree 335/2025 art. 20(4): "không hoàn thành" whatever the score for (a) a score below 50,
# (b) a conclusion of degradation, (c) discipline from khiển trách up in the evaluation year,
# (d) leaders only: corruption/waste handled in a unit under their direct charge.
def rank(
    score: float,
    *,
    degradation_concluded: bool = False,
    disciplined_in_year: bool = False,
    leader: bool = False,
    unit_corruption_or_waste: bool = False,
    bands: Sequence[float] = BANDS,
) -> Ranking:
    """The level before the quota (art. 20(5) applies to the group: see excellent_quota)."""
    reasons: list[Reason] = []
    if level_from_score(score, bands=bands) == KHONG_HOAN_THANH:
        reasons.append("score_below_threshold")
    if degradation_concluded:
        reasons.append("degradation")
    if disciplined_in_year:
        reasons.append("discipline_in_year")
    if leader and unit_corruption_or_waste:
        reasons.append("unit_corruption_or_waste")
    if reasons:
        return Ranking(KHONG_HOAN_THANH, tuple(reasons))
    return Ranking(level_from_score(score, bands=bands))


def _fraction(ratio: float | Fraction | str) -> Fraction:
    value = Fraction(str(ratio)) if isinstance(ratio, float) else Fraction(ratio)
    if not 0 <= value <= 1:
        raise ValueError("a quota ratio is between 0 and 1")
    return value


# Decree 335/2025 art. 20(5)(a): "xuất sắc" ≤ 20 % of those ranked "tốt" in the unit and group; those
# demoted become "tốt", so x ≤ r(t + k − x), x_max = min(k, floor(r(t + k)/(1 + r))) (RULES-2 §1.1).
def excellent_quota(candidates: int, good: int, *, ratio: float | Fraction | str = Fraction(1, 5)) -> int:
    """The largest number of the `candidates` (scored ≥ 90) who may be ranked "xuất sắc" in a group
    where `good` others are ranked "tốt". The exception of art. 20(5)(b) (not read; 25 % unverified) is
    a per-unit override of `ratio`."""
    if candidates < 0 or good < 0:
        raise ValueError("counts cannot be negative")
    r = _fraction(ratio)
    return min(candidates, math.floor(r * (good + candidates) / (1 + r)))


# Decree 48/2023/NĐ-CP (amending Decree 90/2020): the share "xuất sắc" of a group is at most the Party's
# ratio of members ranked "xuất sắc" (that ratio, 20 % of "tốt" under Reg. 124-QĐ/TW, is unverified).
def excellent_quota_decree_48(group_size: int, *, party_ratio: float | Fraction | str) -> int:
    if group_size < 0:
        raise ValueError("counts cannot be negative")
    return math.floor(_fraction(party_ratio) * group_size)


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class ExcellentChoice(Generic[K]):
    """A proposal, by score: `chosen` fit within the quota, `demoted` do not; the `tied` share the
    cut-off score and compete for `places_for_tied` places, which the competent person decides."""

    chosen: tuple[K, ...]
    tied: tuple[K, ...]
    places_for_tied: int
    demoted: tuple[K, ...]


# Decree 335/2025 art. 20(5) sets the number, not who is demoted (RULES-2 §1.1): propose by score, highest
# first, and leave a tie at the cut-off to the competent person.
def choose_excellent(scores: Mapping[K, float], allowed: int) -> ExcellentChoice[K]:
    if allowed < 0:
        raise ValueError("the allowed number cannot be negative")
    ordered = sorted(scores, key=lambda key: scores[key], reverse=True)
    if allowed >= len(ordered):
        return ExcellentChoice(tuple(ordered), (), 0, ())
    if allowed == 0:
        return ExcellentChoice((), (), 0, tuple(ordered))
    cut = scores[ordered[allowed - 1]]
    if scores[ordered[allowed]] != cut:
        return ExcellentChoice(tuple(ordered[:allowed]), (), 0, tuple(ordered[allowed:]))
    chosen = tuple(key for key in ordered if scores[key] > cut)
    tied = tuple(key for key in ordered if scores[key] == cut)
    demoted = tuple(key for key in ordered if scores[key] < cut)
    return ExcellentChoice(chosen, tied, allowed - len(chosen), demoted)


# Decree 335/2025 art. 21: ranking before 15 December; agencies whose year ends later, by 15 January.
def ranking_deadline(year: int, *, late_year_end: bool = False) -> dt.date:
    return dt.date(year + 1, 1, 15) if late_year_end else dt.date(year, 12, 15)


# RULES.md §4 (Law on Cadres and Civil Servants; kept by Law 80/2025 — unverified): N consecutive years
# "không hoàn thành" (eval.consecutive_not_done, default 2) ending with `year` → relief / leaving the service.
def not_done_consecutive_years(levels_by_year: Mapping[int, Level], year: int, *, years: int = 2) -> bool:
    return all(levels_by_year.get(y) == KHONG_HOAN_THANH for y in range(year - years + 1, year + 1))
