"""A roster loaded as of a date in the past (issue 13.1): every number below was worked out by hand
from the table, not by running the code.

D = 01/03/2026, a day before the test runs. The province's roster on D, as an agency would send it:
no "Ngày vào đơn vị" column; the leaders' "Ngày bổ nhiệm" given. Loaded with
`canbo people import FILE --as-of 01/03/2026`, every person is in their unit from D (or from their
appointment, when earlier), so D's figures are the roster's. Loaded again, into an empty registry,
with each row's real start in the unit ("Ngày vào đơn vị"), the figures on D are the same.

The leaders appointed from 29/10/2021 carry what the appointment gate asks (plan II.7): a conclusion
that they meet the political standard ("Ngày kết luận TCCT", 01/12/2021) and the decision's number (in
no planning pool: the competent level decided). An was appointed before that day (history, not
checked): at 56 he had less than a full term left, which a first appointment from the gate on may not.

    A = KH.STC Sở Tài chính, B = KH.SYT Sở Y tế (both in force on D)

who                sex  born        eth.  category   lang.  post on D (Ngày bổ nhiệm)   in the unit since
Nguyễn Văn An      nam  20/06/1965  Kinh  công chức  en 3   A Giám đốc Sở (01/07/2021)  01/01/2010
Trần Thị Bình      nữ   01/03/1986  Kinh  công chức  en 4   A Phó Giám đốc (01/01/2022) 01/09/2015
Lê Văn Cường       nam  02/03/1986  Chăm  công chức  en 3   A Phó Giám đốc (01/01/2025) 01/02/2012
Võ Thị Giang       nữ   12/12/1992  Kinh  công chức  –      –                           01/01/2020
Bùi Thị Kim        nữ   05/05/1985  Kinh  NLĐ        –      –                           01/01/2018
Đặng Văn Hùng      nam  03/03/1980  Kinh  viên chức  en 5   –                           01/01/2015
Ngô Văn Khánh      nam  29/02/1984  Kinh  công chức  –      B Giám đốc Sở (01/04/2022)  01/09/2019
Lý Văn Long        nam  01/01/1975  Hoa   công chức  –      B Phó Giám đốc (01/01/2023) 01/06/2016
Mai Thị Ngọc       nữ   01/01/1991  Kinh  công chức  –      –                           01/01/2019
Đoàn Thị Oanh      nữ   01/01/1993  Kinh  công chức  en 4   –                           01/01/2019
Tạ Văn Phúc        nam  04/04/1988  Kinh  công chức  –      –                           01/01/2016

On D:
A: leaders {An, Bình, Cường} = 3; under 40: Cường only (Bình turns 40 on D itself) = 1 → 33,3 %.
   Counted for women (cán bộ, công chức) {An, Bình, Cường, Giang} = 4, women {Bình, Giang} = 2 ≥ 1/3
   → the rule applies; Bình leads → met. Minority leaders {Cường} = 1. International: of the 4
   counted, {Bình} (en 4; Hùng's en 5 does not count, a viên chức) = 1 → 25,0 %. Headcount 6.
B: leaders {Khánh, Long} = 2, none under 40 (Khánh is 42) → 0,0 %. Counted {Khánh, Long, Ngọc,
   Oanh, Phúc} = 5, women {Ngọc, Oanh} = 2, 6 ≥ 5 → applies; no woman leads → violated. Minority
   leaders {Long} = 1. International {Oanh} = 1 of 5 → 20,0 %. Headcount 5.
Province: leaders 5, under 40 1 → 20,0 %; minority leaders 2 → 40,0 %; international 2 of 9 → 22,2 %;
   headcount 11; women {Bình, Giang, Ngọc, Oanh} = 4 of the 9 counted (Kim, a worker, is not).
The day before D: "chưa có số liệu trước ngày 01/03/2026" when the roster started people on D; no
such limit when every row gave its start.
"""

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from canbo.accounts.system import SYSTEM
from canbo.core.dates import parse_date
from canbo.core.errors import InputRejected
from canbo.core.excel import write_workbook
from canbo.indicators.selectors import forecast_from, indicators_on
from canbo.people.io import columns as C
from canbo.people.models import Assignment, PeopleImport, Person
from canbo.people.selectors import registry_first_day

pytestmark = pytest.mark.django_db

D = dt.date(2026, 3, 1)
A, B = "KH.STC", "KH.SYT"
HEAD, DEPUTY = "Giám đốc Sở", "Phó Giám đốc Sở"

# name, sex, born, ethnicity, category, language level (English), unit, post, appointed, in the unit since
ROSTER = [
    ("Nguyễn Văn An", "Nam", "20/06/1965", "Kinh", "Công chức", 3, A, HEAD, "01/07/2021", "01/01/2010"),
    ("Trần Thị Bình", "Nữ", "01/03/1986", "Kinh", "Công chức", 4, A, DEPUTY, "01/01/2022", "01/09/2015"),
    ("Lê Văn Cường", "Nam", "02/03/1986", "Chăm", "Công chức", 3, A, DEPUTY, "01/01/2025", "01/02/2012"),
    ("Võ Thị Giang", "Nữ", "12/12/1992", "Kinh", "Công chức", None, A, "", "", "01/01/2020"),
    ("Bùi Thị Kim", "Nữ", "05/05/1985", "Kinh", "Người lao động", None, A, "", "", "01/01/2018"),
    ("Đặng Văn Hùng", "Nam", "03/03/1980", "Kinh", "Viên chức", 5, A, "", "", "01/01/2015"),
    ("Ngô Văn Khánh", "Nam", "29/02/1984", "Kinh", "Công chức", None, B, HEAD, "01/04/2022", "01/09/2019"),
    ("Lý Văn Long", "Nam", "01/01/1975", "Hoa", "Công chức", None, B, DEPUTY, "01/01/2023", "01/06/2016"),
    ("Mai Thị Ngọc", "Nữ", "01/01/1991", "Kinh", "Công chức", None, B, "", "", "01/01/2019"),
    ("Đoàn Thị Oanh", "Nữ", "01/01/1993", "Kinh", "Công chức", 4, B, "", "", "01/01/2019"),
    ("Tạ Văn Phúc", "Nam", "04/04/1988", "Kinh", "Công chức", None, B, "", "", "01/01/2016"),
]  # fmt: skip

DEPARTMENTS = {
    A: {"leaders": 3, "leaders_under_40": 1, "share_under_40": 33.3, "staff_counted_for_women": 4,
        "women_staff": 2, "female_leaders": 1, "women_rule": "met", "ethnic_minority_leaders": 1,
        "staff_counted_for_international": 4, "international_capable": 1, "international_share": 25.0,
        "headcount": 6},
    B: {"leaders": 2, "leaders_under_40": 0, "share_under_40": 0.0, "staff_counted_for_women": 5,
        "women_staff": 2, "female_leaders": 0, "women_rule": "violated", "ethnic_minority_leaders": 1,
        "staff_counted_for_international": 5, "international_capable": 1, "international_share": 20.0,
        "headcount": 5},
}  # fmt: skip
PROVINCE = {
    "leaders": 5, "leaders_under_40": 1, "share_under_40": 20.0, "ethnic_minority_leaders": 2,
    "ethnic_minority_leader_share": 40.0, "staff_counted_for_international": 9, "international_capable": 2,
    "international_share": 22.2, "headcount": 11, "women_staff": 4, "staff_counted_for_women": 9,
}  # fmt: skip


GATE = dt.date(2021, 10, 29)  # gate.political_conclusion_from (canbo/decisions/data/rules.toml)
CONCLUDED = "01/12/2021"


def roster_file(tmp_path: Path, *, with_start: bool) -> Path:
    headers = [c.header for c in C.COLUMNS if with_start or c is not C.UNIT_FROM]
    rows = []
    for name, sex, born, eth, category, level, unit, post, appointed, since in ROSTER:
        cells = {
            C.NAME: name, C.BIRTH: born, C.SEX: sex, C.ETHNICITY: eth, C.RELIGION: "Không", C.CCCD: "",
            C.UNIT: unit, C.CATEGORY: category, C.POST: post, C.POST_FROM: appointed,
            C.LANGUAGE: "Tiếng Anh" if level else "", C.LANGUAGE_LEVEL: level, C.POLITICAL: "",
            C.QUALIFICATION: "Đại học", C.UNIT_FROM: since,
            C.CONCLUSION: CONCLUDED if post and parse_date(appointed) >= GATE else None,
            C.DECISION: f"{len(rows) + 1}/QĐ-UBND" if post else "",
        }  # fmt: skip
        rows.append([cells[c] for c in C.COLUMNS if with_start or c is not C.UNIT_FROM])
    path = tmp_path / f"danh-sach-{'co' if with_start else 'khong'}-ngay-vao.xlsx"
    path.write_bytes(write_workbook([(C.SHEET, headers, rows)]))
    return path


def load(path: Path, *options: str) -> None:
    call_command("people", "import", str(path), *options, stdout=StringIO(), stderr=StringIO())


def figures(as_of: dt.date) -> dict[str, Any]:
    return {"indicators": indicators_on(user=SYSTEM, as_of=as_of), "forecast": forecast_from(
        user=SYSTEM, start=as_of, to_year=2030)}  # fmt: skip


def check_hand_worked(result: dict[str, Any]) -> None:
    by_code = {d["unit_code"]: d for d in result["departments"]}
    for code, expected in DEPARTMENTS.items():
        assert {k: by_code[code][k] for k in expected} == expected, code
    assert {k: result["province"][k] for k in PROVINCE} == PROVINCE
    others = [d for code, d in by_code.items() if code not in DEPARTMENTS]
    assert others and all(d["headcount"] == 0 for d in others)


def test_a_past_roster_imported_today_as_of_its_date_gives_that_dates_figures(
    builtin_org: None, tmp_path: Path
) -> None:
    # Every row with its real start in the unit, the roster's date left at today: no limit.
    load(roster_file(tmp_path, with_start=True))
    assert registry_first_day() is None
    with_start = figures(D)
    check_hand_worked(with_start["indicators"])
    assert indicators_on(user=SYSTEM, as_of=D - dt.timedelta(days=1))["province"]["headcount"] == 11

    # An empty registry again (the import records stay: they are append-only).
    Person.objects.all().delete()
    assert not Assignment.objects.exists()

    # The same roster without the start column, loaded today as of D.
    load(roster_file(tmp_path, with_start=False), "--as-of", "01/03/2026")
    batch = PeopleImport.objects.order_by("-pk").first()
    assert batch is not None and (batch.as_of, batch.as_of_starts) == (D, 11 - 5)  # leaders: own dates
    without_start = figures(D)
    check_hand_worked(without_start["indicators"])
    assert without_start == with_start  # the same numbers, the forecast's included

    # Giang (no post) is in her unit from D; An from his appointment, 01/07/2021.
    giang = Assignment.objects.get(person__full_name="Võ Thị Giang")
    assert (giang.valid_from, giang.valid_to, giang.start_reason) == (D, None, "nhap")
    an = Assignment.objects.get(person__full_name="Nguyễn Văn An")
    assert (an.valid_from, an.post.code) == (dt.date(2021, 7, 1), "giam_doc_so")

    # Before D the registry has no data: said, not shown as a figure.
    assert registry_first_day() == D
    with pytest.raises(InputRejected) as refused:
        indicators_on(user=SYSTEM, as_of=D - dt.timedelta(days=1))
    assert refused.value.errors[0].message.startswith("Chưa có số liệu trước ngày 01/03/2026")
    with pytest.raises(InputRejected):
        forecast_from(user=SYSTEM, start=dt.date(2025, 12, 31), to_year=2030)


def test_with_a_start_column_a_person_is_in_the_unit_before_their_appointment(
    builtin_org: None, tmp_path: Path
) -> None:
    """With "Ngày vào đơn vị", a leader's time in the unit before the appointment is recorded too:
    staff on that earlier day, not a leader."""
    load(roster_file(tmp_path, with_start=True), "--as-of", "01/03/2026")
    periods = list(
        Assignment.objects.filter(person__full_name="Lê Văn Cường")
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "post__code", "end_reason")
    )
    assert periods == [
        (dt.date(2012, 2, 1), dt.date(2025, 1, 1), None, "bo_nhiem"),
        (dt.date(2025, 1, 1), None, "pho_giam_doc_so", ""),
    ]
    # Every row gave its start: the roster's date limits nothing.
    assert PeopleImport.objects.get().as_of_starts == 0
    assert registry_first_day() is None
    # The day before the roster's date has figures: everyone was there already.
    assert indicators_on(user=SYSTEM, as_of=D - dt.timedelta(days=1))["province"]["headcount"] == 11


def test_a_start_after_the_roster_date_is_refused(builtin_org: None, tmp_path: Path) -> None:
    path = roster_file(tmp_path, with_start=True)
    errors = StringIO()
    with pytest.raises(CommandError, match="Không ghi gì"):
        call_command("people", "import", str(path), "--as-of", "01/01/2019", stdout=StringIO(), stderr=errors)
    # Giang (row 5) joined on 01/01/2020: not in her unit on the roster's date.
    assert "dòng 5, cột “Ngày vào đơn vị”: Ngày vào đơn vị 01/01/2020 sau ngày tính danh sách 01/01/2019" in (
        errors.getvalue()
    )
    assert not Person.objects.exists()


def test_the_pages_say_there_is_no_data_before_the_roster_and_the_upload_takes_its_date(
    builtin_org: None, tmp_path: Path, make_user: Any
) -> None:
    """The roster's date given on the upload page ("Danh sách tính đến ngày"); then the indicator
    pages, the forecast's API and the trend say "chưa có số liệu trước ngày …" for an earlier day."""
    from django.test import Client

    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    with roster_file(tmp_path, with_start=False).open("rb") as upload:
        response = client.post("/can-bo/nhap-excel/", {"tep": upload, "ngay": "01/03/2026"})
    assert response.status_code == 302, response.content.decode()
    assert PeopleImport.objects.get().as_of == D
    message = "Chưa có số liệu trước ngày 01/03/2026"
    for address in ("/chi-tieu/", "/chi-tieu/don-vi/", "/chi-tieu/kich-ban/"):
        page = client.get(address, {"ngay": "28/02/2026"}).content.decode()
        assert message in page, address
        assert 'id="departments"' not in page and 'id="units"' not in page
    on_d = client.get("/chi-tieu/", {"ngay": "01/03/2026"}).content.decode()
    assert message not in on_d and 'id="departments"' in on_d
    api = client.get("/api/indicators/forecast", {"start": "2026-02-28"})
    assert api.status_code == 422 and message in api.json()["detail"]
    # A roster's date still to come is refused, nothing written.
    with roster_file(tmp_path, with_start=False).open("rb") as upload:
        refused = client.post("/can-bo/nhap-excel/", {"tep": upload, "ngay": "01/01/2100"})
    assert refused.status_code == 400 and "chưa đến" in refused.content.decode()
    assert PeopleImport.objects.count() == 1


def test_the_targets_page_writes_numbers_the_vietnamese_way_and_names_on_the_axes(
    builtin_org: None, tmp_path: Path, make_user: Any
) -> None:
    """Issue 13.11, with the figures worked out above: 20,0 % under 40 (1/5), 22,2 % international
    (2/9), Sở Tài chính 33,3; the charts' axes name the agencies."""
    import json
    import re

    from django.test import Client

    load(roster_file(tmp_path, with_start=False), "--as-of", "01/03/2026")
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    html = client.get("/chi-tieu/", {"ngay": "01/03/2026"}).content.decode()
    cards = html[html.index('id="province"') : html.index('id="departments"')]
    assert "20,0\u00a0%" in cards and "22,2\u00a0%" in cards and "40,0\u00a0%" in cards
    assert "20.0" not in cards and "22.2" not in cards
    departments = html[html.index('id="departments"') :]
    departments = departments[: departments.index("</table>")]  # the charts' data follow, as JSON
    assert '<td class="text-end">33,3</td>' in departments and "33.3" not in departments
    chart = json.loads(
        re.search(r'<script id="under40-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert "Sở Tài chính" in chart["labels"] and "KH.STC" not in chart["labels"]


def test_the_commands_say_there_is_no_data_before_the_roster(builtin_org: None, tmp_path: Path) -> None:
    load(roster_file(tmp_path, with_start=False), "--as-of", "01/03/2026")
    message = "Chưa có số liệu trước ngày 01/03/2026"
    for arguments in (("indicators", "--as-of", "28/02/2026"), ("forecast", "--from", "28/02/2026"),
                      ("snapshot", "save", "--as-of", "31/12/2025")):  # fmt: skip
        with pytest.raises(CommandError, match=message):
            call_command(*arguments, stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("snapshot", "yearly", stdout=out, stderr=StringIO())
    assert f"Không lưu ngày 31/12/2025: {message}" in out.getvalue()
    from canbo.indicators.models import Snapshot

    assert not Snapshot.objects.exists()
