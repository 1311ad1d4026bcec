"""The page /csdl-quoc-gia/ (Sở Nội vụ only), its streamed downloads, the audit, and the commands."""

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from canbo.audit.models import AuditEntry
from canbo.national.models import NationalExport
from canbo.people.models import SensitiveAccess

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_home_affairs_sees_the_counts_and_the_people_left_out(make_person: Any, make_user: Any) -> None:
    make_person("Có Số")
    make_person("Không Số", cccd=None)
    make_person("Ở Sở Y tế", unit="KH.SYT", cccd=None)
    response = _client(make_user("noi_vu", "KH")).get("/csdl-quoc-gia/", {"ngay": "04/12/2026"})
    assert response.status_code == 200
    text = response.content.decode()
    counts = text.split('id="national-counts"')[1].split("</table>")[0]
    assert [c.split("<")[0] for c in counts.split('class="text-end">')[1:]] == ["3", "1", "2"]
    listed = text.split('id="national-excluded"')[1].split("</table>")[0]
    assert "Không Số" in listed and "Ở Sở Y tế" in listed and "Chưa có số định danh" in listed
    assert "Nghĩa vụ quân sự" in text and "Không lưu giữ" in text


def test_a_focal_officer_is_refused_the_page_and_the_files(make_person: Any, make_user: Any) -> None:
    make_person()
    client = _client(make_user("dau_moi", "KH.STC"))
    for url in ("/csdl-quoc-gia/", "/csdl-quoc-gia/tai-ve.jsonl", "/csdl-quoc-gia/tai-ve.xlsx",
                "/csdl-quoc-gia/ghi-cham.xlsx"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Sở Nội vụ" in response.content.decode()
    assert not NationalExport.objects.exists()


def test_the_download_is_streamed_recorded_and_audited(make_person: Any, make_user: Any) -> None:
    make_person("Ở Sở Tài chính", unit="KH.STC")
    make_person("Ở Sở Y tế", unit="KH.SYT")
    officer = make_user("noi_vu", "KH", username="noivu")
    response = _client(officer).get("/csdl-quoc-gia/tai-ve.jsonl", {"ngay": "04/12/2026"})
    assert response.status_code == 200 and response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert json.loads(lines[0])["tieu_de"]["du_lieu_tai_ngay"] == "2026-12-04" and len(lines) == 3
    record = NationalExport.objects.get()
    assert (record.actor, record.format, record.people) == (officer, "jsonl", 2)
    entry = AuditEntry.objects.get(action="national.export")
    assert entry.object_id == str(record.pk) and entry.actor == officer
    access = SensitiveAccess.objects.get(where="export")
    assert access.count == 2 and "CSDL quốc gia" in access.detail

    response = _client(officer).get("/csdl-quoc-gia/tai-ve.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)  # type: ignore[attr-defined]
    assert "Hồ sơ" in book.sheetnames
    assert AuditEntry.objects.filter(action="national.export").count() == 2


def test_the_commands_write_the_files_and_refuse_a_bad_date(make_person: Any, tmp_path: Path) -> None:
    make_person("Có Số")
    out = io.StringIO()
    target = tmp_path / "csdl.jsonl"
    call_command(
        "national",
        "export",
        "--format",
        "jsonl",
        "--output",
        str(target),
        "--as-of",
        "04/12/2026",
        stdout=out,
    )
    assert "Đã xuất 1 hồ sơ" in out.getvalue() and len(target.read_text().splitlines()) == 2
    assert AuditEntry.objects.filter(action="national.export", actor_name="hệ thống").exists()
    with pytest.raises(CommandError, match="không phải ngày có thật"):
        call_command(
            "national",
            "export",
            "--format",
            "xlsx",
            "--output",
            str(tmp_path / "x.xlsx"),
            "--as-of",
            "31/02/2026",
        )
    with pytest.raises(CommandError, match=r"không viết theo dạng|không phải ngày hợp lệ"):
        call_command("national", "late", "--from", "hôm qua")
    out = io.StringIO()
    call_command(
        "national", "late", "--to", "31/12/2026", "--output", str(tmp_path / "late.xlsx"), stdout=out
    )
    assert "0 hồ sơ ghi chậm" in out.getvalue() and (tmp_path / "late.xlsx").exists()


def test_a_date_before_any_unit_gives_empty_files_not_an_error(builtin_org: None, make_user: Any) -> None:
    """01/01/1900: the scope has no unit, Django knows the people's query is empty before running it."""
    client = _client(make_user("noi_vu", "KH"))
    for path in ("/csdl-quoc-gia/tai-ve.xlsx", "/csdl-quoc-gia/tai-ve.jsonl"):
        response = client.get(path, {"ngay": "01/01/1900"})
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content)  # the header (JSON Lines) or the workbook
