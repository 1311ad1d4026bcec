"""canbo's load test (issue 17.4): the days before the 05/12 deadline, on 127.0.0.1 only.

Run it only as its own process (locust patches the standard library with gevent when imported), with
the number of users, the spawn rate and the run time always given; `canbo bench load` starts gunicorn,
runs this file and prints the table:

    .venv/bin/locust -f benchmarks/load/locustfile.py --headless -u 40 -r 5 -t 5m \
        --host http://127.0.0.1:8017 --csv /tmp/load/run

The mix (user classes by weight; the pages in benchmarks/load/load_mix.py):

- FocalOfficer, weight 16 — the agencies' focal officers (the demo's `daumoi.*` and `taichinh`) are
  nearly everyone on the system in the week before the deadline: each opens the to-do list, opens
  what is overdue or due soon, and sends a progress report with its document (a small PDF or DOCX).
  An officer whose list is empty only reads (an agency with nothing due sends nothing).
- HomeAffairs, weight 3 — Sở Nội vụ (`noivu`) follows the deadline: the overview, the plan's
  dashboard, the reports waiting and the indicators page. A handful of officers against a dozen or more
  agencies.
- Leader, weight 1 — the province's leader (`lanhdao`) opens the briefing now and then.
- Importer, exactly one — Sở Nội vụ's clerk (`nhaplieu`) imports one Excel file of 1,000 people
  (CANBO_LOAD_IMPORT_FILE) CANBO_LOAD_IMPORT_AFTER seconds after logging in, then leaves.

Think time is compressed: 1–3 s between a focal officer's pages, 2–5 s for Sở Nội vụ, 3–8 s for the
leader, where people take 10–60 s to read a page and fill a form; so one simulated user stands for
several real ones, and the request rate is what counts.

Each account logs in once (the login form, and the two-factor code when the account has a device or
must have one): the simulated users of one account share its session, as one person's browser tabs do.
A two-factor code is computed from the device's key given in CANBO_LOAD_TOTP_KEYS ("user:hexkey,…"); an
account asked to enrol enrols through the page (its secret is shown there). Nothing in the server's
security settings is relaxed for the test: no lockout, rate or two-factor setting is changed.
"""

import base64
import itertools
import os
import random
import time
from collections import defaultdict
from typing import Any, NoReturn
from urllib.parse import urlsplit

import load_mix as mix
from gevent.lock import Semaphore
from locust import HttpUser, between, events, task
from locust.exception import StopUser

# --- Bounds: 127.0.0.1 only, users, spawn rate and run time always given ---------------------------


@events.init.add_listener
def _bounded(environment: Any, **_kwargs: Any) -> None:
    options = environment.parsed_options
    reason = mix.refusal(
        host=environment.host,
        headless=getattr(options, "headless", False),
        run_time=getattr(options, "run_time", None),
        users=getattr(options, "num_users", None),
        spawn_rate=getattr(options, "spawn_rate", None),
        max_users=int(os.environ.get(mix.ENV_MAX_USERS, mix.MAX_USERS)),
    )
    if reason:  # an exception in an init handler stops locust before any user starts
        raise SystemExit(f"canbo load test refused: {reason}")


# --- Logging in -------------------------------------------------------------------------------------

_sessions: dict[str, dict[str, str]] = {}  # account → its session's cookies, once logged in
_locks: defaultdict[str, Semaphore] = defaultdict(Semaphore)
_keys = mix.totp_keys(os.environ.get(mix.ENV_TOTP_KEYS, ""))
_rng = random.Random()


def _give_code(client: Any, page: mix.Page, key: bytes, html: str) -> bool:
    """Send the current code; a code already used (a second login within 30 s) is refused by the
    server: wait for the next one, at most twice (each refusal counts towards the device's lock)."""
    for attempt in range(3):
        if attempt:
            time.sleep(30 - time.time() % 30 + 1)
        with client.post(
            page.path,
            data={
                "csrfmiddlewaretoken": mix.csrf(html),
                "token": mix.totp(key, time.time()),
                "next": mix.ACCOUNT.path,
            },
            name=page.name,
            catch_response=True,
        ) as response:
            if urlsplit(response.url).path == mix.ACCOUNT.path:
                response.success()
                return True
            response.failure("two-factor code refused")
            html = response.text
    return False


def refuse_login(page: mix.Page, reason: str) -> NoReturn:
    """Count a login that cannot go on as a failed request (so the report shows it), and stop the user."""
    events.request.fire(
        request_type="POST",
        name=page.name,
        response_time=0,
        response_length=0,
        exception=RuntimeError(reason),
        context={},
    )
    raise StopUser()


def log_in(client: Any, username: str) -> None:
    """Log the account in once; every simulated user of the account takes the same session cookies."""
    with _locks[username]:
        if username not in _sessions:
            form = client.get(mix.LOGIN_FORM.path, name=mix.LOGIN_FORM.name)
            with client.post(
                mix.LOGIN.path,
                data={
                    "csrfmiddlewaretoken": mix.csrf(form.text),
                    "username": username,
                    "password": mix.DEMO_PASSWORD,
                    "next": mix.ACCOUNT.path,
                },
                name=mix.LOGIN.name,
                catch_response=True,
            ) as response:
                where = urlsplit(response.url).path
                if where == mix.LOGIN.path:
                    response.failure(f"login refused for {username}")
                else:
                    response.success()
            if where == mix.LOGIN.path:
                raise StopUser()
            if where == mix.MFA_VERIFY.path:
                key = _keys.get(username)
                if key is None:
                    refuse_login(mix.MFA_VERIFY, f"no two-factor key for {username} ({mix.ENV_TOTP_KEYS})")
                elif not _give_code(client, mix.MFA_VERIFY, key, response.text):
                    raise StopUser()
            elif where == mix.MFA_ENROL.path:
                found = mix.SECRET_RE.search(response.text)
                if not found:
                    refuse_login(mix.MFA_ENROL, "the enrolment page shows no secret")
                secret = found.group(1).replace(" ", "")
                key = base64.b32decode(secret + "=" * (-len(secret) % 8))
                _keys[username] = key
                if not _give_code(client, mix.MFA_ENROL, key, response.text):
                    raise StopUser()
            _sessions[username] = client.cookies.get_dict()
    client.cookies.update(_sessions[username])


def page(client: Any, target: mix.Page, path: str | None = None) -> str:
    """GET a page; a failure if it answers with an error, the login form or without its text."""
    with client.get(path or target.path, name=target.name, catch_response=True) as response:
        if response.status_code >= 400:
            response.failure(f"HTTP {response.status_code}")
        elif urlsplit(response.url).path in (mix.LOGIN.path, mix.MFA_VERIFY.path):
            response.failure("session lost: sent to the login")
        elif target.expect not in response.text:
            response.failure(f"missing {target.expect!r}")
        return str(response.text or "")


# --- The users -------------------------------------------------------------------------------------

_focal_accounts = itertools.cycle(mix.FOCAL_ACCOUNTS)


class FocalOfficer(HttpUser):
    weight = 16
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.username = next(_focal_accounts)
        log_in(self.client, self.username)
        self.todo: list[int] = mix.reportable(page(self.client, mix.TODO))

    @task(4)
    def open_todo(self) -> None:
        self.todo = mix.reportable(page(self.client, mix.TODO))

    @task(1)
    def open_list(self) -> None:
        page(self.client, mix.OCCURRENCES)

    @task(3)
    def report(self) -> None:
        """Open an item of the list, then send a report on it with its document (in progress: the item
        stays on the list, so the next round finds work too)."""
        if not self.todo:
            return
        pk = _rng.choice(self.todo)
        html = page(self.client, mix.OCCURRENCE, mix.OCCURRENCE.at(pk))
        fields = mix.report_fields(
            username=self.username, token=mix.csrf(html), day=time.strftime("%d/%m/%Y"), rng=_rng
        )
        document = mix.report_document(username=self.username, pk=pk, rng=_rng)
        with self.client.post(
            mix.REPORT.at(pk),
            data=fields,
            files={"document_file": document},
            name=mix.REPORT.name,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or mix.REPORT.expect not in response.text:
                response.failure(f"report refused (HTTP {response.status_code})")


class HomeAffairs(HttpUser):
    weight = 3
    wait_time = between(2, 5)

    def on_start(self) -> None:
        log_in(self.client, mix.HOME_AFFAIRS_ACCOUNT)

    @task(3)
    def overview(self) -> None:
        page(self.client, mix.OVERVIEW)

    @task(2)
    def plan_dashboard(self) -> None:
        page(self.client, mix.PLAN_DASHBOARD)

    @task(1)
    def reports_waiting(self) -> None:
        page(self.client, mix.REVIEW_QUEUE)

    @task(2)
    def indicators(self) -> None:
        page(self.client, mix.INDICATORS)


class Leader(HttpUser):
    weight = 1
    wait_time = between(3, 8)

    def on_start(self) -> None:
        log_in(self.client, mix.LEADER_ACCOUNT)

    @task(4)
    def briefing(self) -> None:
        page(self.client, mix.BRIEFING)

    @task(1)
    def under_40(self) -> None:
        page(self.client, mix.BRIEFING_UNDER_40)


class Importer(HttpUser):
    fixed_count = 1
    wait_time = between(1, 1)

    def on_start(self) -> None:
        self.file = os.environ.get(mix.ENV_IMPORT_FILE, "")
        if not self.file:
            raise StopUser()  # no file given: the run has no import
        log_in(self.client, mix.IMPORT_ACCOUNT)
        time.sleep(float(os.environ.get(mix.ENV_IMPORT_AFTER, "30")))  # gevent's: the others go on

    @task
    def import_people(self) -> None:
        html = page(self.client, mix.IMPORT_FORM)
        with open(self.file, "rb") as f:
            content = f.read()
        with self.client.post(
            mix.IMPORT.path,
            data={"csrfmiddlewaretoken": mix.csrf(html), "ngay": ""},
            files={
                "tep": (
                    os.path.basename(self.file),
                    content,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            },
            name=mix.IMPORT.name,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or mix.IMPORT.expect not in response.text:
                response.failure(f"import refused (HTTP {response.status_code})")
        raise StopUser()
