"""Rules of law for the result of a civil-servant recruitment exam under Decree 170/2025/NĐ-CP (in force
01/07/2025; RULES-2 §5.3), as pure functions (no Django): each cites its source.

The numbers a text leaves open, or that RULES-2 marks unchecked, are keyword arguments with the defaults
RULES-2 gives (60 questions in round 1, pass with 50 % of them; round 2 pass mark 50 of 100; priority
points not cumulative — "old rule, unchecked"). Scores are Decimals, compared exactly (57.6 + 7.5 and
60.1 + 5 are the same total), never rounded (a rounding rule was not found).

How the two round-2 scores are read: "Điểm chuyên môn" is the round-2 score that is ranked (out of 100);
"Điểm viết" is given only when round 2 is written + interview, and is then the written part (out of
100), which must reach the pass mark as well ("≥ 50 % in each") and is the second tie rule ("higher
written score"). So with written + interview, "Điểm chuyên môn" is the part ranked first — the
interview (or the practical) part as the exam board reports it, the written one being the other part.
"""

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby
from unicodedata import normalize

__all__ = [
    "DECREE",
    "MAX_POINTS",
    "PASS_MARK",
    "PASS_SHARE",
    "PRIORITY_BY_CODE",
    "PRIORITY_CATEGORIES",
    "ROUND_1_QUESTIONS",
    "TIE_HEAD",
    "TIE_PROFESSIONAL",
    "TIE_WRITTEN",
    "Candidate",
    "Condition",
    "Failed",
    "HeadDecisionError",
    "Placed",
    "PriorityCategory",
    "Result",
    "add_months",
    "age_condition",
    "age_on",
    "failure_reasons",
    "name_key",
    "nationality_condition",
    "priority_points",
    "probation_end",
    "probation_months",
    "qualification_condition",
    "rank_candidates",
    "round_1_passes",
    "round_2_passes",
    "rule_text",
    "selection_condition",
    "vn",
]

Number = int | float | Decimal
HeadDecision = Sequence[str] | Set[str]

DECREE = "Nghị định 170/2025/NĐ-CP"
ROUND_1_QUESTIONS = 60
PASS_SHARE = Decimal("0.5")
PASS_MARK = Decimal(50)
MAX_POINTS = Decimal(100)

TIE_PROFESSIONAL = "điểm chuyên môn cao hơn"
TIE_WRITTEN = "điểm viết cao hơn"
TIE_HEAD = "người đứng đầu quyết định"


def _decimal(value: Number) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a score is a number, not a boolean")
    result = value if isinstance(value, Decimal) else Decimal(str(value))
    if not result.is_finite():
        raise ValueError("a score must be a finite number")
    return result


def vn(value: Number) -> str:
    """A score the Vietnamese way: 48 → '48', 47.5 → '47,5'."""
    text = format(_decimal(value).normalize(), "f")
    return text.replace(".", ",")


def name_key(name: str) -> str:
    """A name as written (NFC, case and spacing aside): "Hoa" and "Hòa" stay two names."""
    return " ".join(normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class PriorityCategory:
    """A category of art. 6; `checked` False for those RULES-2's source does not name (kept from the
    issue's brief, as in Decree 138/2020 art. 5 — unchecked for Decree 170/2025)."""

    code: str
    label: str
    points: Decimal
    checked: bool = True


# Decree 170/2025 art. 6 (RULES-2 §5.3): +7.5, +5 and +2.5 by category. INCOMPLETE — the rest of art. 6
# was cut in the source RULES-2 read ("list continues, cut"); the categories marked checked=False are
# not in that source either.
PRIORITY_CATEGORIES: tuple[PriorityCategory, ...] = (
    PriorityCategory("anh_hung_llvt", "Anh hùng Lực lượng vũ trang", Decimal("7.5")),
    PriorityCategory("anh_hung_lao_dong", "Anh hùng Lao động", Decimal("7.5")),
    PriorityCategory("thuong_binh", "Thương binh", Decimal("7.5")),
    PriorityCategory("nhu_thuong_binh", "Người hưởng chính sách như thương binh", Decimal("7.5")),
    PriorityCategory("thuong_binh_loai_b", "Thương binh loại B", Decimal("7.5")),
    PriorityCategory("dan_toc_thieu_so", "Người dân tộc thiểu số", Decimal(5)),
    PriorityCategory("si_quan_quan_doi", "Sĩ quan quân đội", Decimal(5)),
    PriorityCategory("si_quan_cong_an", "Sĩ quan, hạ sĩ quan công an", Decimal(5)),
    PriorityCategory("qncn_phuc_vien", "Quân nhân chuyên nghiệp phục viên", Decimal(5)),
    PriorityCategory("co_yeu", "Người làm công tác cơ yếu chuyển ngành", Decimal(5)),
    PriorityCategory("si_quan_du_bi", "Học viên tốt nghiệp đào tạo sĩ quan dự bị", Decimal(5)),
    PriorityCategory(
        "chi_huy_truong_xa",
        "Tốt nghiệp đào tạo chỉ huy trưởng Ban chỉ huy quân sự cấp xã",
        Decimal(5),
    ),
    PriorityCategory("con_liet_si", "Con liệt sĩ", Decimal(5), checked=False),
    PriorityCategory("con_thuong_binh", "Con thương binh", Decimal(5), checked=False),
    PriorityCategory("nghia_vu_quan_su", "Người hoàn thành nghĩa vụ quân sự", Decimal("2.5")),
    PriorityCategory(
        "nghia_vu_cong_an", "Người hoàn thành nghĩa vụ tham gia công an nhân dân", Decimal("2.5")
    ),
    PriorityCategory("thanh_nien_xung_phong", "Đội viên thanh niên xung phong", Decimal("2.5")),
)
PRIORITY_BY_CODE = {category.code: category for category in PRIORITY_CATEGORIES}


# Decree 170/2025 art. 6: the points of the candidate's categories. Whether several add up was not
# found (RULES-2 §5.3: "old rule: only the highest counts — unchecked"): `cumulative`, default False.
def priority_points(codes: Iterable[str], *, cumulative: bool = False) -> Decimal:
    points = []
    for code in codes:
        if code not in PRIORITY_BY_CODE:
            raise ValueError(f"unknown priority category: {code!r}")
        points.append(PRIORITY_BY_CODE[code].points)
    if not points:
        return Decimal(0)
    return sum(points, Decimal(0)) if cumulative else max(points)


# Decree 170/2025, round 1 (RULES-2 §5.3; the article number is not in RULES-2's sources): 60 computer
# multiple-choice questions, pass with at least 50 % correct — 30 of 60.
def round_1_passes(
    correct: int, *, questions: int = ROUND_1_QUESTIONS, pass_share: Number = PASS_SHARE
) -> bool:
    if not 0 <= correct <= questions:
        raise ValueError(f"round 1 has {questions} questions")
    return correct >= _decimal(pass_share) * questions


# Decree 170/2025, round 2 (RULES-2 §5.3; art. 10 "người trúng tuyển" read as the same article as the
# tie rule — unverified): pass with ≥ 50 of 100; written + interview: ≥ 50 % in each part (each out of 100).
def round_2_passes(
    professional: Number, written: Number | None = None, *, pass_mark: Number = PASS_MARK
) -> bool:
    mark = _decimal(pass_mark)
    if _decimal(professional) < mark:
        return False
    return written is None or _decimal(written) >= mark


@dataclass(frozen=True)
class Candidate:
    """One candidate for one position. `round_1_correct` None: no round 1 (the nhân viên rank, professional
    exam only). `professional` None: no round-2 score (did not sit it). `written` only for written +
    interview. `priority`: the art. 6 points, from priority_points or as the exam board gave them."""

    name: str
    professional: Number | None
    round_1_correct: int | None = None
    written: Number | None = None
    priority: Number = 0

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a candidate needs a name")
        for score in (self.professional, self.written):
            if score is not None and not 0 <= _decimal(score) <= MAX_POINTS:
                raise ValueError("a round-2 score is between 0 and 100")
        if self.round_1_correct is not None and self.round_1_correct < 0:
            raise ValueError("a number of correct answers cannot be negative")
        if _decimal(self.priority) < 0:
            raise ValueError("priority points cannot be negative")


# Decree 170/2025 (RULES-2 §5.3): a candidate passes round 1 (when the rank has one), then round 2 —
# checked BEFORE priority points, which are added only to a candidate who passed (48 + 5 fails).
def failure_reasons(
    candidate: Candidate,
    *,
    questions: int = ROUND_1_QUESTIONS,
    pass_share: Number = PASS_SHARE,
    pass_mark: Number = PASS_MARK,
) -> tuple[str, ...]:
    """Why the candidate fails, in Vietnamese; () when they pass. The priority points play no part."""
    reasons = []
    correct = candidate.round_1_correct
    if correct is not None and not round_1_passes(correct, questions=questions, pass_share=pass_share):
        reasons.append(f"Vòng 1 dưới {vn(_decimal(pass_share) * 100)} % số câu ({correct}/{questions})")
        if candidate.professional is None:
            return tuple(reasons)  # round 2 not taken: nothing more to say
    if candidate.professional is None:
        reasons.append("Không có điểm chuyên môn (không dự thi vòng 2)")
        return tuple(reasons)
    mark = _decimal(pass_mark)
    if _decimal(candidate.professional) < mark:
        reasons.append(f"Điểm chuyên môn dưới {vn(mark)} ({vn(candidate.professional)})")
    if candidate.written is not None and _decimal(candidate.written) < mark:
        reasons.append(f"Điểm viết dưới {vn(mark)} ({vn(candidate.written)})")
    return tuple(reasons)


@dataclass(frozen=True)
class Failed:
    name: str
    reasons: tuple[str, ...]
    priority: Decimal = Decimal(0)

    @property
    def reason(self) -> str:
        text = "; ".join(self.reasons)
        if self.priority > 0:
            text += f" — điểm ưu tiên ({vn(self.priority)}) chỉ cộng cho người đạt"
        return text


@dataclass(frozen=True)
class Placed:
    """A candidate who passed: `total` = professional + priority. `tie_rule` says what decided their
    place against the next candidate when the totals were equal ("" when no tie was broken)."""

    rank: int
    name: str
    total: Decimal
    professional: Decimal
    written: Decimal | None
    priority: Decimal
    tie_rule: str = ""


@dataclass(frozen=True)
class Result:
    """`admitted` within the quota in rank order; `pending_head_decision` the candidates tied at the
    cut-off who compete for `places_for_head` places that only the head can settle; `not_admitted`
    passed but beyond the quota; `head_decision` the names the head chose, as recorded."""

    quota: int
    admitted: tuple[Placed, ...]
    pending_head_decision: tuple[Placed, ...]
    places_for_head: int
    not_admitted: tuple[Placed, ...]
    failed: tuple[Failed, ...]
    head_decision: tuple[str, ...] = ()


class HeadDecisionError(ValueError):
    """The head's recorded decision does not fit the tie it is meant to settle (message in Vietnamese)."""


def _key(placed: Placed) -> tuple[Decimal, Decimal, Decimal]:
    return placed.total, placed.professional, placed.written if placed.written is not None else Decimal(-1)


# Decree 170/2025 art. 10 (RULES-2 §5.3): at equal totals, (1) the higher professional score, (2) the
# higher written score (written + interview), (3) the head of the recruiting agency decides (rank_candidates
# records that one; here equal on everything is "").
def _tie_rule(this: Placed, following: Placed | None) -> str:
    if following is None or this.total != following.total:
        return ""
    if this.professional != following.professional:
        return TIE_PROFESSIONAL
    if this.written is not None and following.written is not None and this.written != following.written:
        return TIE_WRITTEN
    return ""


def _decide(tied: list[Placed], places: int, decision: HeadDecision) -> tuple[list[Placed], bool]:
    """The tied candidates the head chose for the `places` (in the decision's order when it is an
    ordering); whether that order ranks them (a set does not)."""
    by_key = {name_key(p.name): p for p in tied}
    group = ", ".join(p.name for p in tied)
    chosen: list[Placed] = []
    for name in decision:
        found = by_key.get(name_key(name))
        if found is None:
            raise HeadDecisionError(
                f"“{name}” không thuộc nhóm bằng điểm chờ người đứng đầu quyết định ({group})."
            )
        if found in chosen:
            raise HeadDecisionError(f"“{name}” được ghi hai lần trong quyết định của người đứng đầu.")
        chosen.append(found)
    ordered = not isinstance(decision, Set)
    if len(chosen) < places or (not ordered and len(chosen) != places):
        raise HeadDecisionError(
            f"Người đứng đầu cần chọn {places} trong {len(tied)} người bằng điểm ({group}); "
            f"quyết định ghi {len(chosen)} người."
        )
    if not ordered:
        chosen.sort(key=lambda p: name_key(p.name))
    return chosen[:places], ordered


# Decree 170/2025 (RULES-2 §5.3): the candidates who pass, by professional score + priority points,
# highest first, within the quota of the position; ties by art. 10 (see _tie_rule); a tie at the
# cut-off that the scores cannot settle goes to the head — pending until `head_decision` (an ordering
# of the tied names, or the set of those chosen) is given, then recorded with the rule TIE_HEAD.
def rank_candidates(
    candidates: Iterable[Candidate],
    quota: int,
    *,
    head_decision: HeadDecision | None = None,
    questions: int = ROUND_1_QUESTIONS,
    pass_share: Number = PASS_SHARE,
    pass_mark: Number = PASS_MARK,
) -> Result:
    if quota < 0:
        raise ValueError("a quota cannot be negative")
    if isinstance(head_decision, str):
        raise TypeError("head_decision is a sequence or a set of names, not one string")
    candidates = list(candidates)
    if len({name_key(c.name) for c in candidates}) != len(candidates):
        raise ValueError("two candidates have the same name")
    written = {c.written is not None for c in candidates if c.professional is not None}
    if len(written) > 1:
        raise ValueError("a written score is given for some candidates and not for others")
    failed: list[Failed] = []
    passed: list[Placed] = []
    for c in candidates:
        reasons = failure_reasons(c, questions=questions, pass_share=pass_share, pass_mark=pass_mark)
        priority = _decimal(c.priority)
        if reasons:
            failed.append(Failed(c.name, reasons, priority))
            continue
        assert c.professional is not None  # failure_reasons says so otherwise
        professional = _decimal(c.professional)
        passed.append(
            Placed(
                0,
                c.name,
                professional + priority,
                professional,
                None if c.written is None else _decimal(c.written),
                priority,
            )
        )
    passed.sort(key=lambda p: (tuple(-k for k in _key(p)), name_key(p.name)))
    failed.sort(key=lambda f: name_key(f.name))

    admitted: list[Placed] = []
    by_head: set[str] = set()
    head_ranks = False
    pending: list[Placed] = []
    not_admitted: list[Placed] = []
    places_for_head = 0
    places = quota
    position = 0  # candidates placed above the group: its rank is position + 1
    for _key_value, members in groupby(passed, key=_key):
        group = [replace(p, rank=position + 1) for p in members]
        position += len(group)
        if places == 0:
            not_admitted += group
        elif len(group) <= places:
            admitted += group
            places -= len(group)
        elif not head_decision:
            pending, places_for_head, places = group, places, 0
        else:
            chosen, head_ranks = _decide(group, places, head_decision)
            if head_ranks:
                chosen = [replace(p, rank=p.rank + n) for n, p in enumerate(chosen)]
            by_head = {p.name for p in chosen}
            admitted += chosen
            not_admitted += [replace(p, rank=p.rank + places) for p in group if p.name not in by_head]
            places = 0
    if head_decision and not by_head:
        raise HeadDecisionError(
            "Không có nhóm bằng điểm nào ở ngưỡng chỉ tiêu cần người đứng đầu quyết định; "
            "quyết định ghi kèm không áp dụng được."
        )

    following = [*admitted, *pending, *not_admitted]
    final = tuple(
        replace(
            p,
            tie_rule=TIE_HEAD
            if p.name in by_head
            else _tie_rule(p, following[n + 1] if n + 1 < len(following) else None),
        )
        for n, p in enumerate(admitted)
    )
    return Result(
        quota=quota,
        admitted=final,
        pending_head_decision=tuple(pending),
        places_for_head=places_for_head,
        not_admitted=tuple(not_admitted),
        failed=tuple(failed),
        head_decision=tuple(p.name for p in admitted if p.name in by_head),
    )


def rule_text(*, cumulative: bool = False) -> str:
    """The rules applied, in Vietnamese, for the command's answer."""
    priority = "cộng dồn các đối tượng" if cumulative else "chỉ tính mức cao nhất (chưa kiểm chứng)"
    return (
        f"{DECREE}: vòng 1 đạt khi trả lời đúng từ 50 % số câu (30/60; ngạch nhân viên không thi vòng 1); "
        "vòng 2 đạt khi điểm chuyên môn từ 50/100 (thi viết và phỏng vấn: mỗi phần từ 50); điểm ưu tiên "
        f"(điều 6: 7,5 / 5 / 2,5) chỉ cộng cho người đạt, {priority}; xếp theo tổng điểm trong chỉ tiêu "
        "của vị trí; bằng điểm (điều 10): điểm chuyên môn cao hơn, rồi điểm viết cao hơn, rồi người đứng "
        "đầu quyết định."
    )


# --- eligibility and probation (the workflow's checks; pure) ------------------------------------------

LAW = "Luật Cán bộ, công chức số 80/2025/QH15"
MIN_AGE = 18


@dataclass(frozen=True)
class Condition:
    """One condition checked for a candidate: `ok` None when it could not be told from the data."""

    code: str
    label: str
    ok: bool | None
    text: str
    source: str


def age_on(birth: date, on: date) -> int:
    """Full years of age on `on` (a 29 February birthday turns on 1 March in a common year)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


# Law 80/2025 art. 19 (Decree 170/2025 art. 4; RULES-2 §5.3 — the points of art. 19 were not read; these
# two are as in the former Law 22/2008 art. 36(1): Vietnamese nationality, 18 or older — unchecked for
# art. 19): the age is counted on the last day applications are received.
def age_condition(birth: date, deadline: date, *, min_age: int = MIN_AGE) -> Condition:
    years = age_on(birth, deadline)
    ok = years >= min_age
    text = f"Đủ {years} tuổi tại ngày hết hạn nhận hồ sơ" + ("" if ok else f" (chưa đủ {min_age} tuổi)")
    return Condition("age", "Tuổi", ok, text, f"{LAW} điều 19 (chưa đối chiếu nguyên văn)")


def nationality_condition(nationality: str) -> Condition:
    ok = name_key(nationality) in {"việt nam", "viet nam"}
    text = "Có quốc tịch Việt Nam" if ok else f"Quốc tịch “{nationality}”: phải mang một quốc tịch Việt Nam"
    return Condition("nationality", "Quốc tịch", ok, text, f"{LAW} điều 19 (chưa đối chiếu nguyên văn)")


# Decree 170/2025 art. 4 (RULES-2 §5.3): the agency may add conditions of the job position, not lower than
# the general standards; here the minimum qualification of the line (ranks of people.catalogues).
def qualification_condition(
    held_rank: int | None, held_label: str, needed_rank: int | None, needed_label: str
) -> Condition:
    source = f"{DECREE} điều 4; điều kiện của vị trí việc làm"
    if needed_rank is None:
        return Condition("qualification", "Trình độ", True, "Vị trí không đặt trình độ tối thiểu", source)
    if held_rank is None:
        return Condition(
            "qualification", "Trình độ", False, f"Chưa khai trình độ (cần {needed_label})", source
        )
    ok = held_rank >= needed_rank
    text = f"Trình độ {held_label}" + ("" if ok else f", thấp hơn yêu cầu {needed_label}")
    return Condition("qualification", "Trình độ", ok, text, source)


# Decree 170/2025 art. 5 (RULES-2 §5.3): xét tuyển only for the candidates of its cases — the candidate
# states which; any other candidate must sit the exam.
def selection_condition(case_label: str) -> Condition:
    source = f"{DECREE} điều 5"
    if case_label:
        return Condition("selection", "Xét tuyển", True, f"Thuộc trường hợp xét tuyển: {case_label}", source)
    return Condition(
        "selection", "Xét tuyển", False, "Không thuộc trường hợp được xét tuyển (phải thi tuyển)", source
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31/01 + 1 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


# Probation (tập sự) of a recruited civil servant: Decree 138/2020 art. 20 (12 months for loại A, 6 for
# loại B and C) — whether Law 80/2025 / Decree 170/2025 keep it was NOT confirmed (setting
# recruit.probation_months, checked = false). The last day of probation: the day before the same date
# `months` later. 0 months: no probation (None).
def probation_end(start: date, months: int) -> date | None:
    if months < 0:
        raise ValueError("a probation cannot be negative")
    if months == 0:
        return None
    return add_months(start, months) - timedelta(days=1)


# Decree 138/2020 art. 20(1) (unchecked under Law 80/2025): 12 months for a loại A rank (chuyên viên and
# above), 6 months for loại B and C (cán sự, nhân viên — codes 01.004, 01.005 of the general ranks).
def probation_months(rank_code: str, rank_name: str, *, months_a: int, months_bc: int) -> int:
    lower = name_key(rank_name)
    if rank_code.strip() in {"01.004", "01.005"} or lower.startswith(("cán sự", "nhân viên")):
        return months_bc
    return months_a
