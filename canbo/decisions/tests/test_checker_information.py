"""Information received about a cadre (plan II.5): personnel-work roles only, each read logged, never
the content in the audit trail, an open one a soft reason of the checker."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from canbo.audit.models import AuditEntry
from canbo.core.errors import InputRejected, NotAllowed
from canbo.decisions.checker import DECIDE, appointment_check
from canbo.decisions.models import InformationReport
from canbo.decisions.services import information_report_conclude, information_report_create
from canbo.org.models import Unit
from canbo.people.models import Person, PoliticalConclusion, Post, SensitiveAccess
from canbo.people.services import person_names, posts_ensure

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cadre(builtin_org: None) -> Person:
    posts_ensure()
    p = Person(full_name="Lê Văn Phản", birth_date=D(1975, 5, 1), sex="nam", ethnicity="01",
               staff_category="cong_chuc", unit=Unit.objects.get(code="KH.STC"))  # fmt: skip
    person_names(p)
    p.save()
    PoliticalConclusion.objects.create(person=p, concluded_on=D(2024, 1, 1), conclusion="…")
    return p


def test_an_open_report_is_a_soft_reason_until_concluded(cadre: Person, make_user: Any) -> None:
    officer = make_user("noi_vu", "KH")
    report = information_report_create(
        actor=officer, person=cadre, source="Đơn thư", received_on=D(2026, 5, 1), content="Nội dung mật"
    )
    post = Post.objects.get(code="pho_giam_doc_so")

    def info(on: dt.date) -> Any:
        verdict = appointment_check(person=cadre, post=post, unit=cadre.unit, kind="equal_or_lower", on=on)
        return next((r for r in verdict.reasons if r.rule == "information"), None)

    assert info(D(2026, 4, 30)) is None
    assert info(D(2026, 6, 1)).status == DECIDE and "01/05/2026" in info(D(2026, 6, 1)).text
    information_report_conclude(
        actor=officer, report=report, conclusion="Không có cơ sở", concluded_on=D(2026, 7, 1)
    )
    assert info(D(2026, 6, 30)) is not None and info(D(2026, 7, 1)) is None
    with pytest.raises(InputRejected, match="đã có kết luận"):
        information_report_conclude(actor=officer, report=report, conclusion="x", concluded_on=D(2026, 8, 1))
    entries = AuditEntry.objects.filter(action__startswith="decisions.information.")
    assert entries.count() == 2 and all("mật" not in str(e.changes) for e in entries)
    # the content is encrypted at rest
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM decisions_informationreport")
        assert "mật" not in cursor.fetchone()[0]


def test_only_personnel_roles_see_or_write(cadre: Person, make_user: Any) -> None:
    leader = make_user("lanh_dao", "KH")
    with pytest.raises(NotAllowed):
        information_report_create(
            actor=leader, person=cadre, source="x", received_on=D(2026, 1, 1), content="y"
        )
    client = Client()
    client.force_login(leader)
    assert client.get(f"/quyet-dinh/phan-anh/{cadre.pk}/").status_code == 403
    other = Client()
    other.force_login(make_user("dau_moi", "KH.SYT"))
    assert other.get(f"/quyet-dinh/phan-anh/{cadre.pk}/").status_code == 404


def test_the_page_records_each_read_and_writes(cadre: Person, officer: Client) -> None:
    url = f"/quyet-dinh/phan-anh/{cadre.pk}/"
    saved = officer.post(url, {"source": "Báo chí", "received_on": "02/05/2026", "content": "Phản ánh A"})
    assert saved.status_code == 302
    page = officer.get(url).content.decode()
    assert "Phản ánh A" in page and "Chưa có kết luận" in page
    reads = SensitiveAccess.objects.filter(person=cadre, detail="Thông tin phản ánh")
    assert reads.count() == 1
    officer.get(url)
    assert reads.count() == 2
    refused = officer.post(url, {"source": "", "received_on": "32/13/2026", "content": ""})
    assert refused.status_code == 422
    report = InformationReport.objects.get()
    concluded = officer.post(
        url, {"bao_cao": report.pk, "conclusion": "Đã xác minh", "concluded_on": "03/06/2026"}
    )
    assert concluded.status_code == 302
    report.refresh_from_db()
    assert report.concluded_on == D(2026, 6, 3) and report.conclusion == "Đã xác minh"
