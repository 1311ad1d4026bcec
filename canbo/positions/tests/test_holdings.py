"""Placing people into job positions (the service the recruitment app calls) and the vacancies."""

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from canbo.audit.models import AuditEntry
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope
from canbo.positions import services
from canbo.positions.models import PositionHolding
from canbo.positions.selectors import vacancies
from canbo.positions.tests.conftest import START, D, unit

pytestmark = pytest.mark.django_db


def test_holding_start_is_audited_and_counts_against_the_plan(
    focal: Any, make_person: Any, make_position: Any
) -> None:
    position = make_position("NS.01", planned=2)
    hoa = make_person("Nguyễn Thị Hoa")
    holding = services.holding_start(actor=focal, person=hoa, position=position, on=D(2026, 2, 1))
    assert holding.valid_from == D(2026, 2, 1) and holding.valid_to is None
    entry = AuditEntry.objects.get(action="positions.holding.start")
    assert entry.object_id == str(holding.pk) and entry.changes["after"]["person"] == hoa.pk
    [row] = vacancies(user=focal, unit=unit("KH.STC"), on=D(2026, 3, 1))
    assert (row.planned, row.held, row.vacant) == (2, 1, 1)
    # Before the holding started, the position was wholly vacant.
    [row] = vacancies(user=focal, unit=unit("KH.STC"), on=D(2026, 1, 15))
    assert (row.held, row.vacant) == (0, 2)


def test_a_person_holds_one_position_at_a_time(focal: Any, make_person: Any, make_position: Any) -> None:
    first, second = make_position("NS.01"), make_position("NS.02", name="Chuyên viên về quản lý giá")
    hoa = make_person("Nguyễn Thị Hoa")
    services.holding_start(actor=focal, person=hoa, position=first, on=D(2026, 2, 1))
    with pytest.raises(InputRejected, match="đang giữ vị trí “Chuyên viên về quản lý ngân sách”"):
        services.holding_start(actor=focal, person=hoa, position=second, on=D(2026, 5, 1))
    # Ended, the person may move on the same day.
    services.holding_end(actor=focal, holding=PositionHolding.objects.get(), on=D(2026, 5, 1))
    moved = services.holding_start(actor=focal, person=hoa, position=second, on=D(2026, 5, 1))
    assert moved.position == second
    # Starting before a later holding would overlap it.
    with pytest.raises(InputRejected, match="sau ngày 01/04/2026"):
        PositionHolding.objects.filter(position=first).update(valid_to=D(2026, 3, 1))
        services.holding_start(actor=focal, person=hoa, position=first, on=D(2026, 4, 1))


def test_the_database_refuses_an_overlap_the_service_would_have_caught(
    make_person: Any, make_position: Any
) -> None:
    first, second = make_position("NS.01"), make_position("NS.02")
    hoa = make_person("Nguyễn Thị Hoa")
    PositionHolding.objects.create(
        person=hoa, position=first, valid_from=D(2026, 1, 1), valid_to=D(2026, 6, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionHolding.objects.create(person=hoa, position=second, valid_from=D(2026, 5, 1))
    # Touching ends are not an overlap ([from, to) periods).
    PositionHolding.objects.create(person=hoa, position=second, valid_from=D(2026, 6, 1))


def test_a_position_not_in_force_is_refused(focal: Any, make_person: Any, make_position: Any) -> None:
    ended = make_position("NS.01", valid_to=D(2026, 4, 1))
    hoa = make_person("Nguyễn Thị Hoa")
    with pytest.raises(InputRejected, match="không có hiệu lực vào ngày 01/04/2026"):
        services.holding_start(actor=focal, person=hoa, position=ended, on=D(2026, 4, 1))
    with pytest.raises(InputRejected, match="không có hiệu lực vào ngày 31/12/2025"):
        services.holding_start(actor=focal, person=hoa, position=ended, on=START - (START - D(2025, 12, 31)))
    assert not PositionHolding.objects.exists()


def test_who_may_place_people(
    focal: Any, leader: Any, officer: Any, make_user: Any, make_person: Any, make_position: Any
) -> None:
    position = make_position("NS.01")
    hoa, lan = make_person("Nguyễn Thị Hoa"), make_person("Trần Thị Lan")
    with pytest.raises(NotAllowed):
        services.holding_start(actor=leader, person=hoa, position=position, on=D(2026, 2, 1))
    other_focal = make_user("dau_moi", "KH.SNV")
    with pytest.raises(OutOfScope):
        services.holding_start(actor=other_focal, person=hoa, position=position, on=D(2026, 2, 1))
    services.holding_start(actor=officer, person=lan, position=position, on=D(2026, 2, 1))
    assert PositionHolding.objects.get().person == lan


def test_vacancies_are_scoped(focal: Any, make_user: Any, make_position: Any) -> None:
    make_position("NS.01")
    with pytest.raises(OutOfScope):
        vacancies(user=make_user("dau_moi", "KH.SNV"), unit=unit("KH.STC"), on=D(2026, 3, 1))
    assert len(vacancies(user=make_user("lanh_dao", "KH.STC"), unit=unit("KH.STC"), on=D(2026, 3, 1))) == 1
