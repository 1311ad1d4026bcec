"""Fixtures shared by every app's tests, and the Hypothesis profiles."""

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings

from canbo.accounts.choices import Role
from canbo.accounts.models import RoleAssignment
from canbo.accounts.system import SYSTEM
from canbo.org.io.builtin import builtin_dataset
from canbo.org.models import Unit
from canbo.org.services import org_import

# Hypothesis: "ci" (the default, used by `make test` and CI) is derandomized — the same examples on
# every run, on any machine — with no time limit per example (a loaded machine is not a failure);
# "explore" (HYPOTHESIS_PROFILE=explore) searches at random and longer, for a local hunt; a
# counterexample it finds is pinned as an @example.
settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def builtin_org(db: Any) -> None:
    """The built-in organisation: Ninh Thuận 2020–2025, then Khánh Hòa."""
    org_import(actor=SYSTEM, dataset=builtin_dataset())


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """make_user(role, unit_code) -> a user holding that role over that unit."""
    counter = iter(range(1, 10_000))

    def make(role: str | None = None, unit_code: str | None = None, **extra: Any) -> Any:
        user = get_user_model().objects.create_user(
            username=extra.pop("username", f"user{next(counter)}"), password="mat-khau-thu-1", **extra
        )
        if role:
            unit = Unit.objects.get(code=unit_code) if unit_code else None
            RoleAssignment.objects.create(user=user, role=Role(role), unit=unit)
        return user

    return make


@pytest.fixture
def builtin_plan(builtin_org: None) -> Any:
    """The built-in plan (Kế hoạch triển khai NQ 07-NQ/TU) with its occurrences."""
    from canbo.plans.io.builtin import builtin_plan as spec
    from canbo.plans.models import Plan
    from canbo.plans.services import plan_import

    plan_import(actor=SYSTEM, spec=spec())
    return Plan.objects.get(code="kh-nq07")


@pytest.fixture
def docx_to_pdf(tmp_path: Path) -> Callable[[bytes], bytes]:
    """docx_to_pdf(data) -> the PDF LibreOffice makes of a Word file (the test is skipped where
    LibreOffice is not installed): proof that a real office suite opens what we write."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")

    def convert(data: bytes) -> bytes:
        source = tmp_path / "document.docx"
        source.write_bytes(data)
        subprocess.run(
            [office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return (tmp_path / "document.pdf").read_bytes()

    return convert


@pytest.fixture(autouse=True, scope="session")
def _flush_past_append_only_triggers() -> Any:
    """Transactional tests empty the database after each test (Django's flush); the append-only
    tables' triggers refuse that (core/append_only.py), as they must in production. Only the test
    suite's flush goes past them: on PostgreSQL with triggers off for that transaction (the test role
    is a superuser), on SQLite by dropping and re-creating them around the flush."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from canbo.core.append_only import append_only_tables, trigger_statements

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: list[str]) -> None:
        vendor = self.connection.vendor
        before: list[str] = []
        after: list[str] = []
        if vendor == "postgresql":
            before, after = ["SET LOCAL session_replication_role = replica"], []
        elif vendor == "sqlite":
            for table in append_only_tables():
                drop, create = trigger_statements(vendor, table)
                before += drop
                after += create
        original(self, [*before, *sql_list, *after])

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture
def officer(builtin_org: None, make_user: Callable[..., Any]) -> Any:
    """A test client logged in as a Sở Nội vụ officer of Khánh Hòa (the whole province in scope)."""
    from django.test import Client

    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    return client
