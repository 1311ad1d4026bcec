"""The load test (benchmarks/load/, `canbo bench load`; issue 17.4) without running it and without
importing locust: the locustfile parses, requests only the pages of its mix, every page of the mix is a
URL canbo has, and what the simulated users send is what the pages accept."""

import ast
import csv
import random
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse
from django_otp.oath import TOTP

from canbo.accounts.services import mfa_verify
from canbo.core.files import check_document
from canbo.demo.bench import load as bench
from canbo.plans.models import Report
from canbo.plans.selectors import agency_todo

LOAD_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "load"
LOCUSTFILE = LOAD_DIR / "locustfile.py"
mix = bench.load_mix()


def _tree() -> ast.Module:
    return ast.parse(LOCUSTFILE.read_text(encoding="utf-8"), filename=str(LOCUSTFILE))


def test_the_bench_runs_this_locustfile() -> None:
    assert bench.LOCUSTFILE == LOCUSTFILE


def test_the_locustfile_imports_neither_canbo_nor_django() -> None:
    imported = set()
    for node in ast.walk(_tree()):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert "locust" in imported and "load_mix" in imported
    assert not imported & {"canbo", "django"}


def test_the_locustfile_writes_no_path_of_its_own() -> None:
    """Every request goes to a page of load_mix (checked below against the URL configuration)."""
    paths = [
        node.value
        for node in ast.walk(_tree())
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/")
    ]
    assert paths == []


def test_the_locustfile_names_only_what_the_mix_has() -> None:
    used = {
        node.attr
        for node in ast.walk(_tree())
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "mix"
    }
    assert {"TODO", "REPORT", "OVERVIEW", "INDICATORS", "BRIEFING", "IMPORT"} <= used
    assert all(hasattr(mix, name) for name in used), sorted(n for n in used if not hasattr(mix, n))
    pages = {name for name in used if isinstance(getattr(mix, name), mix.Page)}
    assert {getattr(mix, name) for name in pages} <= set(mix.PAGES)


def test_the_mix_has_its_user_classes_with_one_importer() -> None:
    classes = {node.name: node for node in _tree().body if isinstance(node, ast.ClassDef)}
    assert set(classes) == {"FocalOfficer", "HomeAffairs", "Leader", "Importer"}
    settings_of = {
        name: {
            target.id: ast.literal_eval(statement.value)
            for statement in node.body
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
            for target in statement.targets
            if isinstance(target, ast.Name)
        }
        for name, node in classes.items()
    }
    assert settings_of["Importer"] == {"fixed_count": 1}
    weights = {name: values["weight"] for name, values in settings_of.items() if "weight" in values}
    assert weights["FocalOfficer"] > weights["HomeAffairs"] > weights["Leader"] > 0


@pytest.mark.parametrize("page", mix.PAGES, ids=lambda page: page.name)
def test_every_page_of_the_mix_is_a_url_of_canbo(page: Any) -> None:
    path = page.at(7).split("?")[0]
    kwargs = {"pk": 7} if "{pk}" in page.path else {}
    assert reverse(page.url_name, kwargs=kwargs) == path
    assert resolve(path).view_name == page.url_name


def test_the_occurrence_link_pattern_is_the_occurrence_page() -> None:
    html = f'<ul id="todo-overdue"><a href="{reverse("plans:occurrence", kwargs={"pk": 41})}">x</a></ul>'
    assert mix.reportable(html) == [41]


@pytest.mark.parametrize(
    ("host", "headless", "run_time", "users", "spawn_rate", "refused"),
    [
        ("http://127.0.0.1:8017", True, 300, 40, 5.0, False),
        ("http://127.0.0.1", True, 60, 500, 0.5, False),
        ("http://localhost:8017", True, 300, 40, 5.0, True),
        ("https://127.0.0.1:8017", True, 300, 40, 5.0, True),
        ("http://10.0.0.5:8017", True, 300, 40, 5.0, True),
        ("http://127.0.0.1.example.com:8017", True, 300, 40, 5.0, True),
        (None, True, 300, 40, 5.0, True),
        ("http://127.0.0.1:8017", False, 300, 40, 5.0, True),
        ("http://127.0.0.1:8017", True, None, 40, 5.0, True),
        ("http://127.0.0.1:8017", True, 300, None, 5.0, True),
        ("http://127.0.0.1:8017", True, 300, 501, 5.0, True),
        ("http://127.0.0.1:8017", True, 300, 40, None, True),
    ],
)
def test_a_run_is_bounded_and_local(
    host: str | None,
    headless: bool,
    run_time: int | None,
    users: int | None,
    spawn_rate: float | None,
    refused: bool,
) -> None:
    reason = mix.refusal(host=host, headless=headless, run_time=run_time, users=users, spawn_rate=spawn_rate)
    assert (reason is not None) == refused


def test_the_codes_are_django_otps() -> None:
    key = bytes(range(20))
    for at in (0, 59, 1_796_000_000, 1_796_000_029, 1_796_000_030):
        reference = TOTP(key)
        reference.time = at
        assert mix.totp(key, at) == f"{reference.token():06d}"
    assert mix.totp_keys(f"noivu:{key.hex()}, nhaplieu:{'ab' * 20}") == {
        "noivu": key,
        "nhaplieu": bytes([0xAB] * 20),
    }


def test_the_documents_are_what_the_report_form_takes() -> None:
    rng = random.Random(3)
    kinds = {check_document(mix.report_document(username="daumoi.snv", pk=9, rng=rng)[1]) for _ in range(20)}
    assert kinds == {"pdf", "docx"}


@pytest.mark.django_db
def test_the_to_do_list_links_what_the_officer_may_report(builtin_plan: Any, make_user: Any) -> None:
    """The locustfile reads the items to report on from the rendered to-do list: the same as the
    selector's returned, overdue and due-soon lists."""
    user = make_user("dau_moi", "KH.SNV")
    client = Client()
    client.force_login(user)
    html = client.get(mix.TODO.path).content.decode()
    assert mix.TODO.expect in html
    todo = agency_todo(user=user)
    expected = [r.row.occurrence.pk for r in todo.returned] + [
        r.occurrence.pk for r in (*todo.overdue, *todo.due_soon)
    ]
    assert expected, "the built-in plan leaves Sở Nội vụ's agency something to report on"
    assert mix.reportable(html) == expected


@pytest.mark.django_db
def test_the_report_the_locustfile_sends_is_accepted(
    builtin_plan: Any, make_user: Any, tmp_path: Path
) -> None:
    user = make_user("dau_moi", "KH.SNV")
    client = Client()
    client.force_login(user)
    pk = mix.reportable(client.get(mix.TODO.path).content.decode())[0]
    html = client.get(mix.OCCURRENCE.at(pk)).content.decode()
    assert mix.OCCURRENCE.expect in html
    rng = random.Random(1)
    name, body, kind = mix.report_document(username="daumoi.snv", pk=pk, rng=rng)
    fields = mix.report_fields(
        username="daumoi.snv", token=mix.csrf(html), day=time.strftime("%d/%m/%Y"), rng=rng
    )
    assert fields["csrfmiddlewaretoken"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "MEDIA_ROOT", tmp_path)
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post(
            mix.REPORT.at(pk), {**fields, "document_file": SimpleUploadedFile(name, body, kind)}, follow=True
        )
    assert response.status_code == 200
    assert mix.REPORT.expect in response.content.decode()
    report = Report.objects.get(occurrence_id=pk, submitted_by=user)
    assert report.progress == "dang" and report.document_file.name


@pytest.mark.django_db
def test_the_import_file_creates_new_people(builtin_org: Any, make_user: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from canbo.people.models import Person

    data = bench.import_workbook(80)
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    html = client.get(mix.IMPORT_FORM.path).content.decode()
    response = client.post(
        mix.IMPORT.path,
        {"csrfmiddlewaretoken": mix.csrf(html), "ngay": "", "tep": SimpleUploadedFile("nhap.xlsx", data)},
        follow=True,
    )
    assert response.status_code == 200
    assert mix.IMPORT.expect in response.content.decode()
    assert Person.objects.count() == 80


@pytest.mark.django_db
def test_the_bench_gives_sở_nội_vụ_a_device_whose_codes_the_server_takes(
    builtin_org: Any, make_user: Any
) -> None:
    noivu = make_user("noi_vu", "KH", username=mix.HOME_AFFAIRS_ACCOUNT)
    make_user("lanh_dao", "KH", username=mix.LEADER_ACCOUNT)
    assert bench.devices_ensure(usernames=[mix.HOME_AFFAIRS_ACCOUNT], mfa_on=False) is False
    assert bench.device_keys(usernames=bench.mix_accounts(mix)) == {}
    assert bench.devices_ensure(usernames=[mix.HOME_AFFAIRS_ACCOUNT], mfa_on=True) is True
    assert bench.devices_ensure(usernames=[mix.HOME_AFFAIRS_ACCOUNT], mfa_on=True) is False  # one device
    keys = bench.device_keys(usernames=bench.mix_accounts(mix))
    assert set(keys) == {mix.HOME_AFFAIRS_ACCOUNT}
    # The enrolment spent this step's code; the locustfile's code for the next step is taken.
    code = mix.totp(bytes.fromhex(keys[mix.HOME_AFFAIRS_ACCOUNT]), time.time() + 30)
    assert mfa_verify(user=noivu, token=code).device is not None


def test_the_server_runs_with_production_settings() -> None:
    env = bench.server_environment()
    assert env["CANBO_DEBUG"] == "0" and env["CANBO_HTTPS"] == "0"
    assert env["CANBO_DATA_KEY"] == settings.CANBO_DATA_KEY and env["CANBO_SECRET_KEY"]
    assert env["DJANGO_SETTINGS_MODULE"] == "canbo.settings"
    assert bench.mfa_on({"CANBO_DEBUG": "0"}) is True
    assert bench.mfa_on({"CANBO_DEBUG": "0", "CANBO_MFA_REQUIRED": "0"}) is False
    assert bench.mfa_on({"CANBO_DEBUG": "1"}) is False


LOCUST_HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,"
    "99.99%,100%"
)


def test_the_table_is_read_from_locusts_csv(tmp_path: Path) -> None:
    stats = tmp_path / "run_stats.csv"
    stats.write_text(
        LOCUST_HEADER
        + "\nGET,focal: to-do list (/),1200,0,40,52.1,12,900,30000,4.0,0.0,40,50,60,70,90,120,200,310,800,900,900"
        + "\nPOST,focal: submit report + file,10,1,90,95,60,400,11000,0.03,0.0,90,N/A,N/A,N/A,N/A,350,N/A,400,400,400,400"
        + "\n,Aggregated,1210,1,41,52.5,12,900,29800,4.03,0.0,41,50,60,70,90,130,210,320,800,900,900\n",
        encoding="utf-8",
    )
    rows = bench.stats_rows(stats)
    assert [name for name, _, _ in rows] == [
        "focal: submit report + file p95",
        "focal: to-do list (/) p95",
        "total (the mix) p95",
    ]
    assert rows[1][1] == 120.0
    assert rows[1][2] == "1,200 req, 4.0 req/s, p50 40 / p95 120 / p99 310 ms, 0 errors"
    assert rows[0][2].endswith("1 errors")
    failures = tmp_path / "run_failures.csv"
    with open(failures, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(
            [["Method", "Name", "Error", "Occurrences"], ["POST", "x", "CatchResponseError('HTTP 500')", "3"]]
        )
    assert bench.failure_rows(failures) == [("error: x", 0.0, "3× CatchResponseError('HTTP 500')")]
    with pytest.raises(ValueError, match="locust"):
        bench.stats_rows(tmp_path / "missing.csv")


def test_the_cpu_meter_reads_processes_and_divides_by_requests() -> None:
    import os

    assert os.getpid() in bench._process_cpu()  # this process, with its group and CPU so far
    meter = bench.CpuMeter(server_group=-1)  # no such group: nothing measured
    meter.start = {1: 2.0, 2: 0.0}
    meter.last = {"gunicorn": {1: 12.0}, "postgresql": {2: 4.0}, "locust": {3: 1.0}}
    rows = {name: (ms, note) for name, ms, note in meter.rows(requests=1000, seconds=100.0)}
    assert rows["CPU per request: gunicorn"][0] == pytest.approx(10.0)
    assert rows["CPU per request: postgresql"][0] == pytest.approx(4.0)
    assert rows["CPU per request: locust"][0] == pytest.approx(1.0)
    assert rows["CPU-bound ceiling (req/s)"][0] == pytest.approx((os.cpu_count() or 1) / 0.015)
    assert meter.rows(requests=0, seconds=100.0) == []
