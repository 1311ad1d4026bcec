"""The training app's rules, as plain functions (no Django): which level a completed class leaves in
the registry, the terms over which the key cadres' knowledge-update classes are counted and the
verdict on that count."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "KEY_CADRE_SOURCE",
    "Term",
    "TermCount",
    "key_cadre_verdict",
    "language_level_after",
    "raises_level",
    "term_of",
    "terms",
]

KEY_CADRE_SOURCE = "Kế hoạch triển khai Nghị quyết 07-NQ/TU, mục III.7.d"
KEY_CADRE_TEXT = (
    "“Trong nhiệm kỳ 2020-2025, mở 03-04 lớp bồi dưỡng cập nhật kiến thức cho đội ngũ cán bộ lãnh đạo, "
    "quản lý cấp tỉnh, cấp huyện”"
)


def raises_level(current: str, new: str, ranks: Mapping[str, int]) -> bool:
    """Whether a class giving level `new` raises a person's highest level `current` (codes of one
    catalogue, ordered by rank: people.catalogues POLITICAL_THEORY, STATE_MANAGEMENT). A level of the
    same rank (Cử nhân chính trị after Cao cấp) or lower leaves the registry as it is; a code the
    catalogue does not know is never raised to."""
    if new not in ranks:
        return False
    return not current or ranks[new] > ranks.get(current, 0)


def language_level_after(before: int | None, certified: int) -> int:
    """A language certificate only raises the level of that language (one row per language, the
    highest level: people.LanguageSkill); a lower certificate leaves the level as it was."""
    return certified if before is None else max(before, certified)


@dataclass(frozen=True)
class Term:
    """A term of office (nhiệm kỳ) over which the knowledge-update classes are counted."""

    first_year: int
    last_year: int

    @property
    def label(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.first_year, 10, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.last_year, 9, 30)


# The terms run from one provincial Party congress to the next, held in the autumn of the term's first
# and last years (the plan counts "trong nhiệm kỳ 2020-2025"): a term is taken as 1/10 of its first year
# to 30/9 of its last — the congresses' exact days are not recorded here (unchecked).
def terms(first_year: int = 2020, last_year: int = 2030) -> list[Term]:
    """The five-year terms from first_year to last_year: 2020–2025, 2025–2030."""
    return [Term(y, y + 5) for y in range(first_year, last_year, 5)]


def term_of(day: dt.date, first_year: int = 2020) -> Term:
    """The term a class starting on `day` belongs to."""
    year = day.year if day >= dt.date(day.year, 10, 1) else day.year - 1
    start = first_year + (year - first_year) // 5 * 5
    return Term(start, start + 5)


@dataclass(frozen=True)
class TermCount:
    term: Term
    count: int
    low: int
    high: int
    verdict: str  # "chua_dat" | "dat" | "vuot"
    text: str


# Kế hoạch triển khai Nghị quyết 07-NQ/TU, mục III.7.d: 03–04 knowledge-update classes per term.
def key_cadre_verdict(term: Term, count: int, low: int, high: int) -> TermCount:
    """Fewer than `low` classes in the term: not met; low to high: met; more: above the plan."""
    if count < low:
        verdict, words = "chua_dat", f"chưa đạt (còn thiếu {low - count} lớp)"
    elif count <= high:
        verdict, words = "dat", "đạt"
    else:
        verdict, words = "vuot", f"vượt ({count - high} lớp nhiều hơn kế hoạch)"
    text = (
        f"Nhiệm kỳ {term.label}: {count} lớp bồi dưỡng cập nhật kiến thức cho cán bộ chủ chốt, "
        f"yêu cầu {low:02d}–{high:02d} lớp — {words} ({KEY_CADRE_SOURCE})."
    )
    return TermCount(term, count, low, high, verdict, text)
