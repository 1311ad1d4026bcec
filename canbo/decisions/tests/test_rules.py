"""The pure rules of personnel decisions (no database), from the texts' own examples."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canbo.decisions.rules import (
    add_months,
    discipline_wait_end,
    evaluation_years,
    extension_notice_due,
    extension_vote,
    months_between,
    months_in_periods,
    term_end,
    unknown_discipline_wait_end,
)

D = dt.date
WAITS = {"khien_trach": 24, "canh_cao": 36, "cach_chuc": 60}


def test_extension_vote_rules_2_examples() -> None:
    # RULES-2 §2.4: collective of 6, 3 for → 50 % → the head decides; 4 → approved; of 5, 2 → rejected
    assert extension_vote(6, 3) == "head_decides"
    assert extension_vote(6, 4) == "approved"
    assert extension_vote(5, 2) == "rejected"
    assert extension_vote(5, 3) == "approved"
    for collective, in_favour in ((0, 0), (5, 6), (5, -1)):
        with pytest.raises(ValueError):
            extension_vote(collective, in_favour)


@given(st.integers(1, 200), st.data())
def test_extension_vote_is_a_majority(collective: int, data: st.DataObject) -> None:
    in_favour = data.draw(st.integers(0, collective))
    outcome = extension_vote(collective, in_favour)
    assert (outcome == "approved") == (in_favour / collective > 0.5)
    assert (outcome == "head_decides") == (in_favour / collective == 0.5)


def test_terms_and_months() -> None:
    assert term_end(D(2021, 3, 1), 60) == D(2026, 3, 1)
    # Civil Code 2015 art. 148: a month without the day ends the period on its last day
    assert add_months(D(2020, 2, 29), 60) == D(2025, 2, 28)
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert months_between(D(2024, 9, 16), D(2026, 9, 15)) == 23
    assert months_between(D(2024, 9, 15), D(2026, 9, 15)) == 24
    assert months_between(D(2026, 1, 1), D(2025, 1, 1)) == 0
    assert extension_notice_due(D(2026, 3, 1), 90) == D(2025, 12, 1)


def test_discipline_waits_reg_377() -> None:
    # Reg. 377: reprimand 24 months, warning 36, removal 60
    assert discipline_wait_end("khien_trach", D(2024, 9, 15), WAITS) == D(2026, 9, 15)
    assert discipline_wait_end("canh_cao", D(2023, 1, 31), WAITS) == D(2026, 1, 31)
    assert discipline_wait_end("cach_chuc", D(2021, 9, 15), WAITS) == D(2026, 9, 15)
    assert discipline_wait_end("giang_chuc", D(2021, 9, 15), WAITS) is None
    assert unknown_discipline_wait_end(D(2021, 9, 15), WAITS) == D(2026, 9, 15)


def test_evaluation_years_of_a_term() -> None:
    # a term from 01/03/2021 to 01/03/2026: 2021–2025 by its end; 2021–2024 on 15/10/2025
    assert evaluation_years(D(2021, 3, 1), D(2026, 3, 1), D(2026, 3, 1)) == [2021, 2022, 2023, 2024, 2025]
    assert evaluation_years(D(2021, 3, 1), D(2026, 3, 1), D(2025, 10, 15)) == [2021, 2022, 2023, 2024]
    assert evaluation_years(D(2026, 3, 1), D(2031, 3, 1), D(2026, 5, 1)) == []


def test_months_in_periods_counts_overlaps_once() -> None:
    on = D(2026, 9, 15)
    assert months_in_periods([(D(2024, 9, 15), None)], on) == 24
    assert months_in_periods([(D(2024, 9, 15), D(2025, 9, 15)), (D(2025, 3, 15), None)], on) == 24
    assert months_in_periods([(D(2020, 1, 1), D(2021, 1, 1)), (D(2025, 9, 15), None)], on) == 24
    assert months_in_periods([(D(2027, 1, 1), None)], on) == 0
    assert months_in_periods([], on) == 0
