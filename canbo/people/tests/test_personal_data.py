"""Personal data under the law (issue 10.11; Law 91/2025/QH15, Decree 356/2025): the CCCD only for
personnel work, every read and export recorded with its address, sensitive filters out of addresses,
a reason for large exports, imports that do not tell who works where, data encrypted at rest, and the
incident report that a breach notice needs."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from canbo.core.crypto import unseal_token
from canbo.core.excel import read_workbook
from canbo.people.models import Person, SensitiveAccess, cccd_is
from canbo.people.services import person_create

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def registry(builtin_org, make_user):  # type: ignore[no-untyped-def]
    from canbo.org.models import Unit
    from canbo.people.services import posts_ensure

    posts_ensure()
    admin = make_user("admin")

    def person(
        name: str, unit: str, ethnicity: str, cccd: str | None, born: dt.date, sex: str = "nu"
    ) -> Person:
        return person_create(
            actor=admin,
            data={
                "full_name": name,
                "birth_date": born,
                "sex": sex,
                "ethnicity": ethnicity,
                "cccd": cccd,
                "unit": Unit.objects.get(code=unit),
                "staff_category": "cong_chuc",
                "party_joined": D(2010, 5, 19),
            },
        )

    return {
        "hoa": person("Nguyễn Thị Hoa", "KH.STC", "01", "058185012345", D(1985, 4, 15)),
        "anh": person("Đàng Thị Ánh", "KH.STC", "17", "058190000001", D(1990, 1, 1)),
        "cuc": person("Lê Thị Cúc", "KH.SYT", "21", "058192000002", D(1992, 2, 2)),
    }


def _client(user: object, address: str = "10.1.2.3") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_cccd_is_shown_to_personnel_work_only_and_each_read_is_recorded_with_the_address(
    registry, make_user
) -> None:
    leader, focal = make_user("lanh_dao", "KH"), make_user("dau_moi", "KH.STC")
    hoa = registry["hoa"]
    page = _client(leader).get(f"/can-bo/{hoa.pk}/").content.decode()
    assert "058185012345" not in page and "Số CCCD<" not in page
    exported = read_workbook(_client(leader).get("/can-bo/xuat-excel/").content)["Danh sách cán bộ"]
    assert not any("058185012345" in str(cell) for row in exported for cell in row)
    assert _client(leader).get(f"/api/people/people/{hoa.pk}").json()["cccd"] is None
    assert "058185012345" in _client(focal, "10.9.9.9").get(f"/can-bo/{hoa.pk}/").content.decode()
    read = SensitiveAccess.objects.get(where="page")
    assert (read.actor, read.person_id, read.ip_address) == (focal, hoa.pk, "10.9.9.9")
    exports = SensitiveAccess.objects.filter(where="export")
    assert exports.count() == 1 and exports.get().actor == leader and exports.get().count == 3


def test_a_sensitive_filter_never_appears_in_an_address_and_its_list_is_recorded(registry, make_user) -> None:
    officer = make_user("noi_vu", "KH")
    client = _client(officer)
    sent = client.post("/can-bo/", {"dan_toc": "17", "q": ""})
    address = sent["Location"]
    assert sent.status_code == 302 and "dan_toc" not in address
    [token] = re.findall(r"xem=([\w-]+)", address)
    assert unseal_token(token) == {"dan_toc": "17"}
    listed = client.get(address).content.decode()
    assert "Đàng Thị Ánh" in listed and "Nguyễn Thị Hoa" not in listed
    assert "dan_toc=17" not in listed  # paging and export links carry the token
    record = SensitiveAccess.objects.get(where="filter")
    assert record.people == [registry["anh"].pk] and "dân tộc: Chăm" in record.detail
    # The same filter written in an old link is moved into a token.
    old = client.get("/can-bo/", {"dan_toc": "17"})
    assert old.status_code == 302 and "dan_toc" not in old["Location"]
    # htmx: the list comes back with the address to show, without the filter in it.
    partial = client.post("/can-bo/", {"dan_toc": "17"}, HTTP_HX_REQUEST="true")
    assert "dan_toc" not in partial["HX-Push-Url"] and "xem=" in partial["HX-Push-Url"]


@override_settings(CANBO_EXPORT_REASON_OVER=2)
def test_a_large_export_needs_a_reason_which_is_kept(registry, make_user) -> None:
    officer = make_user("noi_vu", "KH")
    client = _client(officer)
    asked = client.get("/can-bo/xuat-excel/")
    assert (
        asked.status_code == 200
        and "3 người, quá 2 người:" in asked.content.decode()
        and 'name="ly_do"' in asked.content.decode()
    )
    assert not SensitiveAccess.objects.filter(where="export").exists()
    given = client.post("/can-bo/xuat-excel/", {"ly_do": "Báo cáo Bộ Nội vụ số 12"})
    assert given["Content-Type"].startswith("application/vnd.openxmlformats")
    record = SensitiveAccess.objects.get(where="export")
    assert record.reason == "Báo cáo Bộ Nội vụ số 12" and sorted(record.people) == sorted(
        p.pk for p in registry.values()
    )
    small = client.get("/can-bo/xuat-excel/", {"don_vi": registry["cuc"].unit_id})
    assert small["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_import_does_not_tell_a_focal_officer_who_works_elsewhere(
    registry, make_user, monkeypatch
) -> None:
    from canbo.core.errors import InputRejected
    from canbo.people.io import columns as C
    from canbo.people.io.excel import rows_from_excel
    from canbo.people.services import people_import
    from canbo.people.tests.rows import template_rows

    focal = make_user("dau_moi", "KH.STC")
    headers = [c.header for c in C.COLUMNS]
    row = template_rows(1, ["KH.STC"])[0]
    cuc = registry["cuc"]  # registered in Sở Y tế
    row[headers.index(C.NAME.header)] = "Lê Thị Cúc"
    row[headers.index(C.BIRTH.header)] = "02/02/1992"
    row[headers.index(C.SEX.header)] = "Nữ"
    row[headers.index(C.CCCD.header)] = "058192000002"
    from canbo.core.excel import write_workbook
    from canbo.org.models import Unit

    units = dict(Unit.objects.values_list("code", "id"))
    data = write_workbook([(C.SHEET, headers, [row])])
    with pytest.raises(InputRejected) as refused:
        people_import(
            actor=focal,
            rows=rows_from_excel(data, units=units, today=D(2026, 11, 2)),
            on=D(2026, 11, 2),
            dry_run=True,
        )
    [error] = refused.value.errors
    assert (
        "không thuộc phạm vi của bạn" in error.message
        and "KH.SYT" not in error.message
        and "Y tế" not in error.message
    )
    probe = SensitiveAccess.objects.get(where="import-refused")
    assert probe.actor == focal and probe.people == [cuc.pk]
    monkeypatch.setattr("canbo.people.services.OUT_OF_SCOPE_CCCD_LISTED", 0)  # beyond it: no row is named
    with pytest.raises(InputRejected) as refused:
        people_import(
            actor=focal, rows=rows_from_excel(data, units=units, today=D(2026, 11, 2)), on=D(2026, 11, 2)
        )
    assert len(refused.value.errors) == 1 and refused.value.errors[0].row is None
    assert "1 dòng trùng hồ sơ không thuộc phạm vi" in refused.value.errors[0].message


def test_protected_data_is_not_in_the_database_in_the_clear(registry) -> None:
    hoa = registry["hoa"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cccd, cccd_hash, ethnicity, religion, party_joined FROM people_person WHERE id = %s",
            [hoa.pk],
        )
        cccd, cccd_hash, ethnicity, religion, party_joined = cursor.fetchone()
    assert cccd.startswith("v1:") and "058185012345" not in cccd and len(cccd_hash) == 32
    assert len(ethnicity) == 32 and ethnicity != "01" and len(religion) == 32
    assert party_joined.startswith("v1:") and "2010" not in party_joined
    fresh = Person.objects.get(pk=hoa.pk)
    assert (fresh.cccd, fresh.ethnicity, fresh.religion, fresh.party_joined) == (
        "058185012345",
        "01",
        "00",
        D(2010, 5, 19),
    )
    # Filters by ethnicity still work (the ORM compares keyed hashes).
    assert set(Person.objects.filter(ethnicity__in=["17", "21"]).values_list("full_name", flat=True)) == {
        "Đàng Thị Ánh",
        "Lê Thị Cúc",
    }
    # A ciphertext moved to another column (or tampered) does not open.
    from canbo.core.crypto import DecryptionError, unseal

    with pytest.raises(DecryptionError):
        unseal(cccd, context="people_person.party_joined")


def test_the_audit_trail_records_that_a_cccd_changed_but_not_the_number(registry, make_user) -> None:
    from canbo.audit.models import AuditEntry
    from canbo.people.services import person_update

    hoa = registry["hoa"]
    person_update(actor=make_user("admin"), person=hoa, data={"cccd": "058185099999"}, version=hoa.version)
    entry = AuditEntry.objects.filter(action="people.person.update").latest("pk")
    assert set(entry.changes["after"]) == {"cccd"}
    assert entry.changes["after"]["cccd"].startswith("#") and "058185099999" not in str(entry.changes)


def test_the_incident_report_lists_every_person_read_with_the_address(registry, make_user, capsys) -> None:
    focal, admin = make_user("dau_moi", "KH.STC", username="daumoi"), make_user("admin", username="quantri")
    _client(focal, "10.0.0.7").get(f"/can-bo/{registry['hoa'].pk}/")
    _client(focal, "10.0.0.7").get("/can-bo/xuat-excel/")
    from canbo.core.dates import today as local_today

    today = local_today().strftime("%d/%m/%Y")
    call_command("incident", "--from", today, "--to", today, "--user", "daumoi", "--format", "json")
    import json

    lines = json.loads(capsys.readouterr().out)
    assert {(x["person_name"], x["where"], x["ip_address"]) for x in lines} == {
        ("Nguyễn Thị Hoa", "Xem hồ sơ", "10.0.0.7"),
        ("Nguyễn Thị Hoa", "Xuất Excel", "10.0.0.7"),
        ("Đàng Thị Ánh", "Xuất Excel", "10.0.0.7"),
    }
    page = _client(admin).get("/can-bo/truy-cap/", {"tu": today, "den": today, "tai_khoan": "daumoi"})
    assert page.status_code == 200 and page.content.decode().count("10.0.0.7") == 3
    excel = _client(admin).get("/can-bo/truy-cap/", {"tu": today, "den": today, "dinh_dang": "xlsx"})
    assert len(read_workbook(excel.content)["Truy cập dữ liệu cá nhân"]) >= 4
    assert _client(focal).get("/can-bo/truy-cap/").status_code == 403
    # A deleted person's reads stay on record (no cascade).
    Person.objects.filter(pk=registry["hoa"].pk).delete()
    assert SensitiveAccess.objects.filter(person_id=registry["hoa"].pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_what_was_there_and_back() -> None:
    """A registry from before (plain CCCDs, codes and dates) is converted by people/0010 with the key of
    the environment, and converted back if the migration is reversed."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("people", "0009_assignment_people_assignment_start_valid_and_more")]
    after = [("people", "0011_access_log")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO org_unit (code, created_at) VALUES ('T.U', %s)",
            [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
        )
        cursor.execute("SELECT id FROM org_unit WHERE code = 'T.U'")
        (unit,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO people_person (full_name, name_fold, sort_key, birth_date, birth_year_only, sex, "
            "ethnicity, religion, cccd, unit_id, staff_category, qualification, political_theory, party_joined, "
            "created_at, updated_at) VALUES ('Lò Văn A', 'lo van a', 'a', '1980-01-02', FALSE, 'nam', '17', '01', "
            "'058080000001', %s, 'cong_chuc', '', '', '2005-03-26', %s, %s)",
            [unit, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
        )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    person = Person.objects.get(full_name="Lò Văn A")
    assert (person.cccd, person.ethnicity, person.religion, person.party_joined) == (
        "058080000001",
        "17",
        "01",
        D(2005, 3, 26),
    )
    assert Person.objects.filter(cccd_is("058080000001")).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT cccd, ethnicity FROM people_person WHERE id = %s", [person.pk])
        cccd, ethnicity = cursor.fetchone()
    assert cccd.startswith("v1:") and ethnicity != "17"
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cccd, ethnicity, party_joined FROM people_person WHERE id = %s", [person.pk])
        assert [str(v)[:12] for v in cursor.fetchone()] == ["058080000001", "17", "2005-03-26"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
