"""canbo mfa reset USERNAME — remove a user's two-factor device (the only administrator lost their
phone); audited as the system. At the next login the user sets up a new device."""

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.services import mfa_reset
from canbo.accounts.system import SYSTEM


class Command(BaseCommand):
    help = "Xác thực hai lớp: đặt lại (xóa thiết bị) của một tài khoản khi mất điện thoại."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["reset"])
        parser.add_argument("username", help="tên đăng nhập")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['username']}”.")
        count = mfa_reset(actor=SYSTEM, user=user)
        self.stdout.write(
            f"Đã đặt lại xác thực hai lớp của {user.get_username()} ({count} thiết bị); "
            "lần đăng nhập tới sẽ đăng ký thiết bị mới."
        )
