"""The rules of the positions app as plain functions (no Django): which ranks count as "chuyên viên
chính and equivalent", and the verdict on their share of an agency's staffing. Tested without a
database (tests/test_rules.py)."""

import math
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

# Circular 02/2021/TT-BNV: 01.002 is the code of the rank chuyên viên chính (canbo/demo/data/
# population.toml carries the same codes). Its "equivalents" are the type-A2 ranks of other sectors,
# all named "… viên chính" (kế toán viên chính, thanh tra viên chính …): recognised by name, since their
# codes were not checked one by one.
SENIOR_RANK_CODES = frozenset({"01.002"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def is_senior_rank(rank_code: str, rank_name: str) -> bool:
    """Whether a rank is chuyên viên chính or equivalent (Law 80/2025 art. 24 names the ranks; the
    equivalents are the "… viên chính" ranks). "Chuyên viên cao cấp" is not: it is the rank above."""
    if rank_code.strip() in SENIOR_RANK_CODES:
        return True
    return _fold(rank_name).endswith("vien chinh")


@dataclass(frozen=True)
class ShareVerdict:
    """The share of civil servants of rank chuyên viên chính and equivalent against the ceiling."""

    senior: int
    quota: int
    max_share: float
    text: str  # the legal text the ceiling comes from

    @property
    def allowed(self) -> int:
        """The most people the ceiling allows: floor(max_share × quota)."""
        return math.floor(Fraction(str(self.max_share)) * self.quota)

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.senior, self.quota) if self.quota else None

    @property
    def within(self) -> bool:
        return self.senior <= self.allowed

    def message(self) -> str:
        percent = f"{self.max_share * 100:g}%"
        if not self.quota:
            return f"Chưa có biên chế được giao: chưa tính được tỷ lệ tối đa {percent} ({self.text})."
        share = f"{float(self.share or 0) * 100:.1f}%".replace(".", ",")
        head = (
            f"{self.senior} công chức ngạch chuyên viên chính và tương đương trên {self.quota} biên chế "
            f"được giao ({share})"
        )
        if self.within:
            return f"{head}: trong giới hạn {percent} (tối đa {self.allowed} người) theo {self.text}."
        return (
            f"{head}: vượt giới hạn {percent} theo {self.text} — tối đa {self.allowed} người, "
            f"thừa {self.senior - self.allowed}."
        )


def senior_share_verdict(*, senior: int, quota: int, max_share: float, text: str) -> ShareVerdict:
    """Decree 361/2025/NĐ-CP: the civil servants placed in positions of rank chuyên viên chính and
    equivalent may not exceed `max_share` of the staffing quota the competent authority assigned to
    the agency (the ceiling is the setting positions.senior_rank_max_share; see docs/positions.md on
    which ceiling applies to which kind of agency)."""
    return ShareVerdict(senior=senior, quota=quota, max_share=max_share, text=text)
