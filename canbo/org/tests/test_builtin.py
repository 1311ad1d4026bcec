"""The built-in organisation answers the foundation issue's questions."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from canbo.accounts.system import SYSTEM
from canbo.org.io.builtin import builtin_dataset
from canbo.org.models import Restructuring, Unit, UnitVersion
from canbo.org.selectors import org_tree, unit_lineage, unit_successors
from canbo.org.services import org_import

pytestmark = pytest.mark.django_db


def _codes(as_of: dt.date) -> set[str]:
    return {node.version.unit.code for node in org_tree(user=SYSTEM, as_of=as_of)}


def test_on_1_june_2024_ninh_thuan_with_its_departments_and_seven_districts(builtin_org: None) -> None:
    nodes = org_tree(user=SYSTEM, as_of=dt.date(2024, 6, 1))
    by_kind: dict[str, list[str]] = {}
    for node in nodes:
        by_kind.setdefault(node.version.kind, []).append(node.version.name)
    assert by_kind["tinh"] == ["Ủy ban nhân dân tỉnh Ninh Thuận"]
    assert len(by_kind["so_nganh"]) == 18
    assert len(by_kind["huyen"]) == 7
    assert "Ủy ban nhân dân huyện Bác Ái" in by_kind["huyen"]
    assert nodes[0].version.unit.code == "NT" and nodes[0].depth == 0
    assert all(node.depth == 1 for node in nodes[1:])


def test_on_1_august_2025_khanh_hoa_and_no_ninh_thuan(builtin_org: None) -> None:
    codes = _codes(dt.date(2025, 8, 1))
    assert "KH" in codes and len(codes) == 14
    assert not any(code.startswith("NT") for code in codes)


def test_between_the_two_reforms_thirteen_departments(builtin_org: None) -> None:
    codes = _codes(dt.date(2025, 4, 1))
    assert len([c for c in codes if c.startswith("NT.S") or c in {"NT.VP", "NT.TTR", "NT.BDT"}]) == 13
    assert "NT.SKHDT" not in codes and "NT.STC-2025" in codes


def test_successor_of_planning_and_investment_is_khanh_hoa_finance(builtin_org: None) -> None:
    skhdt = Unit.objects.get(code="NT.SKHDT")
    assert [u.code for u in unit_successors(unit=skhdt, as_of=dt.date(2025, 8, 1))] == ["KH.STC"]
    assert [u.code for u in unit_successors(unit=skhdt, as_of=dt.date(2025, 4, 1))] == ["NT.STC-2025"]
    assert [u.code for u in unit_successors(unit=skhdt, as_of=dt.date(2024, 6, 1))] == ["NT.SKHDT"]


def test_a_dissolved_district_hands_its_work_to_the_province(builtin_org: None) -> None:
    bac_ai = Unit.objects.get(code="NT.BACAI")
    assert [u.code for u in unit_successors(unit=bac_ai, as_of=dt.date(2025, 8, 1))] == ["KH"]
    assert unit_lineage(unit=bac_ai)[0].text == (
        "Giải thể; nhiệm vụ chuyển cho Ủy ban nhân dân tỉnh Khánh Hòa từ ngày 01/07/2025"
    )


def test_lineage_reads_as_a_sentence(builtin_org: None) -> None:
    skhdt = Unit.objects.get(code="NT.SKHDT")
    texts = [line.text for line in unit_lineage(unit=skhdt)]
    assert texts == ["Hợp nhất vào Sở Tài chính từ ngày 01/03/2025"]
    stc = Unit.objects.get(code="NT.STC-2025")
    texts = [line.text for line in unit_lineage(unit=stc)]
    assert texts == [
        "Thành lập trên cơ sở hợp nhất Sở Tài chính, Sở Kế hoạch và Đầu tư từ ngày 01/03/2025",
        "Hợp nhất vào Sở Tài chính từ ngày 01/07/2025",
    ]
    bdt = Unit.objects.get(code="NT.BDT")
    assert unit_lineage(unit=bdt)[0].text == "Đổi tên thành Sở Dân tộc và Tôn giáo từ ngày 01/03/2025"
    assert "Nghị định" not in unit_lineage(unit=bdt)[0].decision
    assert unit_lineage(unit=bdt)[0].decision == "Số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ"


def test_loading_twice_changes_nothing(builtin_org: None) -> None:
    counts = (Unit.objects.count(), UnitVersion.objects.count(), Restructuring.objects.count())
    result = org_import(actor=SYSTEM, dataset=builtin_dataset())
    assert result.units_created == result.units_changed == result.events_created == 0
    assert (Unit.objects.count(), UnitVersion.objects.count(), Restructuring.objects.count()) == counts


def test_cli_tree_and_successor(builtin_org: None) -> None:
    out = StringIO()
    call_command("org", "tree", "--as-of", "01/06/2024", "--format", "json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["as_of"] == "2024-06-01"
    assert len(payload["units"]) == 26
    snv = next(u for u in payload["units"] if u["code"] == "NT.SNV")
    assert snv == {
        "id": snv["id"],
        "code": "NT.SNV",
        "name": "Sở Nội vụ",
        "kind": "so_nganh",
        "parent_code": "NT",
    }

    out = StringIO()
    call_command("org", "successor", "Sở Kế hoạch và Đầu tư", "--as-of", "01/08/2025", stdout=out)
    assert out.getvalue().strip() == "KH.STC\tSở Tài chính"

    out = StringIO()
    call_command("org", "tree", "--as-of", "01/08/2025", stdout=out)
    assert "Cây tổ chức ngày 01/08/2025: 14 đơn vị" in out.getvalue()


def test_cli_refuses_a_bad_date_and_an_unknown_unit(builtin_org: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("org", "tree", "--as-of", "31/02/2024")
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("org", "successor", "Sở Ngoại vụ", "--as-of", "01/08/2025")
