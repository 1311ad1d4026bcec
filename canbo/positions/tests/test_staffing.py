"""The agency's staffing page data: quota against people, vacancies, the rank share and its verdict
naming Decree 361/2025, the people without a position."""

from typing import Any

import pytest

from canbo.decisions.models import RuleSetting
from canbo.people.models import Assignment
from canbo.positions import services
from canbo.positions.selectors import staffing_summary
from canbo.positions.tests.conftest import D, unit

pytestmark = pytest.mark.django_db
ON = D(2026, 3, 1)


def test_the_staffing_summary(focal: Any, make_person: Any, make_position: Any) -> None:
    services.quota_save(
        actor=focal, unit=unit("KH.STC"), year=2026, values={"civil_servants": 5, "public_employees": 0}
    )
    budget = make_position("TC.01", planned=3)
    make_position("TC.02", name="Kế toán", group="ho_tro_phuc_vu", planned=1)
    make_position("TC.09", name="Giám đốc Sở", group="lanh_dao_quan_ly", planned=1)
    seniors = [
        make_person(f"Chuyên viên chính {n}", rank_code="01.002", rank_name="Chuyên viên chính")
        for n in range(3)
    ]
    make_person("Nguyễn Văn Viên", category="vien_chuc", rank_code="", rank_name="")
    make_person("Người khác cơ quan", code="KH.SNV", rank_code="01.002", rank_name="Chuyên viên chính")
    # Someone who left before the day is not counted.
    gone = make_person("Đã chuyển đi", rank_code="01.002", rank_name="Chuyên viên chính")
    Assignment.objects.filter(person=gone).update(valid_to=D(2026, 1, 1))
    services.holding_start(actor=focal, person=seniors[0], position=budget, on=D(2026, 2, 1))

    summary = staffing_summary(user=focal, unit=unit("KH.STC"), on=ON)
    assert summary.quota is not None and summary.quota.civil_servants == 5
    assert (summary.civil_servants, summary.public_employees) == (3, 1)
    # Leadership first, then professional, then support.
    assert [(v.position.code, v.planned, v.held, v.vacant) for v in summary.positions] == [
        ("TC.09", 1, 0, 1),
        ("TC.01", 3, 1, 2),
        ("TC.02", 1, 0, 1),
    ]
    assert (summary.planned, summary.held, summary.vacant) == (5, 1, 4)
    # 3 of a quota of 5 is 60 %, over the 50 % of the setting (at most ⌊2.5⌋ = 2 people).
    verdict = summary.senior
    assert verdict is not None and not verdict.within and verdict.allowed == 2
    assert "Nghị định 361/2025/NĐ-CP" in verdict.message()
    assert {p.full_name for p in summary.unplaced} == {
        "Chuyên viên chính 1",
        "Chuyên viên chính 2",
        "Nguyễn Văn Viên",
    }


def test_without_a_setting_in_force_the_page_says_so(focal: Any) -> None:
    summary = staffing_summary(user=focal, unit=unit("KH.STC"), on=D(2025, 6, 1))
    assert summary.senior is None and "positions.senior_rank_max_share" in summary.senior_missing
    assert RuleSetting.objects.filter(key="positions.senior_rank_max_share").exists()
