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


@pytest.fixture
def demo_data(live_server: Any) -> Any:
    """The demo organisation and accounts, written to the database the live server reads.

    live_server brings transactional_db, so the data is committed (visible to the server's
    thread) and flushed after the test."""
    call_command("demo", "load", "--persons", "300", stdout=StringIO(), stderr=StringIO())
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
