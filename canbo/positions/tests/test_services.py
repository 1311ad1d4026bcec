"""An agency's positions, its staffing quota and the framework lists through the services."""

from typing import Any

import pytest

from canbo.audit.models import AuditEntry
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope
from canbo.positions import services
from canbo.positions.models import JobPosition, JobPositionFramework, PositionHolding, StaffingQuota
from canbo.positions.tests.conftest import START, D, unit

pytestmark = pytest.mark.django_db

VALUES = {
    "code": "TC.01",
    "name": "Chuyên viên về quản lý ngân sách",
    "group": "chuyen_mon",
    "staff_category": "cong_chuc",
    "rank_code": "01.003",
    "rank_name": "Chuyên viên",
    "planned_count": 3,
    "valid_from": START,
}


def test_a_position_is_created_audited_and_its_code_kept_unique(focal: Any) -> None:
    position = services.position_create(actor=focal, unit=unit("KH.STC"), values=dict(VALUES))
    assert AuditEntry.objects.filter(action="positions.position.create", object_id=str(position.pk)).exists()
    with pytest.raises(InputRejected, match=r"Mã vị trí “TC\.01” đã được dùng"):
        services.position_create(
            actor=focal, unit=unit("KH.STC"), values={**VALUES, "valid_from": D(2026, 6, 1)}
        )
    # Another agency may use the same code.
    services.position_create(actor=services_officer(focal), unit=unit("KH.SNV"), values=dict(VALUES))


def services_officer(_: Any) -> Any:
    from django.contrib.auth import get_user_model

    from canbo.accounts.models import RoleAssignment

    user = get_user_model().objects.create_user(username="noivu-x", password="mat-khau-thu-1")
    RoleAssignment.objects.create(user=user, role="noi_vu", unit=unit("KH"))
    return user


def test_a_position_picked_from_the_framework_copies_its_name_and_rank(officer: Any) -> None:
    entry = JobPositionFramework.objects.create(
        list_code="cc_ho_tro",
        code="HT.1",
        name="Văn thư",
        rank_code="02.008",
        rank_name="Văn thư viên trung cấp",
    )
    values = {
        "code": "VT",
        "name": "",
        "group": "",
        "staff_category": "",
        "planned_count": 1,
        "valid_from": START,
    }
    position = services.position_create(
        actor=officer, unit=unit("KH.STC"), values={**values, "framework": entry}
    )
    assert (position.name, position.rank_code, position.rank_name) == (
        "Văn thư",
        "02.008",
        "Văn thư viên trung cấp",
    )
    assert (position.group, position.staff_category) == ("ho_tro_phuc_vu", "cong_chuc")


def test_leaders_and_other_agencies_may_not_write(leader: Any, make_user: Any) -> None:
    with pytest.raises(NotAllowed):
        services.position_create(actor=leader, unit=unit("KH.STC"), values=dict(VALUES))
    with pytest.raises(OutOfScope):
        services.position_create(
            actor=make_user("dau_moi", "KH.SNV"), unit=unit("KH.STC"), values=dict(VALUES)
        )
    assert not JobPosition.objects.exists()


def test_update_corrects_in_place_and_refuses_other_fields(focal: Any, make_position: Any) -> None:
    position = make_position("TC.01", planned=2)
    updated = services.position_update(actor=focal, position=position, changes={"planned_count": 4})
    assert updated.planned_count == 4
    entry = AuditEntry.objects.get(action="positions.position.update")
    assert entry.changes == {"before": {"planned_count": 2}, "after": {"planned_count": 4}}
    with pytest.raises(InputRejected, match="Không sửa được: code"):
        services.position_update(actor=focal, position=position, changes={"code": "X"})


def test_ending_a_position_someone_holds_is_refused(focal: Any, make_person: Any, make_position: Any) -> None:
    position = make_position("TC.01")
    hoa = make_person("Nguyễn Thị Hoa")
    services.holding_start(actor=focal, person=hoa, position=position, on=D(2026, 2, 1))
    with pytest.raises(InputRejected, match="Nguyễn Thị Hoa còn giữ vị trí này sau ngày 01/06/2026"):
        services.position_end(actor=focal, position=position, on=D(2026, 6, 1))
    services.holding_end(actor=focal, holding=PositionHolding.objects.get(), on=D(2026, 6, 1))
    ended = services.position_end(actor=focal, position=position, on=D(2026, 6, 1))
    assert ended.valid_to == D(2026, 6, 1)
    # The code is free again from that day.
    services.position_create(actor=focal, unit=unit("KH.STC"), values={**VALUES, "valid_from": D(2026, 6, 1)})


def test_the_quota_of_a_year_is_created_then_replaced(focal: Any) -> None:
    values = {"civil_servants": 40, "public_employees": 12, "decision_number": "15/QĐ-UBND"}
    services.quota_save(actor=focal, unit=unit("KH.STC"), year=2026, values=values)
    services.quota_save(actor=focal, unit=unit("KH.STC"), year=2026, values={**values, "civil_servants": 38})
    quota = StaffingQuota.objects.get()
    assert (quota.civil_servants, quota.public_employees) == (38, 12)
    assert list(
        AuditEntry.objects.filter(action__startswith="positions.quota")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "positions.quota.create",
        "positions.quota.update",
    ]


def test_only_home_affairs_writes_the_framework(focal: Any, officer: Any) -> None:
    entry = JobPositionFramework(list_code="cc_ho_tro", code="HT.1", name="Văn thư")
    with pytest.raises(NotAllowed):
        services.framework_entries_save(actor=focal, entries=[entry])
    assert services.framework_entries_save(actor=officer, entries=[entry]) == (1, 0)
    renamed = JobPositionFramework(list_code="cc_ho_tro", code="HT.1", name="Văn thư viên")
    same = JobPositionFramework(list_code="cc_ho_tro", code="HT.1", name="Văn thư viên")
    assert services.framework_entries_save(actor=officer, entries=[renamed]) == (0, 1)
    assert services.framework_entries_save(actor=officer, entries=[same]) == (0, 0)
    assert JobPositionFramework.objects.get().name == "Văn thư viên"
