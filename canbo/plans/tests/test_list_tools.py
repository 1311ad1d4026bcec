"""The plan's lists (issue 13.7): filters in the address, sort by column, pages, the Excel file of
exactly the filtered list, and the bulk actions refused to those who may not.

Oracles: the occurrences counted straight from the table (task, year, the unit given the share on
the period's start), not through the selectors the page uses."""

import datetime as dt

import pytest
from django.test import Client

from canbo.core.excel import read_workbook
from canbo.plans.models import Occurrence, Reminder

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_filtered_occurrence_list_is_what_its_excel_file_holds(builtin_plan, make_user) -> None:
    client = _client(make_user("noi_vu", "KH"))
    expected = Occurrence.objects.filter(task__code="IV.1.b", year=2024).count()
    assert expected > 1  # one per agency addressed in 2024
    query = {"ma": "IV.1.b", "nam": "2024", "ngay": "01/06/2024", "sap_xep": "-co_quan"}
    page = client.get("/ke-hoach/nhiem-vu/", query)
    assert page.status_code == 200
    rows = page.context["rows"]
    assert page.context["total"] == expected == len(list(rows))
    names = [r.responsible_name for r in rows]
    assert names == sorted(names, reverse=True)  # sorted by agency, descending
    # The export link carries the filters and the sort.
    html = page.content.decode()
    assert "dinh_dang=xlsx" in html and "nam=2024" in html and "sap_xep=-co_quan" in html
    sheet = read_workbook(client.get("/ke-hoach/nhiem-vu/", {**query, "dinh_dang": "xlsx"}).content)[
        "Nhiệm vụ"
    ]
    body = [row for row in sheet[1:] if any(row)]
    assert len(body) == expected
    assert {(row[0], row[3]) for row in body} == {("IV.1.b", 2024)}
    assert [row[4] for row in body] == [r.responsible_label for r in rows]


def test_filter_by_agency_and_pages(builtin_plan, make_user) -> None:
    client = _client(make_user("noi_vu", "KH"))
    on = dt.date(2024, 6, 1)
    agency = Occurrence.objects.get(task__code="PL.3").unit  # Sở Tài chính of Ninh Thuận in 2024
    page = client.get("/ke-hoach/nhiem-vu/", {"co_quan": agency.pk, "ngay": on.strftime("%d/%m/%Y")})
    shown = page.context["rows"]
    assert {r.responsible.pk for r in shown} == {agency.pk}
    everything = client.get("/ke-hoach/nhiem-vu/").context
    assert everything["total"] > 50 and len(list(everything["rows"])) == 50  # 50 a page
    second = client.get("/ke-hoach/nhiem-vu/", {"trang": 2}).context["rows"]
    assert second.number == 2 and len(list(second)) == min(50, everything["total"] - 50)


def test_only_home_affairs_reminds_and_accepts(builtin_plan, make_user) -> None:
    focal = _client(make_user("dau_moi", "KH.STC", email="stc@example.vn"))
    pl3 = Occurrence.objects.get(task__code="PL.3")
    response = focal.post("/ke-hoach/nhac-viec/", {"luot": [pl3.pk]})
    assert response.status_code == 302 and Reminder.objects.count() == 0
    listing = focal.get("/ke-hoach/nhiem-vu/", {"ma": "PL.3"}).content.decode()
    assert "Nhắc việc" not in listing and 'name="luot"' not in listing
    queue = focal.get("/ke-hoach/bao-cao/cho-xem-xet/").content.decode()
    assert "Chấp nhận các báo cáo đã chọn" not in queue
    officer = _client(make_user("noi_vu", "KH"))
    listing = officer.get("/ke-hoach/nhiem-vu/", {"ma": "PL.3"}).content.decode()
    assert f'name="luot" value="{pl3.pk}"' in listing  # overdue: offered to remind


def test_the_review_queue_filters_by_agency_and_exports_what_it_shows(builtin_plan, make_user) -> None:
    from canbo.plans.choices import Progress
    from canbo.plans.services import ReportInput, report_submit

    on = dt.date(2026, 11, 30)
    finance, health = make_user("dau_moi", "KH.STC"), make_user("dau_moi", "KH.SYT")
    for user, code in ((finance, "NT.STC"), (health, "NT.SYT")):
        for occurrence in Occurrence.objects.filter(
            unit__code=code, task__code="IV.1.b", year__in=[2023, 2024]
        ):
            report_submit(
                actor=user, occurrence=occurrence, data=ReportInput(progress=Progress.IN_PROGRESS), on=on
            )
    client = _client(make_user("noi_vu", "KH"))
    everything = client.get("/ke-hoach/bao-cao/cho-xem-xet/", {"ngay": "30/11/2026"}).context
    assert everything["total"] == 4  # two years, two agencies
    finance_id = next(pk for pk, name in everything["agencies"] if name == "Sở Tài chính")
    query = {"ngay": "30/11/2026", "co_quan": finance_id, "sap_xep": "-nam"}
    response = client.get("/ke-hoach/bao-cao/cho-xem-xet/", query)
    shown = response.context["reports"]
    assert [(p.agency_name, p.occurrence.year) for p in shown] == [
        ("Sở Tài chính", 2024),
        ("Sở Tài chính", 2023),
    ]
    sheet = read_workbook(
        client.get("/ke-hoach/bao-cao/cho-xem-xet/", {**query, "dinh_dang": "xlsx"}).content
    )
    body = [row for row in sheet["Báo cáo chờ xem xét"][1:] if any(row)]
    assert [(row[0], row[3], row[4]) for row in body] == [
        ("IV.1.b", 2024, "Sở Tài chính"),
        ("IV.1.b", 2023, "Sở Tài chính"),
    ]
