"""The built-in organisation answers the foundation issue's questions."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from canbo.accounts.system import SYSTEM
from canbo.org.io.builtin import builtin_dataset
from canbo.org.models import Restructuring, Unit, UnitVersion
from canbo.org.selectors import org_tree, unit_holders, unit_lineage, unit_names, unit_successors
from canbo.org.services import org_import

pytestmark = pytest.mark.django_db


def _named(names: list[str]) -> list[str]:
    """The agency a name is, whether or not a list adds its province ("Sở Dân tộc và Tôn giáo tỉnh
    Khánh Hòa" when it also names Ninh Thuận's agencies: issue 12.3)."""
    agencies = ("Ban Dân tộc tỉnh", "Sở Dân tộc và Tôn giáo")
    return [next((a for a in agencies if name.startswith(a)), name) for name in names]


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
    assert len([c for c in codes if c.startswith("NT.S") or c in {"NT.VP", "NT.TTR"}]) == 13
    assert "NT.SKHDT" not in codes and "NT.STC-2025" in codes
    assert "NT.BDT" not in codes and "NT.SDTTG" in codes


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
    assert [line.text for line in unit_lineage(unit=bdt)] == [
        "Hợp nhất vào Sở Dân tộc và Tôn giáo từ ngày 01/03/2025"
    ]
    assert "Nghị định" not in unit_lineage(unit=bdt)[0].decision
    assert unit_lineage(unit=bdt)[0].decision == "Số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ"
    sdttg = Unit.objects.get(code="NT.SDTTG")
    assert [line.text for line in unit_lineage(unit=sdttg)] == [
        "Thành lập trên cơ sở hợp nhất Ban Dân tộc tỉnh từ ngày 01/03/2025",
        "Hợp nhất vào Sở Dân tộc và Tôn giáo từ ngày 01/07/2025",
    ]


def test_ethnic_affairs_and_religion_is_a_new_unit_formed_from_ban_dan_toc(builtin_org: None) -> None:
    """Decree 45/2025/NĐ-CP (in force 01/03/2025): Sở Dân tộc và Tôn giáo is formed from Ban Dân tộc
    and the religion work of Sở Nội vụ, a merger (builtin.toml's header), not a rename."""
    bdt = Unit.objects.get(code="NT.BDT")
    assert [v.name for v in bdt.versions.order_by("valid_from")] == ["Ban Dân tộc tỉnh"]
    assert unit_names(units=[bdt]) == {bdt.pk: "Ban Dân tộc tỉnh"}  # its latest name, too
    event = Restructuring.objects.get(links__predecessor=bdt, effective_date=dt.date(2025, 3, 1))
    assert event.kind == "merge"
    successors = {
        day: [u.code for u in unit_successors(unit=bdt, as_of=day)]
        for day in (dt.date(2022, 6, 1), dt.date(2025, 2, 28), dt.date(2025, 3, 1), dt.date(2025, 8, 1))
    }
    assert successors == {
        dt.date(2022, 6, 1): ["NT.BDT"],
        dt.date(2025, 2, 28): ["NT.BDT"],
        dt.date(2025, 3, 1): ["NT.SDTTG"],
        dt.date(2025, 8, 1): ["KH.SDTTG"],
    }
    assert [(h.start, [h.names[u.pk] for u in h.units]) for h in unit_holders(unit=bdt)] == [
        # The succession crosses provinces: each name carries its own (issue 12.3).
        (None, ["Ban Dân tộc tỉnh Ninh Thuận"]),
        (dt.date(2025, 3, 1), ["Sở Dân tộc và Tôn giáo tỉnh Ninh Thuận"]),
        (dt.date(2025, 7, 1), ["Sở Dân tộc và Tôn giáo tỉnh Khánh Hòa"]),
    ]
    # The religion work is a partial transfer, not lineage: Sở Nội vụ's work goes to one successor.
    snv = Unit.objects.get(code="NT.SNV")
    assert [u.code for u in unit_successors(unit=snv, as_of=dt.date(2025, 4, 1))] == ["NT.SNV-2025"]


def test_a_2022_task_of_ban_dan_toc_keeps_its_name_for_2022(builtin_plan: object) -> None:
    """III.5 was given to Ban Dân tộc: its 2022 share reads Ban Dân tộc in 2022, and the agency
    answering for it is Sở Dân tộc và Tôn giáo from 01/03/2025, Khánh Hòa's from 01/07/2025."""
    from canbo.plans.models import Occurrence
    from canbo.plans.selectors import occurrence_rows

    share = Occurrence.objects.filter(task__code="III.5", year=2022)
    assert list(share.values_list("unit__code", flat=True)) == ["NT.BDT"]
    seen = {}
    for day in (dt.date(2022, 6, 1), dt.date(2025, 4, 1), dt.date(2025, 8, 1)):
        (row,) = occurrence_rows(user=SYSTEM, as_of=day, queryset=share)
        seen[day] = (row.unit_name, row.responsible.code, row.responsible_label)
    # Side by side, agencies of two provinces carry their province (issue 12.3).
    assert seen == {
        dt.date(2022, 6, 1): ("Ban Dân tộc tỉnh", "NT.BDT", "Ban Dân tộc tỉnh"),
        dt.date(2025, 4, 1): ("Ban Dân tộc tỉnh", "NT.SDTTG", "Sở Dân tộc và Tôn giáo"),
        dt.date(2025, 8, 1): (
            "Ban Dân tộc tỉnh Ninh Thuận",
            "KH.SDTTG",
            "Sở Dân tộc và Tôn giáo tỉnh Khánh Hòa",
        ),
    }


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
