"""The training rules, from their texts: a class raises a level only upward, and the plan's 03–04
knowledge-update classes per term (Kế hoạch triển khai Nghị quyết 07-NQ/TU, mục III.7.d)."""

import datetime as dt

from canbo.people.catalogues import POLITICAL_THEORY, STATE_MANAGEMENT
from canbo.training.rules import Term, key_cadre_verdict, language_level_after, raises_level, term_of, terms

THEORY = {e.code: e.rank for e in POLITICAL_THEORY}
STATE = {e.code: e.rank for e in STATE_MANAGEMENT}


def test_a_class_raises_a_level_only_upward() -> None:
    assert raises_level("", "cao_cap", THEORY)
    assert raises_level("trung_cap", "cao_cap", THEORY)
    assert not raises_level("cao_cap", "trung_cap", THEORY)
    assert not raises_level("cu_nhan", "cao_cap", THEORY)  # the same rank (catalogue: unchecked)
    assert raises_level("chuyen_vien", "chuyen_vien_chinh", STATE)
    assert not raises_level("chuyen_vien", "khong_co", STATE)


def test_a_language_certificate_only_raises() -> None:
    assert language_level_after(None, 4) == 4
    assert language_level_after(2, 4) == 4
    assert language_level_after(5, 4) == 5


def test_the_terms_of_the_plan() -> None:
    assert [t.label for t in terms()] == ["2020–2025", "2025–2030"]
    assert term_of(dt.date(2022, 3, 1)) == Term(2020, 2025)
    assert term_of(dt.date(2025, 9, 30)) == Term(2020, 2025)
    assert term_of(dt.date(2025, 10, 1)) == Term(2025, 2030)
    assert term_of(dt.date(2026, 3, 1)) == Term(2025, 2030)


def test_three_to_four_classes_a_term() -> None:
    # III.7.d: "Trong nhiệm kỳ 2020-2025, mở 03-04 lớp bồi dưỡng cập nhật kiến thức"
    term = Term(2020, 2025)
    assert key_cadre_verdict(term, 2, 3, 4).verdict == "chua_dat"
    assert "còn thiếu 1 lớp" in key_cadre_verdict(term, 2, 3, 4).text
    assert key_cadre_verdict(term, 3, 3, 4).verdict == "dat"
    assert key_cadre_verdict(term, 4, 3, 4).verdict == "dat"
    assert key_cadre_verdict(term, 5, 3, 4).verdict == "vuot"
    assert "mục III.7.d" in key_cadre_verdict(term, 3, 3, 4).text
