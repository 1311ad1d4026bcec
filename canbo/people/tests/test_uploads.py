"""Uploads (issue 10.1, 10.11): an empty or missing file has its message on the page; a large one is
refused before it is read; kept files are the service's alone and named by their content's type."""

import io
import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_an_empty_upload_shows_its_message_on_the_import_page(officer) -> None:
    response = officer.post("/can-bo/nhap-excel/", {"tep": SimpleUploadedFile("trong.xlsx", b"")})
    assert response.status_code == 400 and "Tệp rỗng." in response.content.decode()


def test_no_file_chosen_says_so(officer) -> None:
    response = officer.post("/can-bo/nhap-excel/", {})
    assert response.status_code == 400 and "Chưa chọn tệp Excel." in response.content.decode()


@override_settings(CANBO_MAX_UPLOAD_BYTES=1024)
def test_a_large_upload_is_refused_by_its_size(officer) -> None:
    class Unreadable(io.BytesIO):
        def read(self, *args: object) -> bytes:  # the size alone refuses it
            raise AssertionError("read")

    upload = SimpleUploadedFile("lon.xlsx", b"x" * 4096)
    from canbo.core.errors import InputRejected
    from canbo.core.files import read_upload

    upload.file = Unreadable(b"x" * 4096)
    with pytest.raises(InputRejected, match="quá lớn"):
        read_upload(upload)
    response = officer.post("/can-bo/nhap-excel/", {"tep": SimpleUploadedFile("lon.xlsx", b"x" * 4096)})
    assert response.status_code == 400 and "quá lớn" in response.content.decode()


def test_a_kept_import_file_is_readable_by_the_service_only(tmp_path, builtin_org) -> None:
    from canbo.people.services import import_file_keep

    with override_settings(MEDIA_ROOT=tmp_path):
        import_file_keep("imports/people/ab/abc.xlsx", b"PK data")
        mode = stat.S_IMODE(os.stat(tmp_path / "imports/people/ab/abc.xlsx").st_mode)
    assert mode == 0o600


def test_a_report_document_is_named_by_its_content_and_a_lost_one_answers_404(
    builtin_plan, make_user, tmp_path
) -> None:
    from canbo.plans.choices import Progress
    from canbo.plans.models import Occurrence
    from canbo.plans.services import ReportInput, report_submit

    focal = make_user("dau_moi", "KH.STC")
    occurrence = Occurrence.objects.filter(unit__code="KH.STC").first()
    with override_settings(MEDIA_ROOT=tmp_path):
        report = report_submit(
            actor=focal,
            occurrence=occurrence,
            data=ReportInput(
                progress=Progress.IN_PROGRESS, file_name="bao cao.exe", file_content=b"%PDF-1.4 x"
            ),
            on=__import__("datetime").date(2026, 11, 2),
        )
        assert report.document_file.name.endswith("/bao-cao.pdf")
        assert stat.S_IMODE(os.stat(report.document_file.path).st_mode) == 0o600
        os.remove(report.document_file.path)
        client = Client()
        client.force_login(focal)
        response = client.get(f"/ke-hoach/bao-cao/{report.pk}/tep/")
    assert response.status_code == 404


def test_import_files_are_deleted_after_the_retention_period(
    tmp_path, builtin_org, django_capture_on_commit_callbacks
) -> None:
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from canbo.accounts.system import SYSTEM
    from canbo.audit.models import AuditEntry
    from canbo.core.excel import write_workbook
    from canbo.org.models import Unit
    from canbo.people.io import columns as C
    from canbo.people.io.excel import rows_from_excel
    from canbo.people.models import PeopleImport
    from canbo.people.services import ImportSource, import_files_purge, people_import
    from canbo.people.tests.rows import template_rows

    units = dict(Unit.objects.values_list("code", "id"))
    data = write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], template_rows(3, ["KH.STC"]))])
    with override_settings(MEDIA_ROOT=tmp_path):
        with django_capture_on_commit_callbacks(execute=True):
            people_import(
                actor=SYSTEM,
                rows=rows_from_excel(data, units=units, today=dt.date(2026, 1, 2)),
                on=dt.date(2026, 1, 2),
                source=ImportSource("danh-sach.xls", data),
            )
        batch = PeopleImport.objects.get()
        assert batch.file.name.endswith(".xlsx")  # named by its content, not by the name it came with
        path = tmp_path / batch.file.name
        assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert import_files_purge(older_than_days=90).files == 0  # a fresh file stays
        result = import_files_purge(older_than_days=90, now=timezone.now() + dt.timedelta(days=91))
        assert result.files == 1 and not path.exists()
        assert AuditEntry.objects.filter(action="people.import.file_deleted").count() == 1
        call_command("people", "purge-files", "--days", "0")  # nothing left, and no failure
