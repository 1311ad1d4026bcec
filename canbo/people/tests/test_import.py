"""Excel in and out of the registry: all or nothing, every bad row named, idempotent, scoped."""

import datetime as dt
import io
import zipfile

import pytest

from canbo.accounts.system import SYSTEM
from canbo.audit.models import AuditEntry
from canbo.core.errors import InputRejected
from canbo.core.excel import read_workbook, write_workbook
from canbo.org.models import Unit, UnitVersion
from canbo.people.io import columns as C
from canbo.people.io.excel import rows_from_excel
from canbo.people.io.export import people_export_xlsx, template_xlsx
from canbo.people.models import Assignment, LanguageSkill, Person, PoliticalConclusion, cccd_is
from canbo.people.services import IMPORTED_DECISION_NOTE, people_import

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)
HEADERS = [c.header for c in C.COLUMNS]


def row(
    name: str = "Nguyễn Thị Hoa",
    birth: object = "12/03/1985",
    sex: str = "Nữ",
    ethnicity: str = "Kinh",
    cccd: str = "058185012345",
    unit: str = "KH.SNV",
    category: str = "Công chức",
    post: str = "",
    post_from: object = None,
    religion: str = "Không",
    language: str = "Tiếng Anh",
    level: object = "B2",
    political: str = "Trung cấp",
    qualification: str = "Đại học",
    conclusion: object = None,
    decision: str = "",
) -> list[object]:
    """A row of the template. An appointment from 29/10/2021 needs a political-standard conclusion
    (plan II.7: `conclusion`) and, for the people of these files (in no planning pool), the number of
    the competent level's decision (`decision`)."""
    return [
        name,
        birth,
        sex,
        ethnicity,
        religion,
        cccd,
        unit,
        category,
        post,
        post_from,
        language,
        level,
        political,
        qualification,
        None,
        conclusion,
        decision,
    ]


def xlsx(rows: list[list[object]]) -> bytes:
    return write_workbook([(C.SHEET, HEADERS, rows)])


def load(data: bytes, actor: object = SYSTEM, dry_run: bool = False) -> object:
    units = dict(Unit.objects.values_list("code", "id"))
    kinds = dict(UnitVersion.objects.as_of(TODAY).values_list("unit__code", "kind"))
    return people_import(
        actor=actor,
        rows=rows_from_excel(data, units=units, today=TODAY, kinds=kinds),
        on=TODAY,
        dry_run=dry_run,
    )


def errors_of(data: bytes, actor: object = SYSTEM) -> list[str]:
    with pytest.raises(InputRejected) as info:
        load(data, actor)
    return [str(e) for e in info.value.errors]


def test_a_good_file_goes_in_and_twice_changes_nothing(builtin_org) -> None:
    data = xlsx(
        [
            row(),
            row(
                "Trần Văn Bình",
                "1990",
                "Nam",
                "Chăm",
                "058090123456",
                "KH.STC",
                post="Phó Giám đốc Sở",
                post_from="01/06/2024",
                religion="Bàni",
                conclusion="15/05/2024",
                decision="45/QĐ-UBND",
            ),
        ]
    )
    result = load(data)
    assert (result.created, result.updated, result.assignments_opened) == (2, 0, 2)
    hoa = Person.objects.get(cccd_is("058185012345"))
    assert (hoa.sex, hoa.ethnicity, hoa.religion, hoa.name_fold) == ("nu", "01", "00", "nguyen thi hoa")
    assert LanguageSkill.objects.get(person=hoa).level == 4
    binh = Person.objects.get(cccd_is("058090123456"))
    assert binh.birth_year_only and binh.birth_date == dt.date(1990, 1, 1) and binh.religion == "04"
    assignment = Assignment.objects.get(person=binh)
    assert (assignment.post.name, assignment.valid_from, assignment.unit.code) == (
        "Phó Giám đốc Sở",
        dt.date(2024, 6, 1),
        "KH.STC",
    )
    # The file's conclusion is on record, and the decision with the reasons the authority decided on.
    conclusion = PoliticalConclusion.objects.get(person=binh)
    assert (conclusion.concluded_on, conclusion.meets_standard) == (dt.date(2024, 5, 15), True)
    assert (assignment.decision_number, assignment.note) == ("45/QĐ-UBND", IMPORTED_DECISION_NOTE)
    assert "Quy hoạch" in " ".join(r["rule"] for r in assignment.check_reasons)
    assert result.conclusions_added == 1
    entries = AuditEntry.objects.count()
    again = load(data)
    assert (again.created, again.updated, again.unchanged, again.assignments_opened) == (0, 0, 2, 0)
    assert AuditEntry.objects.count() == entries


def test_a_changed_post_closes_the_old_assignment(builtin_org) -> None:
    load(
        xlsx([row(post="Phó Trưởng phòng", post_from="01/01/2022", conclusion="10/12/2021", decision="1/QĐ")])
    )
    result = load(
        xlsx([row(post="Trưởng phòng", post_from="01/09/2026", conclusion="10/12/2021", decision="2/QĐ")])
    )
    assert (result.updated, result.assignments_opened, result.assignments_closed) == (0, 1, 1)
    old, new = Assignment.objects.order_by("valid_from")
    assert (old.post.name, old.valid_to, new.post.name, new.valid_from, new.valid_to) == (
        "Phó Trưởng phòng",
        dt.date(2026, 9, 1),
        "Trưởng phòng",
        dt.date(2026, 9, 1),
        None,
    )


def test_matched_by_name_birth_and_unit_without_cccd(builtin_org) -> None:
    load(xlsx([row(cccd="")]))
    result = load(xlsx([row(cccd="", qualification="Thạc sĩ")]))
    assert (result.created, result.updated) == (0, 1)
    person = Person.objects.get()
    assert person.qualification == "thac_si" and person.version == 2


def test_ten_bad_rows_among_a_thousand_are_all_named_and_nothing_is_written(builtin_org) -> None:
    good = [row(f"Người Thứ {i}", f"01/01/{1970 + i % 30}", cccd="", unit="KH.SYT") for i in range(1000)]
    bad_rows = {
        3: (C.BIRTH, "31/02/1980"),
        50: (C.SEX, "Khác"),
        120: (C.ETHNICITY, "Kinh tế"),
        200: (C.UNIT, "KH.XYZ"),
        300: (C.CATEGORY, "Hợp đồng"),
        400: (C.POST, "Tổng giám đốc"),
        500: (C.POST_FROM, "ngày mai"),
        600: (C.LANGUAGE_LEVEL, "Bậc 9"),
        700: (C.CCCD, "058185012345"),
        999: (C.NAME, ""),
    }
    rows = [list(r) for r in good]
    for index, (column, value) in bad_rows.items():
        rows[index][C.COLUMNS.index(column)] = value
    errors = errors_of(xlsx(rows))
    assert len(errors) == 10
    for (index, (column, _)), message in zip(sorted(bad_rows.items()), errors, strict=True):
        assert message.startswith(f"Trang “{C.SHEET}”, dòng {index + 2}, cột “{column.header}”: "), message
    assert Person.objects.count() == 0
    fixed = [list(r) for r in good]
    assert load(xlsx(fixed)).created == 1000


def test_cccd_must_agree_with_birth_and_sex(builtin_org) -> None:
    errors = errors_of(xlsx([row(cccd="058085012345")]))  # a man's digit for a woman
    assert len(errors) == 1 and "cột “Số CCCD”" in errors[0]


def test_excel_dates_years_and_numeric_cccd(builtin_org) -> None:
    data = xlsx(
        [row(birth=dt.date(1985, 3, 12), cccd="058185012345"), row("Lê Văn Cường", 1979, "Nam", cccd="")]
    )
    load(data)
    assert Person.objects.get(full_name="Lê Văn Cường").birth_year_only


def test_missing_columns_are_named(builtin_org) -> None:
    data = write_workbook([(C.SHEET, ["Họ và tên", "Ngày sinh"], [["A", "01/01/1990"]])])
    (message,) = errors_of(data)
    assert "Thiếu cột bắt buộc" in message and "“Giới tính”" in message and "“Mã đơn vị”" in message


def test_hostile_files_are_refused_before_parsing(builtin_org) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "x")
        archive.writestr("xl/workbook.xml", "x")
        archive.writestr("xl/vbaProject.bin", "macro")
    assert "macro" in errors_of(buffer.getvalue())[0]
    assert "không phải bảng tính" in errors_of(b"MZ\x90\x00 not a spreadsheet")[0]


def test_a_focal_officer_imports_only_into_their_agency(builtin_org, make_user) -> None:
    focal = make_user("dau_moi", "KH.STC")
    errors = errors_of(
        xlsx([row(unit="KH.STC", cccd=""), row("Lê Văn Tư", unit="KH.SYT", sex="Nam", cccd="")]), focal
    )
    assert errors == [
        f"Trang “{C.SHEET}”, dòng 3, cột “Mã đơn vị”: Đơn vị “KH.SYT” nằm ngoài phạm vi được phân quyền của bạn."
    ]
    assert load(xlsx([row(unit="KH.STC", cccd="")]), focal).created == 1


def test_export_writes_the_template_and_reads_back_unchanged(builtin_org) -> None:
    load(
        xlsx(
            [
                row(),
                row(
                    '=HYPERLINK("x")',
                    "02/02/1992",
                    "Nam",
                    cccd="",
                    post="Trưởng phòng",
                    post_from="01/01/2023",
                    conclusion="20/12/2022",
                    decision="=12/QĐ",
                ),
            ]
        )
    )
    exported, _ids = people_export_xlsx(user=SYSTEM)
    sheet = read_workbook(exported)[C.SHEET]
    assert sheet[0] == HEADERS
    names = {r[0] for r in sheet[1:]}
    assert '=HYPERLINK("x")' in names
    # The post's decision and the conclusion (political data: a role that may see it) go out and back.
    units = dict(Unit.objects.values_list("code", "id"))
    (head,) = [r for r in rows_from_excel(exported, units=units, today=TODAY) if r.full_name.startswith("=")]
    assert (head.conclusion_on, head.decision_number) == (dt.date(2022, 12, 20), "=12/QĐ")
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere
    result = load(exported)
    assert (result.created, result.updated, result.assignments_opened) == (0, 0, 0)


def test_template_has_the_columns() -> None:
    assert read_workbook(template_xlsx())[C.SHEET][0] == HEADERS


def test_an_import_is_recorded_once_with_its_file_and_each_new_person_with_their_row(
    builtin_org, client, make_user, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from canbo.people.models import PeopleImport
    from canbo.people.services import ImportSource

    settings.MEDIA_ROOT = tmp_path
    officer = make_user("noi_vu", "KH")
    data = xlsx([row(), row("Trần Văn Bình", "1990", "Nam", cccd="058090123456", unit="KH.STC")])
    units = dict(Unit.objects.values_list("code", "id"))
    rows = rows_from_excel(data, units=units, today=TODAY)
    people_import(
        actor=officer, rows=rows, on=TODAY, source=ImportSource("ds-thang-11.xlsx", data), dry_run=True
    )
    assert not PeopleImport.objects.exists() and not list(tmp_path.rglob("*.xlsx"))  # a dry run keeps nothing
    with django_capture_on_commit_callbacks(execute=True):
        people_import(actor=officer, rows=rows, on=TODAY, source=ImportSource("ds-thang-11.xlsx", data))
    batch = PeopleImport.objects.get()
    assert (batch.file_name, batch.rows, batch.created, batch.actor_name) == (
        "ds-thang-11.xlsx",
        2,
        2,
        officer.username,
    )
    with batch.file.open("rb") as stored:
        assert stored.read() == data  # every value the import brought can be read again
    entry = AuditEntry.objects.get(action="people.import")
    assert entry.changes["after"]["created"] == 2 and entry.object_id == str(batch.pk)
    assert not AuditEntry.objects.filter(action="people.person.import").exists()
    binh = Person.objects.get(cccd_is("058090123456"))
    assert (binh.created_by_import, binh.import_row) == (batch, 3)  # the header is row 1

    # The person's page shows where they came from.
    client.force_login(officer)
    page = client.get(binh.get_absolute_url()).content.decode()
    assert "Thêm mới khi nhập tệp" in page and "ds-thang-11.xlsx" in page and "dòng 3" in page

    # The same file again changes nothing, so nothing is recorded.
    people_import(actor=officer, rows=rows, on=TODAY, source=ImportSource("ds-thang-11.xlsx", data))
    assert PeopleImport.objects.count() == 1


def test_an_update_by_import_is_audited_per_person_with_before_and_after(builtin_org) -> None:
    load(xlsx([row()]))
    load(xlsx([row(qualification="Thạc sĩ")]))
    entry = AuditEntry.objects.get(action="people.person.update")
    hoa = Person.objects.get(cccd_is("058185012345"))
    assert entry.object_id == str(hoa.pk)
    assert (entry.changes["before"]["qualification"], entry.changes["after"]["qualification"]) == (
        "dai_hoc",
        hoa.qualification,
    )
    assert hoa.qualification != "dai_hoc"


def test_an_import_that_fails_after_writing_leaves_no_file(
    builtin_org, settings, tmp_path, monkeypatch
) -> None:
    from django.db import transaction

    import canbo.people.services as services
    from canbo.people.models import PeopleImport
    from canbo.people.services import ImportSource

    settings.MEDIA_ROOT = tmp_path
    data = xlsx([row()])
    rows = rows_from_excel(data, units=dict(Unit.objects.values_list("code", "id")), today=TODAY)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(services, "_languages_from_rows", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        people_import(actor=SYSTEM, rows=rows, on=TODAY, source=ImportSource("a.xlsx", data))
    assert not PeopleImport.objects.exists() and not Person.objects.exists()
    assert not list(tmp_path.rglob("*.xlsx"))


def test_a_file_that_changes_only_a_language_level_is_recorded_and_audited(builtin_org) -> None:
    from canbo.people.models import PeopleImport

    load(xlsx([row(level="B1")]))
    hoa = Person.objects.get(cccd_is("058185012345"))
    result = load(xlsx([row(level="C1")]))
    assert (result.updated, result.languages_changed) == (0, 1)
    assert LanguageSkill.objects.get(person=hoa).level == 5
    assert PeopleImport.objects.count() == 2
    entry = AuditEntry.objects.get(action="people.person.update", object_id=str(hoa.pk))
    assert (entry.changes["before"], entry.changes["after"]) == (
        {"language": "en", "level": 3},
        {"language": "en", "level": 5},
    )
    assert entry.object_repr == "Nguyễn Thị Hoa"
    assert load(xlsx([row(level="C1")])).languages_changed == 0 and PeopleImport.objects.count() == 2


def test_a_first_load_builds_the_indexes_after_and_gives_the_same_registry(builtin_org, monkeypatch) -> None:
    """An import at least as large as the registry sets the tables' indexes (and on PostgreSQL their
    foreign keys) aside while it writes (core.bulk.large_load): the people, their posts and
    languages are the same, and the indexes are back."""
    import canbo.core.bulk
    from canbo.core.bulk import _plain_indexes

    monkeypatch.setattr(canbo.core.bulk, "LARGE_LOAD_MIN_ROWS", 2)
    tables = ("people_person", "people_assignment", "people_languageskill")
    before = {t: _plain_indexes(t) for t in tables}
    result = load(
        xlsx(
            [
                row(),
                row(
                    "Trần Văn Bình",
                    "1990",
                    "Nam",
                    cccd="058090123456",
                    post="Phó Giám đốc",
                    post_from="01/02/2024",
                    conclusion="05/01/2024",
                    decision="7/QĐ-UBND",
                ),
                row("Lê Thị Cúc", "02/02/1992", cccd="058192000001", unit="KH.STC", level="B1"),
            ]
        )
    )
    assert (result.created, result.assignments_opened, result.languages_changed) == (3, 3, 3)
    assert {t: _plain_indexes(t) for t in tables} == before
    binh = Person.objects.get(cccd_is("058090123456"))
    assignment = Assignment.objects.get(person=binh)
    assert (assignment.post.name, assignment.valid_from) == ("Phó Giám đốc Sở", dt.date(2024, 2, 1))
    assert LanguageSkill.objects.get(cccd_is("058192000001", prefix="person__")).level == 3
    assert load(xlsx([row()])).unchanged == 1  # matched through the rebuilt indexes


def test_a_cell_is_told_apart_by_its_type_as_well(builtin_org) -> None:
    """1, 1.0 and TRUE are equal in Python but not the same cell: a TRUE where a level is expected
    is refused, whatever other rows of the column hold."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(C.SHEET)
    rows = [
        HEADERS,
        row(),
        row("Trần Văn Bình", "1990", "Nam", cccd="058090123456"),
        row("Lê Thị Cúc", "02/02/1992", cccd="058192000001"),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                sheet.write(r, c, value)
    level = HEADERS.index("Bậc ngoại ngữ")
    sheet.write_number(1, level, 1)
    sheet.write_boolean(2, level, True)  # a real TRUE cell, not the text "True"
    sheet.write_number(3, level, 1)
    book.close()
    with pytest.raises(InputRejected) as info:
        rows_from_excel(buffer.getvalue(), units=dict(Unit.objects.values_list("code", "id")), today=TODAY)
    assert [(e.row, e.column) for e in info.value.errors] == [(3, "Bậc ngoại ngữ")]


def test_a_dry_run_sets_no_index_aside(builtin_org, monkeypatch) -> None:
    import canbo.core.bulk

    def refuse(table: str) -> None:
        raise AssertionError(f"a dry run set the indexes of {table} aside")

    monkeypatch.setattr(canbo.core.bulk, "LARGE_LOAD_MIN_ROWS", 1)
    monkeypatch.setattr(canbo.core.bulk, "_set_aside", refuse)
    result = load(xlsx([row(), row("Trần Văn Bình", "1990", "Nam", cccd="058090123456")]), dry_run=True)
    assert result.created == 2 and not Person.objects.exists()


def test_the_conclusion_goes_out_only_to_roles_that_may_see_political_data(builtin_org, make_user) -> None:
    """The political-standard conclusion is political data (Decree 356/2025): like ethnicity, a leader's
    export leaves it empty; the decision number of the post is not sensitive."""
    load(xlsx([row(post="Trưởng phòng", post_from="01/01/2023", conclusion="20/12/2022", decision="9/QĐ")]))
    conclusion_at, decision_at = HEADERS.index(C.CONCLUSION.header), HEADERS.index(C.DECISION.header)
    ethnicity_at = HEADERS.index(C.ETHNICITY.header)
    for user, seen in ((make_user("lanh_dao", "KH.SNV"), False), (make_user("noi_vu", "KH"), True)):
        (line,) = read_workbook(people_export_xlsx(user=user)[0])[C.SHEET][1:]
        assert bool(line[conclusion_at]) is seen and bool(line[ethnicity_at]) is seen
        assert line[decision_at] == "9/QĐ"


def test_an_appointment_the_gate_refuses_is_the_rows_error_and_nothing_is_written(builtin_org) -> None:
    """Plan II.7: no conclusion, no appointment; soft reasons need the decision's number. Each is the
    row's error under the column to fill, and the file writes nothing."""
    errors = errors_of(
        xlsx(
            [
                row(post="Trưởng phòng", post_from="01/01/2023", decision="3/QĐ"),
                row("Lê Văn Tư", "01/01/1980", "Nam", cccd="", post="Trưởng phòng", post_from="01/01/2023",
                    conclusion="20/12/2022"),
            ]
        )
    )  # fmt: skip
    assert errors[0].startswith(f"Trang “{C.SHEET}”, dòng 2, cột “{C.CONCLUSION.header}”: ")
    assert "Kết luận tiêu chuẩn chính trị" in errors[0] and "II.7" in errors[0]
    assert f"ghi ngày kết luận vào cột “{C.CONCLUSION.header}”" in errors[0]
    assert all(f"dòng 3, cột “{C.DECISION.header}”" in e for e in errors[1:]) and len(errors) == 3
    assert f"Ghi số quyết định bổ nhiệm vào cột “{C.DECISION.header}”" in errors[1]
    assert Person.objects.count() == 0 and PoliticalConclusion.objects.count() == 0


def test_an_appointment_before_the_gate_is_history_and_needs_nothing(builtin_org) -> None:
    """Before 29/10/2021 (gate.political_conclusion_from) an appointment is history being recorded."""
    load(xlsx([row(post="Trưởng phòng", post_from="01/06/2021")]))
    assignment = Assignment.objects.get()
    assert (assignment.decision_number, assignment.check_reasons) == ("", [])


def test_a_conclusion_already_on_record_is_not_written_twice(builtin_org) -> None:
    load(xlsx([row(conclusion="20/12/2022")]))
    person = Person.objects.get()
    assert person.political_conclusions.get().conclusion == "Đủ tiêu chuẩn chính trị (ghi nhận từ tệp nhập)"
    entries = AuditEntry.objects.count()
    assert load(xlsx([row(conclusion="20/12/2022")])).conclusions_added == 0
    assert AuditEntry.objects.count() == entries
    result = load(xlsx([row(conclusion="01/06/2025")]))  # a newer one, on an existing person: audited
    assert result.conclusions_added == 1 and person.political_conclusions.count() == 2
    assert AuditEntry.objects.filter(action="people.conclusion.create", object_id=str(person.pk)).count() == 1
