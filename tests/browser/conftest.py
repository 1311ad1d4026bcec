"""Browser tests: the system Chromium driven through Playwright against pytest-django's live server.

Never a downloaded browser: /usr/bin/chromium (Debian package, `make chromium`). Without it the
tests are skipped on a workstation and fail on CI (environment variable CI set).
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

# Playwright's sync API keeps an asyncio loop running in the main thread (inside a greenlet), so
# Django would refuse ORM calls made by the test code itself (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "canbo-demo-2025"
TIMEOUT_MS = 5_000  # a page of this app answers in milliseconds; fail fast rather than hang

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ carries the `browser` marker (deselect with -m 'not browser')."""
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            # Under pytest-xdist with --dist loadgroup, the browser tests run one after the other on one
            # worker, which loads the demo once: two Chromiums and two live servers on two cores miss the
            # 5 s timeout on a loaded machine. (`make test` runs them in a process of their own.)
            item.add_marker(pytest.mark.xdist_group("browser"))
            # WhiteNoise looks for collected static files (STATIC_ROOT) that a test run has not
            # collected; the live server serves static files from the finders instead.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} không có: cài gói chromium (make chromium) để chạy kiểm thử trình duyệt."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class ConsoleLine:
    type: str  # "error", "warning", "log", ...
    text: str
    source: str  # the URL the message is about (for a failed load: the resource)
    page: str  # the page shown at the time


# The app has no favicon; Chromium asks for /favicon.ico anyway and logs the 404.
IGNORED_SOURCES = ("/favicon.ico",)


@dataclass
class BrowserLog:
    """What the page said on its console, and the uncaught JavaScript errors."""

    messages: list[ConsoleLine] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return [
            f"{m.text} [{m.source or m.page}]"
            for m in self.messages
            if m.type == "error" and not m.source.endswith(IGNORED_SOURCES)
        ]

    def csp_violations(self) -> list[str]:
        return [
            f"{m.text} [{m.page}]"
            for m in self.messages
            if "content security policy" in m.text.lower() or "content-security-policy" in m.text.lower()
        ]


class DemoSnapshot:
    """The demo's rows, taken once per test session (per database) and put back before each browser
    test: `canbo demo load` takes 10–14 s, putting its rows back well under a second.

    live_server brings transactional_db: the database is emptied (Django's flush) after each test, so
    a test that writes never affects the next; the first browser test loads the demo for real and the
    snapshot is taken from what it wrote. SQLite (the test database is in memory, shared with the
    live server's thread): the whole database through SQLite's backup API, schema, triggers and
    sqlite_sequence included. PostgreSQL: each table's rows as COPY's own format, written back with
    the triggers (foreign keys, append-only) off for that transaction, then every sequence set past
    the ids written."""

    def __init__(self, connection: Any) -> None:
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            import sqlite3

            connection.ensure_connection()
            self.copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.copy)
        elif self.vendor == "postgresql":
            self.tables: dict[str, bytes] = {}
            with connection.cursor() as cursor:
                for table in _tables(connection):
                    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                        self.tables[table] = b"".join(bytes(chunk) for chunk in copy)
        else:
            raise NotImplementedError(f"no demo snapshot for {self.vendor}")

    def restore(self, connection: Any) -> None:
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.color import no_style
        from django.db import transaction

        if self.vendor == "sqlite":
            connection.ensure_connection()
            self.copy.backup(connection.connection)
        else:
            quote = connection.ops.quote_name
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                for table in _tables(connection):
                    cursor.execute(f"DELETE FROM {quote(table)}")
                for table, data in self.tables.items():
                    if data:
                        with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                            copy.write(data)
                tables = set(self.tables)
                models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        # The flush re-created the content types, maybe under other ids than the demo's.
        ContentType.objects.clear_cache()


def _tables(connection: Any) -> list[str]:
    """Every table the migrations made, but their own record (which a flush leaves alone too)."""
    return sorted(t for t in connection.introspection.table_names() if t != "django_migrations")


_demo_snapshots: dict[tuple[str, str], DemoSnapshot] = {}


@pytest.fixture
def demo_data(live_server: Any) -> Any:
    """The demo organisation and accounts, written to the database the live server reads.

    live_server brings transactional_db, so the data is committed (visible to the server's
    thread) and flushed after the test. The demo is loaded once per test session and its rows put
    back before each later test (DemoSnapshot)."""
    from django.db import connection

    key = (connection.vendor, str(connection.settings_dict["NAME"]))
    if key in _demo_snapshots:
        _demo_snapshots[key].restore(connection)
    else:
        call_command("demo", "load", "--persons", "300", stdout=StringIO(), stderr=StringIO())
        _demo_snapshots[key] = DemoSnapshot(connection)
    return live_server


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def page(browser: Any, demo_data: Any, browser_log: BrowserLog) -> Iterator[Any]:
    """A fresh page (own context: no cookies shared between tests) on the live server, in Vietnamese."""
    context = browser.new_context(locale="vi-VN", base_url=demo_data.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on(
        "console",
        lambda m: browser_log.messages.append(
            ConsoleLine(m.type, m.text, (m.location or {}).get("url", ""), page.url)
        ),
    )
    page.on("pageerror", lambda e: browser_log.page_errors.append(str(e)))
    yield page
    context.close()


@pytest.fixture
def login(page: Any) -> Callable[..., Any]:
    """login("noivu") submits the login form (demo password by default) and returns the page."""

    def do_login(username: str, password: str = DEMO_PASSWORD) -> Any:
        page.goto("/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập").click()
        return page

    return do_login
