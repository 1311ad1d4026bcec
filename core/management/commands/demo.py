"""canbo demo load — the built-in organisation and the demo users (idempotent)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.choices import Role
from accounts.services import role_grant, user_ensure
from accounts.system import SYSTEM
from org.models import Unit

DEMO_PASSWORD = "canbo-demo-2025"
DEMO_USERS = [
    # username, full name, role, unit code
    ("quantri", "Nguyễn Văn Quản", Role.ADMIN, None),
    ("noivu", "Trần Thị Nội", Role.HOME_AFFAIRS, "KH"),
    ("taichinh", "Lê Minh Tài", Role.FOCAL, "KH.STC"),
    ("lanhdao", "Phạm Quốc Lãnh", Role.LEADER, "KH"),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: cơ cấu tổ chức có sẵn và các tài khoản thử."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["load"])

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("org", "load", "builtin", stdout=self.stdout, stderr=self.stderr)
        for username, full_name, role, code in DEMO_USERS:
            user = user_ensure(
                actor=SYSTEM,
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                superuser=role == Role.ADMIN,
            )
            unit = Unit.objects.get(code=code) if code else None
            role_grant(actor=SYSTEM, user=user, role=role, unit=unit)
        self.stdout.write(f"Tài khoản trình diễn (mật khẩu: {DEMO_PASSWORD}):")
        for username, _, role, code in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role.label}{' — ' + code if code else ''}")
