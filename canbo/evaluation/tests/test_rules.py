"""The pure rules of evaluation and ranking (no database), from RULES-2 §1's own examples."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from canbo.evaluation.rules import (
    LEVELS,
    REASON_TEXT,
    Product,
    TaskComponents,
    annual_score,
    choose_excellent,
    disciplined_in_year,
    excellent_quota,
    excellent_quota_decree_48,
    leader_task_points,
    leader_unit_result,
    level_from_score,
    non_leader_task_points,
    not_done_consecutive_years,
    period_score,
    product_scores,
    rank,
    ranking_deadline,
    rule_set_for,
    task_components,
)


def test_levels_are_the_people_choices_codes() -> None:
    assert LEVELS == ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")


def test_rule_set_by_year_and_category() -> None:
    for category in ("cong_chuc", "can_bo", "vien_chuc"):
        old = rule_set_for(2025, category)  # type: ignore[arg-type]
        assert "90/2020" in old.name and "48/2023" in old.name and not old.computes_levels
    assert rule_set_for(2026, "cong_chuc").name == "Nghị định 335/2025/NĐ-CP"
    assert rule_set_for(2026, "cong_chuc").computes_levels
    assert (
        "366-QĐ/TW" in rule_set_for(2026, "can_bo").name and not rule_set_for(2026, "can_bo").computes_levels
    )
    assert (
        "90/2020" in rule_set_for(2030, "vien_chuc").name
        and not rule_set_for(2030, "vien_chuc").computes_levels
    )
    with pytest.raises(ValueError):
        rule_set_for(2026, "other")  # type: ignore[arg-type]


def test_deduction_25_percent_per_failure_unless_objective_cause() -> None:
    # Decree 335/2025 art. 14(b),(c): −25 % of that product's points per failed review / per delay
    assert product_scores(Product(completed=True, failed_reviews=1)) == (0.75, 1.0)
    assert product_scores(Product(completed=True, delays=2)) == (1.0, 0.5)
    assert product_scores(Product(completed=True, delays=5)) == (1.0, 0.0)  # never below 0
    # an objective cause confirmed by the competent level: no deduction for that failure / delay
    assert product_scores(Product(completed=True, failed_reviews=1, excused_failed_reviews=1)) == (1.0, 1.0)
    assert product_scores(Product(completed=True, delays=2, excused_delays=1)) == (1.0, 0.75)
    assert product_scores(Product(completed=False)) == (0.0, 0.0)
    with pytest.raises(ValueError):
        Product(completed=True, delays=1, excused_delays=2)
    with pytest.raises(ValueError):
        Product(completed=True, weight=-1)


def test_rules_2_worked_example() -> None:
    # RULES-2 §1.1: 4 products, weight 1, all done; A failed one review; B late once; C late twice
    products = [
        Product(completed=True, failed_reviews=1),
        Product(completed=True, delays=1),
        Product(completed=True, delays=2),
        Product(completed=True),
    ]
    components = task_components(products)
    assert components == TaskComponents(100.0, 93.75, 81.25)
    task = non_leader_task_points(components)
    assert task == pytest.approx(64.1667, abs=1e-4)
    total = period_score(28, task)
    assert total == pytest.approx(92.17, abs=1e-2)
    assert rank(total).level == "xuat_sac"


def test_conversion_coefficient_weights_and_uncompleted_work() -> None:
    components = task_components([Product(completed=True, weight=3), Product(completed=False)])
    assert components == TaskComponents(75.0, 75.0, 75.0)
    with pytest.raises(ValueError):
        task_components([])


def test_leader_task_points_and_unit_result() -> None:
    # Decree 335/2025 art. 15(3): 100 % if all managed civil servants ≥ hoàn thành, 50 % if any is not
    assert leader_unit_result(["xuat_sac", "tot", "hoan_thanh"]) == 100.0
    assert leader_unit_result(["tot", "khong_hoan_thanh"]) == 50.0
    assert leader_unit_result([]) == 100.0
    components = TaskComponents(100.0, 100.0, 100.0)
    assert leader_task_points(components, [100.0, 50.0, 100.0]) == pytest.approx(70 * 550 / 600)
    with pytest.raises(ValueError):
        leader_task_points(components, [])


def test_period_and_annual_scores() -> None:
    assert period_score(30, 70) == 100
    for general, task in ((31, 0), (0, 70.01), (-1, 0)):
        with pytest.raises(ValueError):
            period_score(general, task)
    assert annual_score([80, 90, 100, 70]) == 85
    with pytest.raises(ValueError):
        annual_score([])


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100, "xuat_sac"),
        (90, "xuat_sac"),
        (89.99, "tot"),
        (70, "tot"),
        (69.99, "hoan_thanh"),
        (50, "hoan_thanh"),
        (49.99, "khong_hoan_thanh"),
        (49.9, "khong_hoan_thanh"),
        (0, "khong_hoan_thanh"),
    ],
)
def test_bands_of_art_20(score: float, level: str) -> None:
    assert level_from_score(score) == level
    assert rank(score).level == level


def test_forced_not_done_of_art_20_4() -> None:
    assert rank(95, disciplined_in_year=True).level == "khong_hoan_thanh"
    assert rank(95, disciplined_in_year=True).reasons == ("discipline_in_year",)
    assert rank(95, degradation_concluded=True).reasons == ("degradation",)
    # (d) is for leaders only, and only for a unit under the leader's direct charge (input flag)
    assert rank(95, leader=True, unit_corruption_or_waste=True).level == "khong_hoan_thanh"
    assert rank(95, leader=False, unit_corruption_or_waste=True).level == "xuat_sac"
    assert rank(40, disciplined_in_year=True).reasons == ("score_below_threshold", "discipline_in_year")
    assert rank(95).reasons == ()
    assert set(REASON_TEXT) == {
        "score_below_threshold",
        "degradation",
        "discipline_in_year",
        "unit_corruption_or_waste",
    }


@given(st.floats(0, 100), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_a_forced_case_is_not_done_whatever_the_score(
    score: float, degradation: bool, discipline: bool, leader: bool, unit: bool
) -> None:
    ranking = rank(
        score,
        degradation_concluded=degradation,
        disciplined_in_year=discipline,
        leader=leader,
        unit_corruption_or_waste=unit,
    )
    forced = degradation or discipline or (leader and unit)
    if forced:
        assert ranking.level == "khong_hoan_thanh" and ranking.reasons
    else:
        assert ranking.level == level_from_score(score)
        assert (ranking.level == "khong_hoan_thanh") == (score < 50) == bool(ranking.reasons)


def test_quota_examples_of_rules_2() -> None:
    # RULES-2 §1.1: k=5, t=10 → 2 (2 ≤ 0.2·13 = 2.6; 3 > 0.2·12 = 2.4); k=1, t=4 → 0; k=3, t=15 → 3
    assert excellent_quota(5, 10) == 2
    assert excellent_quota(1, 4) == 0
    assert excellent_quota(3, 15) == 3
    assert excellent_quota(5, 1) == 1  # floor(6/6): exact boundary, no floating-point loss
    assert excellent_quota(5, 1, ratio=0.2) == 1
    assert excellent_quota(0, 0) == 0
    for args in ((-1, 0), (0, -1)):
        with pytest.raises(ValueError):
            excellent_quota(*args)
    with pytest.raises(ValueError):
        excellent_quota(1, 1, ratio=1.5)


@given(
    st.integers(0, 500),
    st.integers(0, 500),
    st.sampled_from([Fraction(1, 5), Fraction(1, 4), Fraction(1, 10)]),
)
@example(5, 10, Fraction(1, 5))
@example(1, 4, Fraction(1, 5))
def test_quota_never_above_the_ratio_of_the_resulting_good(
    candidates: int, good: int, ratio: Fraction
) -> None:
    # the reference, written from art. 20(5)(a): the largest x ≤ k with x ≤ r × (t + k − x)
    allowed = excellent_quota(candidates, good, ratio=ratio)
    resulting_good = good + candidates - allowed
    assert 0 <= allowed <= candidates
    assert allowed <= ratio * resulting_good
    if allowed < candidates:
        assert allowed + 1 > ratio * (resulting_good - 1)
    assert allowed == max(x for x in range(candidates + 1) if x <= ratio * (good + candidates - x))


def test_decree_48_quota() -> None:
    assert excellent_quota_decree_48(23, party_ratio=Fraction(1, 5)) == 4
    assert excellent_quota_decree_48(10, party_ratio=0.2) == 2


def test_choice_by_score_with_ties_left_to_the_competent_person() -> None:
    scores = {"A": 95.0, "B": 93.0, "C": 91.0, "D": 91.0, "E": 90.0}
    clear = choose_excellent(scores, 2)
    assert (clear.chosen, clear.tied, clear.places_for_tied, clear.demoted) == (
        ("A", "B"),
        (),
        0,
        ("C", "D", "E"),
    )
    tie = choose_excellent(scores, 3)
    assert (tie.chosen, tie.tied, tie.places_for_tied, tie.demoted) == (("A", "B"), ("C", "D"), 1, ("E",))
    assert choose_excellent(scores, 9).chosen == ("A", "B", "C", "D", "E")
    assert choose_excellent(scores, 0).demoted == ("A", "B", "C", "D", "E")
    with pytest.raises(ValueError):
        choose_excellent(scores, -1)


@given(
    st.dictionaries(st.integers(0, 50), st.sampled_from([90.0, 91.5, 93.0, 95.0, 100.0]), max_size=20),
    st.integers(0, 25),
)
def test_choice_partitions_the_candidates(scores: dict[int, float], allowed: int) -> None:
    choice = choose_excellent(scores, allowed)
    everyone = choice.chosen + choice.tied + choice.demoted
    assert sorted(everyone) == sorted(scores)
    assert len(choice.chosen) + choice.places_for_tied == min(allowed, len(scores))
    assert choice.places_for_tied < len(choice.tied) or not choice.tied
    if choice.chosen and choice.demoted:
        assert min(scores[k] for k in choice.chosen) > max(scores[k] for k in choice.demoted)


def test_deadline_and_consecutive_years() -> None:
    assert ranking_deadline(2026) == dt.date(2026, 12, 15)
    assert ranking_deadline(2026, late_year_end=True) == dt.date(2027, 1, 15)
    levels = {2025: "khong_hoan_thanh", 2026: "khong_hoan_thanh", 2027: "tot"}
    assert not_done_consecutive_years(levels, 2026)  # type: ignore[arg-type]
    assert not not_done_consecutive_years(levels, 2027)  # type: ignore[arg-type]
    assert not not_done_consecutive_years(levels, 2025)  # type: ignore[arg-type]


def test_discipline_counts_only_in_the_evaluation_year() -> None:
    # RULES-2 §1.1: 95 + reprimand decided in the evaluation year → không hoàn thành; the previous year → not (c)
    this_year = disciplined_in_year([("khien_trach", dt.date(2026, 3, 2))], 2026)
    last_year = disciplined_in_year([("khien_trach", dt.date(2025, 12, 31))], 2026)
    assert this_year and not last_year
    assert rank(95, disciplined_in_year=this_year).level == "khong_hoan_thanh"
    assert rank(95, disciplined_in_year=last_year).level == "xuat_sac"
    assert not disciplined_in_year([], 2026)
    with pytest.raises(ValueError):
        disciplined_in_year([("phe_binh", dt.date(2026, 1, 1))], 2026)


def test_a_cycle_of_leaders_is_ranked_on_the_levels_known() -> None:
    from canbo.evaluation.ranking import Entry, Parameters, rank_all
    from canbo.evaluation.rules import TaskComponents

    full = (TaskComponents(100, 100, 100),)
    entries = [
        Entry("a", None, general=28, periods=full, leader=True, organisation=100, managed=("b", "c")),
        Entry("b", None, general=28, periods=full, leader=True, organisation=100, managed=("a", "c")),
        Entry("c", None, general=10, periods=(TaskComponents(0, 0, 0),)),
    ]
    outcomes, _quotas = rank_all(entries, Parameters())
    assert outcomes["c"].level == "khong_hoan_thanh"
    assert outcomes["a"].complete and outcomes["a"].unit_result == 50.0
    assert outcomes["b"].complete and outcomes["b"].unit_result == 50.0
