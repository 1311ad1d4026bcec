"""The demo's positions (canbo/demo/positions.py) on the built-in organisation with a few people: the
leaders take the leadership positions, the professional positions of Sở Nội vụ and Sở Tài chính keep
vacancies, the quota of 2026 is written, and a second run writes nothing."""

from typing import Any

import pytest

from canbo.accounts.system import SYSTEM
from canbo.demo.positions import demo_positions
from canbo.people.models import Assignment, Post
from canbo.people.services import posts_ensure
from canbo.positions.models import JobPosition, PositionHolding, StaffingQuota
from canbo.positions.selectors import vacancies
from canbo.positions.tests.conftest import D, unit

pytestmark = pytest.mark.django_db
ON = D(2026, 11, 26)


def test_demo_positions(make_person: Any) -> None:
    posts: dict[str, Post] = posts_ensure()
    head_post = next(p for p in posts.values() if p.level == "agency_head")
    for code in ("KH.SNV", "KH.STC", "KH.STP"):
        head = make_person(f"Giám đốc {code}", code=code, rank_code="01.001", rank_name="Chuyên viên cao cấp")
        Assignment.objects.create(
            person=head,
            unit=unit(code),
            post=head_post,
            valid_from=D(2025, 7, 1),
            start_reason="bo_nhiem",
            concurrent=True,
        )
        for n in range(5):
            make_person(f"Chuyên viên {code} {n}", code=code)
        make_person(f"Văn thư {code}", code=code, rank_code="01.004", rank_name="Cán sự")
    counts = demo_positions(actor=SYSTEM, on=ON)
    assert counts["holdings"] == 21 and counts["quotas"] == 3
    director = JobPosition.objects.get(unit=unit("KH.STC"), code="LĐ.01")
    assert PositionHolding.objects.get(position=director).person.full_name == "Giám đốc KH.STC"
    for code in ("KH.SNV", "KH.STC"):
        vacant = [v for v in vacancies(user=SYSTEM, unit=unit(code), on=ON) if v.vacant]
        assert 2 <= len(vacant) <= 3 and all(v.position.group == "chuyen_mon" for v in vacant)
    quota = StaffingQuota.objects.get(unit=unit("KH.STC"), year=2026)
    assert quota.civil_servants == 7 + 4  # the people, and the four places left empty
    assert demo_positions(actor=SYSTEM, on=ON) == {}
