"""/api/positions/ and `canbo positions`: positions, vacancies and the staffing summary read (the API
and the command's JSON agree), a position created; scoped (another agency's focal officer gets 404),
a leader's write refused (403), bad input answered 422."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from canbo.core.excel import write_workbook
from canbo.positions import services, workbook
from canbo.positions.models import JobPosition, JobPositionFramework
from canbo.positions.tests.conftest import D, unit

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def base(code: str = "KH.STC") -> str:
    return f"/api/positions/units/{unit(code).pk}"


def test_reads_and_the_command_agree(focal: Any, make_position: Any, make_person: Any) -> None:
    position = make_position("TC.01", planned=2)
    services.holding_start(
        actor=focal, person=make_person("Nguyễn Thị Hoa"), position=position, on=D(2026, 2, 1)
    )
    services.quota_save(actor=focal, unit=unit("KH.STC"), year=2026, values={"civil_servants": 10})
    client = client_for(focal)
    listed = client.get(f"{base()}/positions", {"on": "2026-03-01"}).json()
    assert [(p["code"], p["held"]) for p in listed] == [("TC.01", 1)]
    assert client.get(f"{base()}/vacancies", {"on": "2026-03-01"}).json()[0]["vacant"] == 1
    staffing = client.get(f"{base()}/staffing", {"on": "2026-03-01"}).json()
    assert staffing["senior_share"]["text"] == "Nghị định 361/2025/NĐ-CP"
    out = StringIO()
    call_command(
        "positions", "staffing", "--unit", "KH.STC", "--date", "01/03/2026", "--format", "json", stdout=out
    )
    assert json.loads(out.getvalue()) == staffing


def test_scope_and_roles(focal: Any, leader: Any, make_user: Any, make_position: Any) -> None:
    make_position("TC.01")
    other = client_for(make_user("dau_moi", "KH.SNV"))
    assert other.get(f"{base()}/positions").status_code == 404
    assert other.get(f"{base()}/staffing").status_code == 404
    payload = {"code": "TC.02", "name": "Kế toán", "group": "ho_tro_phuc_vu", "valid_from": "2026-01-01"}
    answer = client_for(leader).post(
        f"{base()}/positions", json.dumps(payload), content_type="application/json"
    )
    assert answer.status_code == 403
    created = client_for(focal).post(
        f"{base()}/positions", json.dumps(payload), content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["name"] == "Kế toán"
    bad = client_for(focal).post(
        f"{base()}/positions",
        json.dumps({**payload, "code": "TC.03", "group": "la"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert JobPosition.objects.count() == 2


def test_the_command_imports_exports_and_refuses(tmp_path: Path, builtin_org: None) -> None:
    framework = tmp_path / "khung.xlsx"
    framework.write_bytes(
        write_workbook(
            [("Danh mục khung", workbook.FRAMEWORK_HEADERS, [["cc_ho_tro", "HT.1", "Văn thư", ""]])]
        )
    )
    call_command("positions", "framework-import", str(framework), "--source", "thử", stdout=StringIO())
    assert JobPositionFramework.objects.get().source == "thử"
    positions = tmp_path / "vt.xlsx"
    positions.write_bytes(
        write_workbook(
            [
                (
                    "Vị trí việc làm",
                    workbook.POSITION_HEADERS,
                    [["TC.01", "Kế toán", "Hỗ trợ, phục vụ", "", 1, ""]],
                )
            ]
        )
    )
    call_command(
        "positions", "import", "--unit", "KH.STC", "--date", "01/01/2026", str(positions), stdout=StringIO()
    )
    out = tmp_path / "ra.xlsx"
    call_command(
        "positions",
        "export",
        "--unit",
        "KH.STC",
        "--date",
        "01/02/2026",
        "--output",
        str(out),
        stdout=StringIO(),
    )
    assert out.stat().st_size > 0
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(
        write_workbook(
            [("Vị trí việc làm", workbook.POSITION_HEADERS, [["TC.02", "", "Nhóm lạ", "", 1, ""]])]
        )
    )
    with pytest.raises(CommandError, match="dòng 2"):
        call_command("positions", "import", "--unit", "KH.STC", str(bad), stdout=StringIO())


def test_the_schema_lists_the_endpoints() -> None:
    from canbo.api import api

    paths = api.get_openapi_schema()["paths"]
    for path, method in (
        ("/api/positions/units/{unit_id}/positions", "get"),
        ("/api/positions/units/{unit_id}/positions", "post"),
        ("/api/positions/units/{unit_id}/vacancies", "get"),
        ("/api/positions/units/{unit_id}/staffing", "get"),
    ):
        assert method in paths[path], (path, method)
