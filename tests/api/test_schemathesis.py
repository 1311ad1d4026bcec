"""The API fuzzed from its own OpenAPI schema (schemathesis): whatever a client sends, no answer is a 5xx,
every status is one the schema documents, every body matches its schema (issue 10.7).

Bounded and repeatable: a fixed number of examples per operation, derandomized (the same cases on every
run), as an administrator (every operation reachable) over the built-in organisation and a few people."""

import datetime as dt
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from canbo.api import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# The session is given (an administrator's): schemathesis' own checks of missing or wrong credentials
# would read it as "invalid credentials accepted"; those are tested apart (canbo/tests/test_security.py).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CSRF = "a" * 32  # an unmasked CSRF secret, sent as cookie and header alike


@pytest.fixture
def keep_connection() -> Any:
    """Requests go straight to the WSGI handler, whose end closes the database connection — the test's
    transaction with it. As Django's test client does, the handler keeps it for the test."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session(builtin_org, make_user, keep_connection) -> dict[str, str]:
    from django.test import Client

    from canbo.org.models import Unit
    from canbo.people.services import person_create, posts_ensure

    posts_ensure()
    admin = make_user("admin", username="fuzz-admin")
    for i, (name, cccd) in enumerate([("Nguyễn Thị Hoa", "058185012345"), ("Trần Văn An", None)]):
        person_create(
            actor=admin,
            data={
                "full_name": name,
                "birth_date": dt.date(1985, 4, 15),
                "sex": "nu" if i == 0 else "nam",
                "ethnicity": "01",
                "cccd": cccd,
                "unit": Unit.objects.get(code="KH.STC"),
                "staff_category": "cong_chuc",
            },
        )
    client = Client()
    client.force_login(admin)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_never_answers_5xx_and_keeps_its_schema(case: Any, session: dict[str, str]) -> None:
    case.call_and_validate(app=WSGIHandler(), headers={"X-CSRFToken": CSRF}, cookies=session, checks=CHECKS)
