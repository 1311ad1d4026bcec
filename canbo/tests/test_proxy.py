"""Behind the reverse proxy: the login lockout and the audit trail see the real client (core.net),
and a forged X-Forwarded-For from anyone else changes nothing."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings

from canbo.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
PASSWORD = "mat-khau-thu-1"


def fail_five_times(client: Client, username: str) -> None:
    statuses = [
        client.post("/dang-nhap/", {"username": username, "password": "sai"}).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks


def login(client: Client, username: str) -> int:
    return client.post("/dang-nhap/", {"username": username, "password": PASSWORD}).status_code


def change_password(client: Client) -> None:
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Cay-bang-la-do-2026",
            "new_password2": "Cay-bang-la-do-2026",
        },
    )
    assert response.status_code == 302


def test_axes_asks_core_for_the_client_address() -> None:
    assert settings.AXES_CLIENT_IP_CALLABLE == "canbo.core.net.client_ip"
    assert settings.CANBO_TRUSTED_PROXIES == []  # nobody trusted unless the environment says so


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(make_user) -> None:
    make_user(username="quantri")
    # An attacker rotating the header is still one address: locked after five failures...
    for n in range(5):
        Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").post(
            "/dang-nhap/", {"username": "quantri", "password": "sai"}
        )
    assert login(Client(HTTP_X_FORWARDED_FOR="203.0.113.99"), "quantri") == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    # ...and the audit trail records the connection's address, not the header.
    make_user(username="canbo1")
    client = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert login(client, "canbo1") == 302
    change_password(client)
    assert AuditEntry.objects.get(action="accounts.user.password_change").ip_address == "192.0.2.10"


@override_settings(CANBO_TRUSTED_PROXIES=[PROXY])
def test_behind_a_trusted_proxy_two_clients_are_locked_separately(make_user) -> None:
    make_user(username="quantri")
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    fail_five_times(attacker, "quantri")
    assert login(attacker, "quantri") == 429
    # The administrator, behind the same proxy from another address, is not locked out.
    admin = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert login(admin, "quantri") == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


@override_settings(CANBO_TRUSTED_PROXIES=[PROXY])
def test_behind_a_trusted_proxy_the_audit_records_the_real_client(make_user) -> None:
    make_user(username="canbo1")
    # The client forged its own X-Forwarded-For; the proxy appended what it saw.
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert login(client, "canbo1") == 302
    change_password(client)
    assert AuditEntry.objects.get(action="accounts.user.password_change").ip_address == "198.51.100.7"


@override_settings(CANBO_TRUSTED_PROXIES=[PROXY])
def test_a_spoofed_header_from_an_untrusted_address_is_ignored(make_user) -> None:
    make_user(username="quantri")
    make_user(username="canbo1")
    for n in range(5):
        Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").post(
            "/dang-nhap/", {"username": "quantri", "password": "sai"}
        )
    assert login(Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.7"), "quantri") == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.50"}
    client = Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert login(client, "canbo1") == 302
    change_password(client)
    assert AuditEntry.objects.get(action="accounts.user.password_change").ip_address == "192.0.2.50"
