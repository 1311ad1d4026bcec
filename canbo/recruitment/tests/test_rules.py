"""The pure rules of a recruitment exam's result (no database), from RULES-2 §5.3's own examples, and
properties checked against a reference written from the text."""

import random
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from canbo.recruitment.rules import (
    PRIORITY_BY_CODE,
    PRIORITY_CATEGORIES,
    TIE_HEAD,
    TIE_PROFESSIONAL,
    TIE_WRITTEN,
    Candidate,
    HeadDecisionError,
    failure_reasons,
    priority_points,
    rank_candidates,
    round_1_passes,
    round_2_passes,
    rule_text,
    vn,
)


def names(placed: tuple[object, ...]) -> list[str]:
    return [p.name for p in placed]  # type: ignore[attr-defined]


# --- RULES-2 §5.3's examples ---------------------------------------------------------------------


def test_ethnic_minority_and_demobilised_soldier_with_48_fails_before_priority() -> None:
    # RULES-2 §5.3: professional 48 → fails (< 50 before priority), whatever the priority points
    points = priority_points(["dan_toc_thieu_so", "qncn_phuc_vien"])
    assert points == 5
    assert priority_points(["dan_toc_thieu_so", "qncn_phuc_vien"], cumulative=True) == 10
    candidate = Candidate("Hà Thị Mai", 48, round_1_correct=40, priority=points)
    assert failure_reasons(candidate) == ("Điểm chuyên môn dưới 50 (48)",)
    result = rank_candidates([candidate], 3)
    assert result.admitted == () and result.not_admitted == ()
    (failed,) = result.failed
    assert failed.name == "Hà Thị Mai"
    assert failed.reason == "Điểm chuyên môn dưới 50 (48) — điểm ưu tiên (5) chỉ cộng cho người đạt"


def test_professional_60_plus_5_is_65() -> None:
    result = rank_candidates([Candidate("Lê Văn An", 60, round_1_correct=35, priority=5)], 1)
    (an,) = result.admitted
    assert (an.rank, an.total, an.professional, an.priority, an.tie_rule) == (1, 65, 60, 5, "")


def test_two_at_65_the_higher_professional_score_wins() -> None:
    # RULES-2 §5.3: 60 + 5 and 62.5 + 2.5, one place → the 62.5 wins, by the first tie rule (art. 10)
    a = Candidate("Lê Văn An", 60, round_1_correct=35, priority=5)
    b = Candidate("Trần Thị Bình", 62.5, round_1_correct=31, priority=Decimal("2.5"))
    for order in ([a, b], [b, a]):
        result = rank_candidates(order, 1)
        (winner,) = result.admitted
        assert (winner.name, winner.total, winner.tie_rule) == ("Trần Thị Bình", 65, TIE_PROFESSIONAL)
        assert names(result.not_admitted) == ["Lê Văn An"]
        assert result.pending_head_decision == ()
    both = rank_candidates([a, b], 2)
    assert [(p.rank, p.name, p.tie_rule) for p in both.admitted] == [
        (1, "Trần Thị Bình", TIE_PROFESSIONAL),
        (2, "Lê Văn An", ""),
    ]


def test_then_the_higher_written_score() -> None:
    a = Candidate("Lê Văn An", 70, written=60)
    b = Candidate("Trần Thị Bình", 70, written=75)
    result = rank_candidates([a, b], 1)
    assert [(p.name, p.tie_rule) for p in result.admitted] == [("Trần Thị Bình", TIE_WRITTEN)]


def test_then_the_head_decides_and_the_decision_is_recorded() -> None:
    # same total, same professional, same written score, one place left: only the head can settle it
    top = Candidate("Phạm Minh Châu", 90, written=80)
    a = Candidate("Lê Văn An", 70, written=60, priority=5)
    b = Candidate("Trần Thị Bình", 70, written=60, priority=5)
    c = Candidate("Đỗ Văn Cường", 55, written=55)
    pending = rank_candidates([top, a, b, c], 2)
    assert names(pending.admitted) == ["Phạm Minh Châu"]
    assert names(pending.pending_head_decision) == ["Lê Văn An", "Trần Thị Bình"]
    assert pending.places_for_head == 1
    assert names(pending.not_admitted) == ["Đỗ Văn Cường"]
    assert pending.head_decision == ()

    decided = rank_candidates([top, a, b, c], 2, head_decision=["trần thị  bình"])
    assert [(p.rank, p.name, p.tie_rule) for p in decided.admitted] == [
        (1, "Phạm Minh Châu", ""),
        (2, "Trần Thị Bình", TIE_HEAD),
    ]
    assert decided.head_decision == ("Trần Thị Bình",)
    assert decided.pending_head_decision == () and decided.places_for_head == 0
    assert names(decided.not_admitted) == ["Lê Văn An", "Đỗ Văn Cường"]
    # a set of the chosen says the same
    assert rank_candidates([top, a, b, c], 2, head_decision={"Trần Thị Bình"}).admitted == decided.admitted


def test_a_head_decision_that_does_not_fit_the_tie_is_refused() -> None:
    a = Candidate("Lê Văn An", 70)
    b = Candidate("Trần Thị Bình", 70)
    c = Candidate("Đỗ Văn Cường", 80)
    with pytest.raises(HeadDecisionError, match="“Hoà” không thuộc nhóm bằng điểm"):
        rank_candidates([a, b], 1, head_decision=["Hoà"])
    with pytest.raises(HeadDecisionError, match="không thuộc nhóm bằng điểm"):
        rank_candidates([a, b, c], 2, head_decision=["Đỗ Văn Cường"])  # not among the tied
    with pytest.raises(HeadDecisionError, match="cần chọn 1 trong 2"):
        rank_candidates([a, b], 1, head_decision={"Lê Văn An", "Trần Thị Bình"})
    with pytest.raises(HeadDecisionError, match="hai lần"):
        rank_candidates([a, b], 1, head_decision=["Lê Văn An", "lê văn an"])
    with pytest.raises(HeadDecisionError, match="Không có nhóm bằng điểm"):
        rank_candidates([a, b], 2, head_decision=["Lê Văn An"])  # both fit: nothing to decide
    # an ordering may name the whole group: the first ones take the places
    ordered = rank_candidates([a, b], 1, head_decision=["Trần Thị Bình", "Lê Văn An"])
    assert names(ordered.admitted) == ["Trần Thị Bình"]


# --- the pass marks --------------------------------------------------------------------------------


@pytest.mark.parametrize(("correct", "passes"), [(30, True), (29, False), (60, True), (0, False)])
def test_round_1_pass_with_half_the_60_questions(correct: int, passes: bool) -> None:
    assert round_1_passes(correct) is passes


def test_round_1_and_round_2_bounds() -> None:
    with pytest.raises(ValueError):
        round_1_passes(61)
    assert round_1_passes(20, questions=40)
    assert round_2_passes(50) and not round_2_passes(49.99)
    assert round_2_passes(50, 50) and not round_2_passes(80, 49.5)  # written + interview: each ≥ 50
    with pytest.raises(ValueError):
        Candidate("A", 101)
    with pytest.raises(ValueError):
        Candidate("A", 50, written=-1)
    with pytest.raises(ValueError):
        Candidate("A", 50, priority=-2.5)
    with pytest.raises(ValueError):
        Candidate(" ", 50)


def test_failure_reasons_in_vietnamese() -> None:
    assert failure_reasons(Candidate("A", None, round_1_correct=28)) == ("Vòng 1 dưới 50 % số câu (28/60)",)
    assert failure_reasons(Candidate("A", 47.5, round_1_correct=28, written=40)) == (
        "Vòng 1 dưới 50 % số câu (28/60)",
        "Điểm chuyên môn dưới 50 (47,5)",
        "Điểm viết dưới 50 (40)",
    )
    assert failure_reasons(Candidate("A", None)) == ("Không có điểm chuyên môn (không dự thi vòng 2)",)
    # nhân viên: no round 1, the professional exam only
    assert failure_reasons(Candidate("A", 50)) == ()


def test_the_priority_catalogue() -> None:
    assert {c.points for c in PRIORITY_CATEGORIES} == {Decimal("7.5"), Decimal(5), Decimal("2.5")}
    assert len(PRIORITY_BY_CODE) == len(PRIORITY_CATEGORIES)
    assert len({c.label for c in PRIORITY_CATEGORIES}) == len(PRIORITY_CATEGORIES)
    assert PRIORITY_BY_CODE["thuong_binh"].points == Decimal("7.5")
    assert PRIORITY_BY_CODE["nghia_vu_quan_su"].points == Decimal("2.5")
    assert priority_points([]) == 0
    assert priority_points(["thuong_binh", "nghia_vu_quan_su"]) == Decimal("7.5")  # only the highest
    assert priority_points(["thuong_binh", "nghia_vu_quan_su"], cumulative=True) == 10
    with pytest.raises(ValueError):
        priority_points(["khong_co"])


def test_scores_compare_exactly_and_print_the_vietnamese_way() -> None:
    # 57.6 + 7.5 and 60.1 + 5 are both 65.1: a tie, settled by the professional score
    a = Candidate("A", 57.6, priority=Decimal("7.5"))
    b = Candidate("B", 60.1, priority=5)
    result = rank_candidates([a, b], 1)
    assert [(p.name, p.total, p.tie_rule) for p in result.admitted] == [
        ("B", Decimal("65.1"), TIE_PROFESSIONAL)
    ]
    assert vn(47.5) == "47,5" and vn(50) == "50" and vn(Decimal("65.10")) == "65,1"
    assert "Nghị định 170/2025/NĐ-CP" in rule_text() and "cộng dồn" in rule_text(cumulative=True)


def test_inputs_the_rules_refuse() -> None:
    with pytest.raises(ValueError):
        rank_candidates([Candidate("A", 60), Candidate("a", 70)], 1)  # same name
    with pytest.raises(ValueError):
        rank_candidates([Candidate("A", 60, written=60), Candidate("B", 70)], 1)  # two exam formats
    with pytest.raises(ValueError):
        rank_candidates([], -1)
    with pytest.raises(TypeError):
        rank_candidates([], 1, head_decision="A")  # type: ignore[arg-type]


# --- properties ------------------------------------------------------------------------------------

SCORES = st.sampled_from(
    [Decimal(x) for x in ("0", "45", "49.5", "50", "55", "57.5", "60", "62.5", "65", "100")]
)
PRIORITIES = st.sampled_from([Decimal(0), Decimal("2.5"), Decimal(5), Decimal("7.5")])


@st.composite
def fields(draw: st.DrawFn, written: bool) -> list[Candidate]:
    count = draw(st.integers(0, 12))
    return [
        Candidate(
            f"Thí sinh {n}",
            draw(st.none() | SCORES),
            round_1_correct=draw(st.none() | st.integers(0, 60)),
            written=draw(SCORES) if written else None,
            priority=draw(PRIORITIES),
        )
        for n in range(count)
    ]


FIELDS = st.booleans().flatmap(fields)


def reference_key(c: Candidate) -> tuple[Decimal, ...]:
    """Art. 10 as a sort key: total, then professional, then written (RULES-2 §5.3)."""
    professional = Decimal(str(c.professional))
    written = Decimal(-1) if c.written is None else Decimal(str(c.written))
    return professional + Decimal(str(c.priority)), professional, written


@given(FIELDS, st.integers(0, 8))
@example([Candidate("A", 60, priority=5), Candidate("B", 62.5, priority=Decimal("2.5"))], 1)
def test_the_ranking_against_a_reference(candidates: list[Candidate], quota: int) -> None:
    result = rank_candidates(candidates, quota)
    passed = [c for c in candidates if not failure_reasons(c)]
    # a partition of the candidates
    placed = result.admitted + result.pending_head_decision + result.not_admitted
    assert sorted(names(placed) + [f.name for f in result.failed]) == sorted(c.name for c in candidates)
    assert sorted(names(placed)) == sorted(c.name for c in passed)
    # nobody admitted beyond the quota; places left only to the head when a tie is pending
    assert len(result.admitted) <= quota
    assert len(result.admitted) + result.places_for_head == min(quota, len(passed))
    assert bool(result.pending_head_decision) == (result.places_for_head > 0)
    assert len(result.pending_head_decision) > result.places_for_head or not result.pending_head_decision
    # every admitted ranks above every one left out, strictly unless the head must decide
    by_name = {c.name: c for c in candidates}
    admitted = [reference_key(by_name[p.name]) for p in result.admitted]
    pending = {reference_key(by_name[p.name]) for p in result.pending_head_decision}
    left = [reference_key(by_name[p.name]) for p in result.not_admitted]
    assert admitted == sorted(admitted, reverse=True)
    assert all(a > b for a in admitted for b in [*pending, *left])
    assert len(pending) <= 1 and all(k > b for k in pending for b in left)
    assert all(p.total == p.professional + p.priority for p in placed)


@given(FIELDS, st.integers(0, 8), st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_of_the_rows(
    candidates: list[Candidate], quota: int, rnd: random.Random
) -> None:
    shuffled = list(candidates)
    rnd.shuffle(shuffled)
    assert rank_candidates(shuffled, quota) == rank_candidates(candidates, quota)


@given(SCORES | st.none(), st.none() | st.integers(0, 60), st.none() | SCORES, PRIORITIES, st.booleans())
def test_priority_never_makes_a_failing_candidate_pass(
    professional: Decimal | None, correct: int | None, written: Decimal | None, priority: Decimal, add: bool
) -> None:
    without = Candidate("A", professional, round_1_correct=correct, written=written)
    with_priority = Candidate("A", professional, round_1_correct=correct, written=written, priority=priority)
    assert failure_reasons(with_priority) == failure_reasons(without)
    result = rank_candidates([with_priority], 1)
    assert bool(result.failed) == bool(failure_reasons(without))


@given(FIELDS, st.integers(1, 8), st.randoms(use_true_random=False))
def test_a_head_decision_settles_every_pending_tie(
    candidates: list[Candidate], quota: int, rnd: random.Random
) -> None:
    pending = rank_candidates(candidates, quota)
    if not pending.pending_head_decision:
        return
    tied = names(pending.pending_head_decision)
    rnd.shuffle(tied)
    decided = rank_candidates(candidates, quota, head_decision=tied)
    chosen = tied[: pending.places_for_head]
    assert decided.pending_head_decision == () and decided.places_for_head == 0
    assert names(decided.admitted) == names(pending.admitted) + chosen
    assert list(decided.head_decision) == chosen
    assert all(p.tie_rule == TIE_HEAD for p in decided.admitted if p.name in chosen)
    assert len(decided.admitted) == min(quota, len(candidates) - len(decided.failed))
