"""The training a leadership post requires — political theory, state management, defence and security
knowledge — and whether what a person holds falls short. Plain Python: no Django.

What is checked and what is not is in docs/training-standards.md. In short: only the political-theory
level of a Giám đốc Sở (cao cấp) was read, in a reproduction of Decree 29/2024/NĐ-CP; the defence–security
groups of department leaders (đối tượng 2) and division leaders (đối tượng 3) were read in reports of the
provinces' classes, not in the decree; everything but the first says "(chưa đối chiếu văn bản)" in its
source. No article number is given: none was read.

A pool member (quy hoạch) is measured against the post they are planned for: the plan's task III.7.c
(Kế hoạch triển khai Nghị quyết 07-NQ/TU) — "cán bộ, công chức, viên chức trong quy hoạch phải được cử đi
học nâng cao về lý luận chính trị, quốc phòng - an ninh" — and Guidance 16-HD/BTCTW (2022): a pool member
"chưa nhất thiết phải đáp ứng ngay" every standard of the planned post, which is why they are trained.
"""

import re
from dataclasses import dataclass

from canbo.people import catalogues
from canbo.people.vnsort import fold

# people.choices.TrainingKind values (not imported: this module stays free of Django).
THEORY = "ly_luan"
STATE_MANAGEMENT = "qlnn"
DEFENCE = "qp_an"
KINDS = (THEORY, STATE_MANAGEMENT, DEFENCE)

# people.choices.PostLevel values.
AGENCY_HEAD = "agency_head"
AGENCY_DEPUTY = "agency_deputy"
DIVISION_HEAD = "division_head"
DIVISION_DEPUTY = "division_deputy"
AGENCY_LEVELS = (AGENCY_HEAD, AGENCY_DEPUTY)
DIVISION_LEVELS = (DIVISION_HEAD, DIVISION_DEPUTY)

# Elected posts of People's Committees (people.catalogues.POSTS codes). Decree 29/2024/NĐ-CP sets the
# standards of civil servants who lead in state administrative agencies; these are cadres elected by a
# People's Council, whose standards are the Party's (Regulation 365-QĐ/TW, 2025) — not in this table.
ELECTED_POSTS = frozenset(
    {
        "chu_tich_ubnd_tinh",
        "pho_chu_tich_ubnd_tinh",
        "chu_tich_ubnd_huyen",
        "pho_chu_tich_ubnd_huyen",
        "chu_tich_ubnd_xa",
        "pho_chu_tich_ubnd_xa",
    }
)

UNCHECKED = "chưa đối chiếu văn bản"
# Chapter II, section 4 of the decree sets the standards of each leader of the specialised agencies of
# provincial and district People's Committees (Giám đốc Sở … Phó Trưởng phòng thuộc huyện) — checked
# (snnptnt.binhphuoc.gov.vn, a summary of the decree's structure); its article numbers not read.
DECREE_29 = "Nghị định 29/2024/NĐ-CP, Chương II mục 4"
DEFENCE_DECREES = "Nghị định 13/2014/NĐ-CP, sửa đổi bởi Nghị định 139/2020/NĐ-CP"


@dataclass(frozen=True)
class Requirement:
    """One level of one kind of training a post requires: at least `rank` of the kind's scale."""

    kind: str  # THEORY, STATE_MANAGEMENT or DEFENCE
    level: str  # the level's code: a POLITICAL_THEORY or STATE_MANAGEMENT code, or "doi_tuong_<n>"
    rank: int
    label: str  # Vietnamese: "Cao cấp lý luận chính trị"
    source: str  # Vietnamese: the text applied, and "(chưa đối chiếu văn bản)" where it was not read
    checked: bool  # the clause was read (in a reproduction of the text, or a report quoting it)


# --- Scales -----------------------------------------------------------------------------------------


def theory_rank(code: str | None) -> int:
    """The rank of a political-theory code (people.catalogues.POLITICAL_THEORY: sơ cấp 1, trung cấp 2,
    cao cấp and cử nhân 3); 0 for none or an unknown code."""
    entry = catalogues.POLITICAL_THEORY.get(code) if code else None
    return entry.rank if entry is not None else 0


def state_management_rank(code: str | None) -> int:
    """The rank of a state-management code (chuyên viên 1, chuyên viên chính 2, chuyên viên cao cấp 3)."""
    entry = catalogues.STATE_MANAGEMENT.get(code) if code else None
    return entry.rank if entry is not None else 0


def read_level(kind: str, text: str | None) -> tuple[int, str]:
    """The rank and the name of a level written in a training record (people.Training.level) of
    `kind`: a political-theory or state-management level by its catalogue name or alias ("Trung cấp
    LLCT" → (2, "Trung cấp"), "CVC" → (2, "Chuyên viên chính")), a defence–security group by
    defence_group() ("ĐT 3" → (2, "Đối tượng 3")). (0, "") where the text names no level we know."""
    if kind == DEFENCE:
        group = defence_group(text)
        return (defence_rank(group), f"Đối tượng {group}") if group is not None else (0, "")
    catalogue = catalogues.POLITICAL_THEORY if kind == THEORY else catalogues.STATE_MANAGEMENT
    code = catalogue.find(text) if text else None
    entry = catalogue.get(code) if code else None
    return (entry.rank, entry.name) if entry is not None else (0, "")


def rank_of(kind: str, code: str) -> int:
    """The rank of a required level's code (Requirement.level) on its kind's scale."""
    if kind == DEFENCE:
        group = code.removeprefix("doi_tuong_")
        return defence_rank(int(group)) if group.isdigit() else 0
    return theory_rank(code) if kind == THEORY else state_management_rank(code)


# Decree 13/2014/NĐ-CP (fostering defence and security knowledge) sorts the people to foster into groups
# 1 (the highest posts) to 4; a lower number is a higher course. A course of a higher group is taken to
# cover a lower one — our reading (chưa đối chiếu văn bản).
DEFENCE_GROUPS = (1, 2, 3, 4)

_GROUP = re.compile(r"(?:doi tuong|dt|nhom)\s*([1-4])(?![0-9])")
_BARE_GROUP = re.compile(r"([1-4])")


def defence_group(text: str | None) -> int | None:
    """The group written in a defence–security training record: 'Đối tượng 3', 'đối tượng 3',
    'ĐT3', 'Bồi dưỡng KTQP-AN đối tượng 2', or the bare '3'; None when no group is written."""
    value = fold(text)
    if match := _GROUP.search(value):
        return int(match[1])
    if match := _BARE_GROUP.fullmatch(value):
        return int(match[1])
    return None


def defence_rank(group: int) -> int:
    """Group 1 → 4 … group 4 → 1, so that a higher rank is a higher course, as on the other scales."""
    if group not in DEFENCE_GROUPS:
        raise ValueError(
            f"Đối tượng bồi dưỡng kiến thức quốc phòng và an ninh phải từ 1 đến 4, không phải {group}."
        )
    return 5 - group


def defence_label(group: int) -> str:
    return f"Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng {group}"


# --- The rules ------------------------------------------------------------------------------------


# Decree 29/2024/NĐ-CP (in force 01/05/2024), political theory: "cử nhân chính trị hoặc cao cấp lý luận
# chính trị …" for "Giám đốc Sở … (Giám đốc Sở và tương đương)" — checked (vietnammedia.vnanet.vn). The
# cao cấp list ends there: a Phó Giám đốc Sở is not on it, so trung cấp or higher (the trung cấp list itself
# not read); division leaders trung cấp or higher — chưa đối chiếu văn bản.
def political_theory_for(post_level: str) -> Requirement | None:
    if post_level == AGENCY_HEAD:
        return _theory("cao_cap", f"{DECREE_29}, tiêu chuẩn Giám đốc Sở và tương đương", checked=True)
    if post_level == AGENCY_DEPUTY:
        return _theory("trung_cap", f"{DECREE_29}, Phó Giám đốc Sở không thuộc danh sách phải có cao cấp")
    if post_level in DIVISION_LEVELS:
        return _theory("trung_cap", DECREE_29)
    return None


# Decree 29/2024/NĐ-CP, state management: chuyên viên chính or higher for department leaders, chuyên viên
# for division leaders — the levels most provinces' standards write; chưa đối chiếu văn bản.
def state_management_for(post_level: str) -> Requirement | None:
    if post_level in AGENCY_LEVELS:
        return _state("chuyen_vien_chinh", DECREE_29)
    if post_level in DIVISION_LEVELS:
        return _state("chuyen_vien", DECREE_29)
    return None


# Decree 13/2014/NĐ-CP (amended by Decree 139/2020/NĐ-CP): đối tượng 2 includes "giám đốc, phó giám đốc
# các sở", đối tượng 3 "Trưởng, Phó Trưởng phòng các sở, ngành và UBND tỉnh, huyện" — checked in reports of
# the classes (baomoi.com, Tuyên Quang; qdnd.vn, Quảng Trị); the decree's own text not read, so unchecked.
def defence_for(post_level: str) -> Requirement | None:
    if post_level in AGENCY_LEVELS:
        return _defence(2)
    if post_level in DIVISION_LEVELS:
        return _defence(3)
    return None


def required_for(post_level: str, *, post_code: str = "") -> tuple[Requirement, ...]:
    """What a post of this level requires (none for a post that does not lead, or an elected post of a
    People's Committee: see ELECTED_POSTS)."""
    if post_code in ELECTED_POSTS:
        return ()
    found = (political_theory_for(post_level), state_management_for(post_level), defence_for(post_level))
    return tuple(r for r in found if r is not None)


def lacks(requirement: Requirement, held_rank: int) -> bool:
    """Whether a person holding `held_rank` on the requirement's scale falls short of it."""
    return held_rank < requirement.rank


def strongest(requirements: list[Requirement]) -> Requirement:
    """Of requirements of one kind (a post held and a post planned), the highest: one course covers both."""
    return max(requirements, key=lambda r: r.rank)


def held_level(
    kind: str, *, political_theory: str, state_management: str, trained: tuple[int, str] | None
) -> tuple[int, str]:
    """The rank a person holds of a kind, and how to say it: the record's own field (political theory,
    state management) or the best course on record (`trained`: (rank, name), from
    people.selectors.training_on_record), whichever is higher."""
    own_rank, own_text = 0, ""
    if kind == THEORY and political_theory:
        own_rank = theory_rank(political_theory)
        own_text = catalogues.POLITICAL_THEORY.name(political_theory)
    elif kind == STATE_MANAGEMENT and state_management:
        own_rank = state_management_rank(state_management)
        own_text = catalogues.STATE_MANAGEMENT.name(state_management)
    if trained is None:
        return own_rank, own_text
    rank, name = trained
    if rank > own_rank:
        return rank, name
    if own_rank == 0 and kind == DEFENCE:
        return 0, "Đã học (không ghi đối tượng)"
    return own_rank, own_text


# --- Helpers ----------------------------------------------------------------------------------------


def _theory(code: str, text: str, *, checked: bool = False) -> Requirement:
    entry = catalogues.POLITICAL_THEORY.get(code)
    assert entry is not None, code
    return Requirement(
        THEORY, code, entry.rank, f"{entry.name} lý luận chính trị", _source(text, checked), checked
    )


def _state(code: str, text: str) -> Requirement:
    entry = catalogues.STATE_MANAGEMENT.get(code)
    assert entry is not None, code
    label = f"Quản lý nhà nước ngạch {entry.name.lower()}"
    return Requirement(STATE_MANAGEMENT, code, entry.rank, label, _source(text, False), False)


def _defence(group: int) -> Requirement:
    # The groups were read in reports of the classes, not in the decree: unchecked against the text.
    text = f"{DEFENCE_DECREES}; đối tượng theo báo cáo các lớp bồi dưỡng"
    rank = defence_rank(group)
    return Requirement(DEFENCE, f"doi_tuong_{group}", rank, defence_label(group), _source(text, False), False)


def _source(text: str, checked: bool) -> str:
    return text if checked else f"{text} ({UNCHECKED})"
