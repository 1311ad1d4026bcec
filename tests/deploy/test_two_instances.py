"""Two application servers, one database, one Redis, no sticky sessions (issue 17.3; docs/deploy.md).

Two gunicorn instances of deploy/gunicorn.conf.py on two ports, each with one worker — so that each
instance is one process, and the process that answers B's next request is the very one that answered
B's earlier ones: a figure it kept in memory from before a write made through A would show here as
stale (with more workers per instance, B's next request might reach a worker that had never computed
the page, and a stale cache could pass unseen). They share one CANBO_VAR_DIR, as two instances of one
machine do (with the indicator facts saved there for the machine's other processes). One browser's
cookies go to both, as behind a proxy that spreads the requests:

- a session made by logging in on A (the login form, its CSRF token) is a session on B; logging out
  on B ends it on A;
- a person added through A is read through B's next request, and one added through B through A's;
- the indicators page (/chi-tieu/) of B, computed before the write through A, counts the new person
  on B's next request;
- the login lockout counts failures made on both (axes keeps them in the database).

The same through nginx (deploy/nginx/canbo.conf, TLS on a free port, the two instances as its
upstream): requests spread over both with no affinity and the session holds on each; nginx refuses a
body over canbo's limit itself and passes one of exactly that size. Skipped where nginx is not
installed.

PostgreSQL (CI): the instances read the test database itself. SQLite: they share a file holding a copy
of the test's committed rows (tests/deploy/conftest.py), so the test runs there too.
"""

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from canbo.people.services import posts_ensure
from tests.deploy.conftest import Client, Instance, connect, database_url, free_port

PASSWORD = "mat-khau-thu-1"  # make_user's (conftest.py)
FAILURE_LIMIT = 3


def environment(tmp_path: Path, redis_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url(tmp_path),
        "CANBO_REDIS_URL": redis_url,
        "CANBO_WORKERS": "1",
        "CANBO_LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "CANBO_MFA_REQUIRED": "0",
        "CANBO_HTTPS": "0",
        "CANBO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def log_in(client: Client, instance: Instance, username: str, password: str = PASSWORD) -> int:
    token = client.get(instance, "/dang-nhap/").csrf_token()
    answer = client.post(
        instance, "/dang-nhap/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )
    if answer.status == 302:
        assert answer.headers["location"] == "/", answer.headers
    return answer.status


def add_person(client: Client, instance: Instance, name: str) -> int:
    """Thêm cán bộ through the page's form: a công chức of Sở Tài chính since 01/08/2024."""
    form = client.get(instance, "/can-bo/them/")
    assert form.status == 200, form.body[:500]
    unit = re.search(r'<option value="(\d+)">[^<]*Sở Tài chính</option>', form.body)
    assert unit, "Sở Tài chính is not offered"
    data = {
        "csrfmiddlewaretoken": form.csrf_token(), "full_name": name, "birth_date": "02/02/1992", "sex": "nu",
        "ethnicity": "01", "religion": "00", "staff_category": "cong_chuc", "unit": unit.group(1),
        "since": "01/08/2024", "reason": "tuyen_dung",
    }  # fmt: skip
    answer = client.post(instance, "/can-bo/them/", data)
    assert answer.status == 302, answer.body[:2000]
    found = re.fullmatch(r"/can-bo/(\d+)/", answer.headers["location"])
    assert found, answer.headers
    return int(found.group(1))


def headcount(client: Client, instance: Instance, code: str) -> int:
    """The indicators page's "Tổng số" of the agency `code` (the last cell of its row)."""
    page = client.get(instance, "/chi-tieu/")
    assert page.status == 200, page.body[:500]
    row = re.search(
        rf'<tr><td>[^<]*<span class="badge[^"]*">{re.escape(code)}</span></td>(.*?)</tr>', page.body, re.S
    )
    assert row, f"no row of {code} on /chi-tieu/"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return int(re.sub(r"<[^>]+>|\.", "", cells[-1]).strip())


@pytest.mark.django_db(transaction=True)
def test_two_instances_share_sessions_writes_figures_and_the_login_lockout(
    builtin_org: None,
    make_user: Callable[..., Any],
    redis_url: str,
    start_instances: Callable[..., list[Instance]],
    tmp_path: Path,
) -> None:
    posts_ensure()
    make_user("noi_vu", "KH", username="noivu")
    make_user("noi_vu", "KH", username="khoa")
    a, b = start_instances(2, environment(tmp_path, redis_url))

    # A session made on A is a session on B.
    browser = Client()
    assert log_in(browser, a, "noivu") == 302
    assert "sessionid" in browser.cookies
    home = browser.get(b, "/")
    assert home.status == 200 and 'title="Tài khoản">noivu</a>' in home.body  # the user menu
    assert Client().get(b, "/").status == 302  # without the cookie, B sends to the login page

    # A write through one is read by the other's next request.
    first = add_person(browser, a, "Lê Thị Một")
    page = browser.get(b, f"/can-bo/{first}/")
    assert page.status == 200 and "Lê Thị Một" in page.body

    # The indicators: both instances compute the page, then a person is added through A, and B's next
    # answer counts them (a figure B kept from before would be 1); then the other way round.
    assert (headcount(browser, a, "KH.STC"), headcount(browser, b, "KH.STC")) == (1, 1)
    add_person(browser, a, "Trần Văn Hai")
    assert headcount(browser, b, "KH.STC") == 2
    add_person(browser, b, "Phạm Thị Ba")
    assert headcount(browser, a, "KH.STC") == 3

    # Logging out on B ends the session on A too (it is deleted where both read it).
    session = browser.cookies["sessionid"]
    token = browser.get(b, "/").csrf_token()
    assert browser.post(b, "/dang-xuat/", {"csrfmiddlewaretoken": token}).status == 302
    assert Client(cookies={"sessionid": session}).get(a, "/").status == 302

    # The login lockout counts the failures made on either: the third, whichever instance it reaches,
    # locks the account for this address on both (429), even with the right password.
    intruder = Client()
    statuses = [log_in(intruder, server, "khoa", "sai-mat-khau") for server in (a, b, a)]
    assert statuses == [200, 200, 429]
    assert log_in(intruder, b, "khoa") == 429


def answered_by(instance: Instance, path: str) -> int:
    """How many requests for `path` the instance's access log shows (nginx proxies in HTTP/1.0)."""
    return instance.log.read_text(errors="replace").count(f'"GET {path} HTTP/1.0"')


@pytest.mark.django_db(transaction=True)
def test_behind_nginx_any_instance_answers_any_request_of_a_session(
    builtin_org: None,
    make_user: Callable[..., Any],
    redis_url: str,
    start_instances: Callable[..., list[Instance]],
    start_nginx: Callable[[int, list[Instance]], Instance],
    tmp_path: Path,
) -> None:
    make_user("noi_vu", "KH", username="noivu")
    port = free_port()
    # Production's HTTPS settings behind the proxy: X-Forwarded-Proto makes the request secure, so the
    # CSRF check asks for the browser's Origin; only the direct readiness probe is plain HTTP.
    env = environment(tmp_path, redis_url) | {
        "CANBO_HTTPS": "1",
        "CANBO_SSL_REDIRECT": "0",
        "CANBO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
    }
    a, b = start_instances(2, env)
    proxy = start_nginx(port, [a, b])

    browser = Client()
    assert log_in(browser, proxy, "noivu") == 302
    pages = [browser.get(proxy, "/can-bo/") for _ in range(6)]
    assert all(p.status == 200 and 'title="Tài khoản">noivu</a>' in p.body for p in pages)
    assert pages[0].headers["strict-transport-security"].startswith("max-age=31536000")  # canbo's own
    # nginx spread them over both instances (round robin, no affinity), each answered as logged in;
    # gunicorn writes its access line after the answer: wait (bounded) for the six lines
    deadline = time.monotonic() + 10
    while answered_by(a, "/can-bo/") + answered_by(b, "/can-bo/") < 6 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert answered_by(a, "/can-bo/") >= 2 and answered_by(b, "/can-bo/") >= 2
    assert answered_by(a, "/can-bo/") + answered_by(b, "/can-bo/") == 6

    # The upload limit, at nginx: one byte over is refused before anything reaches canbo; exactly the
    # limit goes through to canbo (which answers the garbage itself, not with 413).
    from django.conf import settings

    limit = settings.CANBO_MAX_UPLOAD_BYTES + 1024 * 1024
    over = connect(proxy)
    over.putrequest("POST", "/dang-nhap/")
    over.putheader("Content-Type", "application/octet-stream")
    over.putheader("Content-Length", str(limit + 1))
    over.endheaders()
    refused = over.getresponse()
    assert refused.status == 413 and b"nginx" in refused.read()
    over.close()
    at = connect(proxy)
    at.request("POST", "/dang-nhap/", body=b"x" * limit, headers={"Content-Type": "application/octet-stream"})
    passed = at.getresponse()
    # canbo answers it (its own headers), or — when the worker refuses the body before reading it all
    # and closes the connection, which happens on a loaded machine — nginx says the upstream closed
    # (502): either way it went past nginx's limit.
    assert passed.status != 413, passed.status
    assert passed.getheader("Content-Security-Policy") or passed.status == 502, passed.status
    at.close()
