"""canbo bench load (issue 17.4): the load test of benchmarks/load/ against gunicorn on 127.0.0.1.

    canbo bench load [--users 40] [--spawn-rate 5] [--duration 300] [--workers 2] [--port 8017]

Unlike the other benchmarks this one writes to the database it is given (reports, one import of
people, a two-factor device for the demo's Sở Nội vụ accounts): run it on a database of its own
(docs/performance.md). In order:

1. checks that the demo's accounts exist (`canbo demo load`);
2. builds the Excel file of 1,000 new people (the people template's columns, `bench people`'s rows
   with CCCDs of their own so that nobody in the registry is matched);
3. gives the Sở Nội vụ accounts of the mix a two-factor device when the server will ask for one
   (through the accounts services, as the enrolment page does) and hands the devices' keys to locust;
4. collects the static files, starts gunicorn in a process group of its own — the settings of
   production (CANBO_DEBUG off, two-factor login as configured), plain HTTP on 127.0.0.1 (CANBO_HTTPS=0:
   TLS is nginx's, in front), the caller's DATABASE_URL and CANBO_* — and waits until it answers;
5. runs locust headless in a subprocess, bounded in users and time, and reads its CSV;
6. stops gunicorn (its whole process group) whatever happened, and returns one row per page:
   requests, requests/s, p50/p95/p99 and errors, then the total, then the CPU per request (CpuMeter).
"""

import csv
import datetime as dt
import importlib.util
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from canbo.accounts.services import mfa_enrol_confirm, mfa_pending_device
from canbo.core.dates import today
from canbo.core.excel import write_workbook
from canbo.demo.bench import Result
from canbo.demo.bench.people import template_rows
from canbo.org.models import UnitVersion
from canbo.people.io import columns as C
from canbo.people.models import Person

logger = logging.getLogger(__name__)

LOCUSTFILE = Path(settings.BASE_DIR) / "benchmarks" / "load" / "locustfile.py"
GUNICORN_CONF = Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"
IMPORT_ROWS = 1000
READY_SECONDS = 90  # gunicorn must answer within this
STOP_SECONDS = 15  # after SIGTERM, then SIGKILL
LOCUST_GRACE_SECONDS = 180  # beyond the run time (spawning, the last requests, the report)


def load_mix() -> Any:
    """benchmarks/load/load_mix.py, the mix's plain data (its accounts, pages, environment variables),
    read from its file: benchmarks/ is no package, and the module imports neither locust nor Django."""
    path = LOCUSTFILE.parent / "load_mix.py"
    spec = importlib.util.spec_from_file_location("canbo_load_mix", path)
    if spec is None or spec.loader is None or not path.exists():
        raise ValueError(f"Không thấy {path} (chạy từ thư mục mã nguồn).")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def mix_accounts(mix: Any) -> list[str]:
    return [mix.HOME_AFFAIRS_ACCOUNT, mix.IMPORT_ACCOUNT, mix.LEADER_ACCOUNT, *mix.FOCAL_ACCOUNTS]


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=40, help="`bench load`: simulated users (locust -u)")
    parser.add_argument(
        "--spawn-rate", type=float, default=5.0, help="`bench load`: users started per second (locust -r)"
    )
    parser.add_argument("--duration", type=int, default=300, help="`bench load`: seconds of load (locust -t)")
    parser.add_argument("--workers", type=int, default=2, help="`bench load`: gunicorn workers")
    parser.add_argument("--port", type=int, default=8017, help="`bench load`: gunicorn's port on 127.0.0.1")


def command(
    *,
    users: int = 40,
    spawn_rate: float = 5.0,
    duration: int = 300,
    workers: int = 2,
    port: int = 8017,
    **_: Any,
) -> str:
    return (
        f"canbo bench load --users {users} --spawn-rate {spawn_rate:g} --duration {duration} "
        f"--workers {workers} --port {port}"
    )


def run(
    *,
    users: int = 40,
    spawn_rate: float = 5.0,
    duration: int = 300,
    workers: int = 2,
    port: int = 8017,
    **_: Any,
) -> list[Result]:
    if users < 1 or duration < 1 or workers < 1 or spawn_rate <= 0:
        raise ValueError("Số người dùng, thời gian, số tiến trình và tốc độ khởi tạo phải lớn hơn 0.")
    if not LOCUSTFILE.exists():
        raise ValueError(f"Không thấy {LOCUSTFILE} (chạy từ thư mục mã nguồn).")
    mix = load_mix()
    accounts = mix_accounts(mix)
    missing = set(accounts) - set(
        get_user_model().objects.filter(username__in=accounts).values_list("username", flat=True)
    )
    if missing:
        raise ValueError("Chưa có tài khoản trình diễn: hãy chạy “canbo demo load” trước.")
    if _answers(port):
        raise ValueError(f"Cổng {port} đã có tiến trình khác trả lời: chọn --port khác.")
    work = Path(tempfile.mkdtemp(prefix="canbo-load-"))
    import_file = work / "nhap-1000-nguoi.xlsx"
    import_file.write_bytes(import_workbook())
    env = server_environment()
    if devices_ensure(usernames=[mix.HOME_AFFAIRS_ACCOUNT, mix.IMPORT_ACCOUNT], mfa_on=mfa_on(env)):
        time.sleep(30 - time.time() % 30 + 1)
    keys = device_keys(usernames=accounts)
    people = Person.objects.count()
    load_before = _loadavg()
    _collect_static(env, work)
    server = _start_gunicorn(env, workers=workers, port=port, log=work / "gunicorn.log")
    try:
        _wait_ready(server, port, work / "gunicorn.log")
        cpu = CpuMeter(server_group=server.pid)
        started = time.perf_counter()
        outcome = _run_locust(
            users=users,
            spawn_rate=spawn_rate,
            duration=duration,
            port=port,
            work=work,
            env={
                **os.environ,
                mix.ENV_TOTP_KEYS: ",".join(f"{u}:{k}" for u, k in keys.items()),
                mix.ENV_IMPORT_FILE: str(import_file),
                mix.ENV_IMPORT_AFTER: str(min(30, duration // 3)),
            },
            meter=cpu,
        )
        elapsed = time.perf_counter() - started
    finally:
        _stop(server)
    rows = stats_rows(work / "locust_stats.csv")
    rows.extend(cpu.rows(requests=total_requests(work / "locust_stats.csv"), seconds=elapsed))
    rows.extend(failure_rows(work / "locust_failures.csv"))
    rows.append(
        (
            "context",
            elapsed * 1000,
            f"{_stamp()}, {connection.vendor}, {people:,} people, {workers} gunicorn workers, {users} users; "
            f"load average before {load_before}, after {_loadavg()}; locust exit {outcome}; files in {work}",
        )
    )
    return rows


# --- Data --------------------------------------------------------------------------------------------


def import_workbook(count: int = IMPORT_ROWS) -> bytes:
    """`count` new people in the template's columns: `bench people`'s rows spread over the province's
    departments, with CCCDs under Khánh Hòa's birth-province code 056 (the demo registry's are 058) and a
    serial of this run, so that the import creates people rather than matching the demo's."""
    codes = sorted(
        code
        for code in UnitVersion.objects.as_of(today()).values_list("unit__code", flat=True)
        if code.startswith("KH.") and code.count(".") == 1
    )
    if not codes:
        raise ValueError("Chưa có cơ cấu tổ chức: hãy chạy “canbo demo load” trước.")
    rows = template_rows(count, codes, seed=17)
    base = (int(time.time()) // 60 % 990) * 1000  # another block of serials each minute
    cccd = C.COLUMNS.index(C.CCCD)
    for i, row in enumerate(rows):
        row[cccd] = f"056{row[cccd][3:6]}{base + i:06d}"
    return write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], rows)])


def mfa_on(env: dict[str, str]) -> bool:
    """Whether the server will ask Sở Nội vụ for a code (its setting, read as settings.py reads it)."""
    value = env.get("CANBO_MFA_REQUIRED")
    debug = env.get("CANBO_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}
    return not debug if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def devices_ensure(*, usernames: list[str], mfa_on: bool) -> bool:
    """When the server asks Sở Nội vụ for a code, give each of these (Sở Nội vụ's) accounts without a
    two-factor device one, through the services the enrolment page calls (audited). True if any was
    made: its code is then spent (a code is taken once), and the next must be waited for."""
    enrolled = False
    if mfa_on:
        for user in get_user_model().objects.filter(username__in=usernames):
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                device = mfa_pending_device(user=user)
                code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
                mfa_enrol_confirm(user=user, token=f"{code:0{device.digits}d}")
                enrolled = True
    return enrolled


def device_keys(*, usernames: list[str]) -> dict[str, str]:
    """The hex keys of these accounts' two-factor devices, by username, for locust to make codes."""
    devices = TOTPDevice.objects.filter(user__username__in=usernames, confirmed=True)
    devices = devices.select_related("user")
    return {device.user.username: device.key for device in devices}


# --- The server --------------------------------------------------------------------------------------


def server_environment() -> dict[str, str]:
    """The caller's environment, with the settings of production: debug off (the keys the caller's
    process uses are passed on, a random secret key when it has none), plain HTTP on 127.0.0.1, mail
    kept in memory (nobody is written to) unless a backend is named."""
    env = dict(os.environ)
    env["CANBO_DEBUG"] = "0"
    env["CANBO_HTTPS"] = "0"
    env.setdefault("CANBO_SECRET_KEY", secrets.token_urlsafe(50))
    env["CANBO_DATA_KEY"] = settings.CANBO_DATA_KEY
    env.setdefault("CANBO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    env["CANBO_VAR_DIR"] = str(settings.VAR_DIR)
    env["DJANGO_SETTINGS_MODULE"] = "canbo.settings"
    return env


def _bin(name: str) -> str:
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def _collect_static(env: dict[str, str], work: Path) -> None:
    """The hashed static files production serves (whitenoise's manifest), as `canbo collectstatic`."""
    with open(work / "collectstatic.log", "wb") as log:
        subprocess.run(
            [_bin("canbo"), "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=300,
        )


def _start_gunicorn(env: dict[str, str], *, workers: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn in a session (process group) of its own, so that it and its workers stop together;
    with deploy/gunicorn.conf.py when there is one (the flags given here take precedence)."""
    args = [_bin("gunicorn"), "canbo.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    if GUNICORN_CONF.exists():
        args += ["-c", str(GUNICORN_CONF)]
    with open(log, "wb") as out:
        return subprocess.Popen(
            args, env=env, cwd=settings.BASE_DIR, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2) as response:
            return bool(response.status)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def _wait_ready(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ValueError(f"gunicorn dừng khi khởi động (mã {server.returncode}); xem {log}.")
        if _answers(port):
            return
        time.sleep(0.5)
    raise ValueError(f"gunicorn không trả lời sau {READY_SECONDS} giây; xem {log}.")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process's group (gunicorn and its workers, or locust), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)
    except ProcessLookupError:
        pass


# --- locust -----------------------------------------------------------------------------------------


def _run_locust(
    *,
    users: int,
    spawn_rate: float,
    duration: int,
    port: int,
    work: Path,
    env: dict[str, str],
    meter: "CpuMeter",
) -> int:
    args = [
        _bin("locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(users),
        "-r",
        f"{spawn_rate:g}",
        "-t",
        f"{duration}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(work / "locust"),
        "--only-summary",
        "--stop-timeout",
        "10",
    ]
    with open(work / "locust.log", "wb") as out:
        locust = subprocess.Popen(
            args, env=env, cwd=settings.BASE_DIR, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        meter.locust_group = locust.pid
        deadline = time.monotonic() + duration + LOCUST_GRACE_SECONDS
        try:
            while locust.poll() is None:
                if time.monotonic() > deadline:
                    logger.warning("locust did not stop by itself; stopped")
                    return -1
                meter.sample()
                time.sleep(CPU_SAMPLE_SECONDS)
            meter.sample()
            return locust.returncode
        finally:
            _stop(locust)


# --- Where the CPU went ------------------------------------------------------------------------------

CPU_SAMPLE_SECONDS = 1.0


def _process_cpu() -> dict[int, tuple[int, float]]:
    """Every process's group and CPU seconds so far (user + system), from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        found[int(stat.parent.name)] = (int(fields[2]), (int(fields[11]) + int(fields[12])) / tick)
    return found


class CpuMeter:
    """The CPU the run cost: gunicorn's processes (its process group), the PostgreSQL backends serving
    the database (same host), locust's process — each process's last reading, less what it had used at
    the start. Sampled every second: a process that ends (a connection closed after
    CANBO_DB_CONN_MAX_AGE, a recycled worker) counts what it had used a second before."""

    def __init__(self, *, server_group: int) -> None:
        self.server_group = server_group
        self.locust_group = 0
        self.start: dict[int, float] = {}
        self.last: dict[str, dict[int, float]] = {"gunicorn": {}, "postgresql": {}, "locust": {}}
        self.sample(baseline=True)

    def _backends(self) -> set[int]:
        if connection.vendor != "postgresql":
            return set()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return {pid for (pid,) in cursor.fetchall()}

    def sample(self, *, baseline: bool = False) -> None:
        try:
            backends = self._backends()
        except Exception:  # the meter never stops the run
            backends = set()
        for pid, (group, seconds) in _process_cpu().items():
            kind = (
                "gunicorn"
                if group == self.server_group
                else "locust"
                if self.locust_group and group == self.locust_group
                else "postgresql"
                if pid in backends
                else None
            )
            if kind is None:
                continue
            if baseline:
                self.start[pid] = seconds
            else:
                self.start.setdefault(pid, 0.0)  # started during the run
                self.last[kind][pid] = seconds

    def seconds(self, kind: str) -> float:
        return sum(seconds - self.start.get(pid, 0.0) for pid, seconds in self.last[kind].items())

    def rows(self, *, requests: int, seconds: float) -> list[Result]:
        """CPU per request of each, and the ceiling it implies on this machine's cores if nothing else ran."""
        if not requests or not seconds:
            return []
        rows: list[Result] = []
        per_request = 0.0
        for kind in ("gunicorn", "postgresql", "locust"):
            used = self.seconds(kind)
            per_request += used / requests
            rows.append(
                (
                    f"CPU per request: {kind}",
                    used / requests * 1000,
                    f"{used:.1f} s CPU over {requests:,} requests ({used / seconds:.2f} cores on average)",
                )
            )
        cores = os.cpu_count() or 1
        rows.append(
            (
                "CPU-bound ceiling (req/s)",
                cores / per_request if per_request else 0.0,
                f"{cores} cores / {per_request * 1000:.1f} ms CPU per request (server, database, locust), "
                "if nothing else ran",
            )
        )
        return rows


def total_requests(path: Path) -> int:
    with open(path, newline="", encoding="utf-8") as f:
        return sum(int(line["Request Count"]) for line in csv.DictReader(f) if line["Name"] == "Aggregated")


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:  # "N/A" when a page had no request
        return 0.0


def stats_rows(path: Path) -> list[Result]:
    """One row per page of locust's statistics CSV, the total last: the p95 as the row's milliseconds;
    requests, requests/s, p50/p95/p99 and errors in the note."""
    if not path.exists():
        raise ValueError(f"locust không ghi kết quả ({path}); xem locust.log bên cạnh.")
    with open(path, newline="", encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    rows: list[Result] = []
    for line in sorted(lines, key=lambda line: (line["Name"] == "Aggregated", line["Name"])):
        name = "total (the mix)" if line["Name"] == "Aggregated" else line["Name"]
        count, errors = int(line["Request Count"]), int(line["Failure Count"])
        p50, p95, p99 = (_number(line[k]) for k in ("50%", "95%", "99%"))
        rows.append(
            (
                f"{name} p95",
                p95,
                f"{count:,} req, {_number(line['Requests/s']):.1f} req/s, p50 {p50:.0f} / p95 {p95:.0f} / "
                f"p99 {p99:.0f} ms, {errors} errors",
            )
        )
    return rows


def failure_rows(path: Path) -> list[Result]:
    """What failed, as locust counted it (each distinct message once, with its count)."""
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return [
            (f"error: {line['Name']}", 0.0, f"{line['Occurrences']}× {line['Error'][:120]}")
            for line in csv.DictReader(f)
        ]


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:  # not Linux
        return "?"


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%d/%m/%Y %H:%M UTC")
