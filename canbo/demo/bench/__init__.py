"""The benchmarks behind `canbo bench` (docs/performance.md): each module's run() measures on synthetic
data inside a transaction rolled back at the end, and returns rows (operation, milliseconds, note)."""

from collections.abc import Callable
from typing import Any

from django.urls import resolve, reverse

Result = tuple[str, float, str]


def page_view(name: str) -> Callable[..., Any]:
    """The view behind a URL name, past its two decorators (login, allowed methods): a benchmark
    measures the server's own work on a request built by RequestFactory. Found through the URL
    configuration, as a request finds it: only URL configuration imports views."""
    return resolve(reverse(name)).func.__wrapped__.__wrapped__  # type: ignore[attr-defined,no-any-return]


def status_mib(field: str) -> float:
    """A field of /proc/self/status in MiB (VmRSS, VmHWM: Linux); OSError elsewhere."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024  # kB
    raise OSError(field)
