"""The people list's tools (issue 13.4, 13.7, 13.11): the export is the list as filtered, sorting by a
column, paging with the filters kept in the address, names rather than codes."""

import datetime as dt
import re

import pytest
from django.test import Client

from canbo.core.excel import read_workbook
from canbo.org.models import Unit
from canbo.people.io import columns as C
from canbo.people.models import Assignment, LanguageSkill, Person, Post
from canbo.people.services import person_names, posts_ensure

pytestmark = pytest.mark.django_db


def person(name: str, unit: str, *, sex: str = "nu", born: dt.date, post: str | None = None) -> Person:
    p = Person(
        full_name=name,
        birth_date=born,
        sex=sex,
        ethnicity="01",
        unit=Unit.objects.get(code=unit),
        staff_category="cong_chuc",
    )
    person_names(p)
    p.save()
    Assignment.objects.create(
        person=p,
        unit=p.unit,
        post=Post.objects.get(code=post) if post else None,
        valid_from=dt.date(2020, 1, 1),
        start_reason="tuyen_dung",
    )
    return p


@pytest.fixture
def people(builtin_org: None) -> dict[str, Person]:
    posts_ensure()
    found = {
        "hoa": person("Nguyễn Thị Hoa", "KH.STC", born=dt.date(1985, 3, 12), post="giam_doc_so"),
        "an": person("Trần Văn An", "KH.STC", sex="nam", born=dt.date(1990, 5, 1)),
        "anh": person("Lê Thị Ánh", "KH.SYT", born=dt.date(1985, 3, 12)),
        "dat": person("Đỗ Văn Đạt", "KH.SYT", sex="nam", born=dt.date(1970, 1, 1), post="pho_giam_doc_so"),
    }
    LanguageSkill.objects.create(person=found["hoa"], language="en", level=4)
    return found


@pytest.fixture
def home_affairs(make_user: object) -> Client:
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))  # type: ignore[operator]
    return client


def exported_names(content: bytes) -> list[str]:
    return [row[0] for row in read_workbook(content)[C.SHEET][1:]]


def test_the_export_holds_exactly_the_people_of_the_filter(people, home_affairs) -> None:
    assert sorted(exported_names(home_affairs.get("/can-bo/xuat-excel/", {"gioi_tinh": "nu"}).content)) == [
        "Lê Thị Ánh",
        "Nguyễn Thị Hoa",
    ]
    syt = Unit.objects.get(code="KH.SYT").pk
    filtered = home_affairs.get("/can-bo/xuat-excel/", {"gioi_tinh": "nam", "don_vi": syt})
    assert exported_names(filtered.content) == ["Đỗ Văn Đạt"]


def test_the_list_answered_to_a_filter_carries_the_export_link_of_that_filter(people, home_affairs) -> None:
    """The filter form is sent by htmx and only the table comes back: the export link is in it."""
    html = home_affairs.post("/can-bo/", {"gioi_tinh": "nam"}, HTTP_HX_REQUEST="true").content.decode()
    link = re.search(r'id="export-link" href="([^"]+)"', html)
    assert link is not None
    href = link[1].replace("&amp;", "&")
    assert "gioi_tinh=nam" in href and "Xuất Excel (2 người)" in html
    assert sorted(exported_names(home_affairs.get(href).content)) == ["Trần Văn An", "Đỗ Văn Đạt"]


def test_sorting_by_a_column_both_ways_ties_in_the_vietnamese_order(people, home_affairs) -> None:
    def shown(**params: str) -> list[str]:
        html = home_affairs.get("/can-bo/", params).content.decode()
        table = html[html.index('id="people-table"') :]
        return re.findall(r'<a href="/can-bo/\d+/">([^<]+)</a>', table)

    # Hoa and Ánh share a birth date: then Ánh before Hoa (given names, the Vietnamese way).
    assert shown(sap_xep="ngay_sinh") == ["Đỗ Văn Đạt", "Lê Thị Ánh", "Nguyễn Thị Hoa", "Trần Văn An"]
    assert shown(sap_xep="-ngay_sinh") == ["Trần Văn An", "Nguyễn Thị Hoa", "Lê Thị Ánh", "Đỗ Văn Đạt"]
    assert shown() == ["Trần Văn An", "Lê Thị Ánh", "Đỗ Văn Đạt", "Nguyễn Thị Hoa"]
    assert shown(sap_xep="khong-co") == shown()  # an unknown order: the names' order, no error
    # The export follows the order on the screen.
    content = home_affairs.get("/can-bo/xuat-excel/", {"sap_xep": "-ngay_sinh"}).content
    assert exported_names(content) == ["Trần Văn An", "Nguyễn Thị Hoa", "Lê Thị Ánh", "Đỗ Văn Đạt"]


def test_pages_keep_the_filter_and_the_order_in_their_links(people, home_affairs) -> None:
    for i in range(11):
        person(f"Phạm Thị Mai {i:02d}", "KH.STC", born=dt.date(1980, 1, 1 + i))
    html = home_affairs.get("/can-bo/", {"gioi_tinh": "nu", "sap_xep": "ngay_sinh", "so_dong": "10"}).content
    text = html.decode().replace("&amp;", "&")
    assert "13 người" in text and "trang 1/2" in text
    second = re.search(r'href="\?([^"]*trang=2)"', text)
    assert second is not None and "gioi_tinh=nu" in second[1] and "sap_xep=ngay_sinh" in second[1]
    page_two = home_affairs.get(f"/can-bo/?{second[1]}").content.decode()
    table = page_two[page_two.index('id="people-table"') :]
    # 13 women by birth date: 11 Mai (1980), then Hoa and Ánh (1985): page 2 holds the last Mai, Ánh, Hoa.
    assert re.findall(r'<a href="/can-bo/\d+/">([^<]+)</a>', table) == [
        "Phạm Thị Mai 10",
        "Lê Thị Ánh",
        "Nguyễn Thị Hoa",
    ]


def test_names_not_codes(people, home_affairs) -> None:
    html = home_affairs.get(f"/can-bo/{people['hoa'].pk}/").content.decode()
    assert "Sở Tài chính" in html  # Cơ quan quản lý hồ sơ and the work history, by name
    assert "Tiếng Anh bậc 4" in html and ">en bậc" not in html
    listed = home_affairs.get("/can-bo/").content.decode()
    assert "Sở Y tế" in listed
    rows = read_workbook(home_affairs.get("/can-bo/xuat-excel/", {"q": "hoa"}).content)[C.SHEET]
    header = rows[0]
    hoa = dict(zip(header, rows[1], strict=False))
    assert (hoa[C.LANGUAGE.header], hoa[C.LANGUAGE_LEVEL.header], hoa[C.POST.header]) == (
        "Tiếng Anh",
        "Bậc 4",
        "Giám đốc Sở",
    )


def test_the_export_gives_the_start_in_the_unit_and_a_reload_keeps_it(builtin_org, home_affairs) -> None:
    """In KH.STC 2010–2015, then in KH.SYT from 01/01/2015, its deputy director from 01/06/2020:
    the file says "Ngày vào đơn vị" 01/01/2015 (the unbroken stay in KH.SYT), and loaded into an
    empty registry today it starts her there then, not today."""
    from canbo.accounts.system import SYSTEM
    from canbo.people.io.excel import rows_from_excel
    from canbo.people.services import people_import

    posts_ensure()
    p = person("Võ Thị Lan", "KH.SYT", born=dt.date(1980, 2, 2))
    first = p.assignments.get()
    syt, stc = Unit.objects.get(code="KH.SYT"), Unit.objects.get(code="KH.STC")
    first.valid_from, first.valid_to, first.unit = dt.date(2010, 1, 1), dt.date(2015, 1, 1), stc
    first.save()
    Assignment.objects.create(
        person=p,
        unit=syt,
        valid_from=dt.date(2015, 1, 1),
        valid_to=dt.date(2020, 6, 1),
        start_reason="dieu_dong",
    )
    Assignment.objects.create(
        person=p, unit=syt, post=Post.objects.get(code="pho_giam_doc_so"), valid_from=dt.date(2020, 6, 1),
        start_reason="bo_nhiem",
    )  # fmt: skip
    content = home_affairs.get("/can-bo/xuat-excel/").content
    header, line = read_workbook(content)[C.SHEET][:2]
    cells = dict(zip(header, line, strict=True))
    assert (cells[C.UNIT_FROM.header], cells[C.POST_FROM.header]) == (
        dt.date(2015, 1, 1),
        dt.date(2020, 6, 1),
    )
    Person.objects.all().delete()
    units = dict(Unit.objects.values_list("code", "id"))
    people_import(actor=SYSTEM, rows=rows_from_excel(content, units=units, today=dt.date(2026, 11, 25)),
                  on=dt.date(2026, 11, 25))  # fmt: skip
    periods = list(
        Assignment.objects.order_by("valid_from").values_list(
            "unit__code", "post__code", "valid_from", "valid_to"
        )
    )
    assert periods == [
        ("KH.SYT", None, dt.date(2015, 1, 1), dt.date(2020, 6, 1)),
        ("KH.SYT", "pho_giam_doc_so", dt.date(2020, 6, 1), None),
    ]


def test_a_move_starts_on_a_new_start_in_the_unit_not_on_an_old_one(builtin_org) -> None:
    """Lan and Mai are registered in KH.STC since 01/01/2020 (matched by their CCCD). A file moves
    both to KH.SYT: Lan's row carries "Ngày vào đơn vị" 01/01/2015 (an old date, as an edited export
    would), so she moves on the roster's date; Mai's 01/10/2026, so she moves that day."""
    from canbo.accounts.system import SYSTEM
    from canbo.core.excel import write_workbook
    from canbo.people.io.excel import rows_from_excel
    from canbo.people.services import people_import

    posts_ensure()
    for name, cccd in (("Võ Thị Lan", "058180012345"), ("Võ Thị Mai", "058180012346")):
        p = person(name, "KH.STC", born=dt.date(1980, 2, 2))
        p.cccd = cccd
        p.save()
    units = dict(Unit.objects.values_list("code", "id"))
    on = dt.date(2026, 11, 25)
    rows = [
        [{C.NAME: name, C.BIRTH: "02/02/1980", C.SEX: "Nữ", C.ETHNICITY: "Kinh", C.CCCD: cccd,
          C.UNIT: "KH.SYT", C.CATEGORY: "Công chức", C.UNIT_FROM: since}.get(c) for c in C.COLUMNS]
        for name, cccd, since in (("Võ Thị Lan", "058180012345", dt.date(2015, 1, 1)),
                                  ("Võ Thị Mai", "058180012346", dt.date(2026, 10, 1)))
    ]  # fmt: skip
    data = write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], rows)])
    people_import(actor=SYSTEM, rows=rows_from_excel(data, units=units, today=on, as_of=on), on=on)
    periods = list(
        Assignment.objects.order_by("person__full_name", "valid_from").values_list(
            "person__full_name", "unit__code", "valid_from", "valid_to"
        )
    )
    assert periods == [
        ("Võ Thị Lan", "KH.STC", dt.date(2020, 1, 1), on),
        ("Võ Thị Lan", "KH.SYT", on, None),
        ("Võ Thị Mai", "KH.STC", dt.date(2020, 1, 1), dt.date(2026, 10, 1)),
        ("Võ Thị Mai", "KH.SYT", dt.date(2026, 10, 1), None),
    ]
